// Hovers explain a return code for the installer kind and DIF handler where it appears.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { hoverText, open, positionOf, workspaceFile } from './util';

async function hoverAt(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hoverText(hovers ?? []);
}

suite('Hovers', () => {
  test('NO_ERROR in a co-installer\'s DIF_FINISHINSTALL_ACTION handler: done, not run again', async () => {
    const uri = workspaceFile('examples', 'fabrikam-coinstaller', 'FabrikamCo.c');
    const editor = await open(uri);
    const text = await hoverAt(uri, positionOf(editor.document, 66, 'NO_ERROR'));
    assert.match(text, /NO_ERROR/);
    assert.match(text, /0x0+\b|\b0\b/);
    assert.match(text, /co-installer/);
    assert.match(text, /DIF_FINISHINSTALL_ACTION/);
    assert.match(text, /not run again/);
  });

  test('ERROR_DI_DO_DEFAULT in a class installer\'s DIF_FINISHINSTALL_ACTION handler: the default action runs', async () => {
    const uri = workspaceFile('examples', 'contoso-class-installer', 'ContosoClassInstaller.cpp');
    const editor = await open(uri);
    const line = editor.document.getText().split('\n').findIndex((l) => l.includes('nothing left to do')) + 1;
    const text = await hoverAt(uri, positionOf(editor.document, line, 'ERROR_DI_DO_DEFAULT'));
    assert.match(text, /0xE000020E/i);
    assert.match(text, /3758096910/);
    assert.match(text, /class installer/);
    assert.match(text, /DIF_FINISHINSTALL_ACTION/);
    assert.match(text, /default action/);
  });

  test('the same code in a co-installer is explained as the failure it is', async () => {
    const uri = workspaceFile('examples', 'fabrikam-coinstaller', 'FabrikamCo.c');
    const editor = await open(uri);
    const text = await hoverAt(uri, positionOf(editor.document, 43, 'ERROR_DI_DO_DEFAULT'));
    assert.match(text, /co-installer/);
    assert.match(text, /never set by a co-installer/);
  });
});
