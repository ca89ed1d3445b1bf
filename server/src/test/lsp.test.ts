/**
 * The language server as an editor sees it: the built server is started as a child process and spoken
 * to over stdio. Each test asserts what a user would see (diagnostics, hovers, completions, fixes).
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, CompletionList, Diagnostic, Range } from 'vscode-languageserver-protocol';
import { EXPLAIN_REQUEST, type ExplainResult } from '#protocol';
import { delay, LspSession, summary } from './lspHarness';
import { WORKING_SET_CHARACTERS } from '../lsp/analyzer';
import { editorFixture, positionOf } from './features-support';

const CLASS = editorFixture('workspace/fabrikamci.c');
const CLASS_URI = pathToFileURL(CLASS.path).href;
/** The deliberate problem in the class installer: NO_ERROR returned from DIF_FINISHINSTALL_ACTION. */
const WRONG_RETURN = positionOf(CLASS.text, 'return NO_ERROR;', { offset: 'return '.length });
const WRONG_RETURN_RANGE: Range = { start: WRONG_RETURN, end: { line: WRONG_RETURN.line, character: WRONG_RETURN.character + 'NO_ERROR'.length } };

function messageOf(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}

function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code)).sort();
}

describe('language server: one installer document', () => {
  let session: LspSession;
  before(async () => {
    session = await LspSession.start();
  });
  after(async () => {
    await session?.stop();
  });

  test('initialize announces incremental sync, completion and quick fixes', () => {
    const capabilities = session.initializeResult.capabilities;
    assert.deepEqual(capabilities.textDocumentSync, { openClose: true, change: 2 });
    assert.ok(capabilities.completionProvider);
    assert.deepEqual(capabilities.codeActionProvider, { codeActionKinds: ['quickfix'] });
  });

  test('opening an installer publishes its findings with source, code, link, severity and range', async () => {
    await session.open(CLASS_URI, 'c', CLASS.text, 1);
    const published = await session.waitForDiagnostics(CLASS_URI);
    assert.equal(published.version, 1);
    assert.deepEqual(codes(published.diagnostics), ['class-action-no-error']);
    const [diagnostic] = published.diagnostics;
    assert.equal(diagnostic.source, 'finish-install');
    assert.equal(diagnostic.severity, 2, 'warning');
    assert.deepEqual(diagnostic.range, WRONG_RETURN_RANGE);
    assert.match(messageOf(diagnostic), /returns NO_ERROR from DIF_FINISHINSTALL_ACTION/);
    assert.match(diagnostic.codeDescription!.href, /^https:\/\/.+\/blob\/main\/docs\/rules\/class-action-no-error\.md$/);
  });

  test('the explain request describes the return under the cursor in its context', async () => {
    const result = await session.request<ExplainResult>(EXPLAIN_REQUEST, { textDocument: { uri: CLASS_URI }, position: WRONG_RETURN });
    assert.ok(result, 'an explanation');
    assert.match(result.markdown, /class installer `FabrikamClassInstaller`, DIF_FINISHINSTALL_ACTION handler: ✘ suppresses/);
    assert.match(result.markdown, /\]\(https:\/\/.+\/blob\/main\/docs\/finish-install-contract\.md#return-codes\)/);
    assert.deepEqual(result.range, WRONG_RETURN_RANGE);
    const nothing = await session.request<ExplainResult>(EXPLAIN_REQUEST, { textDocument: { uri: CLASS_URI }, position: { line: 0, character: 0 } });
    assert.equal(nothing, null);
  });

  test('code actions: the rule\'s own fix first, then disable for this line / file', async () => {
    const diagnostic = session.latest(CLASS_URI)!.diagnostics[0];
    const actions = await session.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: CLASS_URI },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Return ERROR_DI_DO_DEFAULT', 'Disable class-action-no-error for this line', 'Disable class-action-no-error for this file'],
    );
    const [fix, line] = actions;
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.isPreferred, true);
    assert.deepEqual(fix.diagnostics, [diagnostic]);
    assert.deepEqual(fix.edit!.changes![CLASS_URI], [{ range: WRONG_RETURN_RANGE, newText: 'ERROR_DI_DO_DEFAULT' }]);
    assert.deepEqual(line.edit!.changes![CLASS_URI], [
      { range: { start: { line: WRONG_RETURN.line, character: 0 }, end: { line: WRONG_RETURN.line, character: 0 } }, newText: '        // finish-install-disable-next-line class-action-no-error\n' },
    ]);
    // A diagnostic that is not ours gets no actions.
    const foreign = await session.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: CLASS_URI },
      range: diagnostic.range,
      context: { diagnostics: [{ ...diagnostic, source: 'cpptools', code: 'C4013' }] },
    });
    assert.deepEqual(foreign, []);
  });

  test('an incremental edit that fixes the return clears the diagnostics for the new version', async () => {
    await session.change(CLASS_URI, [{ range: WRONG_RETURN_RANGE, text: 'ERROR_DI_DO_DEFAULT' }], 2);
    const published = await session.waitForDiagnostics(CLASS_URI, (p) => (p.version ?? 0) >= 2);
    assert.equal(published.version, 2);
    assert.deepEqual(published.diagnostics, []);
  });

  test('rapid edits: only the newest version is published, versions never go backwards', async () => {
    const fixedRange: Range = { start: WRONG_RETURN, end: { line: WRONG_RETURN.line, character: WRONG_RETURN.character + 'ERROR_DI_DO_DEFAULT'.length } };
    const before = session.published.length;
    // v3 brings the problem back, v4 makes the whole line a comment. Both are written in the same tick, as
    // a burst of keystrokes arrives: awaited one by one, a test process held up for longer than the typing
    // pause (5 ms) on a busy machine let v3 be analysed before v4 was sent.
    await Promise.all([
      session.change(CLASS_URI, [{ range: fixedRange, text: 'NO_ERROR' }], 3),
      session.change(CLASS_URI, [{ range: { start: { line: WRONG_RETURN.line, character: 0 }, end: { line: WRONG_RETURN.line, character: 0 } }, text: '        return ERROR_DI_DO_DEFAULT; //' }], 4),
    ]);
    await delay(600);
    const after = session.published.slice(before).filter((p) => p.uri === CLASS_URI);
    assert.ok(!after.some((p) => p.version === 3), `v3 was superseded before its analysis: ${after.map(summary).join(' ')}`);
    const versions = session.published.filter((p) => p.uri === CLASS_URI).map((p) => p.version ?? 0);
    assert.deepEqual([...versions].sort((a, b) => a - b), versions, 'publications in version order');
    const explain = await session.request<ExplainResult>(EXPLAIN_REQUEST, {
      textDocument: { uri: CLASS_URI },
      position: { line: WRONG_RETURN.line, character: '        return '.length + 1 },
    });
    assert.match(explain!.markdown, /\*\*ERROR_DI_DO_DEFAULT\*\*/, 'the server sees v4');
  });

  test('closing the document clears its diagnostics', async () => {
    // Bring a finding back first, so there is something to clear.
    await session.change(CLASS_URI, [{ range: { start: { line: 0, character: 0 }, end: { line: 999, character: 0 } }, text: CLASS.text }], 5);
    await session.waitForDiagnostics(CLASS_URI, (p) => p.version === 5 && p.diagnostics.length === 1);
    const mark = session.mark();
    await session.close(CLASS_URI);
    const cleared = await session.waitForDiagnostics(CLASS_URI, (p) => p.diagnostics.length === 0, { after: mark });
    assert.equal(cleared.version, undefined);
  });

  test('completion inside a co-installer dispatch offers its missing finish-install handlers as snippets', async () => {
    const uri = 'untitled:Untitled-1';
    const text = [
      'DWORD CALLBACK Tablet(DI_FUNCTION Fn, HDEVINFO Set, PSP_DEVINFO_DATA Data, PCOINSTALLER_CONTEXT_DATA Ctx)',
      '{',
      '    switch (Fn) {',
      '    case DIF_NEWDEVICEWIZARD_FINISHINSTALL:',
      '        return NO_ERROR;',
      '    ',
      '    default:',
      '        return NO_ERROR;',
      '    }',
      '}',
      '',
    ].join('\n');
    await session.open(uri, 'c', text);
    const list = await session.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 5, character: 4 } });
    const handler = list.items.find((i) => i.label === 'case DIF_FINISHINSTALL_ACTION');
    assert.ok(handler, list.items.map((i) => i.label).join(', '));
    assert.ok(!list.items.some((i) => i.label === 'case DIF_NEWDEVICEWIZARD_FINISHINSTALL'), 'already handled');
    assert.equal(handler.insertTextFormat, 2, 'snippet');
    assert.equal(handler.kind, 15, 'snippet kind');
    const edit = handler.textEdit as { range: Range; newText: string };
    assert.deepEqual(edit.range, { start: { line: 5, character: 4 }, end: { line: 5, character: 4 } });
    assert.ok(edit.newText.includes('${2:RunFinishInstallAction}') && edit.newText.includes('${2}(Set, Data)'), edit.newText);
    assert.ok(!edit.newText.includes('ERROR_DI_DO_DEFAULT'));
    const constant = list.items.find((i) => i.label === 'ERROR_DI_POSTPROCESSING_REQUIRED');
    assert.equal(constant?.detail, 'return code 0xE0000226 (3758096934)');
    await session.close(uri);
  });

  test('untitled documents are analysed too', async () => {
    const uri = 'untitled:Untitled-2';
    await session.open(uri, 'c', 'DWORD CALLBACK Co(DI_FUNCTION f, HDEVINFO s, PSP_DEVINFO_DATA d, PCOINSTALLER_CONTEXT_DATA c)\n{\n    return ERROR_DI_DO_DEFAULT;\n}\n');
    const published = await session.waitForDiagnostics(uri);
    assert.deepEqual(codes(published.diagnostics), ['coinstaller-do-default']);
    assert.equal(published.diagnostics[0].severity, 1, 'error');
    await session.close(uri);
  });

  test('a C++ installer gets its findings too (the server loads the C++ grammar when the first C++ file comes)', async () => {
    const fixture = path.resolve(__dirname, '../../../test/fixtures/c/returns/class-installer-if-chain.cpp');
    const uri = pathToFileURL(fixture).href;
    await session.open(uri, 'cpp', fs.readFileSync(fixture, 'utf8'));
    const published = await session.waitForDiagnostics(uri);
    assert.deepEqual(codes(published.diagnostics), ['class-action-no-error', 'class-postprocessing', 'unhandled-dif-return']);
    await session.close(uri);
  });

  test('a C file without an installer gets no diagnostics message at all', async () => {
    const uri = 'untitled:plain.c';
    const before = session.published.length;
    await session.open(uri, 'c', 'int add(int a, int b) { return a + b; }\n');
    await session.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// sum\n' }]);
    await delay(400);
    assert.deepEqual(session.published.slice(before).filter((p) => p.uri === uri), []);
    await session.close(uri);
  });

  test('malformed and out-of-order messages leave the server working', async () => {
    const ghost = 'file:///nowhere/ghost.c';
    // didChange / didClose for a document that was never opened.
    await session.change(ghost, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }], 7);
    await session.close(ghost);
    // A change with a range past the end of the text, and a change with no text at all.
    const uri = 'untitled:Untitled-3';
    await session.open(uri, 'c', CLASS.text);
    await session.waitForDiagnostics(uri);
    await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 5000, character: 0 }, end: { line: 5001, character: 0 } }, text: '\n' }] });
    await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri }, contentChanges: [{}] });
    // Requests about unknown documents, with missing parameters, and for unknown methods.
    assert.equal(await session.request(EXPLAIN_REQUEST, { textDocument: { uri: ghost }, position: { line: 0, character: 0 } }), null);
    assert.equal(await session.request(EXPLAIN_REQUEST, {}), null);
    await session.waitForLog(/Explain failed: TypeError/);
    assert.deepEqual(await session.request('textDocument/completion', { textDocument: { uri: ghost }, position: { line: 0, character: 0 } }), { isIncomplete: false, items: [] });
    await assert.rejects(session.request('finishInstall/noSuchRequest', {}), /Unhandled method|not found/i);
    await session.connection.sendNotification('finishInstall/noSuchNotification', { junk: true });
    // Still alive, and still analysing.
    assert.ok(session.alive);
    const fresh = 'untitled:Untitled-4';
    await session.open(fresh, 'c', CLASS.text);
    const published = await session.waitForDiagnostics(fresh);
    assert.deepEqual(codes(published.diagnostics), ['class-action-no-error']);
    await session.close(fresh);
    await session.close(uri);
  });
});

