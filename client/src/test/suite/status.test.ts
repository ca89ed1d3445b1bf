// The language status item of C, C++ and INF files: installer or not, its role and where the role comes
// from; busy while an edit is being analysed; no pop-ups.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FinishInstallApi } from '../../extension';
import { eventually, open, typeKeys, workspaceFile } from './util';

function api(): FinishInstallApi {
  const extension = vscode.extensions.getExtension<FinishInstallApi>('finish-install-lint.finish-install-lint');
  assert.ok(extension?.isActive, 'the extension is active');
  return extension.exports;
}

const statusWhen = (ready: (text: string) => boolean) =>
  eventually('the language status', () => {
    const shown = api().languageStatus();
    return !shown.busy && ready(shown.text) ? shown : undefined;
  });

suite('Language status', () => {
  test('says the file is a co-installer, registered in the INF; an INF says what it registers', async () => {
    await open(workspaceFile('examples', 'fabrikam-coinstaller', 'FabrikamCo.c'));
    const c = await statusWhen((t) => t.includes('fabrikam.inf'));
    assert.equal(c.text, 'Finish-install: co-installer FabrikamCoInstaller (registered in fabrikam.inf:46)');
    assert.equal(c.severity, vscode.LanguageStatusSeverity.Information);

    await open(workspaceFile('examples', 'fabrikam-coinstaller', 'fabrikam.inf'));
    const inf = await statusWhen((t) => t.includes('INF'));
    assert.match(inf.text, /^Finish-install: INF: registers FabrikamCoInstaller \(co-installer, fabrikamco(\.dll)?\)$/i);
  });

  test('busy while an edit is analysed, then the installer it has become', async () => {
    const uri = workspaceFile('src', 'NewCoInstaller.c');
    const editor = await open(uri);
    await statusWhen((t) => t.includes('NewCoInstaller'));
    // Rename the entry point, key by key.
    const name = editor.document.getText().split('\n').findIndex((l) => l.trim() === 'NewCoInstaller(');
    editor.selection = new vscode.Selection(name, 'NewCoInstaller'.length, name, 'NewCoInstaller'.length);
    await typeKeys('2', 0);
    assert.equal(api().languageStatus().busy, true, 'busy right after the edit');
    const renamed = await statusWhen((t) => t.includes('NewCoInstaller2'));
    assert.equal(renamed.text, 'Finish-install: co-installer NewCoInstaller2 (signature)');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
