/**
 * The CLI as users run it (`node bin/finish-install-lint.js`, a fresh process each time) over generated
 * trees: one of installer files only, and a mixed one where nine files in ten hold no installer. The
 * floor is the bare tree-sitter parse of the same installer files on one thread; the in-process analysis
 * of them on one thread is what the CLI's threads can at best multiply.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Engine } from '../engine';
import { measureSideBySide } from './engineBench';
import { generateInstallerSource, generatePlainSource } from './generate';
import { megabytesPerSecond, ratioTo, round, summarize, type BenchRow } from './results';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const CLI_LAUNCHER = path.join(REPO_ROOT, 'bin', 'finish-install-lint.js');
const RSS_REPORTER = path.join(__dirname, 'rssReporter.js');


export interface GeneratedTree {
  root: string;
  files: number;
  lines: number;
  bytes: number;
  /** Files that hold an installer (the rest are plain C). */
  installers: string[];
}

/**
 * `files` C sources in folders of 50, sizes spread between `minLines` and `maxLines`; every
 * `installerEvery`-th file holds installers. The same arguments give the same tree.
 */
export function writeTree(root: string, files: number, installerEvery: number, minLines: number, maxLines: number): GeneratedTree {
  fs.rmSync(root, { recursive: true, force: true });
  const tree: GeneratedTree = { root, files, lines: 0, bytes: 0, installers: [] };
  for (let i = 0; i < files; i++) {
    const lines = minLines + ((i * 7919) % (maxLines - minLines + 1));
    const isInstaller = i % installerEvery === 0;
    const source = isInstaller ? generateInstallerSource(lines, i + 1) : generatePlainSource(lines, i + 1);
    const file = path.join(root, `component${String(Math.floor(i / 50)).padStart(2, '0')}`, `source${String(i).padStart(4, '0')}.c`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, source.text);
    tree.lines += source.lines;
    tree.bytes += Buffer.byteLength(source.text);
    if (isInstaller) tree.installers.push(file);
  }
  return tree;
}

export interface CliBenchOptions {
  workDir: string;
  /** Files in each tree (the issue: 500). */
  files: number;
  minLines: number;
  maxLines: number;
  /** Timed CLI runs of each variant (default threads, `--jobs 1`), interleaved. */
  repetitions: number;
}

export async function benchCli(engine: Engine, options: CliBenchOptions): Promise<BenchRow[]> {
  const installerTree = writeTree(path.join(options.workDir, 'installer-tree'), options.files, 1, options.minLines, options.maxLines);
  const mixedTree = writeTree(path.join(options.workDir, 'mixed-tree'), options.files, 10, options.minLines, options.maxLines);
  const cores = os.availableParallelism();

  const [floor, analysis] = benchTreeInProcess(engine, installerTree, Math.min(2, options.repetitions));
  const rows: BenchRow[] = [floor, analysis];
  for (const [tree, name] of [
    [installerTree, 'installer-tree'],
    [mixedTree, 'mixed-tree'],
  ] as const) {
    const what = name === 'installer-tree' ? `${tree.files} installer files` : `${tree.files} files, 1 in 10 an installer`;
    const [threaded, serial] = await benchCliVariants(
      tree,
      [
        { id: `cli.${name}`, label: `CLI ${what} (default threads)`, cliArguments: [] },
        { id: `cli.${name}.jobs1`, label: `CLI ${what} (--jobs 1)`, cliArguments: ['--jobs', '1'] },
      ],
      options.repetitions,
    );
    threaded.ratio = ratioTo(threaded, serial);
    if (name === 'installer-tree' && threaded.mbPerSecond !== undefined && analysis.mbPerSecond) {
      // What the threads can change: the analysis rate itself is the engine's.
      const efficiency = Math.round((100 * threaded.mbPerSecond) / (cores * analysis.mbPerSecond));
      threaded.note = `${threaded.note}; ${efficiency}% of ${cores} cores x ${analysis.id} (${analysis.mbPerSecond} MB/s)`;
    }
    rows.push(threaded, serial);
  }
  // The fixed cost every run pays (Node, modules, grammars, a cold engine, exit): what small runs feel.
  const oneFile = writeTree(path.join(options.workDir, 'one-file'), 1, 1, 200, 200);
  const [single] = await benchCliVariants(oneFile, [{ id: 'cli.one-file', label: 'CLI 1 installer file (200 lines)', cliArguments: [] }], options.repetitions);
  single.note = 'the fixed cost of a run: node start, modules, grammars, a cold engine, exit';
  rows.push(single);
  return rows;
}

/**
 * The floor and the single-thread analysis rate for the tree's installer files, in this process, warm:
 * bare parse of each file, and the engine's full analysis of each (forgotten afterwards, as the CLI does).
 */
