/**
 * finish-install-lint: wires files to the engine and prints what it finds. It holds no domain logic;
 * what counts as a problem is the engine's business. main() returns the exit code instead of exiting,
 * so tests call it directly.
 */
import { DEFAULT_MAX_FILE_SIZE_KB, Engine } from '../engine';
import { USAGE, parseArguments, type CliOptions, type OutputFormat } from './args';
import { assignConfigs } from './configs';
import { discoverFiles } from './files';
import { formatJson } from './formats/json';
import { formatSarif } from './formats/sarif';
import { formatText } from './formats/text';
import { formatVisualStudio } from './formats/visualStudio';
import { analyzeSources, isInfFile, projectEvidence, type AnalysisSettings, type FileAnalyzer, type FileReport } from './lint';
import { AnalysisThreadPool, BASELINE_WASM_BELOW_BYTES, DEFAULT_THREAD_POLICY, MainThreadAnalysis, analysisWork, chooseThreadCount, useBaselineWasmCompiler, workReaches, type FileAnalysis, type ThreadPolicy } from './parallel';
import { displayPath, escapeControlCharacters, invalidBytesNote, type LintRun } from './run';
import { TOOL_NAME, readToolInfo } from '../shared/toolInfo';

export const EXIT_OK = 0;
export const EXIT_ERRORS_FOUND = 1;
/** Usage, configuration and I/O errors, and an engine that failed on a file: the result cannot be trusted. */
export const EXIT_TOOL_FAILURE = 2;

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Folder relative PATH arguments are resolved against. */
  cwd: string;
}

export interface CliDependencies {
  createAnalyzer(): Promise<FileAnalyzer>;
  /**
   * Lets large runs use worker threads, each with its own real Engine. Absent: every file goes through
   * createAnalyzer's analyzer on the main thread (a fake analyzer cannot be sent to a thread).
   */
  threads?: ThreadPolicy;
  /** Runs with less work than this keep the parser's wasm unoptimized (see BASELINE_WASM_BELOW_BYTES). */
  baselineWasmBelowBytes?: number;
}

const REAL_ENGINE: CliDependencies = {
  createAnalyzer: () => Engine.create({ grammars: ['c'] }),
  threads: DEFAULT_THREAD_POLICY,
  baselineWasmBelowBytes: BASELINE_WASM_BELOW_BYTES,
};

const FORMATTERS: Record<OutputFormat, (run: LintRun) => string> = { text: formatText, json: formatJson, sarif: formatSarif, visualstudio: formatVisualStudio };

export async function main(argv: readonly string[], io: CliIo, dependencies: CliDependencies = REAL_ENGINE): Promise<number> {
  const parsed = parseArguments(argv);
  switch (parsed.kind) {
    case 'help':
      io.stdout(USAGE);
      return EXIT_OK;
    case 'version':
      io.stdout(`${readToolInfo().version}\n`);
      return EXIT_OK;
    case 'usage-error':
      io.stderr(`${TOOL_NAME}: ${parsed.message}\n\n${USAGE}`);
      return EXIT_TOOL_FAILURE;
    case 'run':
      return lint(parsed.options, io, dependencies);
  }
}

