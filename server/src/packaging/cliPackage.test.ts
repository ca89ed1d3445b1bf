/**
 * The command-line tool as users get it: packages/cli packed with `npm pack` (its prepack compiles and
 * bundles), installed from the tarball into an empty project with no network, and run there with `npx`
 * on a copy of examples/, and with `npm exec` from a folder outside any project. It must print what the
 * in-repository CLI prints (findings, exit codes, SARIF) and nothing in the tarball may be missing or
 * extra. The README's CI and MSBuild recipes and the action's lint step run as written against it.
 * Run by `npm run test:cli-package` (part of `npm test`), not by the unit suite: it takes a few seconds.
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as sarif from 'sarif';
import { REPO_ROOT } from '../test/support/fixtures';
import { asMsBuild } from '../test/support/msbuild';
import { pinnedRecipeCommands, readmeMsBuildCommands } from '../test/support/readme';

const CLI_PACKAGE = path.join(REPO_ROOT, 'packages', 'cli');
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));
const extensionManifest = readJson(path.join(REPO_ROOT, 'package.json'));
const cliManifest = readJson(path.join(CLI_PACKAGE, 'package.json'));
const FORMATS = ['text', 'json', 'sarif', 'visualstudio'];

/** The tarball's whole content: the bundle, its worker-thread entry, the wasm, and npm's own files. */
const EXPECTED_FILES = [
  'LICENSE',
  'README.md',
  'dist/analysisWorker.js',
  'dist/finish-install-lint.js',
  'dist/grammars/tree-sitter-c.wasm',
  'dist/grammars/tree-sitter-cpp.wasm',
  'dist/grammars/web-tree-sitter.wasm',
  'package.json',
];
const MAX_TARBALL_BYTES = 1024 * 1024;

interface Packed {
  filename: string;
  size: number;
  unpackedSize: number;
  files: Array<{ path: string; size: number }>;
}

let work: string;
let tarball: string;
let packed: Packed;
/** An empty project with only the tarball installed, and a copy of examples/. */
let project: string;
/** npm with no network and a cache of its own, so nothing can come from the registry or the developer's cache. */
let npmEnv: NodeJS.ProcessEnv;

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = npmEnv): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 120_000 });
  if (result.error) throw result.error;
  return result;
}

const sh = (script: string, cwd: string, env?: NodeJS.ProcessEnv) => run('bash', ['-c', script], cwd, env);
const inRepository = (args: string[]) => run(process.execPath, [path.join(REPO_ROOT, 'bin', 'finish-install-lint.js'), ...args], REPO_ROOT);
const npx = (args: string[]) => run('npx', ['finish-install-lint', ...args], project);
/** The command npx runs (node_modules/.bin/finish-install-lint), without npm's start-up time. */
const installed = (args: string[]) => run(path.join(project, 'node_modules', '.bin', 'finish-install-lint'), args, project);

before(() => {
  work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'fil-cli-package-')));
  npmEnv = { ...process.env, npm_config_offline: 'true', npm_config_cache: path.join(work, 'npm-cache'), npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
  const pack = run('npm', ['pack', '--json', '--pack-destination', work], CLI_PACKAGE);
  assert.equal(pack.status, 0, `npm pack failed:\n${pack.stderr}`);
  // prepack's own output (the build's) comes first.
  [packed] = JSON.parse(pack.stdout.slice(pack.stdout.search(/^\[\s*\{/m))) as Packed[];
  tarball = path.join(work, packed.filename);

  project = path.join(work, 'project');
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'driver-repository', private: true }));
  const install = run('npm', ['install', tarball, '--offline', '--no-audit', '--no-fund'], project);
  assert.equal(install.status, 0, `npm install of the tarball failed:\n${install.stderr}`);
  fs.cpSync(path.join(REPO_ROOT, 'examples'), path.join(project, 'examples'), { recursive: true });
});

