// The flow view as users see it: the command opens a webview whose DOM (read back from the page) draws
// this installer's possible paths highlighted and the impossible ones greyed, and follows edits.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SHOW_INSTALLER_FLOW_COMMAND } from '#protocol';
import { CLICK_FLOW_VIEW_COMMAND, DESCRIBE_FLOW_VIEW_COMMAND, type FlowViewDom } from '../../flowMessages';
import { open, positionOf, workspaceFile } from './util';

/** The view's DOM once `ready` holds for it (the server starts, analyses and the page renders asynchronously). */
async function flowViewDomWhen(ready: (dom: FlowViewDom) => boolean, timeoutMs = 30_000): Promise<FlowViewDom> {
  let last: FlowViewDom | undefined;
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
    last = await vscode.commands.executeCommand<FlowViewDom | undefined>(DESCRIBE_FLOW_VIEW_COMMAND);
    if (last && ready(last)) return last;
  }
  throw new Error(`the flow view did not show what was expected; last seen: ${JSON.stringify(last)?.slice(0, 2000)}`);
}

const possible = (dom: FlowViewDom) => dom.steps.filter((s) => s.classes.includes('possible')).map((s) => s.id);
const stepOf = (dom: FlowViewDom, id: string) => {
  const found = dom.steps.find((s) => s.id === id);
  assert.ok(found, `no box ${id} in ${dom.steps.map((s) => s.id).join(', ')}`);
  return found;
};

suite('Flow view', () => {
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('FabrikamCo.c: pre-processing returns NO_ERROR only, so the flag (written in post-processing) and DIF_FINISHINSTALL_ACTION are greyed', async () => {
    const uri = workspaceFile('examples', 'fabrikam-coinstaller', 'FabrikamCo.c');
    const editor = await open(uri);
    // As a code lens from the server passes them: a URI string and a plain position.
    const { line, character } = positionOf(editor.document, 64, 'DIF_FINISHINSTALL_ACTION');
    await vscode.commands.executeCommand(SHOW_INSTALLER_FLOW_COMMAND, uri.toString(), { line, character });
    const dom = await flowViewDomWhen((d) => d.steps.length > 0);
    assert.match(dom.heading, /co-installer FabrikamCoInstaller/);
    // Highlighted: Windows sends DIF_NEWDEVICEWIZARD_FINISHINSTALL, the pre-processing returns NO_ERROR, the class installer runs, no flag, no action.
    assert.deepEqual(possible(dom), ['wizard', 'wizard:class', 'wizard:pre', 'wizard:pre:no-error', 'flag', 'no-action']);
    assert.match(stepOf(dom, 'wizard:pre:no-error').text, /returns NO_ERROR .*line 73/);
    // Greyed: the post-processing pass (never requested) and the whole action, whose handler the code has.
    for (const id of ['wizard:post', 'action', 'action:pre', 'action:pre:no-error', 'action:done', 'action:retry']) assert.ok(stepOf(dom, id).classes.includes('impossible'), id);
    assert.match(stepOf(dom, 'flag').text, /DI_NOVCP/);
    assert.ok(stepOf(dom, 'action:pre:do-default').classes.includes('wrong'));
    const yes = dom.edges.find((e) => e.from === 'flag' && e.to === 'action');
    assert.ok(yes?.classes.includes('impossible'));
    assert.ok(dom.edges.find((e) => e.from === 'flag' && e.to === 'no-action')?.classes.includes('possible'));

    // A box links to its code: clicking the flag decision selects the write on line 28.
    assert.ok(stepOf(dom, 'flag').classes.includes('linked'));
    await vscode.window.showTextDocument(editor.document, { selection: new vscode.Range(0, 0, 0, 0) });
    await vscode.commands.executeCommand(CLICK_FLOW_VIEW_COMMAND, 'flag');
    for (const deadline = Date.now() + 10_000; Date.now() < deadline && vscode.window.activeTextEditor?.selection.start.line !== 27; ) await new Promise((r) => setTimeout(r, 100));
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());
    assert.equal(vscode.window.activeTextEditor?.selection.start.line, 27);
  });

  test('it updates as the user types: requesting post-processing lights up the post-processing pass', async () => {
    const uri = workspaceFile('examples', 'fabrikam-coinstaller', 'FabrikamCo.c');
    const editor = await open(uri);
    await vscode.commands.executeCommand(SHOW_INSTALLER_FLOW_COMMAND, uri);
    await flowViewDomWhen((d) => d.steps.some((s) => s.id === 'wizard:post' && s.classes.includes('impossible')));
    const breakLine = positionOf(editor.document, 57, 'break;');
    await editor.edit((edit) => edit.replace(new vscode.Range(breakLine, breakLine.translate(0, 'break;'.length)), 'return ERROR_DI_POSTPROCESSING_REQUIRED;'));
    const dom = await flowViewDomWhen((d) => d.steps.some((s) => s.id === 'wizard:post' && s.classes.includes('possible')));
    assert.ok(stepOf(dom, 'wizard:pre:postprocessing-required').classes.includes('possible'));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
