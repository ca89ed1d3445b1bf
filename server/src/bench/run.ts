/**
 * `npm run bench` (node server/out/bench/run.js [--quick] [--out FILE] [--only SECTION,...]): every row
 * in one run on one machine, printed as a table and written to bench/results.json. --quick uses small
 * inputs and few repetitions (under a minute) so CI keeps the benchmark working; nothing here asserts a
 * timing. bench/README.md says what each row means.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine } from '../engine';
import { benchCli, writeTree } from './cliBench';
import { benchDriverTree } from './indexBench';
import { benchEngine } from './engineBench';
import { benchFlow } from './flowBench';
import { benchColdStart, benchLspEdits, benchServerMemory } from './lspBench';
import { checkTargets } from './targets';
import { BENCH_SECTIONS, checkResultsShape, machineInfo, RESULTS_SCHEMA_VERSION, round, type BenchResults, type BenchRow, type BenchSection } from './results';
import { formatTable } from './table';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const DEFAULT_RESULTS_FILE = path.join(REPO_ROOT, 'bench', 'results.json');

export interface BenchPlan {
  mode: 'full' | 'quick';
  engineSizes: number[];
  engineRepetitions: (lines: number) => number;
  lspSizes: number[];
  lspEdits: (lines: number) => number;
  cliFiles: number;
  cliMinLines: number;
  cliMaxLines: number;
  cliRepetitions: number;
  coldStartLines: number;
  coldStartRepetitions: number;
  /** Documents the server holds open at once for the memory row, and their size. */
  memoryDocuments: number;
  memoryLines: number;
  /** Files of the workspace the LSP edit rows index first (the issue: 500). */
  lspWorkspaceFiles: number;
  /** C files of the driver-sized tree for the index rows and its CLI row (the issue: about 2,400 files, 45 MB), and their sizes. */
  driverTreeFiles: number;
  driverTreeMinLines: number;
  driverTreeMaxLines: number;
  /** The generated installer the flow view's row opens. */
  flowLines: number;
  flowRepetitions: number;
  /** The language server the LSP rows spawn; default: the bundle the extension ships (dist/server.js). */
  serverScript?: string;
}

export const FULL_PLAN: BenchPlan = {
  mode: 'full',
  engineSizes: [1_000, 10_000, 100_000],
  engineRepetitions: (lines) => (lines >= 100_000 ? 5 : 20),
  lspSizes: [5_000, 100_000],
  lspEdits: (lines) => (lines >= 100_000 ? 10 : 40),
  cliFiles: 500,
  cliMinLines: 100,
  cliMaxLines: 600,
  cliRepetitions: 5,
  coldStartLines: 1_000,
  coldStartRepetitions: 5,
  memoryDocuments: 20,
  memoryLines: 10_000,
  lspWorkspaceFiles: 500,
  driverTreeFiles: 2_352,
  driverTreeMinLines: 800,
  driverTreeMaxLines: 1_600,
  flowLines: 10_000,
  flowRepetitions: 20,
};

export const QUICK_PLAN: BenchPlan = {
  mode: 'quick',
  engineSizes: [1_000, 5_000],
  engineRepetitions: () => 3,
  lspSizes: [2_000],
  lspEdits: () => 5,
  cliFiles: 40,
  cliMinLines: 100,
  cliMaxLines: 300,
  cliRepetitions: 1,
  coldStartLines: 1_000,
  coldStartRepetitions: 1,
  memoryDocuments: 3,
  memoryLines: 1_000,
  lspWorkspaceFiles: 50,
  driverTreeFiles: 100,
  driverTreeMinLines: 100,
  driverTreeMaxLines: 300,
  flowLines: 1_000,
  flowRepetitions: 3,
};

