/**
 * Files to engine results. analyzeFiles takes a list and needs nothing but plain data and an Engine,
 * so the worker threads (parallel.ts, one Engine each) run it unchanged on slices of the list.
 */
import * as fs from 'node:fs';
import {
  DEFAULT_MAX_FILE_SIZE_KB,
  decodeText,
  definitionsIn,
  explicitlyRegisteredNames,
  fileEvidence,
  helperGroupOf,
  languageOf,
  lookupInDefinitions,
  mergeConfigs,
  mayContainInstaller,
  readBuildFile,
  registrationsInInf,
  type DifCall,
  type DllBuildFile,
  type Engine,
  type EntryPointEvidence,
  type EntryPointSummary,
  type Finding,
  type HelperDefinitions,
  type IncludeResolver,
  type LintConfig,
  type ProjectEvidence,
  type TextEncoding,
} from '../engine';
import type { FileAnalysis } from './parallel';
import { createIncludeResolver } from '../shared/includes';
import { readProjectFile } from '../shared/projectFiles';
import { describeIoError } from './files';

/** The engine methods the CLI uses; tests substitute a fake to control findings. */
export type FileAnalyzer = Pick<Engine, 'analyze' | 'load'>;

export interface FileJob {
  path: string;
  config?: LintConfig;
  /** For INF files: entry points of the run's C/C++ files; undefined when the run has none. */
  entryPoints?: EntryPointSummary[];
  /** For INF files: the run as a project (ties registered DLLs to their sources). */
  project?: ProjectEvidence;
  /** For C/C++ files: what the run says about the roles of the file's functions. */
  evidence?: EntryPointEvidence;
  /**
   * For C/C++ files: the group of sources of the file's DLL (else folder), whose helpers calls are
   * followed into, and the functions they define, sent with the first of its jobs a thread gets (the
   * thread keeps them for the run); absent when the file is the group's only source.
   */
  helperGroup?: { id: number; definitions?: HelperDefinitions };
}

export interface AnalysisSettings {
  maxFileSizeKB?: number;
  /** Macros pinned on the command line (-D), over each file's config. */
  defines?: Record<string, string>;
  /** Where `#include "..."` may find project headers: the run's root (see shared/includes.ts). */
  includeRoot?: string;
}

/** One header reader per root and thread: each header is read once per run. */
const includeResolvers = new Map<string, IncludeResolver>();

function includeResolverFor(root: string): IncludeResolver {
  let resolver = includeResolvers.get(root);
  if (!resolver) includeResolvers.set(root, (resolver = createIncludeResolver(() => [root]).resolve));
  return resolver;
}

export interface FileReport {
  path: string;
  findings: Finding[];
  entryPoints: EntryPointSummary[];
  /** Calls that pass a DIF code on to another function, and the functions with an entry point's signature (C/C++ files). */
  difCalls?: DifCall[];
  signatureCandidates?: string[];
  /** Why the engine did not analyse the file (binary, too large). */
  skipped?: string;
  /** Rules that threw on this file; their findings are missing. */
  ruleFailures: Array<{ ruleId: string; message: string }>;
  /** The file could not be read, or the engine itself failed on it. */
  error?: string;
  /** Set when bytes that are invalid in this encoding were replaced by U+FFFD before analysis. */
  invalidBytesIn?: TextEncoding;
}

export function isInfFile(filePath: string): boolean {
  return languageOf({ path: filePath, text: '' }) === 'inf';
}

export async function analyzeFiles(analyzer: FileAnalyzer, jobs: readonly FileJob[], settings: AnalysisSettings): Promise<FileReport[]> {
  // Before the first await: a thread's next batch may start while this one waits, and need a group sent here.
  for (const job of jobs) if (job.helperGroup?.definitions) groupDefinitions.set(job.helperGroup.id, job.helperGroup.definitions);
  const reports: FileReport[] = [];
  for (const job of jobs) reports.push(await analyzeFile(analyzer, job, settings));
  return reports;
}

