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

/** A language server on a temporary workspace that `fill` writes, once its scan has logged `indexed`; `uriOf` names its files. */
function workspaceSession(fill: (folder: string) => void, indexed: RegExp) {
  const workspace = { folder: '', session: undefined as unknown as LspSession, uriOf: (name: string) => pathToFileURL(path.join(workspace.folder, name)).href };
  before(async () => {
    workspace.folder = fs.mkdtempSync(path.join(os.tmpdir(), 'finish-install-roles-'));
    fill(workspace.folder);
    workspace.session = await LspSession.start({ folders: [workspace.folder] });
    await workspace.session.waitForLog(indexed);
  });
  after(async () => {
    await workspace.session?.stop();
    if (workspace.folder) fs.rmSync(workspace.folder, { recursive: true, force: true });
  });
  return workspace;
}

describe('language server: entry-point roles from the workspace', () => {
  const workspace = workspaceSession(
    (folder) => fs.cpSync(path.join(FIXTURES, 'packages', 'coinstaller-property-pages'), folder, { recursive: true }),
    /Indexed 1 installer entry point\(s\) in 3 C\/C\+\+ file\(s\)/,
  );
  const { uriOf } = workspace;
  const textOf = (name: string) => fs.readFileSync(path.join(workspace.folder, name), 'utf8');

  test('a property-page helper the co-installer passes its DIF code to is no class installer', async () => {
    const file = path.join('vendorco', 'pages.cpp');
    await workspace.session.open(uriOf(file), 'cpp', textOf(file));
    // With the signature alone, this return would be "the class installer AddAdvancedPage" returning a Win32 error.
    const position = positionOf(textOf(file), 'return ERROR_NOT_ENOUGH_MEMORY;', { offset: 'return '.length });
    const explained = await workspace.session.request<ExplainResult>(EXPLAIN_REQUEST, { textDocument: { uri: uriOf(file) }, position });
    assert.ok(explained, 'the return code is still explained');
    assert.doesNotMatch(explained.markdown, /class installer `AddAdvancedPage`/);
  });

  test("the co-installer's finding names the INF registration its role comes from", async () => {
    const file = path.join('vendorco', 'vendorco.cpp');
    await workspace.session.open(uriOf(file), 'cpp', textOf(file));
    const published = await workspace.session.waitForDiagnostics(uriOf(file), (p) => p.diagnostics.length > 0);
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['coinstaller-do-default']);
    assert.match(String(published.diagnostics[0].message), /The co-installer VendorCoInstaller \(registered as a co-installer in vendor\.inf:32\) returns ERROR_DI_DO_DEFAULT/);
  });
});

describe('language server: an INF written on disk decides the roles in an open C file', () => {
  const source = `DWORD CALLBACK VendorCoInstaller(DI_FUNCTION f, HDEVINFO s, PSP_DEVINFO_DATA d, PCOINSTALLER_CONTEXT_DATA c)
{
    return NO_ERROR;
}
DWORD CALLBACK PropertyPages(DI_FUNCTION f, HDEVINFO s, PSP_DEVINFO_DATA d)
{
    return NO_ERROR;
}
`;

  const workspace = workspaceSession((folder) => {
    fs.mkdirSync(path.join(folder, 'vendorco'));
    fs.writeFileSync(path.join(folder, 'vendorco', 'vendorco.vcxproj'), '<Project><PropertyGroup><ProjectName>vendorco</ProjectName></PropertyGroup></Project>');
    fs.writeFileSync(path.join(folder, 'vendorco', 'vendorco.c'), source);
  }, /Indexed 2 installer entry point\(s\) in 1 C\/C\+\+ file\(s\)/);
  const { uriOf } = workspace;

  test('with the signature alone both functions are installers; once an INF registers one, the other is not', async () => {
    const c = path.join('vendorco', 'vendorco.c');
    await workspace.session.open(uriOf(c), 'c', source);
    const before = await workspace.session.waitForDiagnostics(uriOf(c), (p) => p.diagnostics.length > 0);
    assert.ok(before.diagnostics.some((d) => String(d.message).startsWith('The class installer PropertyPages returns NO_ERROR')), JSON.stringify(before.diagnostics));
    const mark = workspace.session.mark();
    const inf = '[Version]\nSignature="$WINDOWS NT$"\n[Reg]\nHKR,,CoInstallers32,0x00010000,"vendorco.dll,VendorCoInstaller"\n';
    fs.writeFileSync(path.join(workspace.folder, 'vendor.inf'), inf);
    await workspace.session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('vendor.inf'), type: 1 }] });
    const after = await workspace.session.waitForDiagnostics(uriOf(c), () => true, { after: mark });
    assert.deepEqual(after.diagnostics, []);
  });
});
