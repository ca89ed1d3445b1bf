/**
 * Every command the README shows is run: the CLI commands here (npx finish-install-lint -> the repo's
 * bin), `npm run` scripts must exist; npm ci / npm start / npm test are what .ci/run runs, and
 * `code --install-extension` is what test:package does with VS Code's own server.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from './support/fixtures';

const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
const scripts = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const ciRun = fs.readFileSync(path.join(REPO_ROOT, '.ci', 'run'), 'utf8');

/** Shell command lines in the README's sh and yaml blocks (yaml: the `run:` value), comments dropped. */
function readmeCommands(): string[] {
  const out: string[] = [];
  for (const block of readme.matchAll(/```(sh|yaml)\n([\s\S]*?)```/g)) {
    for (let line of block[2].split('\n')) {
      if (block[1] === 'yaml') {
        const run = /^\s*-\s*run:\s*(.*)$/.exec(line);
        if (!run) continue;
        line = run[1];
      }
      const command = line.replace(/\s+#.*$/, '').trim();
      if (command) out.push(command);
    }
  }
  return out;
}

test('the README shows commands', () => {
  assert.ok(readmeCommands().length >= 8);
});

for (const command of readmeCommands()) {
  test(`README: ${command}`, () => {
    for (const part of command.split('&&').map((p) => p.trim())) {
      if (part.startsWith('npx finish-install-lint')) {
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
