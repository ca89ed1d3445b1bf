/**
 * features/completions.ts: the handlers offered inside an installer's dispatch, the entry points at file
 * level, the documented constants, and (most of all) that the inserted code is code the rules accept.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { catalogue, type Finding, type Position, type SourceDocument } from '../engine';
import { completionsAt, type CompletionSuggestion } from '../engine/features/completions';
import { snippetToPlainText } from '../engine/features/snippets';
import { applyEdits, editorFixture, indentSnippetText, positionOf, sharedEngine } from './features-support';
import { describe as describeFinding } from './support/fixtures';

async function complete(doc: SourceDocument, position: Position) {
  return completionsAt(await sharedEngine(), doc, position);
}

/** What accepting a suggestion does to the document: the snippet with its defaults, indented like the line. */
function accept(doc: SourceDocument, suggestion: CompletionSuggestion): SourceDocument {
  const lineText = doc.text.split('\n')[suggestion.replaceRange.start.line];
  const indentation = /^[ \t]*/.exec(lineText)![0];
  const text = suggestion.kind === 'snippet' ? indentSnippetText(snippetToPlainText(suggestion.insertText), indentation) : suggestion.insertText;
  return { ...doc, text: applyEdits(doc.text, [{ range: suggestion.replaceRange, newText: text }]) };
}

async function findings(doc: SourceDocument): Promise<Finding[]> {
  const result = (await sharedEngine()).analyze(doc);
  assert.deepEqual(result.ruleFailures, []);
  return result.findings;
}

function labels(list: { items: CompletionSuggestion[] }): string[] {
  return list.items.map((i) => i.label);
}

const CO_WITHOUT_HANDLERS = `#include <windows.h>
#include <setupapi.h>

DWORD CALLBACK TabletCoInstaller(DI_FUNCTION Fn, HDEVINFO Set, PSP_DEVINFO_DATA Data, PCOINSTALLER_CONTEXT_DATA Ctx)
{
    switch (Fn) {
    case DIF_INSTALLDEVICE:
        return NO_ERROR;

    default:
        break;
    }
    return NO_ERROR;
}
`;

test('inside a co-installer dispatch: both finish-install handlers, in its names, never ERROR_DI_DO_DEFAULT', async () => {
  const doc = { path: 'tablet.c', text: CO_WITHOUT_HANDLERS };
  const list = await complete(doc, { line: 8, character: 4 });
  const handlers = list.items.filter((i) => i.kind === 'snippet');
  assert.deepEqual(handlers.map((h) => h.label), ['case DIF_NEWDEVICEWIZARD_FINISHINSTALL', 'case DIF_FINISHINSTALL_ACTION']);
  for (const h of handlers) {
    const code = snippetToPlainText(h.insertText);
    assert.ok(code.includes('(Set, Data'), `uses the installer's parameter names:\n${code}`);
    assert.ok(!code.includes('DeviceInfoSet'), code);
    assert.ok(!/return ERROR_DI_DO_DEFAULT/.test(code), `a co-installer never sets ERROR_DI_DO_DEFAULT:\n${code}`);
    assert.match(code, /return NO_ERROR;/);
    // It never asks for post-processing, so testing Ctx->PostProcessing would be dead code.
    assert.ok(!code.includes('Ctx->PostProcessing'), code);
    assert.match(h.detail, /co-installer \(TabletCoInstaller\)/);
  }
  const wizard = snippetToPlainText(handlers[0].insertText);
  // The protocol's order: check, cbSize, get, FlagsEx |=, set.
  const order = ['FinishInstallActionNeeded(Set, Data)', 'cbSize = sizeof(SP_DEVINSTALL_PARAMS)', 'SetupDiGetDeviceInstallParams(Set, Data', 'FlagsEx |= DI_FLAGSEX_FINISHINSTALL_ACTION', 'SetupDiSetDeviceInstallParams(Set, Data'];
  const at = order.map((part) => wizard.indexOf(part));
  assert.ok(at.every((i) => i >= 0), `missing parts: ${order.filter((_, k) => at[k] < 0).join(', ')}`);
  assert.deepEqual([...at].sort((a, b) => a - b), at, 'in protocol order');
});

