// What a user sees when opening the examples: the findings, where they are, how severe, and their links.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { describe, diagnosticsWhen, open, ruleId, workspaceFile } from './util';

suite('Diagnostics in the editor', () => {
  test('the co-installer example shows each finding on its line with its severity and rule page', async () => {
    const uri = workspaceFile('examples', 'fabrikam-coinstaller', 'FabrikamCo.c');
    await open(uri);
    const diagnostics = await diagnosticsWhen(uri, (ds) => ds.length >= 5);
    const seen = diagnostics.map((d) => [ruleId(d), d.range.start.line + 1, d.range.start.character + 1, d.severity]);
    assert.deepEqual(
      seen.sort((a, b) => Number(a[1]) - Number(b[1])),
      [
        ['flag-wrong-field', 28, 5, vscode.DiagnosticSeverity.Error],
        ['action-not-awaited', 38, 10, vscode.DiagnosticSeverity.Warning],
        ['coinstaller-do-default', 43, 12, vscode.DiagnosticSeverity.Error],
        ['postprocessing-unreachable', 56, 14, vscode.DiagnosticSeverity.Error],
        ['flag-not-set', 64, 10, vscode.DiagnosticSeverity.Warning],
      ],
      describe(diagnostics),
    );
    const doDefault = diagnostics.find((d) => ruleId(d) === 'coinstaller-do-default')!;
    // In the editor the role's origin is named once the workspace scan has found the registration.
    assert.match(doDefault.message, /co-installer FabrikamCoInstaller (\(registered as a co-installer in fabrikam\.inf:46\) )?returns ERROR_DI_DO_DEFAULT/);
    assert.equal(doDefault.range.end.character - doDefault.range.start.character, 'ERROR_DI_DO_DEFAULT'.length);
    const code = doDefault.code as { value: string; target: vscode.Uri };
    assert.match(code.target.toString(), /docs\/rules\/coinstaller-do-default\.md$/);
  });

  test('the class-installer example that keeps the contract shows no finding in its C++', async () => {
    const fabrikam = workspaceFile('examples', 'fabrikam-coinstaller', 'FabrikamCo.c');
    const uri = workspaceFile('examples', 'contoso-class-installer', 'ContosoClassInstaller.cpp');
    await open(uri);
    // Analysis is asynchronous: once a later file has its findings, this one has been analysed too.
    await open(fabrikam);
    await diagnosticsWhen(fabrikam, (ds) => ds.length > 0);
    assert.deepEqual(vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'finish-install'), []);
  });

  test('an INF that registers a co-installer without copying it shows the error on the registration', async () => {
    const uri = workspaceFile('examples', 'fabrikam-coinstaller', 'fabrikam.inf');
    const editor = await open(uri);
    assert.equal(editor.document.languageId, 'inf');
    const diagnostics = await diagnosticsWhen(uri, (ds) => ds.some((d) => ruleId(d) === 'inf-installer-not-copied'));
    const notCopied = diagnostics.find((d) => ruleId(d) === 'inf-installer-not-copied')!;
    assert.equal(notCopied.severity, vscode.DiagnosticSeverity.Error);
    assert.match(editor.document.lineAt(notCopied.range.start.line).text, /CoInstallers32/);
  });

  test('fixing the code in the editor updates the diagnostics while typing', async () => {
    const uri = workspaceFile('examples', 'fabrikam-coinstaller', 'FabrikamCo.c');
    const editor = await open(uri);
    await diagnosticsWhen(uri, (ds) => ds.some((d) => ruleId(d) === 'coinstaller-do-default'));
    const line = editor.document.lineAt(42);
    const at = line.text.indexOf('ERROR_DI_DO_DEFAULT');
    await editor.edit((edit) => edit.replace(new vscode.Range(42, at, 42, at + 'ERROR_DI_DO_DEFAULT'.length), 'NO_ERROR'));
    const after = await diagnosticsWhen(uri, (ds) => !ds.some((d) => ruleId(d) === 'coinstaller-do-default'));
    assert.ok(after.some((d) => ruleId(d) === 'flag-wrong-field'), describe(after));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