function benchTreeInProcess(engine: Engine, tree: GeneratedTree, repetitions: number): [BenchRow, BenchRow] {
  const files = tree.installers.map((file) => ({ path: file, text: fs.readFileSync(file, 'utf8') }));
  const bytes = files.reduce((sum, file) => sum + Buffer.byteLength(file.text), 0);
  const lines = files.reduce((sum, file) => sum + file.text.split('\n').length, 0);
  const input = { files: files.length, lines, bytes };
  const [parse, analysis] = measureSideBySide(repetitions, [
    () => {
      for (const file of files) engine.parse(file.text, 'c').tree.delete();
    },
    () => {
      for (const file of files) {
        // As the CLI does: one analysis per file, nothing kept, the tree freed at once.
        engine.analyze(file, { transient: true }).parsed?.tree.delete();
      }
    },
  ]);
  const parseRow: BenchRow = {
    id: 'parse.installer-tree',
    section: 'parse',
    label: `parse ${files.length} installer files (1 thread)`,
    status: 'ok',
    input,
    ...parse,
    mbPerSecond: megabytesPerSecond(bytes, parse.time.medianMs),
  };
  const analyzeRow: BenchRow = {
    id: 'analyze.installer-tree',
    section: 'analyze',
    label: `analyze ${files.length} installer files (1 thread)`,
    status: 'ok',
    input,
    ...analysis,
    mbPerSecond: megabytesPerSecond(bytes, analysis.time.medianMs),
  };
  analyzeRow.ratio = ratioTo(analyzeRow, parseRow);
  return [parseRow, analyzeRow];
}

interface CliVariant {
  row: BenchRow;
  cliArguments: string[];
  samples: number[];
  cpuSamples: number[];
  peakRssKB: number;
}

/**
 * Runs the variants in turn, in alternating order (A B, B A, A B, ...), so that a machine whose load
 * changes during the benchmark slows them alike and their ratio stays fair.
 */
export async function benchCliVariants(tree: GeneratedTree, variants: Array<{ id: string; label: string; cliArguments: string[] }>, repetitions: number): Promise<BenchRow[]> {
  const input = { files: tree.files, lines: tree.lines, bytes: tree.bytes };
  const runs: CliVariant[] = variants.map((v) => ({
    row: { id: v.id, section: 'cli', label: v.label, status: 'ok', input },
    cliArguments: [...v.cliArguments, '--format', 'json', tree.root],
    samples: [],
    cpuSamples: [],
    peakRssKB: 0,
  }));
  try {
    for (let i = 0; i < repetitions; i++) {
      for (const variant of i % 2 === 0 ? runs : [...runs].reverse()) {
        const run = await runCli(variant.cliArguments);
        variant.samples.push(run.ms);
        variant.cpuSamples.push(run.cpuMs);
        variant.peakRssKB = Math.max(variant.peakRssKB, run.peakRssKB);
      }
    }
  } catch (error) {
    const note = error instanceof Error ? error.message : String(error);
    return runs.map(({ row }) => ({ ...row, status: 'failed', note }));
  }
  return runs.map(({ row, samples, cpuSamples, peakRssKB }) => {
    row.time = summarize(samples);
    row.mbPerSecond = megabytesPerSecond(tree.bytes, row.time.medianMs);
    row.peakRssMB = round(peakRssKB / 1024);
    row.cpuMs = summarize(cpuSamples).medianMs;
    row.note = 'wall time of the whole process: node start, file discovery, engine start, analysis, JSON output';
    return row;
  });
}

/** One CLI process; resolves with its wall time, CPU time and peak RSS, rejects unless it exits with 0 or 1. */
export function runCli(cliArguments: string[]): Promise<{ ms: number; cpuMs: number; peakRssKB: number; exitCode: number }> {
  const rssFile = path.join(os.tmpdir(), `fil-bench-rss-${process.pid}-${Date.now()}`);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--require', RSS_REPORTER, CLI_LAUNCHER, ...cliArguments], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, FIL_BENCH_RSS_FILE: rssFile },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const ms = performance.now() - started;
      let usage = { maxRssKB: 0, cpuMicroseconds: 0 };
      try {
        usage = JSON.parse(fs.readFileSync(rssFile, 'utf8')) as typeof usage;
        fs.rmSync(rssFile);
      } catch {
        // A process that wrote no figures failed; the exit code says so below.
      }
      if (code !== 0 && code !== 1) reject(new Error(`the CLI exited with ${signal ?? `code ${code}`}: ${stderr.trim().slice(-500)}`));
      else resolve({ ms, cpuMs: usage.cpuMicroseconds / 1000, peakRssKB: usage.maxRssKB, exitCode: code });
    });
  });
}
