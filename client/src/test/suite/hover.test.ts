// Hovers explain a return code for the installer kind and DIF handler where it appears.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { hoverText, open, positionOf, workspaceFile } from './util';

/** The hover text at a position, once `ready` holds for it (the server starts, and indexes, in the background). */
async function hoverAt(uri: vscode.Uri, position: vscode.Position, ready = (text: string) => text.length > 0): Promise<string> {
  let text = '';
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
    text = hoverText(hovers ?? []);
    if (ready(text)) break;
  }
  return text;
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

  test('an entry-point name in an INF shows the function the sources define: its kind and DIF codes', async () => {
    const uri = workspaceFile('examples', 'fabrikam-coinstaller', 'fabrikam.inf');
    const editor = await open(uri);
    const line = editor.document.getText().split(/\r?\n/).findIndex((l) => l.includes('CoInstallers32')) + 1;
    const position = positionOf(editor.document, line, 'FabrikamCoInstaller').translate(0, 2);
    const text = await hoverAt(uri, position, (t) => /handles/.test(t));
    assert.match(text, /registered as a co-installer/);
    assert.match(text, /FabrikamCo\.c:\d+\): co-installer; handles DIF_NEWDEVICEWIZARD_FINISHINSTALL, DIF_FINISHINSTALL_ACTION/);
  });
});
