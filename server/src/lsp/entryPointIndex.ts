/**
 * The installer entry points of the workspace's C/C++ sources, which INF files are checked against
 * (and which go-to-definition jumps to), and the workspace as a project (engine/project/evidence.ts):
 * the INFs' registrations, the DLLs' build files and the calls passing DIF codes between files, which
 * decide which functions are entry points. Filled by one background scan of the workspace folders, then
 * kept current from the open documents' analyses and from file-watcher events.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  definedFunctionNames,
  explicitlyRegisteredNames,
  buildFileKind,
  fileEvidence,
  languageOf,
  mayContainInstaller,
  readBuildFile,
  registrationsInInf,
  type DifCall,
  type DllBuildFile,
  type Engine,
  type EntryPointEvidence,
  type EntryPointSummary,
  type ProjectEvidence,
  type RegisteredEntryPoint,
} from '../engine';
import { describeError, type Log } from './log';
import { readProjectFile, readProjectFileOrWhyNot } from '../shared/projectFiles';
import { isInfFileName } from '../engine';
import { C_SOURCE_EXTENSIONS, pathToUri, uriToPath } from './uris';
import { factsOf, ScanThread, type SourceFacts } from './scanThread';

/** Folders that hold no hand-written installer sources, and would make the scan slow. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn', '.vs', '.vscode-test', 'out', 'obj', 'bin']);
/** Enough for any driver tree; a workspace larger than this is indexed partially (and says so in the log). */
const MAX_SCANNED_FILES = 20_000;
const PROGRESS_STEP = 100;

const NO_FACTS: SourceFacts = { entryPoints: [], difCalls: [], signatureCandidates: [] };
/** A workspace with fewer C/C++ files is scanned on the main thread alone: a second one would cost more than it saves. */
const SECOND_THREAD_FROM = 200;

/** A source that may hold an installer, read by the scan, to analyse. */
interface Installer {
  file: string;
  uri: string;
  text: string;
}

export interface EntryPointIndexOptions {
  /** The scan analyses on a second thread too when the workspace has at least this many C/C++ files. */
  secondThreadFrom: number;
}

export class EntryPointIndex {
  private readonly byUri = new Map<string, EntryPointSummary[]>();
  /** Documents open in the editor: their text, not the disk's, is the truth. */
  private readonly open = new Set<string>();
  /** The scan has read every file: entry points are known (INF checks may use them). */
  private scanned = false;
  private threadFailureLogged = false;
  /** The scan has read the INFs and build files and listed the sources: the project may be asked. */
  private projectRead = false;
  private readonly listeners: Array<() => void> = [];
  /** INF files seen by the scan and the watcher, for find-references. */
  private readonly infUris = new Set<string>();
  /** What each file adds to the project's evidence. */
  private readonly registrations = new Map<string, RegisteredEntryPoint[]>();
  private readonly buildFiles = new Map<string, DllBuildFile>();
  private readonly sourceFacts = new Map<string, { difCalls: DifCall[]; candidates: string[] }>();
  /** Built from the maps above when asked, until one of them changes. */
  private projectCache: ProjectEvidence | undefined;
  /**
   * The part of projectCache that only INFs, build files and the set of sources change: kept while only
   * the sources' facts change, so the project's answers that depend on it alone stay cached (dllSources).
   */
  private layoutCache: Pick<ProjectEvidence, 'registrations' | 'buildFiles' | 'sourceFiles'> | undefined;

  constructor(
    private readonly engine: Promise<Engine>,
    private readonly log: Log,
    private readonly options: EntryPointIndexOptions = { secondThreadFrom: SECOND_THREAD_FROM },
  ) {}

  private startThread(): ScanThread | undefined {
    try {
      return new ScanThread();
    } catch (error) {
      this.log.warn(`The scan runs on one thread: its second thread could not start: ${describeError(error)}`);
    }
  }

  /** Every entry point known, or undefined until the first scan has finished (INF rules then skip the cross-check). */
  all(): EntryPointSummary[] | undefined {
    if (!this.scanned) return undefined;
    return [...this.byUri.values()].flat();
  }

  /** Entry points with their documents' URIs, for navigation. */
  entries(): Array<{ uri: string; entryPoint: EntryPointSummary }> {
    return [...this.byUri].flatMap(([uri, eps]) => eps.map((entryPoint) => ({ uri, entryPoint })));
  }

  onDidChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** `progress`: told the number of C/C++ files read so far, every PROGRESS_STEP files. */
  async scan(folderPaths: string[], progress?: (files: number) => void): Promise<void> {
    const started = Date.now();
    const engine = await this.engine;
    const found = { projectFiles: [] as string[], sources: [] as string[] };
    let truncated = false;
    for (const folder of folderPaths) {
      for await (const file of walk(folder)) {
        if (isInfFile(file) || buildFileKind(file)) found.projectFiles.push(file);
        else if (found.sources.length < MAX_SCANNED_FILES) found.sources.push(file);
        else truncated = true;
      }
    }
    // The project first (INFs, build files, which sources exist), so that each source is analysed once
    // with the evidence that decides its entry points; only its evidence from other sources (DIF codes
    // passed to its functions, a registered name defined elsewhere) can still change after it was read.
    for (const file of found.projectFiles) {
      const uri = pathToUri(file);
      if (isInfFile(file)) this.infUris.add(uri);
      await this.updateProjectFile(file, uri, false);
    }
    for (const file of found.sources) if (!this.sourceFacts.has(pathToUri(file))) this.sourceFacts.set(pathToUri(file), { difCalls: [], candidates: [] });
    this.forgetProject();
    this.projectRead = true;
    const thread = found.sources.length >= this.options.secondThreadFrom && os.availableParallelism() > 1 ? this.startThread() : undefined;
    let files = 0;
    let threadUsed = false;
    try {
      // Every source read first (which registered entry points they define is then known), then the installers analysed.
      const installers: Installer[] = [];
      for (const file of found.sources) {
        files++;
        if (progress && files % PROGRESS_STEP === 0) progress(files);
        const uri = pathToUri(file);
        if (this.open.has(uri)) continue;
        const text = this.readSource(file, uri);
        if (text !== undefined) installers.push({ file, uri, text });
        // Let requests and notifications through between files.
        await new Promise((resolve) => setImmediate(resolve));
      }
      this.guessRegisteredDefinitions(installers);
      const evidenceUsed = new Map<string, string>();
      threadUsed = await this.analyzeAll(engine, installers, thread, evidenceUsed);
      // Analysed before all others were: analyse again those whose evidence the others changed.
      const again = installers.filter(({ uri }) => evidenceUsed.has(uri) && !this.open.has(uri) && JSON.stringify(this.evidenceFor(uri)) !== evidenceUsed.get(uri));
      await this.analyzeAll(engine, again, thread, evidenceUsed);
    } finally {
      await thread?.close();
    }
    this.scanned = true;
    const count = this.all()?.length ?? 0;
    this.log.info(
      `Indexed ${count} installer entry point(s) in ${files} C/C++ file(s) in ${Date.now() - started} ms` +
        (threadUsed ? ' on two threads' : '') +
        (truncated ? ` (stopped after ${MAX_SCANNED_FILES} files; INF checks may miss entry points)` : '') +
        '.',
    );
    this.emit();
  }

  /** The workspace's INF files (as far as the scan and the watcher have seen them). */
  infFiles(): string[] {
    return [...this.infUris];
  }

  /** The file watcher reported a created, changed or deleted INF file. */
  async infFileChanged(uri: string, deleted: boolean): Promise<void> {
    if (deleted) this.infUris.delete(uri);
    else this.infUris.add(uri);
    await this.updateProjectFile(uriToPath(uri), uri, deleted);
  }

  /** The file watcher reported a created, changed or deleted build file (.vcxproj, `sources`, .def). */
  async buildFileChanged(uri: string, deleted: boolean): Promise<void> {
    await this.updateProjectFile(uriToPath(uri), uri, deleted);
  }

  /** The workspace as a project, or undefined until the first scan has finished. */
  project(): ProjectEvidence | undefined {
    if (!this.projectRead) return undefined;
    this.layoutCache ??= {
      registrations: [...this.registrations.values()].flat(),
      buildFiles: [...this.buildFiles.values()],
      sourceFiles: [...this.sourceFacts.keys()].filter((uri) => uri.startsWith('file:')).map(uriToPath),
    };
    this.projectCache ??= {
      ...this.layoutCache,
      difCalls: [...this.sourceFacts.values()].flatMap((f) => f.difCalls),
      signatureFunctions: Object.fromEntries([...this.sourceFacts].filter(([uri, f]) => f.candidates.length && uri.startsWith('file:')).map(([uri, f]) => [uriToPath(uri), f.candidates])),
    };
    return this.projectCache;
  }

