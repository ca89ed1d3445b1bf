/**
 * The editor features read from the installer model, through the language server: code lenses above
 * entry points and DIF handlers, document and workspace symbols, the status notification of the
 * language status item, and a bad .finish-install.json logged once.
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeLens, DocumentSymbol, WorkspaceSymbol } from 'vscode-languageserver-protocol';
import { REVEAL_ENTRY_POINT_COMMAND, STATUS_NOTIFICATION, type DocumentStatus } from '../../../protocol/out/protocol';
import { LspSession } from './lspHarness';
import { REPO_ROOT } from './support/fixtures';

const FABRIKAM = path.join(REPO_ROOT, 'examples', 'fabrikam-coinstaller');

describe('language server: lenses, symbols and status on the Fabrikam co-installer', () => {
  let folder = '';
  let session: LspSession;
  const statuses: DocumentStatus[] = [];
  const uriOf = (name: string) => pathToFileURL(path.join(folder, name)).href;
  const openC = async () => session.open(uriOf('FabrikamCo.c'), 'c', fs.readFileSync(path.join(folder, 'FabrikamCo.c'), 'utf8'));

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'finish-install-editor-'));
    fs.cpSync(FABRIKAM, folder, { recursive: true });
    session = await LspSession.start({ folders: [folder] });
    session.connection.onNotification(STATUS_NOTIFICATION, (status: DocumentStatus) => {
      statuses.push(status);
    });
    await session.waitForLog(/Indexed 1 installer entry point/);
    await openC();
  });
  after(async () => {
    await session?.stop();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  test('a lens above the entry point: role, where it comes from, finish-install status; above each handler: its returns in the contract\'s words', async () => {
    const lenses = await session.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uriOf('FabrikamCo.c') } });
    const titles = lenses.map((l) => `${l.range.start.line + 1}: ${l.command?.title}`);
    assert.deepEqual(titles, [
      '47: co-installer · registered in fabrikam.inf:46 · finish-install: flag set ✗ saved ✗ action ✓ waits ✗',
      '55: DIF_NEWDEVICEWIZARD_FINISHINSTALL → pre-processing: NO_ERROR (handled) · post-processing: Win32 error (failure) | NO_ERROR (handled) | computed value',
      '64: DIF_FINISHINSTALL_ACTION → NO_ERROR (done) | Win32 error (retry at next enumeration) | ERROR_DI_DO_DEFAULT (failure) ✘',
    ]);
    const entryName = lenses[0].range;
    for (const lens of lenses) {
      assert.equal(lens.command?.command, REVEAL_ENTRY_POINT_COMMAND);
      assert.deepEqual(lens.command?.arguments, [{ uri: uriOf('FabrikamCo.c'), range: entryName }]);
    }
  });

  test('finishInstall.codeLens.enable false: no lenses', async () => {
    session.settings = { codeLens: { enable: false } };
    await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    try {
      const lenses = await session.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uriOf('FabrikamCo.c') } });
      assert.deepEqual(lenses, []);
    } finally {
      session.settings = {};
      await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    }
  });

  test('the Outline: the entry point, and in it each DIF handler and the post-processing test, in source order', async () => {
    const symbols = await session.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: uriOf('FabrikamCo.c') } });
    const outline = symbols.map((s) => [s.name, s.detail, s.range.start.line + 1, s.children?.map((c) => [c.name, c.range.start.line + 1, c.range.end.line + 1])]);
    assert.deepEqual(outline, [
      [
        'FabrikamCoInstaller',
        'co-installer · registered in fabrikam.inf:46',
        46,
        [
          ['DIF_NEWDEVICEWIZARD_FINISHINSTALL', 55, 62],
          ['pre-/post-processing', 56, 58],
          ['DIF_FINISHINSTALL_ACTION', 64, 68],
        ],
      ],
    ]);
    assert.equal(symbols[0].selectionRange.start.line, 46, 'the name is selected');
  });

  test("the Outline of the INF: its sections, and under the AddReg section the co-installer it registers", async () => {
    const inf = uriOf('fabrikam.inf');
    await session.open(inf, 'inf', fs.readFileSync(path.join(folder, 'fabrikam.inf'), 'utf8'));
    const symbols = await session.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: inf } });
    assert.deepEqual(symbols.map((s) => `${s.selectionRange.start.line + 1} ${s.name}`), [
      '2 Version',
      '10 DestinationDirs',
      '14 SourceDisksNames',
      '17 SourceDisksFiles',
      '21 Manufacturer',
      '24 Fabrikam.NTamd64',
      '27 Fabrikam_Install.NT',
      '30 Fabrikam_Driver_CopyFiles',
      '33 Fabrikam_Install.NT.Services',
      '36 Fabrikam_Service',
      '42 Fabrikam_Install.NT.CoInstallers',
      '45 Fabrikam_CoInstaller_AddReg',
      '48 Fabrikam_CoInstaller_CopyFiles',
      '51 Strings',
    ]);
    const registered = symbols.flatMap((s) => (s.children ?? []).map((c) => `${s.name} > ${c.name} (${c.detail}), line ${c.selectionRange.start.line + 1}`));
    assert.deepEqual(registered, ['Fabrikam_CoInstaller_AddReg > FabrikamCoInstaller (co-installer in FabrikamCo.dll), line 46']);
  });

  test('workspace symbols: the entry point in its C file and its registration in the INF', async () => {
    const symbols = await session.request<WorkspaceSymbol[]>('workspace/symbol', { query: 'fabcoinst' });
    const found = symbols.map((s) => [s.name, s.containerName, path.basename(new URL((s.location as { uri: string }).uri).pathname), 'range' in s.location ? s.location.range.start.line + 1 : 0]);
    assert.deepEqual(found, [
      ['FabrikamCoInstaller', 'co-installer', 'FabrikamCo.c', 47],
      ['FabrikamCoInstaller', 'co-installer registered in fabrikam.inf', 'fabrikam.inf', 46],
    ]);
    assert.deepEqual(await session.request<WorkspaceSymbol[]>('workspace/symbol', { query: 'NoSuchInstaller' }), []);
  });

  test('the status notification says the file is a co-installer and where its role comes from', async () => {
    const uri = uriOf('FabrikamCo.c');
    for (const deadline = Date.now() + 10_000; !statuses.some((s) => s.uri === uri) && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(statuses.filter((s) => s.uri === uri).at(-1), {
      uri,
      text: 'co-installer FabrikamCoInstaller (registered in fabrikam.inf:46)',
      detail: 'co-installer FabrikamCoInstaller (registered in fabrikam.inf:46): checked against the finish-install contract.',
      state: 'analysed',
    });
  });
});

describe('language server: a bad .finish-install.json', () => {
  test('is logged once, however many documents it applies to', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'finish-install-config-'));
    fs.cpSync(FABRIKAM, folder, { recursive: true });
    fs.writeFileSync(path.join(folder, '.finish-install.json'), '{ "rules": { "no-such-rule": "error" }, ');
    const session = await LspSession.start({ folders: [folder] });
    try {
      await session.waitForLog(/Indexed 1 installer entry point/);
      for (const name of ['FabrikamCo.c', 'fabrikam.inf']) {
        const uri = pathToFileURL(path.join(folder, name)).href;
        await session.open(uri, name.endsWith('.c') ? 'c' : 'inf', fs.readFileSync(path.join(folder, name), 'utf8'));
        await session.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
      }
      await new Promise((r) => setTimeout(r, 300));
      const logged = session.logs.filter((l) => l.includes('.finish-install.json'));
      assert.equal(logged.length, 1, logged.join('\n'));
    } finally {
      await session.stop();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
