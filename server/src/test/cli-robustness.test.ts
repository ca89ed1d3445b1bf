/**
 * The CLI as a hostile user meets it (issue 20), in real processes on real file system objects: paths that
 * cannot be read, a report that cannot be written, FIFOs and links to devices, UTF-16 without a BOM, file
 * names with newlines, an absurd --jobs. Each test names the limit of docs/robustness.md it checks.
 */
import { after, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { JsonFinding } from '../cli/formats/json';
import { chooseThreadCount } from '../cli/parallel';
import { decodeText } from '../engine';
import { writeFiles } from './support/files';
import { parseValidSarifText } from './support/sarif';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const LAUNCHER = path.join(REPO_ROOT, 'bin', 'finish-install-lint.js');
const BASIC = path.join(REPO_ROOT, 'test', 'cli-fixtures', 'basic');
const COINSTALLER_C = fs.readFileSync(path.join(BASIC, 'installer', 'coinstaller.c'), 'utf8');
const SAMPLE_INF = fs.readFileSync(path.join(BASIC, 'package', 'sample.inf'), 'utf8');
const TEXT_FINDING_LINE = /^(.+):(\d+):(\d+): (error|warning|information|hint) (.+) \[([a-z0-9-]+)\]$/;
const IS_POSIX = process.platform !== 'win32';
const IS_ROOT = process.getuid?.() === 0;

interface ProcessOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The launcher in a child process; a hang ends as a failed test after `timeout`, not a stuck suite. */
function runProcess(args: string[], options: SpawnSyncOptions = {}): ProcessOutcome {
  const child = spawnSync(process.execPath, [LAUNCHER, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 30_000, maxBuffer: 64 * 1024 * 1024, ...options });
  if (child.error) throw child.error;
  assert.notEqual(child.signal, 'SIGTERM', `the CLI did not finish within the timeout\n${child.stderr}`);
  return { code: child.status, stdout: String(child.stdout ?? ''), stderr: String(child.stderr ?? '') };
}

function stderrLines(outcome: ProcessOutcome): string[] {
  return outcome.stderr.split('\n').filter((l) => l.trim() !== '');
}

const temporaryFolders: string[] = [];
after(() => {
  for (const folder of temporaryFolders) {
    fs.chmodSync(folder, 0o755);
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

/** A fresh folder holding `files` (path -> text or bytes), readable by everyone; returns its real path. */
function makeTree(files: Record<string, string | Uint8Array>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'fil-robust-')));
  fs.chmodSync(root, 0o755);
  temporaryFolders.push(root);
  writeFiles(root, files);
  return root;
}

describe('--jobs is bounded by the CPUs', () => {
  test('asking for more threads than CPUs starts one per CPU, and says so once', () => {
    const policy = { available: 2, minWorkBytes: 0 };
    assert.equal(chooseThreadCount(4000, () => 1e9, 10_000, policy), 2);
    assert.equal(chooseThreadCount(4000, () => 1e9, 64, policy), 2);
    assert.equal(chooseThreadCount(4000, () => 1e9, 1, policy), 1);

    const out = runProcess(['--jobs', '10000', BASIC]);
    assert.equal(out.code, 0, out.stderr);
    const notes = stderrLines(out).filter((l) => l.includes('--jobs'));
    assert.equal(notes.length, 1, out.stderr);
    assert.match(notes[0], new RegExp(`^finish-install-lint: --jobs 10000: using at most ${os.availableParallelism()}, one thread per CPU`));
    assert.match(out.stdout, /2 problems/);
  });
});

describe('one unreadable path does not throw the run away', () => {
  const missing = 'no-such-folder';

  test('a missing PATH: every other file is reported in every format, then exit 2', () => {
    const text = runProcess([BASIC, missing]);
    assert.equal(text.code, 2);
    assert.match(text.stdout, /coinstaller\.c:8:41: warning/);
    assert.match(text.stdout, /2 problems .* in 2 of 3 files/);
    assert.deepEqual(stderrLines(text), [`finish-install-lint: ${missing}: cannot read: no such file or folder`]);

    const json = runProcess(['--format', 'json', BASIC, missing]);
    assert.equal(json.code, 2);
    assert.equal((JSON.parse(json.stdout) as JsonFinding[]).length, 2);

    const sarifRun = runProcess(['--format', 'sarif', BASIC, missing]);
    assert.equal(sarifRun.code, 2);
    const [run] = parseValidSarifText(sarifRun.stdout).runs;
    assert.equal(run.results?.length, 2);
    const [invocation] = run.invocations ?? [];
    assert.equal(invocation.executionSuccessful, false);
    const notices = (invocation.toolExecutionNotifications ?? []).map((n) => [n.level, n.message.text, n.locations?.[0].physicalLocation?.artifactLocation?.uri]);
    // Outside the root of the paths that could be read (BASIC): an absolute URI.
    assert.deepEqual(notices, [['error', 'Cannot read: no such file or folder.', pathToFileURL(path.join(REPO_ROOT, missing)).href]]);
    assert.equal(run.originalUriBaseIds?.['%SRCROOT%']?.uri, pathToFileURL(BASIC).href + '/');
  });

  test('a folder that cannot be read inside the tree: the rest is reported, SARIF says where, exit 2', { skip: !IS_POSIX }, () => {
    const root = makeTree({ 'ok/coinstaller.c': COINSTALLER_C, 'locked/hidden.c': COINSTALLER_C });
    fs.chmodSync(path.join(root, 'locked'), 0o000);
    // root reads any folder: the CLI runs as nobody then.
    const asUser: SpawnSyncOptions = IS_ROOT ? { uid: 65534, gid: 65534 } : {};
    const out = runProcess(['--format', 'sarif', root], asUser);
    assert.equal(out.code, 2, out.stderr);
    assert.deepEqual(stderrLines(out), [`finish-install-lint: ${path.join(root, 'locked')}: cannot read the folder: permission denied`]);
    const [run] = parseValidSarifText(out.stdout).runs;
    assert.deepEqual(
      run.results?.map((r) => r.locations?.[0].physicalLocation?.artifactLocation?.uri),
      ['ok/coinstaller.c'],
    );
    const [invocation] = run.invocations ?? [];
    assert.equal(invocation.executionSuccessful, false);
    assert.deepEqual(
      invocation.toolExecutionNotifications?.map((n) => [n.message.text, n.locations?.[0].physicalLocation?.artifactLocation?.uri]),
      [['Cannot read the folder: permission denied.', 'locked']],
    );
  });
});

describe('writing the report', () => {
  const hasDevFull = fs.existsSync('/dev/full');

  for (const format of ['text', 'sarif']) {
    test(`a report that cannot be written (${format} to /dev/full): one line on stderr, exit 2`, { skip: !hasDevFull }, () => {
      const full = fs.openSync('/dev/full', 'w');
      try {
        const out = runProcess(['--format', format, BASIC], { stdio: ['ignore', full, 'pipe'] });
        assert.equal(out.code, 2);
        assert.deepEqual(stderrLines(out), ['finish-install-lint: cannot write the report: ENOSPC: no space left on device, write']);
      } finally {
        fs.closeSync(full);
      }
    });
  }

  test('a stderr that cannot be written never changes the exit code', { skip: !hasDevFull }, () => {
    const full = fs.openSync('/dev/full', 'w');
    try {
      const failing = makeTree({ 'strict/.finish-install.json': '{ "rules": { "unknown-rule-id": "error" } }', 'strict/coinstaller.c': COINSTALLER_C });
      // A note on stderr (the missing path) and exit 2; findings and exit 1; nothing to say and exit 0.
      assert.equal(runProcess([BASIC, 'no-such-folder'], { stdio: ['ignore', 'pipe', full] }).code, 2);
      assert.equal(runProcess(['--jobs', '10000', path.join(failing, 'strict')], { stdio: ['ignore', 'pipe', full] }).code, 1);
      assert.equal(runProcess(['--jobs', '10000', BASIC], { stdio: ['ignore', 'pipe', full] }).code, 0);
    } finally {
      fs.closeSync(full);
    }
  });
});

describe('special files given as PATH', () => {
  test('a FIFO is skipped without being opened (it would block forever)', { skip: !IS_POSIX }, () => {
    const root = makeTree({ 'ok.c': COINSTALLER_C });
    const fifo = path.join(root, 'pipe.c');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo');
    const out = runProcess(['--format', 'json', fifo, path.join(root, 'ok.c')], { timeout: 15_000 });
    assert.equal(out.code, 0, out.stderr);
    assert.deepEqual(stderrLines(out), [`finish-install-lint: ${fifo}: skipped: it is not a regular file (a FIFO)`]);
    const skipped = (JSON.parse(out.stdout) as JsonFinding[]).filter((f) => f.ruleId === 'file-skipped');
    assert.deepEqual(skipped.map((f) => f.message), ['Not analysed: it is not a regular file (a FIFO).']);
  });

  test('a symbolic link to a device (/dev/zero) is skipped without reading it', { skip: !fs.existsSync('/dev/zero') }, () => {
    const root = makeTree({});
    const link = path.join(root, 'zero.c');
    fs.symlinkSync('/dev/zero', link);
    const out = runProcess(['--follow-symlinks', link], { timeout: 15_000 });
    assert.equal(out.code, 0, out.stderr);
    assert.deepEqual(stderrLines(out), [`finish-install-lint: ${link}: skipped: it is not a regular file (a device)`]);
  });
});

describe('encodings and names', () => {
  test('UTF-16 LE without a BOM is detected from its NUL pattern and analysed', () => {
    const root = makeTree({ 'driver.inf': Buffer.from(SAMPLE_INF.replace(/\n/g, '\r\n'), 'utf16le'), 'be.inf': Buffer.from(SAMPLE_INF, 'utf16le').swap16() });
    const out = runProcess(['--format', 'json', root]);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stderr, '', 'not skipped as binary');
    const findings = JSON.parse(out.stdout) as JsonFinding[];
    assert.deepEqual(
      findings.map((f) => [path.basename(f.file), f.line, f.column, f.ruleId]),
      [
        ['be.inf', 5, 36, 'unknown-rule-id'],
        ['driver.inf', 5, 36, 'unknown-rule-id'],
      ],
    );
    // Binary data keeps its NUL bytes (and is skipped as binary by the engine).
    assert.equal(decodeText(Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00])).encoding, 'utf-8');
  });

  test('a file name with a newline stays on one line of text output and of stderr (escaped)', { skip: !IS_POSIX }, () => {
    const root = makeTree({ 'two\nlines.c': COINSTALLER_C, 'binary\r\n.c': Buffer.from([0x44, 0x49, 0x00, 0x01]) });
    const out = runProcess([root], { cwd: root });
    assert.equal(out.code, 0, out.stderr);
    assert.deepEqual(stderrLines(out), ['finish-install-lint: binary\\r\\n.c: skipped: it contains NUL bytes, so it is not a text file']);
    const lines = out.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2, out.stdout);
    const match = TEXT_FINDING_LINE.exec(lines[0]);
    assert.deepEqual(match && [match[1], match[2], match[6]], ['two\\nlines.c', '8', 'unknown-rule-id']);
  });

  test('a skipped file is a file-skipped record in --format json', () => {
    const binary = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64), Buffer.from('DI_FUNCTION')]);
    const root = makeTree({ 'blob.c': binary });
    const out = runProcess(['--format', 'json', root], { cwd: root });
    assert.equal(out.code, 0, out.stderr);
    assert.deepEqual(JSON.parse(out.stdout), [
      { file: 'blob.c', line: 1, column: 1, endLine: 1, endColumn: 1, ruleId: 'file-skipped', severity: 'information', message: 'Not analysed: it contains NUL bytes, so it is not a text file.' },
    ]);
  });

  test('invalid bytes replaced while decoding are reported once per file (stderr and SARIF)', () => {
    const bytes = Buffer.concat([Buffer.from('// caf'), Buffer.from([0xe9]), Buffer.from(' and '), Buffer.from([0xff, 0xfe, 0x28]), Buffer.from('\n'), Buffer.from(COINSTALLER_C)]);
    const root = makeTree({ 'latin1.c': bytes });
    const text = runProcess([root], { cwd: root });
    assert.equal(text.code, 0);
    assert.deepEqual(stderrLines(text), ['finish-install-lint: latin1.c: bytes that are not valid UTF-8 were replaced by U+FFFD before analysis']);
    const sarifRun = runProcess(['--format', 'sarif', root], { cwd: root });
    const [invocation] = parseValidSarifText(sarifRun.stdout).runs[0].invocations ?? [];
    assert.equal(invocation.executionSuccessful, true);
    assert.deepEqual(
      invocation.toolExecutionNotifications?.map((n) => [n.level, n.message.text]),
      [['note', 'Bytes that are not valid UTF-8 were replaced by U+FFFD before analysis.']],
    );
  });
});
