/**
 * Every command the README shows is run: the CLI commands here (npx finish-install-lint -> the repo's
 * bin), `npm run` scripts must exist; npm ci / npm start / npm test are what .ci/run runs,
 * `code --install-extension` is what test:package does with VS Code's own server, and the CI and
 * MSBuild recipes (the pinned `npx --yes finish-install-lint@x.y.z`) and `npm install` are what
 * test:cli-package runs against the packed package (server/src/packaging/cliPackage.test.ts).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from './support/fixtures';
import { PINNED_NPX, readmeCommands, readmeMsBuildCommands } from './support/readme';

const packageJson = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string; scripts: Record<string, string> };
const scripts = packageJson.scripts;
const ciRun = fs.readFileSync(path.join(REPO_ROOT, '.ci', 'run'), 'utf8');

test('the README shows commands', () => {
  assert.ok(readmeCommands().length >= 8);
});

for (const command of readmeCommands()) {
  test(`README: ${command}`, () => {
    for (const part of command.split('&&').map((p) => p.trim())) {
      const pinned = PINNED_NPX.exec(part);
      if (pinned) {
        // The CI recipes: run against the packed and installed package by test:cli-package.
        assert.equal(pinned[1], packageJson.version, 'the recipes pin the current version');
        assert.match(scripts['test:cli-package'] ?? '', /packaging/);
      } else if (part.startsWith('npm install --save-dev finish-install-lint')) {
        assert.match(scripts['test:cli-package'] ?? '', /packaging/, 'test:cli-package installs the packed package');
      } else if (part.startsWith('npx finish-install-lint')) {
        // Run it as written, from a scratch folder for its output file, with the repo's own bin.
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-'));
        const shell = part.replace('npx finish-install-lint', `node ${JSON.stringify(path.join(REPO_ROOT, 'bin', 'finish-install-lint.js'))}`);
        const result = spawnSync('sh', ['-c', shell], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, TMPDIR: dir } });
        // 0: nothing at error severity, 1: errors found (the examples have some); 2 would be a usage error.
        assert.ok(result.status === 0 || result.status === 1 || (part.includes('|| test $? -eq 1') && result.status === 0), `${part}: exit ${result.status}\n${result.stderr}`);
        assert.equal(result.stderr.includes('usage'), false, result.stderr);
        fs.rmSync(path.join(REPO_ROOT, 'finish-install.sarif'), { force: true });
      } else if (part.startsWith('npm run ')) {
        const name = part.split(/\s+/)[2];
        assert.ok(scripts[name], `package.json has no script "${name}"`);
      } else if (['npm ci', 'npm start', 'npm test'].includes(part)) {
        assert.match(ciRun, new RegExp(`^${part}\\b`, 'm'), `.ci/run runs ${part}`);
      } else if (part.startsWith('code --install-extension')) {
        assert.match(scripts['test:package'] ?? '', /package/, 'test:package installs the .vsix into VS Code');
      } else {
        assert.fail(`no test runs this README command: ${part}`);
      }
    }
  });
}

test('README: the MSBuild recipe runs the pinned current version', () => {
  const commands = readmeMsBuildCommands();
  assert.equal(commands.length, 1);
  assert.equal(PINNED_NPX.exec(commands[0])?.[1], packageJson.version);
});
