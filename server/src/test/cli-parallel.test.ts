/**
 * The CLI on worker threads: the same files give byte-for-byte the same output, stderr and exit code
 * as on the main thread, whatever the batching; small runs stay on the main thread.
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine } from '../engine';
import { generateInstallerSource, generatePlainSource } from '../bench/generate';
import { main, type CliDependencies } from '../cli/cli';
import { analyzeFiles, type FileJob } from '../cli/lint';
import { AnalysisThreadPool, analysisWork, chooseThreadCount, DEFAULT_THREAD_POLICY, workReaches } from '../cli/parallel';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const FIXTURES = path.join(REPO_ROOT, 'test', 'cli-fixtures');

interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function runCli(argv: string[], dependencies: CliDependencies, cwd: string): Promise<CliOutcome> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: (t: string) => void (stdout += t), stderr: (t: string) => void (stderr += t), cwd };
  const code = await main(argv, io, dependencies);
  return { code, stdout, stderr };
}

/** Threads for any run, however small, so a test tree exercises them. */
const ALWAYS_THREADS: CliDependencies = { createAnalyzer: () => Engine.create(), threads: { available: 2, minWorkBytes: 0 } };
const MAIN_THREAD_ONLY: CliDependencies = { createAnalyzer: () => Engine.create() };

let root: string;

/**
 * Generated installers and plain files, the CLI fixtures (findings, configs, the INF cross-check) and
 * files that take the odd paths: binary, invalid UTF-8, UTF-16 INF, empty.
 */
function writeMixedTree(): string {
  const folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'fil-cli-parallel-')));
  fs.cpSync(FIXTURES, path.join(folder, 'fixtures'), { recursive: true });
  fs.mkdirSync(path.join(folder, 'generated'));
  fs.mkdirSync(path.join(folder, 'odd'));
  for (let i = 0; i < 12; i++) {
    const generated = i % 3 === 0 ? generatePlainSource(60 + i * 10, i + 1) : generateInstallerSource(150 + i * 40, i + 1);
    fs.writeFileSync(path.join(folder, 'generated', `file${String(i).padStart(2, '0')}.${i % 4 === 3 ? 'cpp' : 'c'}`), generated.text);
  }
  fs.writeFileSync(path.join(folder, 'odd', 'binary.c'), Buffer.from([0x44, 0x49, 0x5f, 0x00, 0x01, 0x02]));
  fs.writeFileSync(path.join(folder, 'odd', 'invalid-utf8.c'), Buffer.concat([Buffer.from('/* \xff */\n', 'latin1'), fs.readFileSync(path.join(FIXTURES, 'basic', 'installer', 'coinstaller.c'))]));
  const inf = fs.readFileSync(path.join(FIXTURES, 'cross-check', 'pkg', 'sample.inf'), 'utf8');
  fs.writeFileSync(path.join(folder, 'odd', 'utf16.inf'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(inf, 'utf16le')]));
  fs.writeFileSync(path.join(folder, 'odd', 'empty.h'), '');
  return folder;
}

before(() => {
  root = writeMixedTree();
});

