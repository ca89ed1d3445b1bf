// Helpers for the in-editor tests: open files of the workspace copy and wait for what a user would see.
import * as path from 'node:path';
import * as vscode from 'vscode';

export function workspaceFile(...parts: string[]): vscode.Uri {
  const root = process.env.FINISH_INSTALL_TEST_WORKSPACE;
  if (!root) throw new Error('FINISH_INSTALL_TEST_WORKSPACE is not set');
  return vscode.Uri.file(path.join(root, ...parts));
}

export async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document);
}

/** Our diagnostics for a document, once `ready` holds for them (the server publishes asynchronously). */
export async function diagnosticsWhen(
  uri: vscode.Uri,
  ready: (diagnostics: vscode.Diagnostic[]) => boolean,
  timeoutMs = 30_000,
): Promise<vscode.Diagnostic[]> {
  const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'finish-install');
  if (ready(ours())) return ours();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out waiting for diagnostics on ${path.basename(uri.fsPath)}; have: ${describe(ours())}`));
    }, timeoutMs);
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((u) => u.toString() === uri.toString())) return;
      if (!ready(ours())) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(ours());
    });
  });
}

export function ruleId(d: vscode.Diagnostic): string {
  const code = d.code;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code);
}

export function describe(diagnostics: vscode.Diagnostic[]): string {
  return diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${ruleId(d)}`).join(', ') || '(none)';
}

/** The position of the n-th occurrence of `text` on 1-based `line`. */
export function positionOf(document: vscode.TextDocument, line: number, text: string): vscode.Position {
  const character = document.lineAt(line - 1).text.indexOf(text);
  if (character < 0) throw new Error(`"${text}" is not on line ${line}: ${document.lineAt(line - 1).text}`);
  return new vscode.Position(line - 1, character);
}

export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

/** `check`'s first value other than undefined, asked every 250 ms (the server starts, indexes and analyses in the background). */
export async function eventually<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  let last: unknown;
  for (const deadline = Date.now() + timeoutMs; ; await new Promise((r) => setTimeout(r, 250))) {
    try {
      const found = await check();
      if (found !== undefined) return found;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
  }
}

/** Types text into the active editor one key at a time, as a user does (each key is its own edit, and may open suggestions). */
export async function typeKeys(text: string, pauseMs = 60): Promise<void> {
  for (const key of text) {
    if (key === '\n') await vscode.commands.executeCommand('default:type', { text: '\n' });
    else await vscode.commands.executeCommand('type', { text: key });
    await new Promise((r) => setTimeout(r, pauseMs));
  }
}

export async function hoverTextAt(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hoverText(hovers ?? []);
}
