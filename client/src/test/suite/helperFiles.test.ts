// Helpers in other files: the co-installer's finding comes from RunAction in util.c, points there, and
// follows what the user types in util.c.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { describe, diagnosticsWhen, open, ruleId, workspaceFile } from './util';

suite('Helpers in other files', () => {
  const coInstaller = workspaceFile('contoso-helper-coinstaller', 'contosoco.c');
  const util = workspaceFile('contoso-helper-coinstaller', 'util.c');
  const hasDoDefault = (ds: vscode.Diagnostic[]) => ds.some((d) => ruleId(d) === 'coinstaller-do-default');

  test('the co-installer shows the finding of its helper in util.c, with util.c as related location', async () => {
    await open(coInstaller);
    const diagnostics = await diagnosticsWhen(coInstaller, hasDoDefault);
    const doDefault = diagnostics.find((d) => ruleId(d) === 'coinstaller-do-default')!;
    assert.equal(doDefault.range.start.line + 1, 17, describe(diagnostics));
    const related = doDefault.relatedInformation?.[0];
    assert.equal(related?.location.uri.fsPath, util.fsPath);
    assert.equal(related?.location.range.start.line + 1, 25);
  });

  test('editing util.c changes the diagnostic in the co-installer', async () => {
    await open(coInstaller);
    await diagnosticsWhen(coInstaller, hasDoDefault);
    const editor = await open(util);
    const line = editor.document.lineAt(24);
    const at = line.text.indexOf('ERROR_DI_DO_DEFAULT');
    assert.ok(at >= 0, line.text);
    await editor.edit((edit) => edit.replace(new vscode.Range(24, at, 24, at + 'ERROR_DI_DO_DEFAULT'.length), 'NO_ERROR'));
    await diagnosticsWhen(coInstaller, (ds) => !hasDoDefault(ds));
    await editor.edit((edit) => edit.replace(new vscode.Range(24, at, 24, at + 'NO_ERROR'.length), 'ERROR_DI_DO_DEFAULT'));
    await diagnosticsWhen(coInstaller, hasDoDefault);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