describe('language server: many open documents', () => {
  let session: LspSession;
  before(async () => {
    session = await LspSession.start();
  });
  after(async () => {
    await session?.stop();
  });

  test('documents beyond the working set keep their quick fixes and still answer hovers (analysed again on demand)', async () => {
    // Each document is over half the working set's budget (a long comment at its end): only the most
    // recently analysed one keeps its whole analysis, the others keep only their findings.
    const text = `${CLASS.text}\n/*${' notes'.repeat(Math.ceil(WORKING_SET_CHARACTERS / 2 / 6))}*/\n`;
    const uris = [1, 2, 3].map((n) => `untitled:Installer-${n}.c`);
    for (const uri of uris) {
      await session.open(uri, 'c', text);
      assert.deepEqual(codes((await session.waitForDiagnostics(uri)).diagnostics), ['class-action-no-error']);
    }
    const explain = (uri: string) => session.request<ExplainResult>(EXPLAIN_REQUEST, { textDocument: { uri }, position: WRONG_RETURN });
    const inContext = /class installer `FabrikamClassInstaller`, DIF_FINISHINSTALL_ACTION handler: ✘ suppresses/;
    // Each hover makes its document the most recent one; afterwards the first two are out of the set.
    for (const uri of uris) assert.match((await explain(uri))!.markdown, inContext, uri);
    const first = uris[0];
    const diagnostic = session.latest(first)!.diagnostics[0];
    const actions = await session.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: first }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    assert.equal(actions[0]?.title, 'Return ERROR_DI_DO_DEFAULT');
    assert.match((await explain(first))!.markdown, inContext, 'a hover on a document that kept only its findings');
    // Typing in a document that left the working set: analysed from scratch, right findings for the new version.
    const fixedRange: Range = { start: WRONG_RETURN, end: { line: WRONG_RETURN.line, character: WRONG_RETURN.character + 'NO_ERROR'.length } };
    await session.change(uris[1], [{ range: fixedRange, text: 'ERROR_DI_DO_DEFAULT' }], 2);
    assert.deepEqual((await session.waitForDiagnostics(uris[1], (p) => p.version === 2)).diagnostics, []);
    for (const uri of uris) await session.close(uri);
  });
});

