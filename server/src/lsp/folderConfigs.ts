/**
 * The `.finish-install.json` at each workspace folder's root: read at start, re-read when the file
 * watcher reports a change, its problems published as diagnostics on the file itself.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { DiagnosticSeverity, type Connection, type Diagnostic } from 'vscode-languageserver';
import { CONFIG_FILE_NAME, parseConfig, RULE_IDS, type LintConfig } from '../engine';
import { DIAGNOSTIC_SOURCE } from '../../../protocol/out/protocol';
import type { Log } from './log';
import { pathToUri, uriToPath } from './uris';

interface FolderConfig {
  folderPath: string;
  configUri: string;
  config: LintConfig | undefined;
  hadProblems: boolean;
}

export class FolderConfigs {
  private folders: FolderConfig[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly log: Log,
  ) {}

  /** Replaces the set of folders and reads each one's config file. */
  async setFolders(folderUris: string[]): Promise<void> {
    const previous = this.folders;
    this.folders = folderUris
      .filter((uri) => uri.startsWith('file:'))
      .map((uri) => {
        const folderPath = uriToPath(uri);
        return { folderPath, configUri: pathToUri(path.join(folderPath, CONFIG_FILE_NAME)), config: undefined, hadProblems: false };
      })
      // Longest first, so that a nested folder's config wins for its documents.
      .sort((a, b) => b.folderPath.length - a.folderPath.length);
    for (const old of previous) {
      if (old.hadProblems && !this.folders.some((f) => f.configUri === old.configUri)) this.publish(old.configUri, []);
    }
    await Promise.all(this.folders.map((f) => this.load(f)));
  }

  /** A watched config file was created, changed or deleted; true if it is one of ours. */
  async fileChanged(uri: string): Promise<boolean> {
    const changedPath = uriToPath(uri);
    const folder = this.folders.find((f) => uriToPath(f.configUri) === changedPath);
    if (!folder) return false;
    await this.load(folder);
    return true;
  }

  /** The config of the workspace folder holding the document (undefined: none, or not a file). */
  configFor(documentUri: string): LintConfig | undefined {
    if (!documentUri.startsWith('file:')) return undefined;
    const documentPath = uriToPath(documentUri);
    const folder = this.folders.find((f) => isInside(documentPath, f.folderPath));
    return folder?.config;
  }

  folderPaths(): string[] {
    return this.folders.map((f) => f.folderPath);
  }

  private async load(folder: FolderConfig): Promise<void> {
    let text: string;
    try {
      text = await fs.readFile(uriToPath(folder.configUri), 'utf8');
    } catch {
      // No config file: defaults apply.
      folder.config = undefined;
      if (folder.hadProblems) this.publish(folder.configUri, []);
      folder.hadProblems = false;
      return;
    }
    const { config, problems } = parseConfig(text, RULE_IDS);
    folder.config = config;
    const diagnostics = problems.map((p): Diagnostic => ({
      range: rangeOfProblem(text, p.message),
      severity: DiagnosticSeverity.Warning,
      source: DIAGNOSTIC_SOURCE,
      message: `${CONFIG_FILE_NAME}: ${p.message}`,
    }));
    if (problems.length) this.log.warn(`${uriToPath(folder.configUri)}: ${problems.map((p) => p.message).join('; ')}`);
    if (diagnostics.length || folder.hadProblems) this.publish(folder.configUri, diagnostics);
    folder.hadProblems = diagnostics.length > 0;
  }

  private publish(uri: string, diagnostics: Diagnostic[]): void {
    void this.connection.sendDiagnostics({ uri, diagnostics });
  }
}

function isInside(filePath: string, folderPath: string): boolean {
  const relative = path.relative(folderPath, filePath);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** Where a config problem is: the quoted rule id it names, the JSON error's position, else the start. */
function rangeOfProblem(text: string, message: string): Diagnostic['range'] {
  const quoted = /"([^"]+)"/.exec(message)?.[1];
  let offset = quoted ? text.indexOf(`"${quoted}"`) : -1;
  let length = quoted && offset >= 0 ? quoted.length + 2 : 0;
  if (offset < 0) {
    const at = /position (\d+)/.exec(message);
    offset = at ? Math.min(Number(at[1]), text.length) : 0;
    length = at ? 1 : 0;
  }
  const start = positionAt(text, offset);
  const end = positionAt(text, Math.min(offset + length, text.length));
  return { start, end };
}

function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}