async function lint(options: CliOptions, io: CliIo, dependencies: CliDependencies): Promise<number> {
  const say = (line: string) => io.stderr(`${TOOL_NAME}: ${escapeControlCharacters(line)}\n`);

  const discovery = discoverFiles(options.paths, io.cwd, options.followSymlinks);
  discovery.notices.forEach(say);
  // An unreadable path costs the run its exit code (2), not the reports of every file that could be read.
  for (const unreadable of discovery.unreadable) say(`${displayPath(io, unreadable.path)}: ${unreadable.problem}`);
  if (discovery.files.length === 0 && discovery.unreadable.length === 0) say(`no C/C++ or INF files found in ${options.paths.join(', ')}`);
  const configs = assignConfigs(discovery.files, discovery.root, io.cwd, options.configFile);
  if (configs.problems.length) {
    configs.problems.forEach(say);
    return EXIT_TOOL_FAILURE;
  }

  const cpus = dependencies.threads?.available;
  if (options.jobs !== undefined && cpus !== undefined && options.jobs > cpus) {
    say(`--jobs ${options.jobs}: using at most ${cpus}, one thread per CPU (more only cost memory and time)`);
  }

  const settings: AnalysisSettings = { maxFileSizeKB: options.maxFileSizeKB, defines: options.defines, includeRoot: discovery.root };
  // Two passes: INF cross-checks need the entry points the C/C++ sources define.
  const sources = discovery.files.filter((f) => !isInfFile(f));
  const infs = discovery.files.filter(isInfFile);
  const workOf = analysisWorkOf(settings);
  const analysis = await startAnalysis(discovery.files, workOf, options.jobs, dependencies);
  let sourceReports: FileReport[];
  let infReports: FileReport[];
  try {
    // INF registrations and build files decide which functions are entry points (engine/model/roles.ts).
    const project = projectEvidence(infs, discovery.buildFiles, sources);
    const jobs = sources.map((path) => ({ path, config: configs.configOf.get(path) }));
    sourceReports = await analyzeSources(analysis, jobs, project, settings, (file) => workOf(file) > 0);
    const entryPoints = sources.length ? sourceReports.flatMap((r) => r.entryPoints) : undefined;
    infReports = await analysis.analyze(infs.map((path) => ({ path, config: configs.configOf.get(path), entryPoints, project })), settings);
  } finally {
    await analysis.close();
  }

  const run: LintRun = {
    root: discovery.root,
    cwd: io.cwd,
    reports: [...sourceReports, ...infReports].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    unreadable: discovery.unreadable,
    tool: readToolInfo(),
  };
  for (const report of run.reports) reportProblems(report, (line) => say(`${displayPath(run, report.path)}: ${line}`));
  io.stdout(FORMATTERS[options.format](run));

  if (run.unreadable.length || run.reports.some((r) => r.error)) return EXIT_TOOL_FAILURE;
  return run.reports.some((r) => r.findings.some((f) => f.severity === 'error')) ? EXIT_ERRORS_FOUND : EXIT_OK;
}

/** analysisWork of each file, read at most once. */
function analysisWorkOf(settings: AnalysisSettings): (file: string) => number {
  const maxBytes = (settings.maxFileSizeKB ?? DEFAULT_MAX_FILE_SIZE_KB) * 1024 * 4;
  const work = new Map<string, number>();
  return (file: string) => {
    let bytes = work.get(file);
    if (bytes === undefined) work.set(file, (bytes = analysisWork(file, isInfFile(file), maxBytes)));
    return bytes;
  };
}

async function startAnalysis(files: readonly string[], workOf: (file: string) => number, jobs: number | undefined, dependencies: CliDependencies): Promise<FileAnalysis> {
  const baselineBelow = dependencies.baselineWasmBelowBytes;
  if (baselineBelow !== undefined && !workReaches(files, workOf, baselineBelow)) useBaselineWasmCompiler();
  if (dependencies.threads && AnalysisThreadPool.isAvailable()) {
    // Read only until the threshold is reached: the threads load their engines while the main thread
    // reads the rest (the batches and the first pass need every file's work).
    const { minWorkBytes } = dependencies.threads;
    const threadCount = chooseThreadCount(files.length, () => (workReaches(files, workOf, minWorkBytes) ? minWorkBytes : 0), jobs, dependencies.threads);
    if (threadCount > 1) return new AnalysisThreadPool(threadCount, workOf);
  }
  return new MainThreadAnalysis(await dependencies.createAnalyzer());
}

function reportProblems(report: FileReport, say: (line: string) => void): void {
  if (report.error) say(report.error);
  if (report.skipped) say(`skipped: ${report.skipped}`);
  if (report.invalidBytesIn) say(invalidBytesNote(report.invalidBytesIn));
  for (const failure of report.ruleFailures) say(`rule ${failure.ruleId} failed (its findings for this file are missing): ${failure.message}`);
}
