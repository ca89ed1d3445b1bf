// Completions and hovers right at every keystroke, typed key by key as a user types.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually, hoverTextAt, open, positionOf, typeKeys, workspaceFile } from './util';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

suite('Typing', () => {
  test('typing `case` in a co-installer\'s switch: the list that opens holds its handlers first, and accepting writes a co-installer\'s handler', async () => {
    const uri = workspaceFile('src', 'NewCoInstaller.c');
    const editor = await open(uri);
    const emptyLine = editor.document.getText().split('\n').findIndex((l, i, all) => l.trim() === '' && all[i - 1]?.includes('switch (Function)'));
    // The server must know the file before the first key (as when a user opens it and starts typing).
    await eventually('the handler completions', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, new vscode.Position(emptyLine, 4));
      return list.items.some((i) => (typeof i.label === 'string' ? i.label : i.label.label).startsWith('case DIF_')) ? true : undefined;
    });
    editor.selection = new vscode.Selection(emptyLine, 0, emptyLine, 0);
    await typeKeys('    c');
    // The list opens at the first letter (as quick suggestions open it), then follows the typing.
    await vscode.commands.executeCommand('editor.action.triggerSuggest');
    await pause(1500);
    await typeKeys('ase', 300);
    await pause(1500);
    await vscode.commands.executeCommand('acceptSelectedSuggestion');
    const text = await eventually('the accepted handler', () => (editor.document.getText().includes('case DIF_') ? editor.document.getText() : undefined), 10_000);
    // The first of this co-installer's missing handlers, with its parameter names, never ERROR_DI_DO_DEFAULT.
    assert.match(text, /case DIF_NEWDEVICEWIZARD_FINISHINSTALL:/);
    assert.match(text, /\(Devs, Dev\)/);
    assert.doesNotMatch(text, /ERROR_DI_DO_DEFAULT/);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('no static snippet offers a handler, and no `case` is offered at file level', async () => {
    const uri = workspaceFile('src', 'NewCoInstaller.c');
    const editor = await open(uri);
    const end = editor.document.lineCount;
    editor.selection = new vscode.Selection(end, 0, end, 0);
    await typeKeys('\ncase', 100);
    const position = editor.selection.active;
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.deepEqual(labels.filter((l) => /dif_/i.test(l) && /handler|case/i.test(l)), [], labels.join(', '));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('hovers in the clean class installer give no verdict on a value its entry point never returns', async () => {
    const uri = workspaceFile('examples', 'contoso-class-installer', 'ContosoClassInstaller.cpp');
    const editor = await open(uri);
    // The helper's NO_ERROR: its caller returns the error only when it is not NO_ERROR.
    const helperReturn = positionOf(editor.document, 22, 'NO_ERROR');
    // NO_ERROR compared inside `return err == NO_ERROR ? ERROR_DI_DO_DEFAULT : err;`: never returned.
    const comparison = positionOf(editor.document, 49, 'NO_ERROR');
    const lineEnd = editor.document.lineAt(21).text.length;
    editor.selection = new vscode.Selection(21, lineEnd, 21, lineEnd);
    await typeKeys('  // the caller tests it');
    for (const at of [helperReturn, comparison]) {
      const text = await eventually('the hover', async () => {
        const hover = await hoverTextAt(uri, at);
        return hover.includes('NO_ERROR') ? hover : undefined;
      });
      assert.doesNotMatch(text, /✘/, `line ${at.line + 1}`);
      assert.doesNotMatch(text, /Returned here/, `line ${at.line + 1}`);
    }
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('a section typed into an INF: its name says what it is for and who names it', async () => {
    const uri = workspaceFile('examples', 'fabrikam-coinstaller', 'fabrikam.inf');
    const editor = await open(uri);
    const lines = editor.document.getText().split(/\r?\n/);
    const addReg = lines.findIndex((l) => l.startsWith('AddReg = Fabrikam_CoInstaller_AddReg'));
    editor.selection = new vscode.Selection(addReg, lines[addReg].length, addReg, lines[addReg].length);
    await typeKeys(',Extra_AddReg');
    const end = editor.document.lineCount - 1;
    editor.selection = new vscode.Selection(end, editor.document.lineAt(end).text.length, end, editor.document.lineAt(end).text.length);
    await typeKeys('\n[Extra_AddReg]\n');
    const header = editor.document.getText().split(/\r?\n/).findIndex((l) => l === '[Extra_AddReg]');
    const text = await eventually('the section hover', async () => {
      const hover = await hoverTextAt(uri, new vscode.Position(header, 3));
      return hover.includes('Extra_AddReg') ? hover : undefined;
    });
    assert.match(text, /add-registry section/);
    assert.match(text, new RegExp(`\\[Fabrikam_Install\\.NT\\.CoInstallers\\] line ${addReg + 1}: \`AddReg = Fabrikam_CoInstaller_AddReg,Extra_AddReg\``));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