  /**
   * What the project says about a C/C++ file's functions (undefined before the scan: the signature
   * decides). Only calls to the file's own functions with an entry point's signature count, so the
   * evidence, and with it the file's analysis, stays the same when unrelated files change.
   */
  evidenceFor(uri: string): EntryPointEvidence | undefined {
    const project = this.project();
    if (!project) return undefined;
    return fileEvidence(project, uriToPath(uri), this.sourceFacts.get(uri)?.candidates ?? []);
  }

  /** An open document was analysed. */
  updateFromDocument(uri: string, result: SourceFacts): void {
    this.open.add(uri);
    this.setSource(uri, result);
  }

  /** An open document was closed: the file on disk is the truth again. */
  async documentClosed(uri: string): Promise<void> {
    this.open.delete(uri);
    if (!uri.startsWith('file:')) {
      this.setSource(uri, undefined);
      return;
    }
    await this.fileChanged(uri);
  }

  /** The file watcher reported a created, changed or deleted C/C++ file. */
  async fileChanged(uri: string, deleted = false): Promise<void> {
    if (this.open.has(uri)) return;
    if (deleted) {
      this.setSource(uri, undefined);
      return;
    }
    await this.indexFile(await this.engine, uriToPath(uri), uri);
  }

  /**
   * Before any installer is analysed, which of them define an entry point the INFs register by name,
   * guessed from the names they define: whether another source of a DLL defines its registered entry
   * point decides the roles of the DLL's other functions (evidence.ts), and a file analysed before the
   * one that defines it would be analysed twice. Each analysis replaces the guess with the truth.
   */
  private guessRegisteredDefinitions(installers: readonly Installer[]): void {
    const registered = explicitlyRegisteredNames(this.project()!);
    if (!registered.size) return;
    for (const { uri, text } of installers) {
      const guess = [...new Set(definedFunctionNames(text))].filter((name) => registered.has(name));
      if (guess.length) this.sourceFacts.set(uri, { difCalls: [], candidates: guess });
    }
    this.projectCache = undefined;
  }

