// Code lenses above the entry point (role, where it comes from, finish-install status) and above each DIF
// handler (what it returns, in the contract's words); clicking one selects the entry point; a setting
// turns them off.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually, open, workspaceFile } from './util';

const lensTitles = async (uri: vscode.Uri) => {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  return (lenses ?? []).filter((l) => l.command?.command === 'finishInstall.revealEntryPoint');
};

suite('Code lenses', () => {
  test('above the Fabrikam co-installer and its handlers; the lens selects the entry point', async () => {
    const uri = workspaceFile('examples', 'fabrikam-coinstaller', 'FabrikamCo.c');
    const editor = await open(uri);
    // The role comes from the INF once the workspace is indexed.
    const lenses = await eventually('lenses naming the INF registration', async () => {
      const found = await lensTitles(uri);
      return found.some((l) => l.command!.title.includes('fabrikam.inf')) ? found : undefined;
    });
    assert.deepEqual(
      lenses.map((l) => `${l.range.start.line + 1}: ${l.command!.title}`),
      [
        '47: co-installer · registered in fabrikam.inf:46 · finish-install: flag set ✗ saved ✗ action ✓ waits ✗',
        '55: DIF_NEWDEVICEWIZARD_FINISHINSTALL → pre-processing: NO_ERROR (handled) · post-processing: Win32 error (failure) | NO_ERROR (handled) | computed value',
        '64: DIF_FINISHINSTALL_ACTION → NO_ERROR (done) | Win32 error (retry at next enumeration) | ERROR_DI_DO_DEFAULT (failure) ✘',
      ],
    );

    editor.selection = new vscode.Selection(70, 0, 70, 0);
    const action = lenses[2].command!;
    await vscode.commands.executeCommand(action.command, ...(action.arguments ?? []));
    const selected = vscode.window.activeTextEditor!;
    assert.equal(selected.document.uri.toString(), uri.toString());
    assert.equal(selected.document.getText(selected.selection), 'FabrikamCoInstaller');
  });

  test('finishInstall.codeLens.enable turns them off and on again', async () => {
    const uri = workspaceFile('examples', 'contoso-class-installer', 'ContosoClassInstaller.cpp');
    await open(uri);
    await eventually('lenses', async () => ((await lensTitles(uri)).length ? true : undefined));
    const settings = vscode.workspace.getConfiguration('finishInstall');
    await settings.update('codeLens.enable', false, vscode.ConfigurationTarget.Workspace);
    try {
      await eventually('no lenses', async () => ((await lensTitles(uri)).length === 0 ? true : undefined));
    } finally {
      await settings.update('codeLens.enable', undefined, vscode.ConfigurationTarget.Workspace);
    }
    const lenses = await eventually('lenses again', async () => {
      const found = await lensTitles(uri);
      return found.length ? found : undefined;
    });
    assert.match(lenses[0].command!.title, /^class installer · registered in contoso\.inf:\d+ · finish-install: flag set ✓ saved ✓ action ✓$/);
  });
});
