// A server that exits (it does on a framing error it cannot recover from, see docs/robustness.md) is
// restarted by the client, and the editor gets its diagnostics back without the user doing anything.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { diagnosticsWhen, open, ruleId, workspaceFile } from './util';

/** Our language server's process ids among the extension host's children (Linux: read from /proc). */
function serverProcessIds(): number[] {
  const ids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const commandLine = fs.readFileSync(path.join('/proc', entry, 'cmdline'), 'utf8').split('\0');
      const parent = Number(/^PPid:\s*(\d+)$/m.exec(fs.readFileSync(path.join('/proc', entry, 'status'), 'utf8'))?.[1]);
      if (parent === process.pid && commandLine.some((arg) => /server\.js$/.test(arg))) ids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return ids;
}

async function waitFor<T>(what: string, check: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const found = check();
    if (found !== undefined) return found;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

suite('Server restart', () => {
  test('a server process that exits is restarted by the client, and diagnostics come back', async function () {
    if (process.platform !== 'linux') this.skip();
    const uri = workspaceFile('examples', 'fabrikam-coinstaller', 'FabrikamCo.c');
    const editor = await open(uri);
    await diagnosticsWhen(uri, (ds) => ds.some((d) => ruleId(d) === 'coinstaller-do-default'));
    const [first] = await waitFor('the server process', () => {
      const ids = serverProcessIds();
      return ids.length === 1 ? ids : undefined;
    });

    process.kill(first);
    const second = await waitFor('a new server process', () => serverProcessIds().find((id) => id !== first));
    assert.notEqual(second, first);

    // The restarted server has the open document again: an edit is analysed and published.
    // Found by its text: earlier suites may have left the shared example edited.
    const lineNumber = editor.document.getText().split(/\r?\n/).findIndex((text) => text.includes('return ERROR_DI_DO_DEFAULT'));
    assert.ok(lineNumber >= 0, 'the example returns ERROR_DI_DO_DEFAULT');
    const at = editor.document.lineAt(lineNumber).text.indexOf('ERROR_DI_DO_DEFAULT');
    await editor.edit((edit) => edit.replace(new vscode.Range(lineNumber, at, lineNumber, at + 'ERROR_DI_DO_DEFAULT'.length), 'NO_ERROR'));
    await diagnosticsWhen(uri, (ds) => ds.length > 0 && !ds.some((d) => ruleId(d) === 'coinstaller-do-default'));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
