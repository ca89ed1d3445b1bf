// Proves the harness: real VS Code runs this suite, opens the temporary workspace copy and has
// the extension under development loaded.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'finish-install-lint.finish-install-lint';

suite('Harness smoke test', () => {
  test('runs in real VS Code on the temporary workspace copy', () => {
    assert.match(vscode.version, /^\d+\.\d+\.\d+/);
    const workspaceCopy = process.env.FINISH_INSTALL_TEST_WORKSPACE;
    assert.ok(workspaceCopy, 'extensionTestsEnv did not reach the extension host');
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1);
    // realpath: on macOS the temp folder is reached through a symlink (/var -> /private/var).
    assert.equal(fs.realpathSync(folders[0].uri.fsPath), fs.realpathSync(workspaceCopy));
  });

  test('opens a document from the workspace', async () => {
    const readme = vscode.Uri.file(path.join(process.env.FINISH_INSTALL_TEST_WORKSPACE ?? '', 'README.txt'));
    const document = await vscode.workspace.openTextDocument(readme);
    const editor = await vscode.window.showTextDocument(document);
    assert.equal(editor.document.uri.fsPath, readme.fsPath);
    assert.match(document.getText(), /Finish-Install Lint/);
  });

  test('has the extension under development', () => {
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID), `${EXTENSION_ID} is not loaded`);
  });
});