async function analyzeFile(analyzer: FileAnalyzer, job: FileJob, settings: AnalysisSettings): Promise<FileReport> {
  const report: FileReport = { path: job.path, findings: [], entryPoints: [], ruleFailures: [] };
  const maxFileSizeKB = settings.maxFileSizeKB ?? DEFAULT_MAX_FILE_SIZE_KB;
  let bytes: Buffer;
  try {
    // Kind and size first: a FIFO would block the read forever and a link to /dev/zero never end it.
    const stat = fs.statSync(job.path);
    if (!stat.isFile()) {
      report.skipped = `it is not a regular file (${specialFileKind(stat)})`;
      return report;
    }
    // Every encoding we decode takes at most 4 bytes per UTF-16 unit, so a file this large is over the
    // engine's limit for sure; not reading it keeps a stray multi-GB file from exhausting memory.
    if (stat.size > maxFileSizeKB * 1024 * 4) {
      report.skipped = `it is larger than ${maxFileSizeKB} KB`;
      return report;
    }
    bytes = fs.readFileSync(job.path);
  } catch (err) {
    report.error = `cannot read: ${describeIoError(err)}`;
    return report;
  }
  const decoded = decodeText(bytes);
  if (decoded.hadInvalidBytes) report.invalidBytesIn = decoded.encoding;
  try {
    const doc = { path: job.path, text: decoded.text };
    // A grammar is compiled when the first file that needs it comes (most trees are all C or all C++).
    if (mayContainInstaller(doc.text)) await analyzer.load(languageOf(doc));
    // Each file is analysed once: `transient` keeps nothing for a next keystroke (it would only fill the
    // heap), and the result's tree, ours then, is freed now rather than when the GC finalises it
    // (500 installers: peak RSS 310 -> 130 MB).
    const config = settings.defines ? mergeConfigs(job.config, { rules: {}, defines: settings.defines }) : job.config;
    const includes = settings.includeRoot !== undefined ? includeResolverFor(settings.includeRoot) : undefined;
    const definitions = job.helperGroup && groupDefinitions.get(job.helperGroup.id);
    const helpers = definitions && lookupInDefinitions(definitions, job.path, helperText);
    // A helper may be in a file of the other dialect (C++ helpers of a C co-installer).
    if (definitions && mayContainInstaller(doc.text)) for (const source of definitions.files) if (source !== job.path) await analyzer.load(languageOf({ path: source, text: '' }));
    const result = analyzer.analyze(doc, { config, entryPoints: job.entryPoints, project: job.project, evidence: job.evidence, helpers, maxFileSizeKB, transient: true, includes });
    result.parsed?.tree.delete();
    report.entryPoints = result.entryPoints;
    if (result.difCalls?.length) report.difCalls = result.difCalls;
    if (result.signatureCandidates?.length) report.signatureCandidates = result.signatureCandidates;
    report.ruleFailures = result.ruleFailures.map((f) => ({ ruleId: f.ruleId, message: errorMessage(f.error) }));
    if (result.skipped) {
      // The CLI reports a skip on stderr (and as a SARIF notification), not as a finding that could change the exit code.
      report.skipped = result.skipped;
    } else {
      report.findings = result.findings;
    }
  } catch (err) {
    report.error = `analysis failed: ${errorMessage(err)}`;
  }
  return report;
}

/** The definitions of the groups this thread was sent, by id (FileJob.helperGroup). */
const groupDefinitions = new Map<number, HelperDefinitions>();

/** The texts of the files helpers were found in, read once per thread (the files do not change during a run). */
const helperTexts = new Map<string, string>();

function helperText(file: string): string | undefined {
  let text = helperTexts.get(file);
  if (text === undefined) {
    text = readProjectFile(file);
    if (text !== undefined) helperTexts.set(file, text);
  }
  return text;
}


