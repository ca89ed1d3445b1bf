/**
 * The benchmark keeps working: every piece of `npm run bench -- --quick` runs on tiny inputs and the
 * results have the shape bench/results.json promises. Timings are never asserted.
 */
import { after, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine } from '../engine';
import { benchDocument, lineBreakInsertion, oneCharacterEdit } from '../bench/documents';
import { benchEngine } from '../bench/engineBench';
import { runCli } from '../bench/cliBench';
import { benchColdStart, benchLspEdits } from '../bench/lspBench';
import { BENCH_SECTIONS, checkResultsShape, summarize, type BenchResults, type BenchRow } from '../bench/results';
import { QUICK_PLAN, runBench, type BenchPlan } from '../bench/run';
import { formatTable } from '../bench/table';
import { checkTargets } from '../bench/targets';

const COMPILED_SERVER = path.resolve(__dirname, '..', 'lsp', 'server.js');

const TINY_PLAN: BenchPlan = {
  ...QUICK_PLAN,
  engineSizes: [200],
  engineRepetitions: () => 2,
  lspSizes: [300],
  lspEdits: () => 2,
  cliFiles: 6,
  cliMinLines: 40,
  cliMaxLines: 80,
  cliRepetitions: 1,
  coldStartLines: 200,
  coldStartRepetitions: 1,
  memoryDocuments: 2,
  memoryLines: 200,
  lspWorkspaceFiles: 4,
  driverTreeFiles: 6,
  driverTreeMinLines: 40,
  driverTreeMaxLines: 80,
  // The compiled server: unit tests do not build the bundle the bench itself measures.
  serverScript: COMPILED_SERVER,
};