after(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** The parts of a SARIF log that name the machine it ran on: the root's absolute URI. */
function portableSarif(text: string): sarif.Log {
  const log = JSON.parse(text) as sarif.Log;
  for (const sarifRun of log.runs) delete sarifRun.originalUriBaseIds;
  return log;
}

describe('the npm package finish-install-lint', () => {
  test('the tarball holds the bundled CLI, the wasm, README, LICENSE and package.json; nothing else; under 1 MB', () => {
    assert.equal(packed.filename, `finish-install-lint-${extensionManifest.version}.tgz`);
    assert.deepEqual(packed.files.map((f) => f.path).sort(), EXPECTED_FILES);
    assert.ok(packed.size < MAX_TARBALL_BYTES, `${packed.size} bytes`);
    console.log(`${packed.filename}: ${packed.size} bytes packed, ${packed.unpackedSize} unpacked`);
    for (const file of packed.files) console.log(`  ${file.path} ${file.size}`);
  });

  test('its manifest: the extension\'s version, license and repository, a bin, no dependencies, not private', () => {
    assert.equal(cliManifest.name, 'finish-install-lint');
    assert.equal(cliManifest.version, extensionManifest.version);
    assert.equal(cliManifest.license, extensionManifest.license);
    assert.equal(cliManifest.repository.url, extensionManifest.repository.url);
    assert.equal(cliManifest.engines.node, extensionManifest.engines.node);
    assert.deepEqual(cliManifest.bin, { 'finish-install-lint': 'dist/finish-install-lint.js' });
    for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies', 'private']) assert.equal(cliManifest[field], undefined, field);
    const installedManifest = readJson(path.join(project, 'node_modules', 'finish-install-lint', 'package.json'));
    assert.equal(installedManifest.version, extensionManifest.version);
  });

  test('its README is the command-line part of the repository README, with absolute links', () => {
    const readme = fs.readFileSync(path.join(project, 'node_modules', 'finish-install-lint', 'README.md'), 'utf8');
    assert.match(readme, /^# finish-install-lint\n/);
    for (const heading of ['## Command line and CI', '### GitHub code scanning', '### Azure Pipelines', '### Visual Studio', '### Windows', '## Configuration and suppression']) {
      assert.ok(readme.includes(`\n${heading}\n`), heading);
    }
    assert.doesNotMatch(readme, /\]\((?![a-z]+:|#)/, 'a relative link');
  });

  test('npx finish-install-lint in the project prints what the in-repository CLI prints, in every format, with the same exit code', () => {
    for (const format of FORMATS) {
      const here = npx(['--format', format, 'examples']);
      const there = inRepository(['--format', format, 'examples']);
      assert.equal(here.status, 1, `${format}: ${here.stderr}`);
      assert.equal(here.status, there.status, format);
      assert.equal(here.stderr, there.stderr, format);
      if (format === 'sarif') assert.deepEqual(portableSarif(here.stdout), portableSarif(there.stdout));
      else if (format === 'visualstudio') assert.equal(here.stdout.split(project).join('<root>'), there.stdout.split(REPO_ROOT).join('<root>'));
      else assert.equal(here.stdout, there.stdout, format);
    }
    const sarifLog = JSON.parse(installed(['--format', 'sarif', 'examples']).stdout) as sarif.Log;
    assert.equal(installed(['examples']).stdout, inRepository(['examples']).stdout, 'node_modules/.bin, as the other tests run it');
    assert.equal(sarifLog.runs[0].tool.driver.version, extensionManifest.version);
    assert.ok((sarifLog.runs[0].results ?? []).length >= 5);
  });

  test('--version, and exit code 2 for a path that does not exist', () => {
    assert.equal(installed(['--version']).stdout, `${extensionManifest.version}\n`);
    const missing = installed(['no-such-folder']);
    assert.equal(missing.status, 2);
    assert.equal(missing.status, inRepository(['no-such-folder']).status);
    assert.match(missing.stderr, /no-such-folder: cannot read: no such file or folder/);
  });

  test('the analysis threads\' entry in the package answers like the main thread', () => {
    const file = path.join(project, 'examples', 'fabrikam-coinstaller', 'FabrikamCo.c');
    const worker = path.join(project, 'node_modules', 'finish-install-lint', 'dist', 'analysisWorker.js');
    const script = `const { Worker } = require('node:worker_threads');
      const worker = new Worker(${JSON.stringify(worker)});
      worker.on('message', (response) => { console.log(JSON.stringify(response)); worker.terminate(); });
      worker.postMessage({ batchId: 7, jobs: [{ path: ${JSON.stringify(file)} }], settings: {} });`;
    const answer = run(process.execPath, ['-e', script], project);
    assert.equal(answer.status, 0, answer.stderr);
    const response = JSON.parse(answer.stdout) as { batchId: number; reports: Array<{ findings: Array<{ ruleId: string }> }> };
    assert.equal(response.batchId, 7);
    const mainThread = JSON.parse(installed(['--format', 'json', file]).stdout) as Array<{ ruleId: string }>;
    assert.deepEqual(response.reports[0].findings.map((f) => f.ruleId), mainThread.map((f) => f.ruleId));
    assert.ok(mainThread.length >= 4);
  });

  test('npm exec --package <tarball> from a folder outside any project', () => {
    const outside = fs.mkdtempSync(path.join(work, 'outside-'));
    fs.cpSync(path.join(REPO_ROOT, 'examples'), path.join(outside, 'examples'), { recursive: true });
    for (let dir = outside; dir !== path.dirname(dir); dir = path.dirname(dir)) assert.ok(!fs.existsSync(path.join(dir, 'package.json')), `${dir} is a project`);
    const result = run('npm', ['exec', '--yes', '--package', tarball, '--', 'finish-install-lint', '--format', 'json', 'examples'], outside);
    assert.equal(result.status, 1, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), JSON.parse(inRepository(['--format', 'json', 'examples']).stdout));
  });
});

describe('the README\'s recipes and the action, as written, against the installed package', () => {
  /** A broken .finish-install.json in the examples makes the tool fail (exit code 2). */
  function withBrokenConfig(check: () => void): void {
    const config = path.join(project, 'examples', '.finish-install.json');
    const good = fs.readFileSync(config);
    fs.writeFileSync(config, '{ "rules": ');
    try {
      check();
    } finally {
      fs.writeFileSync(config, good);
    }
  }

  const recipes = pinnedRecipeCommands();

  test('the GitHub and Azure recipes pin this version', () => {
    assert.ok(recipes.length >= 2, 'a GitHub and an Azure Pipelines recipe');
    for (const { version } of recipes) assert.equal(version, extensionManifest.version);
  });

  for (const command of new Set(recipes.map((r) => r.command))) {
    test(`bash: ${command}`, () => {
      const sarifFile = path.join(project, 'finish-install.sarif');
      const withFindings = sh(command, project);
      assert.equal(withFindings.status, 0, `exit code 1 (errors found) passes the step:\n${withFindings.stderr}`);
      const log = portableSarif(fs.readFileSync(sarifFile, 'utf8'));
      assert.deepEqual(log, portableSarif(installed(['--format', 'sarif', '.']).stdout));
      const uris = (log.runs[0].results ?? []).map((r) => r.locations![0].physicalLocation!.artifactLocation!.uri!);
      assert.ok(uris.length >= 5 && uris.every((uri) => uri.startsWith('examples/')), uris.join());
      withBrokenConfig(() => {
        const failed = sh(command, project);
        assert.notEqual(failed.status, 0, 'exit code 2 fails the step');
        assert.match(failed.stderr, /\.finish-install\.json/);
      });
      fs.rmSync(sarifFile);
    });
  }

  test('the action: its version input defaults to this version, its lint step passes on findings and fails on a failure', () => {
    const action = fs.readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8');
    assert.equal(/^ {2}version:\n(?: {4}.*\n)*? {4}default: (\S+)$/m.exec(action)?.[1], extensionManifest.version);
    assert.match(action, /run: bash "\$GITHUB_ACTION_PATH\/action\/lint\.sh"/);
    const outputs = path.join(work, 'github-output');
    const env = { ...npmEnv, FIL_VERSION: extensionManifest.version, FIL_SARIF_FILE: 'lint.sarif', FIL_CONFIG: '', GITHUB_OUTPUT: outputs };
    const script = path.join(REPO_ROOT, 'action', 'lint.sh');

    fs.writeFileSync(outputs, '');
    const withFindings = run('bash', [script], project, env);
    assert.equal(withFindings.status, 0, withFindings.stderr);
    assert.equal(fs.readFileSync(outputs, 'utf8'), 'exit-code=1\n');
    assert.deepEqual(portableSarif(fs.readFileSync(path.join(project, 'lint.sarif'), 'utf8')), portableSarif(installed(['--format', 'sarif', '.']).stdout));

    fs.writeFileSync(outputs, '');
    const configured = run('bash', [script], project, { ...env, FIL_CONFIG: 'examples/.finish-install.json' });
    assert.equal(configured.status, 0, configured.stderr);
    assert.deepEqual(
      portableSarif(fs.readFileSync(path.join(project, 'lint.sarif'), 'utf8')),
      portableSarif(installed(['--format', 'sarif', '--config', 'examples/.finish-install.json', '.']).stdout),
    );

    withBrokenConfig(() => {
      fs.writeFileSync(outputs, '');
      const failed = run('bash', [script], project, env);
      assert.equal(failed.status, 2);
      assert.equal(fs.readFileSync(outputs, 'utf8'), 'exit-code=2\n');
      assert.match(failed.stdout, /^::error title=finish-install-lint::.*exit code 2/m);
    });
    fs.rmSync(path.join(project, 'lint.sarif'));
  });

  test('the MSBuild recipe\'s command prints lines MSBuild reads as the findings, at absolute paths', () => {
    const [command] = readmeMsBuildCommands();
    const projectDirectory = path.join(project, 'examples', 'fabrikam-coinstaller');
    const result = sh(command.replace('$(MSBuildProjectDirectory)', projectDirectory), project);
    assert.equal(result.status, 1, result.stderr);
    const expected = JSON.parse(installed(['--format', 'json', projectDirectory]).stdout) as Array<{ file: string; line: number; column: number; ruleId: string; severity: string }>;
    const read = result.stdout.trimEnd().split('\n').map(asMsBuild).filter((m) => m !== undefined);
    assert.deepEqual(
      read.map((m) => [m.file, m.line, m.column, m.category]),
      expected.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => [path.join(project, f.file), f.line, f.column, f.severity]),
    );
    assert.ok(read.some((m) => m.category === 'error' && m.code === 'FIL0009'));
  });
});