test('inserting both handlers into a co-installer leaves no findings', async () => {
  let doc: SourceDocument = { path: 'tablet.c', text: CO_WITHOUT_HANDLERS };
  for (const label of ['case DIF_NEWDEVICEWIZARD_FINISHINSTALL', 'case DIF_FINISHINSTALL_ACTION']) {
    // A fresh blank line before `default:` each time, as a user would make.
    const defaultAt = positionOf(doc.text, 'default:');
    doc = { ...doc, text: applyEdits(doc.text, [{ range: { start: defaultAt, end: defaultAt }, newText: '\n    ' }]) };
    const list = await complete(doc, { line: defaultAt.line, character: 4 });
    const suggestion = list.items.find((i) => i.label === label);
    assert.ok(suggestion, `${label} offered; got ${labels(list).slice(0, 5).join(', ')}`);
    doc = accept(doc, suggestion);
  }
  const result = await findings(doc);
  assert.deepEqual(result.map(describeFinding), [], doc.text);
  // Now both are handled: nothing more to offer.
  const after = await complete(doc, positionOf(doc.text, 'default:'));
  assert.deepEqual(after.items.filter((i) => i.kind === 'snippet'), []);
});

test('a class installer that sets the flag but lacks DIF_FINISHINSTALL_ACTION: the handler fixes it', async () => {
  const doc = editorFixture('workspace/fabrikamci.c');
  // Remove its DIF_FINISHINSTALL_ACTION case, then ask for completions where it was.
  const start = positionOf(doc.text, 'case DIF_FINISHINSTALL_ACTION:');
  const end = positionOf(doc.text, 'default:');
  const without = { ...doc, text: applyEdits(doc.text, [{ range: { start, end: { line: end.line, character: 0 } }, newText: '\n' }]) };
  assert.deepEqual((await findings(without)).map((f) => f.ruleId), ['flag-without-action']);
  const list = await complete(without, start);
  assert.deepEqual(list.items.filter((i) => i.kind === 'snippet').map((i) => i.label), ['case DIF_FINISHINSTALL_ACTION']);
  const handler = list.items.find((i) => i.kind === 'snippet')!;
  const code = snippetToPlainText(handler.insertText);
  assert.match(code, /return ERROR_DI_DO_DEFAULT;/, 'a class installer returns ERROR_DI_DO_DEFAULT when the action is done');
  assert.ok(!/return NO_ERROR;/.test(code), code);
  assert.ok(code.includes(catalogue.returnMeaning('class-installer', 'finishinstall-action', 'do-default').text), 'the return is commented from the catalogue');
  const fixed = accept(without, handler);
  assert.deepEqual((await findings(fixed)).map(describeFinding), [], fixed.text);
});

test('typing "case DIF_F" replaces the whole label being typed', async () => {
  const text = CO_WITHOUT_HANDLERS.replace('    default:', '    case DIF_F\n    default:');
  const doc = { path: 'tablet.c', text };
  const position = positionOf(text, 'case DIF_F', { offset: 'case DIF_F'.length });
  const list = await complete(doc, position);
  const action = list.items.find((i) => i.label === 'case DIF_FINISHINSTALL_ACTION');
  assert.ok(action, labels(list).join(', '));
  assert.deepEqual(action.replaceRange, { start: { line: position.line, character: 4 }, end: position });
  assert.ok(action.filterText.startsWith('case DIF_F'));
});