export async function runBench(plan: BenchPlan, sections: ReadonlySet<BenchSection>, log: (line: string) => void = () => {}): Promise<BenchResults> {
  const started = Date.now();
  const results: BenchResults = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    mode: plan.mode,
    startedAt: new Date(started).toISOString(),
    durationSeconds: 0,
    machine: machineInfo(),
    rows: [],
  };
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fil-bench-'));
  const wants = (...names: BenchSection[]) => names.some((name) => sections.has(name));
  try {
    const engine = await Engine.create();
    if (wants('parse', 'analyze', 'incremental')) {
      log(`engine: ${plan.engineSizes.join(', ')} lines`);
      // All three sections together: each row's ratio refers to another one.
      results.rows.push(...benchEngine(engine, { sizes: plan.engineSizes, repetitions: plan.engineRepetitions }));
    }
    if (wants('lsp')) {
      log(`language server: edits on ${plan.lspSizes.join(', ')} lines`);
      const tree = writeTree(path.join(workDir, 'lsp-workspace'), plan.lspWorkspaceFiles, 10, 100, 600);
      const workspace = { root: tree.root, folder: path.dirname(tree.installers[0]), files: tree.files };
      results.rows.push(...(await benchLspEdits({ sizes: plan.lspSizes, edits: plan.lspEdits, workDir, serverScript: plan.serverScript, workspace })));
      log(`language server: ${plan.memoryDocuments} open documents of ${plan.memoryLines} lines`);
      results.rows.push(await benchServerMemory({ documents: plan.memoryDocuments, lines: plan.memoryLines, workDir, serverScript: plan.serverScript }));
    }
    if (wants('cli')) {
      log(`CLI: trees of ${plan.cliFiles} files`);
      const options = { workDir, files: plan.cliFiles, minLines: plan.cliMinLines, maxLines: plan.cliMaxLines, repetitions: plan.cliRepetitions };
      results.rows.push(...(await benchCli(engine, options)));
    }
    if (wants('index')) {
      log(`project index and CLI: a driver-sized tree of ${plan.driverTreeFiles} C files`);
      const options = { workDir, files: plan.driverTreeFiles, minLines: plan.driverTreeMinLines, maxLines: plan.driverTreeMaxLines, repetitions: Math.min(3, plan.cliRepetitions), serverScript: plan.serverScript };
      results.rows.push(...(await benchDriverTree(options)));
    }
    if (wants('cold-start')) {
      log('cold start');
      results.rows.push(...(await benchColdStart({ lines: plan.coldStartLines, repetitions: plan.coldStartRepetitions, workDir, serverScript: plan.serverScript })));
    }
    if (wants('flow')) {
      log(`flow view: ${plan.flowLines} lines`);
      results.rows.push(benchFlow(engine, { lines: plan.flowLines, repetitions: plan.flowRepetitions }));
    }
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  checkTargets(results.rows, results.machine.cpus);
  results.machine.loadAverageEnd = round(os.loadavg()[0], 2);
  results.durationSeconds = round((Date.now() - started) / 1000);
  return results;
}

function parseArguments(argv: readonly string[]): { plan: BenchPlan; out: string; sections: Set<BenchSection> } | string {
  let plan = FULL_PLAN;
  let out = DEFAULT_RESULTS_FILE;
  let sections = new Set<BenchSection>(BENCH_SECTIONS);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') plan = QUICK_PLAN;
    else if (arg === '--out' && i + 1 < argv.length) out = path.resolve(argv[++i]);
    else if (arg === '--only' && i + 1 < argv.length) {
      const names = argv[++i].split(',');
      const unknown = names.filter((name) => !BENCH_SECTIONS.includes(name as BenchSection));
      if (unknown.length) return `unknown section ${unknown.join(', ')} (sections: ${BENCH_SECTIONS.join(', ')})`;
      sections = new Set(names as BenchSection[]);
    } else return `unknown argument ${arg}\nusage: node server/out/bench/run.js [--quick] [--out FILE] [--only ${BENCH_SECTIONS.join(',')}]`;
  }
  return { plan, out, sections };
}

async function main(): Promise<number> {
  const parsed = parseArguments(process.argv.slice(2));
  if (typeof parsed === 'string') {
    process.stderr.write(`bench: ${parsed}\n`);
    return 2;
  }
  const results = await runBench(parsed.plan, parsed.sections, (line) => process.stderr.write(`bench: ${line}\n`));
  const problems = checkResultsShape(results);
  if (problems.length) throw new Error(`the results are malformed: ${problems.join('; ')}`);
  process.stdout.write(formatTable(results));
  fs.mkdirSync(path.dirname(parsed.out), { recursive: true });
  fs.writeFileSync(parsed.out, JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(`\nwritten to ${path.relative(process.cwd(), parsed.out) || parsed.out}\n`);
  return results.rows.some((row: BenchRow) => row.status === 'failed') ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => (process.exitCode = code),
    (error) => {
      process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
