// A VS Code task that runs the CLI over the workspace fills the Problems view through the problem
// matcher the extension contributes ($finish-install-lint), as a user's tasks.json would.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { workspaceFile } from './util';

const EXTENSION_ID = 'finish-install-lint.finish-install-lint';
const MATCHER_SOURCE = 'finish-install-lint';

function taskDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === MATCHER_SOURCE);
}

async function until<T>(probe: () => T | undefined, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

suite('The CLI in a task', () => {
  test('$finish-install-lint puts the CLI findings in the Problems view with their severity and rule id', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const cli = path.join(extension.extensionPath, 'bin', 'finish-install-lint.js');
    const folder = vscode.workspace.workspaceFolders![0];
    // The user's tasks.json would say `"command": "npx finish-install-lint examples"`; the test runs the
    // launcher of the extension under test with the extension host's own Node.
    const task = new vscode.Task(
      { type: 'shell' },
      folder,
      'lint installers',
      'finish-install-lint',
      new vscode.ShellExecution(process.execPath, [cli, 'examples'], { cwd: folder.uri.fsPath }),
      ['$finish-install-lint'],
    );
    const ended = new Promise<number | undefined>((resolve) => {
      const subscription = vscode.tasks.onDidEndTaskProcess((event) => {
        if (event.execution.task.name !== task.name) return;
        subscription.dispose();
        resolve(event.exitCode);
      });
    });
    await vscode.tasks.executeTask(task);
    assert.equal(await ended, 1, 'the examples have errors: exit code 1');

    const coInstaller = workspaceFile('examples', 'fabrikam-coinstaller', 'FabrikamCo.c');
    const found = await until(() => {
      const ds = taskDiagnostics(coInstaller);
      return ds.length >= 5 ? ds : undefined;
    }, 'task diagnostics on FabrikamCo.c');
    const doDefault = found.find((d) => d.code === 'coinstaller-do-default');
    assert.ok(doDefault, found.map((d) => String(d.code)).join(', '));
    assert.equal(doDefault.severity, vscode.DiagnosticSeverity.Error);
    // Line 43, column 12 (1-based) as the CLI prints it; the editor's ranges are 0-based.
    assert.deepEqual([doDefault.range.start.line, doDefault.range.start.character], [42, 11]);
    assert.match(doDefault.message, /co-installer FabrikamCoInstaller (\(registered as a co-installer in fabrikam\.inf:46\) )?returns ERROR_DI_DO_DEFAULT/);
    const warning = found.find((d) => d.code === 'action-not-awaited');
    assert.equal(warning?.severity, vscode.DiagnosticSeverity.Warning);

    // INF findings too, with the severity examples/.finish-install.json gives them (warning, not information).
    const inf = workspaceFile('examples', 'contoso-class-installer', 'contoso.inf');
    const infFindings = await until(() => {
      const ds = taskDiagnostics(inf);
      return ds.length ? ds : undefined;
    }, 'task diagnostics on contoso.inf');
    assert.deepEqual(
      infFindings.map((d) => [d.code, d.range.start.line + 1, d.severity]),
      [['inf-legacy-installer', 16, vscode.DiagnosticSeverity.Warning]],
    );
  });
});