describe('language server: results of an old version never replace a newer one', () => {
  test('a slow first analysis (settings answered late) is dropped when the document changed meanwhile', async () => {
    const session = await LspSession.start({ configurationDelayMs: 700 });
    try {
      const uri = 'untitled:slow.c';
      await session.open(uri, 'c', CLASS.text, 1);
      await delay(150);
      // v2 fixes the problem while v1's analysis still waits for its settings.
      await session.change(uri, [{ range: WRONG_RETURN_RANGE, text: 'ERROR_DI_DO_DEFAULT' }], 2);
      await delay(1500);
      const mine = session.published.filter((p) => p.uri === uri);
      assert.deepEqual(mine.map(summary), [], 'v1 (with its finding) is never published; v2 has none');
      // And a later change that brings the problem back is published with its version.
      await session.change(uri, [{ range: { start: WRONG_RETURN, end: { line: WRONG_RETURN.line, character: WRONG_RETURN.character + 'ERROR_DI_DO_DEFAULT'.length } }, text: 'NO_ERROR' }], 3);
      const v3 = await session.waitForDiagnostics(uri);
      assert.equal(v3.version, 3);
      assert.deepEqual(codes(v3.diagnostics), ['class-action-no-error']);
    } finally {
      await session.stop();
    }
  });
});

