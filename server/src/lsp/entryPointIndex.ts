/**
 * The installer entry points of the workspace's C/C++ sources, which INF files are checked against
 * (and which go-to-definition jumps to). Filled by one background scan of the workspace folders, then
 * kept current from the open documents' analyses and from file-watcher events.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { decodeText } from '../engine';
import { languageOf, mayContainInstaller, type Engine, type EntryPointSummary } from '../engine';
import { describeError, type Log } from './log';
import { isInfFileName } from '../engine';
import { C_SOURCE_EXTENSIONS, pathToUri, uriToPath } from './uris';

/** Folders that hold no hand-written installer sources, and would make the scan slow. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn', '.vs', '.vscode-test', 'out', 'obj', 'bin']);
/** Enough for any driver tree; a workspace larger than this is indexed partially (and says so in the log). */
const MAX_SCANNED_FILES = 20_000;
const MAX_SCANNED_FILE_BYTES = 4 * 1024 * 1024;

export class EntryPointIndex {
  private readonly byUri = new Map<string, EntryPointSummary[]>();
  /** Documents open in the editor: their text, not the disk's, is the truth. */
  private readonly open = new Set<string>();
  private scanned = false;
  private readonly listeners: Array<() => void> = [];
  /** INF files seen by the scan and the watcher, for find-references. */
  private readonly infUris = new Set<string>();

  constructor(
    private readonly engine: Promise<Engine>,
    private readonly log: Log,
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

  async scan(folderPaths: string[]): Promise<void> {
    const started = Date.now();
    let files = 0;
    let truncated = false;
    const engine = await this.engine;
    for (const folder of folderPaths) {
      for await (const file of walk(folder)) {
        if (isInfFile(file)) {
          this.infUris.add(pathToUri(file));
          continue;
        }
        if (files >= MAX_SCANNED_FILES) {
          truncated = true;
          break;
        }
        files++;
        const uri = pathToUri(file);
        if (this.open.has(uri)) continue;
        await this.indexFile(engine, file, uri);
        // Let requests and notifications through between files.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    this.scanned = true;
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

  /** The file watcher reported a created or deleted INF file. */
  infFileChanged(uri: string, deleted: boolean): void {
    if (deleted) this.infUris.delete(uri);
    else this.infUris.add(uri);
  }

  /** An open document was analysed. */
  updateFromDocument(uri: string, entryPoints: EntryPointSummary[]): void {
    this.open.add(uri);
    this.set(uri, entryPoints);
  }

  /** An open document was closed: the file on disk is the truth again. */
  async documentClosed(uri: string): Promise<void> {
    this.open.delete(uri);
    if (!uri.startsWith('file:')) {
      this.set(uri, []);
      return;
    }
    await this.fileChanged(uri);
  }

  /** The file watcher reported a created, changed or deleted C/C++ file. */
  async fileChanged(uri: string, deleted = false): Promise<void> {
    if (this.open.has(uri)) return;
    if (deleted) {
      this.set(uri, []);
      return;
    }
    await this.indexFile(await this.engine, uriToPath(uri), uri);
  }

  private async indexFile(engine: Engine, file: string, uri: string): Promise<void> {
    try {
      const stat = await fs.stat(file);
      if (!stat.isFile() || stat.size > MAX_SCANNED_FILE_BYTES) return this.set(uri, []);
      const text = decodeText(await fs.readFile(file)).text;
      // Most C files hold no installer: skip them before any parsing.
      if (!mayContainInstaller(text)) return this.set(uri, []);
      await engine.load(languageOf({ path: file, text }));
      // Read once from disk, not edited: keep nothing (and leave an open document's cache alone).
      const result = engine.analyze({ path: file, text }, { transient: true });
      this.set(uri, result.entryPoints);
      result.parsed?.tree.delete();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return this.set(uri, []);
      this.log.warn(`Could not index ${file}: ${describeError(error)}`);
    }
  }

  private set(uri: string, entryPoints: EntryPointSummary[]): void {
    const before = JSON.stringify(this.byUri.get(uri) ?? []);
    if (entryPoints.length) this.byUri.set(uri, entryPoints);
    else this.byUri.delete(uri);
    if (this.scanned && before !== JSON.stringify(entryPoints)) this.emit();
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
    } else if (entry.isFile() && (isCSource(entry.name) || isInfFile(entry.name))) {
      yield full;
    }
  }
}
