// The Outline (document symbols): each entry point, and in it its DIF handlers and the post-processing test;
// in an INF, its sections and the installer registrations they hold.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually, open, workspaceFile } from './util';

suite('Outline', () => {
  test('shows the co-installer\'s dispatch: handlers per DIF code and the post-processing test', async () => {
    const uri = workspaceFile('examples', 'fabrikam-coinstaller', 'FabrikamCo.c');
    await open(uri);
    const symbols = await eventually('document symbols', async () => {
      const found = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
      return found?.some((s) => s.detail.includes('fabrikam.inf')) ? found : undefined;
    });
    const outline = symbols.map((s) => ({
      name: s.name,
      detail: s.detail,
      kind: vscode.SymbolKind[s.kind],
      children: s.children.map((c) => `${c.name} (${c.range.start.line + 1}-${c.range.end.line + 1})`),
    }));
    assert.deepEqual(outline, [
      {
        name: 'FabrikamCoInstaller',
        detail: 'co-installer · registered in fabrikam.inf:46',
        kind: 'Function',
        children: ['DIF_NEWDEVICEWIZARD_FINISHINSTALL (55-62)', 'pre-/post-processing (56-58)', 'DIF_FINISHINSTALL_ACTION (64-68)'],
      },
    ]);
  });

  test("an INF's Outline: its sections, and the co-installer under the AddReg section that registers it", async () => {
    const uri = workspaceFile('examples', 'fabrikam-coinstaller', 'fabrikam.inf');
    await open(uri);
    const symbols = await eventually('INF symbols', async () => {
      const found = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
      return found?.length ? found : undefined;
    });
    assert.equal(symbols[0].name, 'Version');
    const addReg = symbols.find((s) => s.name === 'Fabrikam_CoInstaller_AddReg');
    assert.deepEqual(
      addReg?.children.map((c) => `${c.name}: ${c.detail} (${vscode.SymbolKind[c.kind]})`),
      ['FabrikamCoInstaller: co-installer in FabrikamCo.dll (Key)'],
    );
  });

  test('workspace symbols find the entry point and its INF registration', async () => {
    const found = await eventually('workspace symbols', async () => {
      const symbols = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', 'ContosoTuner');
      const ours = (symbols ?? []).filter((s) => s.name === 'ContosoTunerClassInstaller');
      return ours.length >= 2 ? ours : undefined;
    });
    const where = found.map((s) => `${s.location.uri.path.split('/').pop()}: ${s.containerName}`).sort();
    assert.deepEqual(where, ['ContosoClassInstaller.cpp: class installer', 'contoso.inf: class installer registered in contoso.inf']);
  });
});