describe('language server: settings and .finish-install.json', () => {
  let folder: string;
  let session: LspSession;
  let uri: string;
  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'finish-install-lsp-'));
    fs.writeFileSync(path.join(folder, 'classinst.c'), CLASS.text);
    uri = pathToFileURL(path.join(folder, 'classinst.c')).href;
    session = await LspSession.start({ folders: [folder], settings: { rules: { 'class-action-no-error': 'error' } } });
  });
  after(async () => {
    await session?.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  test('finishInstall.rules overrides a rule\'s severity', async () => {
    await session.open(uri, 'c', CLASS.text, 1);
    const published = await session.waitForDiagnostics(uri);
    assert.equal(published.diagnostics[0].severity, 1, 'error, as the setting says');
  });

  test('.finish-install.json applies without reload when the watcher reports it; problems show on the file', async () => {
    const configPath = path.join(folder, '.finish-install.json');
    const configUri = pathToFileURL(configPath).href;
    session.settings = {};
    let mark = session.mark();
    await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const defaults = await session.waitForDiagnostics(uri, () => true, { after: mark });
    assert.equal(defaults.diagnostics[0].severity, 2, 'without the setting: the default severity');
    mark = session.mark();
    fs.writeFileSync(configPath, JSON.stringify({ rules: { 'class-action-no-error': 'off' } }));
    await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 1 }] });
    await session.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0, { after: mark });
    // A broken config: the rule is back to its default, and the file shows the problem where it is.
    mark = session.mark();
    fs.writeFileSync(configPath, '{\n  "rules": {\n    "class-action-no-eror": "off"\n  }\n}\n');
    await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 2 }] });
    const back = await session.waitForDiagnostics(uri, (p) => p.diagnostics.length === 1, { after: mark });
    assert.equal(back.diagnostics[0].severity, 2, 'default severity again');
    const problems = await session.waitForDiagnostics(configUri, () => true, { after: mark });
    assert.equal(problems.diagnostics.length, 1);
    assert.match(messageOf(problems.diagnostics[0]), /unknown rule id "class-action-no-eror"/);
    assert.deepEqual(problems.diagnostics[0].range, { start: { line: 2, character: 4 }, end: { line: 2, character: 26 } });
    // Deleting the file clears its problems.
    mark = session.mark();
    fs.rmSync(configPath);
    await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 3 }] });
    await session.waitForDiagnostics(configUri, (p) => p.diagnostics.length === 0, { after: mark });
  });

  test('finishInstall.maxFileSizeKB skips larger files with a visible note', async () => {
    session.settings = { maxFileSizeKB: 1 };
    const mark = session.mark();
    await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const skipped = await session.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'file-skipped'), { after: mark });
    assert.equal(skipped.diagnostics.length, 1);
    assert.match(messageOf(skipped.diagnostics[0]), /larger than 1 KB/);
  });

  test('finishInstall.enable false clears the diagnostics', async () => {
    session.settings = { enable: true };
    let mark = session.mark();
    await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await session.waitForDiagnostics(uri, (p) => p.diagnostics.length === 1 && p.diagnostics[0].code === 'class-action-no-error', { after: mark });
    session.settings = { enable: false };
    mark = session.mark();
    await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await session.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0, { after: mark });
    const explain = await session.request<ExplainResult>(EXPLAIN_REQUEST, { textDocument: { uri }, position: WRONG_RETURN });
    assert.equal(explain, null, 'disabled means no hovers either');
  });
});