test('a co-installer that asks for post-processing gets handlers that pass the result on in the second pass', async () => {
  const doc = editorFixture('co-installer.c');
  const list = await complete(doc, positionOf(doc.text, 'default:'));
  const handlers = list.items.filter((i) => i.kind === 'snippet');
  assert.deepEqual(handlers.map((h) => h.label), ['case DIF_FINISHINSTALL_ACTION']);
  const code = snippetToPlainText(handlers[0].insertText);
  assert.match(code, /if \(CoContext->PostProcessing\) \{\s*\/\/[^\n]*\n\s*return CoContext->InstallResult;/, code);
  assert.ok(code.includes('RunFinishInstallAction(DevInfo, DevData)'), code);
});

test('outside the dispatch: no handlers; in comments and strings: nothing', async () => {
  const doc = editorFixture('workspace/fabrikamci.c');
  const inHelper = await complete(doc, positionOf(doc.text, 'DeviceInstallParams.cbSize', { occurrence: 0 }));
  assert.deepEqual(inHelper.items.filter((i) => i.kind === 'snippet'), []);
  assert.ok(inHelper.items.some((i) => i.label === 'ERROR_DI_DO_DEFAULT'), 'constants are offered in code');
  const inComment = await complete(doc, positionOf(doc.text, 'mingw-w64', { offset: 3 }));
  assert.deepEqual(inComment.items, []);
});

test('constants carry their catalogue documentation and value', async () => {
  const doc = editorFixture('workspace/fabrikamci.c');
  const list = await complete(doc, positionOf(doc.text, 'Status = '));
  const action = list.items.find((i) => i.label === 'DIF_FINISHINSTALL_ACTION');
  assert.ok(action);
  assert.equal(action.kind, 'constant');
  assert.equal(action.insertText, 'DIF_FINISHINSTALL_ACTION');
  assert.equal(action.detail, 'DIF code 0x2A (42)');
  assert.equal(action.documentation, catalogue.DIF_CODES.find((d) => d.name === 'DIF_FINISHINSTALL_ACTION')!.summary);
  const doDefault = list.items.find((i) => i.label === 'ERROR_DI_DO_DEFAULT');
  assert.equal(doDefault?.detail, 'return code 0xE000020E (3758096910)');
  assert.ok(list.items.some((i) => i.label === 'DI_FLAGSEX_FINISHINSTALL_ACTION' && i.detail.startsWith('FlagsEx bit')));
});

test('at file level: class-installer and co-installer entry points that the rules accept', async () => {
  const empty = { path: 'new-installer.c', text: '#include <windows.h>\n#include <setupapi.h>\n\n' };
  const list = await complete(empty, { line: 3, character: 0 });
  assert.deepEqual(labels(list), ['class installer entry point', 'co-installer entry point']);
  for (const suggestion of list.items) {
    const doc = accept(empty, suggestion);
    const result = (await sharedEngine()).analyze(doc);
    assert.equal(result.model?.entryPoints.length, 1, doc.text);
    const kind = suggestion.label.startsWith('class') ? 'class-installer' : 'co-installer';
    assert.equal(result.model?.entryPoints[0].kind, kind);
    assert.deepEqual([...result.model!.entryPoints[0].dispatch.keys()].sort(), ['DIF_FINISHINSTALL_ACTION', 'DIF_NEWDEVICEWIZARD_FINISHINSTALL']);
    assert.deepEqual(result.findings.map(describeFinding), [], doc.text);
  }
  // Not inside a function body.
  const doc = editorFixture('workspace/fabrikamci.c');
  const inBody = await complete(doc, positionOf(doc.text, 'DWORD Status;'));
  assert.ok(!labels(inBody).includes('class installer entry point'));
});

test('in a file without an installer, constants only once what is typed looks like one', async () => {
  const doc = { path: 'util.c', text: 'int add(int a, int b)\n{\n    return a + b;\n}\nint f(void)\n{\n    return DIF_FIN;\n}\n' };
  const plain = await complete(doc, positionOf(doc.text, 'a + b', { offset: 1 }));
  assert.deepEqual(plain.items, []);
  assert.equal(plain.isIncomplete, true, 'ask again as the user types');
  const typed = await complete(doc, positionOf(doc.text, 'DIF_FIN', { offset: 'DIF_FIN'.length }));
  assert.ok(labels(typed).includes('DIF_FINISHINSTALL_ACTION'));
});

test('typing `case` key by key in the dispatch: at every letter the handlers match, first and preselected, and the list is asked again', async () => {
  const lines = CO_WITHOUT_HANDLERS.split('\n');
  for (const typed of ['c', 'ca', 'cas', 'case', 'case ', 'case DIF_F']) {
    lines[8] = `    ${typed}`;
    const doc = { path: 'tablet.c', text: lines.join('\n') };
    const list = await complete(doc, { line: 8, character: 4 + typed.length });
    assert.equal(list.isIncomplete, true, `"${typed}": the list may change with the next key`);
    const handlers = list.items.filter((i) => i.kind === 'snippet');
    assert.ok(handlers.length > 0, `"${typed}": handlers offered`);
    // What VS Code matches: the typed text is a prefix of the filter text of each handler still relevant.
    const matching = handlers.filter((h) => h.filterText.toLowerCase().startsWith(typed.toLowerCase()));
    assert.ok(matching.length > 0, `"${typed}": ${handlers.map((h) => h.filterText).join(', ')}`);
    const first = [...list.items].sort((a, b) => a.sortText.localeCompare(b.sortText))[0];
    assert.equal(first.kind, 'snippet', `"${typed}": the installer's handlers sort first`);
    assert.equal(handlers[0].preselect, true);
  }
});
