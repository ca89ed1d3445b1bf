// Completing inside a co-installer's dispatch offers the missing finish-install handlers, written for a
// co-installer with this installer's own parameter names, and inserting one yields code the rules accept.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { describe, diagnosticsWhen, open, ruleId, workspaceFile } from './util';

suite('Completions', () => {
  test('offers the missing handlers for this co-installer and inserts one', async () => {
    const uri = workspaceFile('src', 'NewCoInstaller.c');
    const editor = await open(uri);
    const emptyLine = editor.document.getText().split('\n').findIndex((l, i, all) => l.trim() === '' && all[i - 1]?.includes('switch (Function)'));
    assert.ok(emptyLine > 0, 'fixture: the empty line inside the switch');
    const position = new vscode.Position(emptyLine, 4);

    // The language client registers its completion provider once the server has started: ask until it answers.
    let list: vscode.CompletionList = new vscode.CompletionList();
    let labels: string[] = [];
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
      list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
      labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      if (labels.some((l) => l.startsWith('case DIF_'))) break;
    }
    assert.ok(labels.includes('case DIF_NEWDEVICEWIZARD_FINISHINSTALL'), labels.join(', '));
    assert.ok(labels.includes('case DIF_FINISHINSTALL_ACTION'), labels.join(', '));

    const action = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'case DIF_FINISHINSTALL_ACTION')!;
    assert.equal(action.kind, vscode.CompletionItemKind.Snippet);
    const snippet = action.insertText instanceof vscode.SnippetString ? action.insertText : new vscode.SnippetString(String(action.insertText));
    assert.ok(await editor.insertSnippet(snippet, position));

    const text = editor.document.getText();
    assert.match(text, /case DIF_FINISHINSTALL_ACTION:/);
    assert.match(text, /\(Devs, Dev\)/, 'uses this installer\'s parameter names');
    assert.doesNotMatch(text, /ERROR_DI_DO_DEFAULT/, 'a co-installer never sets ERROR_DI_DO_DEFAULT');

    // What the rules now say about the inserted handler: the action is handled but the flag never set.
    const diagnostics = await diagnosticsWhen(uri, (ds) => ds.some((d) => ruleId(d) === 'flag-not-set'));
    assert.deepEqual(diagnostics.map(ruleId), ['flag-not-set'], describe(diagnostics));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
