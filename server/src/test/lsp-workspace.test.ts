/**
 * The language server across files: INF files are checked against the entry points of the workspace's
 * C sources (scanned in the background, then kept current from open documents and the file watcher),
 * and INF registrations and C entry points link to each other (definition, references).
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Location } from 'vscode-languageserver-protocol';
import { EXPLAIN_REQUEST } from '#protocol';
import { LspSession } from './lspHarness';
import { EDITOR_FIXTURES, positionOf } from './features-support';

describe('language server: a driver package workspace', () => {
  let folder: string;
  let session: LspSession;
  const uriOf = (name: string) => pathToFileURL(path.join(folder, name)).href;
  const textOf = (name: string) => fs.readFileSync(path.join(folder, name), 'utf8');

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'finish-install-ws-'));
    fs.cpSync(path.join(EDITOR_FIXTURES, 'workspace'), folder, { recursive: true });
    session = await LspSession.start({ folders: [folder] });
    await session.waitForLog(/Indexed 2 installer entry point\(s\) in 2 C\/C\+\+ file\(s\)/);
  });
  after(async () => {
    await session?.stop();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  test('an INF registration naming an entry point no source defines is reported, with the near miss', async () => {
    await session.open(uriOf('fabrikam.inf'), 'inf', textOf('fabrikam.inf'));
    const published = await session.waitForDiagnostics(uriOf('fabrikam.inf'));
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['inf-entry-point-missing']);
    const [missing] = published.diagnostics;
    assert.deepEqual(missing.range.start, positionOf(textOf('fabrikam.inf'), 'FabrikamCoInstaller"'));
    assert.match(String(missing.message), /The sources define the co-installer FabrikamCoInstallerOld/);
    assert.equal(missing.relatedInformation?.[0].location.uri, uriOf('fabrikamco.c'));
  });

  test('renaming the C function in the editor (unsaved) clears the INF finding', async () => {
    const mark = session.mark();
    await session.open(uriOf('fabrikamco.c'), 'c', textOf('fabrikamco.c').replace('FabrikamCoInstallerOld', 'FabrikamCoInstaller'));
    const published = await session.waitForDiagnostics(uriOf('fabrikam.inf'), () => true, { after: mark });
    assert.deepEqual(published.diagnostics, []);
  });

  test('go to definition from the INF entry name lands on the C function', async () => {
    const inf = textOf('fabrikam.inf');
    const classLocations = await session.request<Location[]>('textDocument/definition', {
      textDocument: { uri: uriOf('fabrikam.inf') },
      position: positionOf(inf, 'FabrikamClassInstaller', { offset: 3 }),
    });
    const ci = textOf('fabrikamci.c');
    const name = positionOf(ci, 'FabrikamClassInstaller(');
    assert.deepEqual(classLocations, [{ uri: uriOf('fabrikamci.c'), range: { start: name, end: { line: name.line, character: name.character + 'FabrikamClassInstaller'.length } } }]);
    // The co-installer as renamed in the open (unsaved) document.
    const coLocations = await session.request<Location[]>('textDocument/definition', {
      textDocument: { uri: uriOf('fabrikam.inf') },
      position: positionOf(inf, 'FabrikamCoInstaller"', { offset: 1 }),
    });
    assert.deepEqual(coLocations.map((l) => l.uri), [uriOf('fabrikamco.c')]);
    // Elsewhere in the INF: nothing.
    const none = await session.request<Location[]>('textDocument/definition', { textDocument: { uri: uriOf('fabrikam.inf') }, position: { line: 5, character: 2 } });
    assert.deepEqual(none, []);
  });

  test('find references from the C entry point lists its INF registration', async () => {
    await session.close(uriOf('fabrikam.inf')); // read from disk this time
    const ci = textOf('fabrikamci.c');
    await session.open(uriOf('fabrikamci.c'), 'c', ci);
    const refs = await session.request<Location[]>('textDocument/references', {
      textDocument: { uri: uriOf('fabrikamci.c') },
      position: positionOf(ci, 'FabrikamClassInstaller(', { offset: 2 }),
      context: { includeDeclaration: false },
    });
    const inf = textOf('fabrikam.inf');
    const at = positionOf(inf, 'FabrikamClassInstaller');
    assert.deepEqual(refs, [{ uri: uriOf('fabrikam.inf'), range: { start: at, end: { line: at.line, character: at.character + 'FabrikamClassInstaller'.length } } }]);
    const withDeclaration = await session.request<Location[]>('textDocument/references', {
      textDocument: { uri: uriOf('fabrikamci.c') },
      position: positionOf(ci, 'FabrikamClassInstaller(', { offset: 2 }),
      context: { includeDeclaration: true },
    });
    assert.equal(withDeclaration.length, 2);
    assert.equal(withDeclaration[0].uri, uriOf('fabrikamci.c'));
  });

  test('a C file changed on disk (file watcher) updates the INF check', async () => {
    let mark = session.mark();
    await session.close(uriOf('fabrikamco.c')); // back to the disk's text: the old name
    await session.open(uriOf('fabrikam.inf'), 'inf', textOf('fabrikam.inf'));
    await session.waitForDiagnostics(uriOf('fabrikam.inf'), (p) => p.diagnostics.length === 1, { after: mark });
    mark = session.mark();
    fs.writeFileSync(path.join(folder, 'fabrikamco.c'), textOf('fabrikamco.c').replace('FabrikamCoInstallerOld', 'FabrikamCoInstaller'));
    await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('fabrikamco.c'), type: 2 }] });
    await session.waitForDiagnostics(uriOf('fabrikam.inf'), (p) => p.diagnostics.length === 0, { after: mark });
  });
});

describe('language server: what an entry-point change re-analyses', () => {
  let folder: string;
  let session: LspSession | undefined;
  const uriOf = (name: string) => pathToFileURL(path.join(folder, name)).href;
  const textOf = (name: string) => fs.readFileSync(path.join(folder, name), 'utf8');
  const analysesOf = (name: string) => session!.logs.filter((l) => l.startsWith(`Analysed ${uriOf(name)} `)).length;

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'finish-install-ws-generations-'));
    fs.cpSync(path.join(EDITOR_FIXTURES, 'workspace'), folder, { recursive: true });
    session = await LspSession.start({ folders: [folder] });
    await session.trace('verbose');
    await session.waitForLog(/Indexed 2 installer entry point\(s\)/);
  });
  after(async () => {
    await session?.stop();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  test('an INF is checked again, an open C document is not', async () => {
    const s = session!;
    await s.open(uriOf('fabrikam.inf'), 'inf', textOf('fabrikam.inf'));
    await s.waitForDiagnostics(uriOf('fabrikam.inf'));
    const co = textOf('fabrikamco.c');
    await s.open(uriOf('fabrikamco.c'), 'c', co);
    const hoverAt = { textDocument: { uri: uriOf('fabrikamco.c') }, position: positionOf(co, 'NO_ERROR') };
    await s.request(EXPLAIN_REQUEST, hoverAt);
    const cAnalyses = analysesOf('fabrikamco.c');
    assert.ok(cAnalyses >= 1);
    // The class installer is renamed on disk: the INF's registration of it is now missing.
    const mark = s.mark();
    fs.writeFileSync(path.join(folder, 'fabrikamci.c'), textOf('fabrikamci.c').replaceAll('FabrikamClassInstaller', 'FabrikamClassInstallerV2'));
    await s.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('fabrikamci.c'), type: 2 }] });
    const inf = await s.waitForDiagnostics(uriOf('fabrikam.inf'), (p) => p.diagnostics.length === 2, { after: mark });
    assert.deepEqual(inf.diagnostics.map((d) => d.code), ['inf-entry-point-missing', 'inf-entry-point-missing']);
    await s.request(EXPLAIN_REQUEST, hoverAt);
    assert.equal(analysesOf('fabrikamco.c'), cAnalyses, 'the hover reuses the C analysis made before the entry points changed');
  });
});

describe('language server: the workspace\'s .finish-install.json files are untrusted', () => {
  let folder: string;
  let outside: string;
  let session: LspSession | undefined;
  const uriOf = (name: string) => pathToFileURL(path.join(folder, name)).href;
  const textOf = (name: string) => fs.readFileSync(path.join(folder, name), 'utf8');
  const OFF = JSON.stringify({ rules: { 'inf-entry-point-missing': 'off' } });

  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'finish-install-ws-config-'));
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'finish-install-outside-'));
    fs.cpSync(path.join(EDITOR_FIXTURES, 'workspace'), folder, { recursive: true });
    for (const sub of ['nested', 'linked']) {
      fs.mkdirSync(path.join(folder, sub));
      fs.copyFileSync(path.join(folder, 'fabrikam.inf'), path.join(folder, sub, 'fabrikam.inf'));
      // The DLL's sources beside each INF, so that its entry points are checked there too.
      fs.copyFileSync(path.join(folder, 'fabrikamco.c'), path.join(folder, sub, 'fabrikamco.c'));
    }
    fs.writeFileSync(path.join(folder, 'nested', '.finish-install.json'), JSON.stringify({ rules: { 'inf-entry-point-missing': 'information' } }));
    fs.writeFileSync(path.join(outside, 'private.json'), OFF);
    fs.symlinkSync(path.join(outside, 'private.json'), path.join(folder, 'linked', '.finish-install.json'));
  });
  after(async () => {
    await session?.stop();
    for (const f of [folder, outside]) if (f) fs.rmSync(f, { recursive: true, force: true });
  });

  test('a FIFO at the root: the workspace scan still runs, and the file shows why it was not read', async (t) => {
    const fifo = path.join(folder, '.finish-install.json');
    if (spawnSync('mkfifo', [fifo]).status !== 0) return t.skip('no mkfifo');
    session = await LspSession.start({ folders: [folder] });
    await session.waitForLog(/Indexed 4 installer entry point\(s\) in 4 C\/C\+\+ file\(s\)/);
    const problems = await session.waitForDiagnostics(uriOf('.finish-install.json'));
    assert.deepEqual(problems.diagnostics.map((d) => d.message), ['.finish-install.json not read: it is not a regular file']);
  });

  test('the nearest config wins, as in the CLI; a link to a file outside the folder is not read', async () => {
    assert.ok(session, 'started by the test before');
    await session.open(uriOf('nested/fabrikam.inf'), 'inf', textOf('nested/fabrikam.inf'));
    await session.open(uriOf('linked/fabrikam.inf'), 'inf', textOf('linked/fabrikam.inf'));
    const nested = await session.waitForDiagnostics(uriOf('nested/fabrikam.inf'));
    assert.deepEqual(nested.diagnostics.map((d) => [d.code, d.severity]), [['inf-entry-point-missing', 3]], 'nested/.finish-install.json makes it information');
    const linked = await session.waitForDiagnostics(uriOf('linked/fabrikam.inf'));
    assert.deepEqual(linked.diagnostics.map((d) => [d.code, d.severity]), [['inf-entry-point-missing', 1]], 'the linked config (rule off) does not apply');
    const problems = await session.waitForDiagnostics(uriOf('linked/.finish-install.json'));
    assert.equal(problems.diagnostics.length, 1);
    assert.match(String(problems.diagnostics[0].message), /^\.finish-install\.json not read: it is a link to a place outside /);
  });
});
