/**
 * Helpers in other files in the editor (issue 18, item 2): an open co-installer whose handler returns what
 * a helper in util.c returns gets the finding once the workspace is indexed, with a related location in
 * util.c; editing util.c (open, or on disk) changes the co-installer's diagnostics, and so does editing a
 * header whose macros it uses; a large workspace's indexing shows its progress.
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspSession } from './lspHarness';
import { FIXTURES } from './support/fixtures';

const PACKAGE = path.join(FIXTURES, 'packages', 'contoso-helper-coinstaller');
const hasDoDefault = (d: { diagnostics: Array<{ code?: unknown }> }) => d.diagnostics.some((x) => x.code === 'coinstaller-do-default');

describe('language server: helpers in other files of the DLL', () => {
  let folder = '';
  let session: LspSession;
  const uriOf = (name: string) => pathToFileURL(path.join(folder, name)).href;
  const textOf = (name: string) => fs.readFileSync(path.join(folder, name), 'utf8');

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'finish-install-helpers-'));
    fs.cpSync(PACKAGE, folder, { recursive: true });
    session = await LspSession.start({ folders: [folder] });
  });
  after(async () => {
    await session?.stop();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  test('the co-installer gets the finding of RunAction in util.c, with a related location there', async () => {
    await session.open(uriOf('contosoco.c'), 'c', textOf('contosoco.c'));
    const published = await session.waitForDiagnostics(uriOf('contosoco.c'), hasDoDefault);
    const finding = published.diagnostics.find((d) => d.code === 'coinstaller-do-default')!;
    assert.deepEqual(finding.range.start, { line: 16, character: 15 });
    assert.equal(finding.relatedInformation?.[0].location.uri, uriOf('util.c'));
    assert.equal(finding.relatedInformation?.[0].location.range.start.line, 24);
  });

  test('editing util.c in the editor changes the co-installer\'s diagnostics, and back', async () => {
    const util = textOf('util.c');
    await session.open(uriOf('util.c'), 'c', util);
    const fixedAt = session.mark();
    const line = 24;
    const column = util.split('\n')[line].indexOf('ERROR_DI_DO_DEFAULT');
    const range = { start: { line, character: column }, end: { line, character: column + 'ERROR_DI_DO_DEFAULT'.length } };
    await session.change(uriOf('util.c'), [{ range, text: 'NO_ERROR' }]);
    await session.waitForDiagnostics(uriOf('contosoco.c'), (p) => !hasDoDefault(p), { after: fixedAt });
    const brokenAt = session.mark();
    await session.change(uriOf('util.c'), [{ range: { start: range.start, end: { line, character: column + 'NO_ERROR'.length } }, text: 'ERROR_DI_DO_DEFAULT' }]);
    await session.waitForDiagnostics(uriOf('contosoco.c'), hasDoDefault, { after: brokenAt });
  });

  test('a change of util.c on disk (closed in the editor) re-checks the co-installer', async () => {
    await session.close(uriOf('util.c'));
    const at = session.mark();
    fs.writeFileSync(path.join(folder, 'util.c'), textOf('util.c').replace('return ERROR_DI_DO_DEFAULT;', 'return NO_ERROR;'));
    await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('util.c'), type: 2 }] });
    await session.waitForDiagnostics(uriOf('contosoco.c'), (p) => !hasDoDefault(p), { after: at });
  });
});

describe('language server: indexing a large workspace shows its progress', () => {
  let folder = '';
  let session: LspSession;
  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'finish-install-large-'));
    for (let i = 0; i < 520; i++) fs.writeFileSync(path.join(folder, `file${i}.c`), `int Helper${i}(void) { return ${i}; }\n`);
    session = await LspSession.start({ folders: [folder] });
  });
  after(async () => {
    await session?.stop();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  test('begin, report, end', async () => {
    await session.waitForLog(/in 520 C\/C\+\+ file\(s\)/, 30_000);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(session.progress[0]?.kind, 'begin');
    assert.match(session.progress[0]?.title ?? '', /indexing the workspace/);
    assert.equal(session.progress.at(-1)?.kind, 'end');
  });
});

describe('language server: macros from a project header', () => {
  const MACRO_PACKAGE = path.join(FIXTURES, 'packages', 'macro-coinstaller');
  const header = path.join('include', 'contosoflags.h');
  const hasNotSet = (d: { diagnostics: Array<{ code?: unknown }> }) => d.diagnostics.some((x) => x.code === 'flag-not-set');
  let folder = '';
  let session: LspSession;
  const uriOf = (name: string) => pathToFileURL(path.join(folder, name)).href;
  const textOf = (name: string) => fs.readFileSync(path.join(folder, name), 'utf8');

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'finish-install-headers-'));
    fs.cpSync(MACRO_PACKAGE, folder, { recursive: true });
    session = await LspSession.start({ folders: [folder] });
    await session.waitForLog(/^Indexed /);
    await session.open(uriOf('contosoco.c'), 'c', textOf('contosoco.c'));
    await session.waitForDiagnostics(uriOf('contosoco.c'), (p) => p.diagnostics.length > 0 && !hasNotSet(p));
  });
  after(async () => {
    await session?.stop();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  test("editing the header in the editor re-checks the file that includes it: FI_FLAG no longer the finish-install flag, and back", async () => {
    const text = textOf(header);
    await session.open(uriOf(header), 'c', text);
    const line = text.split('\n').findIndex((l) => l.startsWith('#define FI_FLAG'));
    const column = text.split('\n')[line].indexOf('DI_FLAGSEX_FINISHINSTALL_ACTION');
    const range = { start: { line, character: column }, end: { line, character: column + 'DI_FLAGSEX_FINISHINSTALL_ACTION'.length } };
    const brokenAt = session.mark();
    await session.change(uriOf(header), [{ range, text: 'DI_NEEDREBOOT' }]);
    await session.waitForDiagnostics(uriOf('contosoco.c'), hasNotSet, { after: brokenAt });
    const fixedAt = session.mark();
    await session.change(uriOf(header), [{ range: { start: range.start, end: { line, character: column + 'DI_NEEDREBOOT'.length } }, text: 'DI_FLAGSEX_FINISHINSTALL_ACTION' }]);
    await session.waitForDiagnostics(uriOf('contosoco.c'), (p) => !hasNotSet(p), { after: fixedAt });
  });

  test('a change of the header on disk (closed in the editor) re-checks the file that includes it', async () => {
    await session.close(uriOf(header));
    const at = session.mark();
    fs.writeFileSync(path.join(folder, header), textOf(header).replace('#define FI_FLAG DI_FLAGSEX_FINISHINSTALL_ACTION', '#define FI_FLAG 0'));
    await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(header), type: 2 }] });
    await session.waitForDiagnostics(uriOf('contosoco.c'), hasNotSet, { after: at });
  });
});
