/**
 * The `.finish-install.json` that applies to each document: the engine's ConfigResolver (the nearest
 * file up to the workspace folder, as in the CLI), re-read when the file watcher reports a change; its
 * problems published as diagnostics on the config file, at the entry they are about.
 */
import * as path from 'node:path';
import { DiagnosticSeverity, type Connection, type Diagnostic } from 'vscode-languageserver';
import { CONFIG_FILE_NAME, ConfigResolver, findConfigFile, isInside, TextLines, type ConfigFile, type LintConfig } from '../engine';
import { DIAGNOSTIC_SOURCE } from '#protocol';
import type { Log } from './log';
import { pathToUri, uriToPath } from './uris';

export class FolderConfigs {
  /** Workspace folder paths, longest first, so that a nested folder's files are resolved within it. */
  private folders: string[] = [];
  private readonly resolver = new ConfigResolver();
  /** What was last published per config file with problems (path to the diagnostics' JSON). */
  private readonly published = new Map<string, string>();

  constructor(
    private readonly connection: Connection,
    private readonly log: Log,
  ) {}

  /** Replaces the set of folders and reads each one's root config file. */
  async setFolders(folderUris: string[]): Promise<void> {
    this.folders = folderUris
      .filter((uri) => uri.startsWith('file:'))
      .map(uriToPath)
      .sort((a, b) => b.length - a.length);
    this.reload();
  }

  /** A watched config file was created, changed or deleted; true if it is in one of our folders. */
  async fileChanged(uri: string): Promise<boolean> {
    const changedPath = uriToPath(uri);
    if (path.basename(changedPath) !== CONFIG_FILE_NAME || !this.folderOf(changedPath)) return false;
    this.reload();
    return true;
  }

  /** The config that applies to the document (undefined: none, one with problems, or not a file). */
  configFor(documentUri: string): LintConfig | undefined {
    if (!documentUri.startsWith('file:')) return undefined;
    const documentPath = uriToPath(documentUri);
    const folder = this.folderOf(documentPath);
    if (!folder) return undefined;
    const file = this.resolver.fileFor(documentPath, folder);
    if (file) this.publish(file);
    return file?.config;
  }

  folderPaths(): string[] {
    return this.folders.slice();
  }

  /** Forgets every file read; reads the folders' root configs and those that had problems again. */
  private reload(): void {
    this.resolver.forget();
    const again = new Set(this.published.keys());
    for (const folder of this.folders) {
      const root = findConfigFile(folder, folder);
      if (root) this.publish(this.resolver.read(root, folder));
    }
    for (const configPath of again) {
      const folder = this.folderOf(configPath);
      const stillThere = findConfigFile(path.dirname(configPath), path.dirname(configPath)) === configPath;
      if (folder && stillThere) this.publish(this.resolver.read(configPath, folder));
      else this.clear(configPath);
    }
  }

  private folderOf(filePath: string): string | undefined {
    return this.folders.find((folder) => filePath !== folder && isInside(filePath, folder));
  }

  private publish(file: ConfigFile): void {
    const diagnostics = file.problems.map((p): Diagnostic => {
      const lines = file.text === undefined ? undefined : new TextLines(file.text);
      return {
        range: lines ? { start: lines.positionAt(p.offset), end: lines.positionAt(p.offset + p.length) } : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: DiagnosticSeverity.Warning,
        source: DIAGNOSTIC_SOURCE,
        message: `${CONFIG_FILE_NAME}${file.text === undefined ? ' not read' : ''}: ${p.message}`,
      };
    });
    const content = JSON.stringify(diagnostics);
    if ((this.published.get(file.path) ?? '[]') === content) return;
    if (diagnostics.length) {
      this.published.set(file.path, content);
      this.log.warn(`${file.path}: ${diagnostics.map((d) => d.message).join('; ')}`);
    } else this.published.delete(file.path);
    void this.connection.sendDiagnostics({ uri: pathToUri(file.path), diagnostics });
  }

  private clear(configPath: string): void {
    this.published.delete(configPath);
    void this.connection.sendDiagnostics({ uri: pathToUri(configPath), diagnostics: [] });
  }
}