  /**
   * Analyses the installers, on the second thread whenever it has room and here otherwise; records the
   * evidence each was analysed with (JSON). Returns whether the thread took any.
   */
  private async analyzeAll(engine: Engine, installers: readonly Installer[], thread: ScanThread | undefined, evidenceUsed: Map<string, string>): Promise<boolean> {
    const onThread: Array<Promise<void>> = [];
    for (const { file, uri, text } of installers) {
      if (this.open.has(uri)) continue;
      const used = (evidence: string | undefined) => void (evidence && evidenceUsed.set(uri, evidence));
      if (thread?.hasRoom()) onThread.push(this.analyzeOnThread(thread, engine, file, uri, text).then(used));
      else used(await this.analyzeHere(engine, file, uri, text));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(onThread);
    return onThread.length > 0 && !this.threadFailureLogged;
  }

  private async indexFile(engine: Engine, file: string, uri: string): Promise<string | undefined> {
    const text = this.readSource(file, uri);
    return text === undefined ? undefined : this.analyzeHere(engine, file, uri, text);
  }

  /**
   * Reads a source. Returns the text when the file may hold an installer (it needs an analysis); otherwise
   * its facts are set here.
   */
  private readSource(file: string, uri: string): string | undefined {
    // Read synchronously: a source is small, and a read on the thread pool costs the scan a turn of the
    // event loop per file (a second in all on a driver tree) while saving nothing.
    const read = readProjectFileOrWhyNot(file);
    if ('missing' in read) return void this.setSource(uri, undefined);
    if ('error' in read) return void this.log.warn(`Could not index ${file}: ${describeError(read.error)}`);
    // Most C files hold no installer: skip them (and files that are no source) before any parsing.
    if ('unusable' in read || !mayContainInstaller(read.text)) return void this.setSource(uri, NO_FACTS);
    return read.text;
  }

  /** Analyses a source on this thread; returns the evidence its entry points were decided with (JSON). */
  private async analyzeHere(engine: Engine, file: string, uri: string, text: string): Promise<string | undefined> {
    try {
      await engine.load(languageOf({ path: file, text }));
      const evidence = this.evidenceFor(uri);
      this.setSource(uri, factsOf(engine, { path: file, text }, evidence));
      return JSON.stringify(evidence);
    } catch (error) {
      this.log.warn(`Could not index ${file}: ${describeError(error)}`);
    }
  }

  /** Analyses a source on the scan's second thread, or here if that thread fails. */
  private async analyzeOnThread(thread: ScanThread, engine: Engine, file: string, uri: string, text: string): Promise<string | undefined> {
    const evidence = this.evidenceFor(uri);
    try {
      const facts = await thread.analyze(file, text, evidence);
      // Opened in the editor meanwhile: its text, not the disk's, is the truth.
      if (this.open.has(uri)) return undefined;
      this.setSource(uri, facts);
      return JSON.stringify(evidence);
    } catch (error) {
      if (!this.threadFailureLogged) this.log.warn(`The scan's second thread failed; its files are indexed on the main thread: ${describeError(error)}`);
      this.threadFailureLogged = true;
      return this.open.has(uri) ? undefined : this.analyzeHere(engine, file, uri, text);
    }
  }

  /** An INF's registrations or a build file's DLL, read from disk (undefined: gone or unreadable). */
  private async updateProjectFile(file: string, uri: string, deleted: boolean): Promise<void> {
    // Gone or unreadable: it adds nothing.
    const text = deleted ? undefined : readProjectFile(file);
    const before = JSON.stringify(isInfFile(file) ? this.registrations.get(uri) : this.buildFiles.get(uri));
    if (isInfFile(file)) {
      const registrations = text === undefined ? [] : registrationsInInf(file, text);
      if (registrations.length) this.registrations.set(uri, registrations);
      else this.registrations.delete(uri);
    } else {
      const built = text === undefined ? undefined : readBuildFile(file, text);
      if (built) this.buildFiles.set(uri, built);
      else this.buildFiles.delete(uri);
    }
    const after = JSON.stringify(isInfFile(file) ? this.registrations.get(uri) : this.buildFiles.get(uri));
    if (before !== after) {
      this.forgetProject();
      if (this.scanned) this.emit();
    }
  }

  /** What a source file adds: its entry points, calls and signature functions (undefined: the file is gone). */
  private setSource(uri: string, result: SourceFacts | undefined): void {
    const known = this.sourceFacts.has(uri);
    const beforeFacts = JSON.stringify(this.sourceFacts.get(uri) ?? null);
    const beforeEntryPoints = JSON.stringify(this.byUri.get(uri) ?? []);
    const facts = result && { difCalls: result.difCalls ?? [], candidates: result.signatureCandidates ?? [] };
    if (facts) this.sourceFacts.set(uri, facts);
    else this.sourceFacts.delete(uri);
    const entryPoints = result?.entryPoints ?? [];
    if (entryPoints.length) this.byUri.set(uri, entryPoints);
    else this.byUri.delete(uri);
    const factsChanged = beforeFacts !== JSON.stringify(facts ?? null);
    if (known !== this.sourceFacts.has(uri)) this.forgetProject();
    else if (factsChanged) this.projectCache = undefined;
    if (this.scanned && (factsChanged || beforeEntryPoints !== JSON.stringify(entryPoints))) this.emit();
  }

  private forgetProject(): void {
    this.layoutCache = undefined;
    this.projectCache = undefined;
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

export function isCSource(uriOrPath: string): boolean {
  return C_SOURCE_EXTENSIONS.includes(path.extname(uriOrPath).toLowerCase());
}

export function isInfFile(uriOrPath: string): boolean {
  return isInfFileName(uriOrPath);
}

async function* walk(directory: string): AsyncGenerator<string> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.promises.readdir(directory, { withFileTypes: true });
  } catch {
    return;
  }
  // In name order: the same workspace is scanned the same way on every machine.
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name) && !entry.name.startsWith('.')) yield* walk(full);
    } else if (entry.isFile() && (isCSource(entry.name) || isInfFile(entry.name) || buildFileKind(entry.name))) {
      yield full;
    }
  }
}
