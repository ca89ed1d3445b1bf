/**
 * The installer entry points of the workspace's C/C++ sources, which INF files are checked against
 * (and which go-to-definition jumps to), and the workspace as a project (engine/project/evidence.ts):
 * the INFs' registrations, the DLLs' build files and the calls passing DIF codes between files, which
 * decide which functions are entry points. Filled by one background scan of the workspace folders, then
 * kept current from the open documents' analyses and from file-watcher events.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import {
  decodeText,
  buildFileKind,
  fileEvidence,
  languageOf,
  mayContainInstaller,
  readBuildFile,
  registrationsInInf,
  type AnalysisResult,
  type DifCall,
  type DllBuildFile,
  type Engine,
  type EntryPointEvidence,
  type EntryPointSummary,
  type ProjectEvidence,
  type RegisteredEntryPoint,
} from '../engine';
import { describeError, type Log } from './log';
import { isInfFileName } from '../engine';
import { C_SOURCE_EXTENSIONS, pathToUri, uriToPath } from './uris';
import type { WorkspaceFunctions } from './workspaceFunctions';

/** Folders that hold no hand-written installer sources, and would make the scan slow. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn', '.vs', '.vscode-test', 'out', 'obj', 'bin']);
/** Enough for any driver tree; a workspace larger than this is indexed partially (and says so in the log). */
const MAX_SCANNED_FILES = 20_000;
const MAX_SCANNED_FILE_BYTES = 4 * 1024 * 1024;
const PROGRESS_STEP = 100;

/** What the analysis of a source file tells the index. */
type SourceFacts = Pick<AnalysisResult, 'entryPoints' | 'difCalls' | 'signatureCandidates'>;

export class EntryPointIndex {
  private readonly byUri = new Map<string, EntryPointSummary[]>();
  /** Documents open in the editor: their text, not the disk's, is the truth. */
  private readonly open = new Set<string>();
  private scanned = false;
  private readonly listeners: Array<() => void> = [];
  /** INF files seen by the scan and the watcher, for find-references. */
  private readonly infUris = new Set<string>();
  /** What each file adds to the project's evidence. */
  private readonly registrations = new Map<string, RegisteredEntryPoint[]>();
  private readonly buildFiles = new Map<string, DllBuildFile>();
  private readonly sourceFacts = new Map<string, { difCalls: DifCall[]; candidates: string[] }>();
  /** Built from the maps above when asked, until one of them changes. */
  private projectCache: ProjectEvidence | undefined;