const workDirs: string[] = [];
after(() => {
  for (const dir of workDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function workDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fil-bench-test-'));
  workDirs.push(dir);
  return dir;
}

function assertOk(rows: BenchRow[]): void {
  for (const row of rows) assert.equal(row.status, 'ok', `${row.id}: ${row.note}`);
}

describe('benchmark pieces on tiny inputs', () => {
  test('engine rows: parse, analyze (with its ratio to parse) and re-analyses (with their ratio to analyze)', async () => {
    const rows = benchEngine(await Engine.create(), { sizes: [200], repetitions: () => 2 });
    assert.deepEqual(rows.map((r) => r.id), ['parse.200', 'analyze.200', 'incremental.200', 'incremental-insert.200']);
    assertOk(rows);
    assert.equal(rows[1].ratio?.to, 'parse.200');
    assert.equal(rows[2].ratio?.to, 'analyze.200');
    assert.equal(rows[3].ratio?.to, 'analyze.200');
    for (const row of rows) assert.equal(row.time?.runs, 2);
  });

  test('the one-character edits change the findings, so the language server has something to publish', async () => {
    const engine = await Engine.create();
    const text = benchDocument(1000);
    const edited = oneCharacterEdit(text);
    assert.equal(edited.length, text.length);
    assert.equal([...text].filter((c, i) => c !== edited[i]).length, 1);
    const inserted = lineBreakInsertion(text);
    const at = [...text].findIndex((c, i) => c !== inserted[i]);
    assert.equal(inserted[at], '\n');
    assert.equal(inserted.slice(0, at) + inserted.slice(at + 1), text, 'one line break more');
    const findings = (path: string, source: string) => engine.analyze({ path, text: source }).findings.map((f) => `${f.ruleId}@${f.range.start.line} ${f.message}`);
    const before = findings('/a.c', text);
    assert.ok(before.length > 0, 'the document has findings to publish');
    assert.notDeepEqual(findings('/b.c', edited), before);
    // And back, through the engine's per-document state, as while typing.
    assert.deepEqual(findings('/b.c', text), before);
    assert.notDeepEqual(findings('/b.c', inserted), before);
    assert.deepEqual(findings('/b.c', text), before);
  });

  test('language server rows over real LSP: edits and cold start', async () => {
    const dir = workDir();
    const serverScript = COMPILED_SERVER;
    const edits = await benchLspEdits({ sizes: [300], edits: () => 3, workDir: dir, serverScript });
    const coldStart = await benchColdStart({ lines: 200, repetitions: 1, workDir: dir, serverScript });
    assertOk([...edits, ...coldStart]);
    assert.deepEqual(edits.map((r) => r.id), ['lsp.edit.300', 'lsp.edit-insert.300']);
    for (const row of edits) assert.equal(row.time?.runs, 3);
    assert.deepEqual(coldStart.map((r) => r.id), ['cold-start.initialize', 'cold-start.first-diagnostics']);
  });

  test('a server that is not built gives skipped rows that say so, not a crash', async () => {
    const missing = path.join(workDir(), 'no-server.js');
    const rows = [...(await benchLspEdits({ sizes: [300], edits: () => 1, workDir: workDir(), serverScript: missing })), ...(await benchColdStart({ lines: 200, repetitions: 1, workDir: workDir(), serverScript: missing }))];
    for (const row of rows) {
      assert.equal(row.status, 'skipped');
      assert.match(row.note ?? '', /not built/);
    }
  });
});

test("a CLI row's peak RSS is the CLI's own, not its parent's", async (t) => {
  if (!fs.existsSync('/proc/self/status')) return t.skip('no /proc here: the reporter falls back to getrusage');
  // Linux keeps getrusage's maxRSS across execve: a child of a large process reported the parent's size.
  const ballast = Buffer.alloc(300 * 1024 * 1024, 1);
  const parentRssMB = process.memoryUsage().rss / 1024 / 1024;
  const run = await runCli(['--version']);
  assert.equal(ballast[ballast.length - 1], 1);
  assert.ok(parentRssMB > 300, `the test process holds ${parentRssMB} MB`);
  assert.ok(run.peakRssKB > 10 * 1024 && run.peakRssKB < 150 * 1024, `the CLI's peak RSS: ${run.peakRssKB} KB`);
});

describe('a whole run and its results file', () => {
  let results: BenchResults;

  test('runBench with every section: well-formed results, every row measured', async () => {
    results = await runBench(TINY_PLAN, new Set(BENCH_SECTIONS));
    assert.deepEqual(checkResultsShape(JSON.parse(JSON.stringify(results))), []);
    assertOk(results.rows);
    assert.deepEqual(new Set(results.rows.map((r) => r.section)), new Set(BENCH_SECTIONS));
    const cli = results.rows.filter((r) => r.section === 'cli');
    assert.deepEqual(cli.map((r) => r.id), ['cli.installer-tree', 'cli.installer-tree.jobs1', 'cli.mixed-tree', 'cli.mixed-tree.jobs1', 'cli.one-file', 'cli.driver-tree']);
    for (const row of cli) {
      assert.ok(row.peakRssMB !== undefined && row.peakRssMB > 0, `${row.id} has a peak RSS`);
      assert.ok(row.mbPerSecond !== undefined && row.mbPerSecond > 0, `${row.id} has a throughput`);
    }
    const memory = results.rows.find((r) => r.id === 'lsp.memory.2x200');
    assert.ok(memory?.peakRssMB !== undefined && memory.peakRssMB > 20, `the server's peak RSS: ${memory?.peakRssMB}`);
    assert.equal(memory.input?.files, 2);
    // Every row the issue sets a goal for says whether this run met it.
    assert.deepEqual(results.rows.filter((r) => r.section === 'index').map((r) => r.id), ['index.driver-tree', 'index.one-file']);
    assert.match(results.rows.find((r) => r.id === 'lsp.edit.300')?.note ?? '', /with a 4-file workspace indexed/);
    for (const id of ['cli.driver-tree', 'index.driver-tree', 'index.one-file', 'cold-start.first-diagnostics']) {
      assert.equal(typeof results.rows.find((r) => r.id === id)?.target?.met, 'boolean', id);
    }
  });

  test('the table names every row and the machine', () => {
    const table = formatTable(results);
    for (const row of results.rows) assert.ok(table.includes(row.id), row.id);
    assert.match(table, /CPUs/);
    assert.match(table, /node v\d+/);
  });

  test('the shape check finds what is missing or inconsistent', () => {
    assert.notDeepEqual(checkResultsShape({}), []);
    const broken = JSON.parse(JSON.stringify(results)) as BenchResults;
    broken.rows.push({ ...broken.rows[0] });
    broken.rows[1].ratio = { to: 'no.such.row', value: 1 };
    broken.rows[2].status = 'failed';
    delete broken.rows[2].note;
    const problems = checkResultsShape(broken).join('\n');
    assert.match(problems, /repeated/);
    assert.match(problems, /names no row/);
    assert.match(problems, /says not why/);
  });

  test('targets: each goal is checked against its row, and a row without the figure gets none', () => {
    const row = (id: string, extra: Partial<BenchRow>): BenchRow => ({ id, section: 'lsp', label: id, status: 'ok', time: summarize([10]), ...extra });
    const rows = [
      row('analyze.10k', { ratio: { to: 'parse.10k', value: 2.5 } }),
      row('lsp.edit.5k', { time: summarize([14, 15, 16]) }),
      row('lsp.memory.20x10k', {}),
      row('parse.installer-tree', { mbPerSecond: 5 }),
      row('cli.installer-tree', { mbPerSecond: 8.1 }),
      row('cli.driver-tree', { mbPerSecond: 29 }),
      row('index.driver-tree', { time: summarize([4000]), peakRssMB: 210 }),
      row('index.one-file', { time: summarize([12]) }),
    ];
    checkTargets(rows, 2);
    const verdict = (id: string) => rows.find((r) => r.id === id)!.target;
    assert.deepEqual(verdict('analyze.10k'), { description: '<= 2x parse', met: false });
    assert.equal(verdict('lsp.edit.5k')?.met, true);
    assert.equal(verdict('lsp.memory.20x10k'), undefined, 'no peak RSS measured: no verdict');
    assert.equal(verdict('cli.installer-tree'), undefined, 'a figure, no longer a target');
    assert.equal(verdict('cli.driver-tree')?.met, false);
    assert.deepEqual(verdict('index.driver-tree'), { description: 'median <= 5 s, peak RSS <= 200 MB', met: false });
    assert.equal(verdict('index.one-file')?.met, true);
  });

  test('compare: this checkout against a checkout runs both engines side by side and prints the median difference', () => {
    const repoRoot = path.resolve(__dirname, '..', '..', '..');
    const script = path.resolve(__dirname, '..', 'bench', 'compare.js');
    const run = spawnSync(process.execPath, [script, repoRoot, '--seconds', '1'], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^model of the 10k-line installer, \d+ pairs$/m);
    assert.match(run.stdout, /B - A, median of the pairs: -?\d+\.\d+ ms \(-?\d+\.\d%\)/);
    const usage = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /usage: node server\/out\/bench\/compare\.js OTHER_CHECKOUT/);
  });

  test('summaries: median, p95, min and max', () => {
    assert.deepEqual(summarize([5, 1, 3, 2, 4]), { runs: 5, medianMs: 3, p95Ms: 5, minMs: 1, maxMs: 5 });
    assert.deepEqual(summarize([4, 2]), { runs: 2, medianMs: 3, p95Ms: 4, minMs: 2, maxMs: 4 });
  });
});