after(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe('worker threads give the same output as the main thread', () => {
  for (const format of ['text', 'json', 'sarif']) {
    test(`--format ${format}: same stdout, stderr and exit code`, async () => {
      const serial = await runCli(['--format', format, '.'], MAIN_THREAD_ONLY, root);
      const parallel = await runCli(['--format', format, '.'], ALWAYS_THREADS, root);
      assert.notEqual(serial.stdout, '');
      assert.deepEqual(parallel, serial);
    });
  }

  test('the run really had findings, skips and cross-checked INF files to compare', async () => {
    const serial = await runCli(['--format', 'json', '.'], MAIN_THREAD_ONLY, root);
    const findings = JSON.parse(serial.stdout) as Array<{ file: string; ruleId: string }>;
    assert.ok(findings.some((f) => f.file.endsWith('.c')));
    assert.ok(findings.some((f) => f.file.endsWith('.inf')));
    assert.match(serial.stderr, /binary\.c: skipped/);
  });

  test('--jobs 1 keeps the run on the main thread; --jobs 2 uses threads and needs no main-thread engine', async () => {
    const noMainEngine: CliDependencies = {
      createAnalyzer: () => Promise.reject(new Error('the main thread must not create an engine')),
      threads: { available: 2, minWorkBytes: 0 },
    };
    const threaded = await runCli(['--jobs', '2', '.'], noMainEngine, root);
    const serial = await runCli(['.'], MAIN_THREAD_ONLY, root);
    assert.deepEqual(threaded, serial);
    await assert.rejects(runCli(['--jobs', '1', '.'], noMainEngine, root), /must not create an engine/);
  });

  test('one file per batch and many batches in flight: reports come back in job order', async () => {
    const files = fs.readdirSync(path.join(root, 'generated')).map((name) => path.join(root, 'generated', name));
    const jobs: FileJob[] = [...files, path.join(root, 'does-not-exist.c'), ...files].map((p) => ({ path: p }));
    const pool = new AnalysisThreadPool(2, undefined, { maxFiles: 1, maxBytes: 1 });
    try {
      const threaded = await pool.analyze(jobs, {});
      const serial = await analyzeFiles(await Engine.create(), jobs, {});
      assert.deepEqual(threaded.map((r) => r.path), jobs.map((j) => j.path));
      assert.deepEqual(threaded, serial);
      assert.match(threaded[files.length].error ?? '', /cannot read/);
      // The pool serves a second pass (the INF files) with the same threads.
      assert.deepEqual(await pool.analyze(jobs.slice(0, 2), {}), serial.slice(0, 2));
    } finally {
      await pool.close();
    }
  });

  test('a job is completed just before its batch is sent, once, and the threads analyse the completed job', async () => {
    const files = fs.readdirSync(path.join(root, 'generated')).map((name) => path.join(root, 'generated', name));
    const placeholders: FileJob[] = files.map((_, i) => ({ path: `placeholder-${i}.c` }));
    const completed: number[] = [];
    const pool = new AnalysisThreadPool(2, undefined, { maxFiles: 2, maxBytes: 1 });
    try {
      const threaded = await pool.analyze(placeholders, {}, (job, i) => {
        assert.equal(job, placeholders[i]);
        completed.push(i);
        return { path: files[i] };
      });
      assert.deepEqual([...completed].sort((a, b) => a - b), files.map((_, i) => i));
      assert.deepEqual(threaded, await analyzeFiles(await Engine.create(), files.map((p) => ({ path: p })), {}));
    } finally {
      await pool.close();
    }
  });

  test('a job that cannot be completed after the first batches fails the pass, not the process', async () => {
    const files = fs.readdirSync(path.join(root, 'generated')).map((name) => path.join(root, 'generated', name));
    const pool = new AnalysisThreadPool(2, undefined, { maxFiles: 1, maxBytes: 1 });
    try {
      let completed = 0;
      const failing = (job: FileJob) => {
        // The first four go out at once; the fifth is completed when a thread answers.
        if (++completed === 5) throw new Error('no evidence for this one');
        return job;
      };
      await assert.rejects(pool.analyze(files.map((p) => ({ path: p })), {}, failing), /no evidence for this one/);
    } finally {
      await pool.close();
    }
  });
});

describe('how many threads a run gets', () => {
  const policy = { available: 4, minWorkBytes: 1000 };
  const work = (bytes: number) => () => bytes;

  test('small runs stay on the main thread', () => {
    assert.equal(chooseThreadCount(2, work(900), undefined, policy), 1);
    assert.equal(chooseThreadCount(1, work(5000), undefined, policy), 1);
    assert.equal(chooseThreadCount(0, work(0), undefined, policy), 1);
  });

  test('large runs get one thread per CPU, no more than files, no more than --jobs', () => {
    assert.equal(chooseThreadCount(5, work(25000), undefined, policy), 4);
    assert.equal(chooseThreadCount(2, work(10000), undefined, policy), 2);
    assert.equal(chooseThreadCount(3, work(15000), 2, policy), 2);
    assert.equal(chooseThreadCount(3, work(15000), 1, policy), 1);
  });

  test('the work is only estimated when threads are possible at all', () => {
    const never = () => assert.fail('estimated the work of a run that cannot use threads');
    assert.equal(chooseThreadCount(1, never, undefined, policy), 1);
    assert.equal(chooseThreadCount(10, never, 1, policy), 1);
  });

  test('whether a run is large enough to optimize the parser\'s wasm: the files are read only until it is known', () => {
    const sizes = new Map([['a.c', 300], ['b.c', 400], ['c.c', 500], ['d.c', 600]]);
    const read: string[] = [];
    const workOf = (file: string) => {
      read.push(file);
      return sizes.get(file)!;
    };
    assert.equal(workReaches([...sizes.keys()], workOf, 701), true);
    assert.deepEqual(read, ['a.c', 'b.c', 'c.c'], 'd.c is not read: the limit was reached before it');
    read.length = 0;
    assert.equal(workReaches([...sizes.keys()], workOf, 1801), false);
    assert.equal(read.length, 4);
    assert.equal(workReaches([], workOf, 1), false);
  });

  test('files the engine skips before parsing (no DI_FUNCTION) count as no work; INF files and installers by their size', () => {
    const generated = path.join(root, 'generated');
    const plain = path.join(generated, 'file00.c');
    const installer = path.join(generated, 'file01.c');
    const inf = path.join(root, 'odd', 'utf16.inf');
    assert.equal(analysisWork(plain, false, 1e9), 0);
    assert.equal(analysisWork(installer, false, 1e9), fs.statSync(installer).size);
    assert.equal(analysisWork(inf, true, 1e9), fs.statSync(inf).size);
    assert.equal(analysisWork(installer, false, 10), 0, 'a file over the size limit is skipped unread');
    assert.equal(analysisWork(path.join(root, 'missing.c'), false, 1e9), 0);
    const utf16 = path.join(root, 'odd', 'installer-utf16.c');
    fs.writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(fs.readFileSync(installer, 'utf8'), 'utf16le')]));
    try {
      assert.equal(analysisWork(utf16, false, 1e9), fs.statSync(utf16).size);
    } finally {
      fs.rmSync(utf16);
    }
  });

  test('--jobs takes a positive whole number', async () => {
    for (const value of ['0', '-1', '1.5', 'many', '']) {
      const out = await runCli(['--jobs', value, '.'], MAIN_THREAD_ONLY, root);
      assert.equal(out.code, 2, value);
      assert.match(out.stderr, /--jobs must be a positive whole number/);
    }
  });

  test('the default policy uses the machine\'s CPUs', () => {
    assert.equal(DEFAULT_THREAD_POLICY.available, os.availableParallelism());
  });
});
