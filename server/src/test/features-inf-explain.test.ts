import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../engine';
import { explainInfAt } from '../engine/features/infExplain';
import { REPO_ROOT } from './support/fixtures';

const example = (...parts: string[]) => path.join(REPO_ROOT, 'examples', ...parts);

test('hovering an entry-point name in an INF shows its kind and the DIF codes it handles', async () => {
  const engine = await Engine.create();
  const source = example('fabrikam-coinstaller', 'FabrikamCo.c');
  const entryPoints = engine.analyze({ path: source, text: fs.readFileSync(source, 'utf8') }, { transient: true }).entryPoints;
  const infPath = example('fabrikam-coinstaller', 'fabrikam.inf');
  const text = fs.readFileSync(infPath, 'utf8');
  const line = text.split('\n').findIndex((l) => l.includes('CoInstallers32'));
  const character = text.split('\n')[line].indexOf('FabrikamCoInstaller') + 3;
  const hover = explainInfAt(engine, { path: infPath, text }, { line, character }, entryPoints);
  assert.ok(hover);
  assert.match(hover.markdown, /\*\*FabrikamCoInstaller\*\* in `FabrikamCo.dll` — registered as a co-installer/);
  assert.match(hover.markdown, /FabrikamCo\.c:\d+\): co-installer; handles DIF_NEWDEVICEWIZARD_FINISHINSTALL, DIF_FINISHINSTALL_ACTION/);
  assert.equal(text.split('\n')[line].slice(hover.range.start.character, hover.range.end.character), 'FabrikamCoInstaller');

  const alone = explainInfAt(engine, { path: infPath, text }, { line, character }, undefined);
  assert.match(alone!.markdown, /No C\/C\+\+ sources were analysed/);
  assert.equal(explainInfAt(engine, { path: infPath, text }, { line: 0, character: 1 }, entryPoints), undefined);
});

test('hovering a section name says what the section is for and which entries name it', async () => {
  const engine = await Engine.create();
  const infPath = example('fabrikam-coinstaller', 'fabrikam.inf');
  const text = fs.readFileSync(infPath, 'utf8');
  const lines = text.split(/\r?\n/);
  const hoverOn = (header: string) => {
    const line = lines.indexOf(header);
    assert.ok(line >= 0, header);
    const hover = explainInfAt(engine, { path: infPath, text }, { line, character: 2 }, []);
    assert.ok(hover, header);
    assert.equal(lines[line].slice(hover.range.start.character, hover.range.end.character), header.slice(1, -1));
    return hover.markdown;
  };
  assert.match(hoverOn('[Version]'), /^\*\*\[Version\]\*\* — the INF's header/);
  assert.match(hoverOn('[Fabrikam_CoInstaller_AddReg]'), /an add-registry section[^]*Named by:\n- \[Fabrikam_Install\.NT\.CoInstallers\] line 43: `AddReg = Fabrikam_CoInstaller_AddReg`$/);
  assert.match(hoverOn('[Fabrikam_Install.NT.CoInstallers]'), /a DDInstall\.CoInstallers section[^]*\[Fabrikam\.NTamd64\] line 25: [^\n]*\(Windows runs it with \[Fabrikam_Install\.NT\]\)/);
  assert.match(hoverOn('[Fabrikam.NTamd64]'), /a Models section[^]*\[Manufacturer\] line 22: `%Fabrikam% = Fabrikam,NTamd64` \(with its platform decoration\)/);
  // The co-installer's DLL list is never copied (inf-installer-not-copied): only [DestinationDirs] names it.
  assert.match(hoverOn('[Fabrikam_CoInstaller_CopyFiles]'), /a file-list section[^]*Named by:\n- \[DestinationDirs\] line 12: [^\n]*\(its destination directory\)$/);
});
