// Quick fixes edit the file as a user expects, and the diagnostics follow.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { describe, diagnosticsWhen, open, ruleId, workspaceFile } from './util';

async function actionsAt(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range)) ?? [];
}

suite('Quick fixes', () => {
  test('writing the flag into FlagsEx, then saving the params, clears both findings', async () => {
    const uri = workspaceFile('examples', 'fabrikam-coinstaller', 'FabrikamCo.c');
    const editor = await open(uri);
    const before = await diagnosticsWhen(uri, (ds) => ds.some((d) => ruleId(d) === 'flag-wrong-field'));
    const wrongField = before.find((d) => ruleId(d) === 'flag-wrong-field')!;

    const actions = await actionsAt(uri, wrongField.range);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Disable flag-wrong-field for this line'), titles.join(' | '));
    assert.ok(titles.includes('Disable flag-wrong-field for this file'), titles.join(' | '));
    const intoFlagsEx = actions.find((a) => a.title === 'Write DI_FLAGSEX_FINISHINSTALL_ACTION into FlagsEx');
    assert.ok(intoFlagsEx?.edit, titles.join(' | '));
    assert.equal(intoFlagsEx.isPreferred, true);
    assert.ok(await vscode.workspace.applyEdit(intoFlagsEx.edit));
    assert.equal(editor.document.lineAt(wrongField.range.start.line).text.trim(), 'DeviceInstallParams.FlagsEx |= DI_FLAGSEX_FINISHINSTALL_ACTION;');

    // The flag now reaches FlagsEx, which shows it is never saved.
    const after = await diagnosticsWhen(uri, (ds) => !ds.some((d) => ruleId(d) === 'flag-wrong-field') && ds.some((d) => ruleId(d) === 'flag-not-saved'));
    const notSaved = after.find((d) => ruleId(d) === 'flag-not-saved')!;
    const save = (await actionsAt(uri, notSaved.range)).find((a) => a.title === 'Save the install params with SetupDiSetDeviceInstallParams');
    assert.ok(save?.edit, describe(after));
    assert.ok(await vscode.workspace.applyEdit(save.edit));
    assert.equal(
      editor.document.lineAt(notSaved.range.start.line + 1).text,
      '    SetupDiSetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &DeviceInstallParams);',
    );
    const fixed = await diagnosticsWhen(uri, (ds) => !ds.some((d) => ruleId(d) === 'flag-not-saved'));
    assert.ok(!fixed.some((d) => ruleId(d) === 'flag-not-set'), describe(fixed));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('"disable for this line" inserts the suppression comment and the finding goes away', async () => {
    const uri = workspaceFile('examples', 'fabrikam-coinstaller', 'FabrikamCo.c');
    const editor = await open(uri);
    // The file as shipped (a previous test may have reverted its own edits just now): both findings back.
    const before = await diagnosticsWhen(uri, (ds) => ds.some((d) => ruleId(d) === 'action-not-awaited') && ds.some((d) => ruleId(d) === 'flag-wrong-field'));
    const finding = before.find((d) => ruleId(d) === 'action-not-awaited')!;
    const disable = (await actionsAt(uri, finding.range)).find((a) => a.title === 'Disable action-not-awaited for this line');
    assert.ok(disable?.edit);
    assert.ok(await vscode.workspace.applyEdit(disable.edit));
    assert.match(editor.document.lineAt(finding.range.start.line).text, /^\s*\/\/ finish-install-disable-next-line action-not-awaited$/);
    const after = await diagnosticsWhen(uri, (ds) => !ds.some((d) => ruleId(d) === 'action-not-awaited'));
    assert.ok(after.some((d) => ruleId(d) === 'coinstaller-do-default'), describe(after));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