  constructor(
    private readonly engine: Promise<Engine>,
    private readonly log: Log,
    /** Told every C/C++ file's text the scan reads (helpers in other files). */
    private readonly functions?: WorkspaceFunctions,
  ) {}

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
    let files = 0;
    let truncated = false;
    const engine = await this.engine;
    for (const folder of folderPaths) {
      for await (const file of walk(folder)) {
        if (isInfFile(file)) {
          this.infUris.add(pathToUri(file));
          await this.readProjectFile(file, pathToUri(file), false);
          continue;
        }
        if (buildFileKind(file)) {
          await this.readProjectFile(file, pathToUri(file), false);
          continue;
        }
        if (files >= MAX_SCANNED_FILES) {
          truncated = true;
          break;
        }
        files++;
        if (progress && files % PROGRESS_STEP === 0) progress(files);
        const uri = pathToUri(file);
        if (this.open.has(uri)) continue;
        await this.indexFile(engine, file, uri);
        // Let requests and notifications through between files.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    this.scanned = true;
    // The scan met the C/C++ files before all INFs and build files: index again, with the project's
    // evidence, the files it says something about (registered, exported or called functions).
    for (const [uri, facts] of this.sourceFacts) {
      if (this.open.has(uri) || !facts.candidates.length || !uri.startsWith('file:')) continue;
      const evidence = this.evidenceFor(uri)!;
      if (evidence.dll || Object.keys(evidence.registered).length || Object.keys(evidence.calledWithDif).length) await this.indexFile(engine, uriToPath(uri), uri);
    }
    const count = this.all()?.length ?? 0;
    this.log.info(
      `Indexed ${count} installer entry point(s) in ${files} C/C++ file(s) in ${Date.now() - started} ms` +
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
    await this.readProjectFile(uriToPath(uri), uri, deleted);
  }

  /** The file watcher reported a created, changed or deleted build file (.vcxproj, `sources`, .def). */
  async buildFileChanged(uri: string, deleted: boolean): Promise<void> {
    await this.readProjectFile(uriToPath(uri), uri, deleted);
  }

  /** The workspace as a project, or undefined until the first scan has finished. */
  project(): ProjectEvidence | undefined {
    if (!this.scanned) return undefined;
    this.projectCache ??= {
      registrations: [...this.registrations.values()].flat(),
      buildFiles: [...this.buildFiles.values()],
      sourceFiles: [...this.sourceFacts.keys()].filter((uri) => uri.startsWith('file:')).map(uriToPath),
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
    this.functions?.fileChanged(uriToPath(uri));
    if (deleted) {
      this.setSource(uri, undefined);
      return;
    }
    await this.indexFile(await this.engine, uriToPath(uri), uri);
  }

  private async indexFile(engine: Engine, file: string, uri: string): Promise<void> {
    try {
      const stat = await fs.stat(file);
      const noFacts: SourceFacts = { entryPoints: [], difCalls: [], signatureCandidates: [] };
      if (!stat.isFile() || stat.size > MAX_SCANNED_FILE_BYTES) return this.setSource(uri, noFacts);
      const text = decodeText(await fs.readFile(file)).text;
      this.functions?.textChanged(file, text);
      // Most C files hold no installer: skip them before any parsing.
      if (!mayContainInstaller(text)) return this.setSource(uri, noFacts);
      await engine.load(languageOf({ path: file, text }));
      // Read once from disk, not edited: keep nothing (and leave an open document's cache alone).
      const evidence = this.evidenceFor(uri);
      const result = engine.analyze({ path: file, text }, { transient: true, evidence });
      this.setSource(uri, result);
      result.parsed?.tree.delete();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return this.setSource(uri, undefined);
      this.log.warn(`Could not index ${file}: ${describeError(error)}`);
    }
  }

  /** An INF's registrations or a build file's DLL, read from disk (undefined: gone or unreadable). */
  private async readProjectFile(file: string, uri: string, deleted: boolean): Promise<void> {
    let text: string | undefined;
    if (!deleted) {
      try {
        const stat = await fs.stat(file);
        if (stat.isFile() && stat.size <= MAX_SCANNED_FILE_BYTES) text = decodeText(await fs.readFile(file)).text;
      } catch {
        // Gone or unreadable: it adds nothing.
      }
    }
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
      this.projectCache = undefined;
      if (this.scanned) this.emit();
    }
  }

  /** What a source file adds: its entry points, calls and signature functions (undefined: the file is gone). */
  private setSource(uri: string, result: SourceFacts | undefined): void {
    const beforeFacts = JSON.stringify(this.sourceFacts.get(uri) ?? null);
    const beforeEntryPoints = JSON.stringify(this.byUri.get(uri) ?? []);
    const facts = result && { difCalls: result.difCalls ?? [], candidates: result.signatureCandidates ?? [] };
    if (facts) this.sourceFacts.set(uri, facts);
    else this.sourceFacts.delete(uri);
    const entryPoints = result?.entryPoints ?? [];
    if (entryPoints.length) this.byUri.set(uri, entryPoints);
    else this.byUri.delete(uri);
    const factsChanged = beforeFacts !== JSON.stringify(facts ?? null);
    if (factsChanged) this.projectCache = undefined;
    if (this.scanned && (factsChanged || beforeEntryPoints !== JSON.stringify(entryPoints))) this.emit();
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
    entries = await fs.readdir(directory, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name) && !entry.name.startsWith('.')) yield* walk(full);
    } else if (entry.isFile() && (isCSource(entry.name) || isInfFile(entry.name) || buildFileKind(entry.name))) {
      yield full;
    }
  }
}
