/**
 * The editor decides entry points from the workspace, as the CLI does from its run: an open helper with
 * the class-installer signature that the registered co-installer calls (in another file) gets no
 * installer findings, and the co-installer's findings say where its role comes from.
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { EXPLAIN_REQUEST, type ExplainResult } from '../../../protocol/out/protocol';
import { LspSession } from './lspHarness';
import { positionOf } from './features-support';
import { FIXTURES } from './support/fixtures';

describe('language server: entry-point roles from the workspace', () => {
  let folder: string;
  let session: LspSession;
  const uriOf = (name: string) => pathToFileURL(path.join(folder, name)).href;
  const textOf = (name: string) => fs.readFileSync(path.join(folder, name), 'utf8');

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'finish-install-roles-'));
    fs.cpSync(path.join(FIXTURES, 'packages', 'coinstaller-property-pages'), folder, { recursive: true });
    session = await LspSession.start({ folders: [folder] });
    await session.waitForLog(/Indexed 1 installer entry point\(s\) in 3 C\/C\+\+ file\(s\)/);
  });
  after(async () => {
    await session?.stop();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  test('a property-page helper the co-installer passes its DIF code to is no class installer', async () => {
    const file = path.join('vendorco', 'pages.cpp');
    await session.open(uriOf(file), 'cpp', textOf(file));
    // With the signature alone, this return would be "the class installer AddAdvancedPage" returning a Win32 error.
    const position = positionOf(textOf(file), 'return ERROR_NOT_ENOUGH_MEMORY;', { offset: 'return '.length });
    const explained = await session.request<ExplainResult>(EXPLAIN_REQUEST, { textDocument: { uri: uriOf(file) }, position });
    assert.ok(explained, 'the return code is still explained');
    assert.doesNotMatch(explained.markdown, /class installer `AddAdvancedPage`/);
  });

  test("the co-installer's finding names the INF registration its role comes from", async () => {
    const file = path.join('vendorco', 'vendorco.cpp');
    await session.open(uriOf(file), 'cpp', textOf(file));
    const published = await session.waitForDiagnostics(uriOf(file), (p) => p.diagnostics.length > 0);
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['coinstaller-do-default']);
    assert.match(String(published.diagnostics[0].message), /The co-installer VendorCoInstaller \(registered as a co-installer in vendor\.inf:32\) returns ERROR_DI_DO_DEFAULT/);
  });
});