function specialFileKind(stat: fs.Stats): string {
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'a folder or other special file';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The run as a project: the INFs' registrations and the build files that tie DLLs to their sources.
 * Read before the C/C++ analysis (INFs and build files are small); unreadable files simply add nothing
 * here (an unreadable INF is reported when it is linted).
 */
export function projectEvidence(infs: readonly string[], buildFiles: readonly string[], sources: readonly string[]): ProjectEvidence {
  // Without sources there are no roles to decide; an INF that never says "installer" registers none.
  const registrations = sources.length === 0 ? [] : infs.flatMap((inf) => {
    const text = readProjectFile(inf);
    return text === undefined || !/installer/i.test(text) ? [] : registrationsInInf(inf, text);
  });
  const dlls = buildFiles.map((file) => {
    const text = readProjectFile(file);
    return text === undefined ? undefined : readBuildFile(file, text);
  });
  return { registrations, buildFiles: dlls.filter((d): d is DllBuildFile => !!d), sourceFiles: [...sources], difCalls: [] };
}

/**
 * Analyses the run's C/C++ files with the project's evidence. What the files define and which calls pass a
 * DIF code from one file's function to another's are known only once every file is analysed: the files
 * whose evidence that changes (helpers called from elsewhere, functions of a DLL whose registered entry
 * point another file defines) are analysed again. The first pass guesses the second half from the
 * function names the files define (FirstPassJobs), so that few files are analysed twice; a file's report
 * always comes from an analysis with its final evidence.
 *
 * `mayHoldInstaller`: false for a file the engine certainly drops unparsed (analysisWork 0): it gets
 * neither evidence nor helpers, which only a parsed file reads.
 */
export async function analyzeSources(
  analysis: FileAnalysis,
  jobs: readonly FileJob[],
  project: ProjectEvidence,
  settings: AnalysisSettings,
  mayHoldInstaller: (file: string) => boolean = () => true,
): Promise<FileReport[]> {
  const sourceJobs = new SourceJobs(project, jobs.filter((job) => mayHoldInstaller(job.path)).map((job) => job.path));
  const firstJobs = [...jobs];
  project.signatureFunctions = sourceJobs.guess;
  const first = await analysis.analyze(jobs, settings, (job, i, thread) => (firstJobs[i] = sourceJobs.complete(job, thread)));
  project.signatureFunctions = undefined;
  // A file without candidates keeps the evidence of a project without analysed files (as with no guess).
  const withoutCandidates = firstJobs.map((job, i) => (job.evidence && !first[i].signatureCandidates?.length ? fileEvidence(project, job.path) : undefined));
  project.difCalls = first.flatMap((r) => r.difCalls ?? []);
  project.signatureFunctions = Object.fromEntries(first.filter((r) => r.signatureCandidates?.length).map((r) => [r.path, r.signatureCandidates!]));
  const again: FileJob[] = [];
  const positions: number[] = [];
  firstJobs.forEach((job, i) => {
    if (!job.evidence) return;
    const candidates = first[i].signatureCandidates ?? [];
    const evidence = candidates.length ? fileEvidence(project, job.path, candidates) : withoutCandidates[i]!;
    if (JSON.stringify(evidence) === JSON.stringify(job.evidence)) return;
    again.push({ ...job, evidence });
    positions.push(i);
  });
  const second = again.length ? await analysis.analyze(again, settings, (job, _, thread) => sourceJobs.withGroup(job, thread)) : [];
  const reports = [...first];
  positions.forEach((i, k) => (reports[i] = second[k]));
  return reports;
}

/**
 * The jobs of the files that may hold an installer, completed when their batch is sent (the main thread
 * reads and scans a group's files while the threads analyse earlier batches): the definitions of the
 * file's group, read once per run and sent once per thread, and for the first pass its evidence with
 * `guess` standing for the signatureFunctions the analysis will report. The guess reads what
 * registeredDefinedIn (evidence.ts) reads, the functions of the file's DLL that an INF names, from the
 * names its files define, which are at hand once the group is scanned (a DLL's sources are one group).
 */
class SourceJobs {
  readonly guess: Record<string, string[]> | undefined;
  private readonly named: ReadonlySet<string>;
  private readonly installerFiles: ReadonlySet<string>;
  private readonly groups = new Map<readonly string[], { id: number; definitions: HelperDefinitions; sentTo: Set<number> }>();

  constructor(
    private readonly project: ProjectEvidence,
    installerFiles: readonly string[],
  ) {
    this.installerFiles = new Set(installerFiles);
    this.named = explicitlyRegisteredNames(project);
    // Without a name an INF writes out, registeredDefinedIn is never asked.
    this.guess = this.named.size ? {} : undefined;
  }

  complete(job: FileJob, thread: number): FileJob {
    if (!this.installerFiles.has(job.path)) return job;
    return this.withGroup({ ...job, evidence: fileEvidence(this.project, job.path) }, thread);
  }

  withGroup(job: FileJob, thread: number): FileJob {
    const group = helperGroupOf(this.project, job.path);
    if (!group.some((other) => other !== job.path)) return job;
    const { id, definitions, sentTo } = this.scanned(group);
    if (sentTo.has(thread)) return { ...job, helperGroup: { id } };
    sentTo.add(thread);
    return { ...job, helperGroup: { id, definitions } };
  }

  private scanned(group: readonly string[]): { id: number; definitions: HelperDefinitions; sentTo: Set<number> } {
    let scanned = this.groups.get(group);
    if (!scanned) {
      // Read and scanned once per run, here: each file is in one group.
      const definitions = definitionsIn(group, (file) => readProjectFile(file));
      this.groups.set(group, (scanned = { id: this.groups.size, definitions, sentTo: new Set() }));
      for (const name of this.named) {
        const at = definitions.byName.get(name) ?? [];
        for (const k of typeof at === 'number' ? [at] : at) {
          const definer = definitions.files[k];
          if (this.installerFiles.has(definer)) (this.guess![definer] ??= []).push(name);
        }
      }
    }
    return scanned;
  }
}
