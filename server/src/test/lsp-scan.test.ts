/**
 * The editor's background scan of the workspace (lsp/entryPointIndex.ts): each source is analysed once
 * with the project's evidence (which registered entry point each source defines is known before any
 * analysis), those whose evidence a later file changed are analysed again, and the scan's second thread
 * (lsp/scanThread.ts) gives the same index as the main thread alone.
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine } from '../engine';
import { EntryPointIndex } from '../lsp/entryPointIndex';
import { FIXTURES } from './support/fixtures';

const silent = { info: () => {}, warn: () => {}, error: () => {} };

/** The index's entry points as "file: name (kind; handled DIF codes)", and the warnings the scan logged. */
async function scanned(folder: string, secondThreadFrom: number): Promise<{ entryPoints: string[]; warnings: string[] }> {
  const warnings: string[] = [];
  const index = new EntryPointIndex(Engine.create(), { ...silent, warn: (m) => warnings.push(m) }, { secondThreadFrom });
  await index.scan([folder]);
  const entryPoints = index
    .entries()
    .map(({ uri, entryPoint: e }) => `${path.relative(folder, new URL(uri).pathname)}: ${e.name} (${e.kind}; ${e.handledDifs.join(', ')})`)
    .sort();
  return { entryPoints, warnings };
}

describe('workspace scan', () => {
  let folder = '';
  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'finish-install-scan-'));
    // The property-page package: its pages.cpp, read first, holds helpers with the class-installer signature
    // that vendorco.cpp, read after it, passes its DIF code to. In a/ its INF registers the co-installer by
    // name; b/ has its sources only (no INF, no build files), so only vendorco.cpp's calls tell that the
    // helpers are no class installers.
    const packageFolder = path.join(FIXTURES, 'packages', 'coinstaller-property-pages');
    fs.cpSync(packageFolder, path.join(folder, 'a'), { recursive: true });
    fs.mkdirSync(path.join(folder, 'b'));
    for (const source of ['pages.cpp', 'pages.h', 'vendorco.cpp']) fs.copyFileSync(path.join(packageFolder, 'vendorco', source), path.join(folder, 'b', source));
  });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  test('a helper that a later file passes its DIF code to is no entry point', async () => {
    const { entryPoints, warnings } = await scanned(folder, Infinity);
    assert.deepEqual(entryPoints, [
      'a/vendorco/vendorco.cpp: VendorCoInstaller (co-installer; DIF_INSTALLDEVICE, DIF_ADDPROPERTYPAGE_ADVANCED, DIF_NEWDEVICEWIZARD_FINISHINSTALL, DIF_REMOVE)',
      'b/vendorco.cpp: VendorCoInstaller (co-installer; DIF_INSTALLDEVICE, DIF_ADDPROPERTYPAGE_ADVANCED, DIF_NEWDEVICEWIZARD_FINISHINSTALL, DIF_REMOVE)',
    ]);
    assert.deepEqual(warnings, []);
  });

  test('with its second thread, the scan indexes the same entry points', async () => {
    const alone = await scanned(folder, Infinity);
    const withThread = await scanned(folder, 0);
    assert.deepEqual(withThread, alone);
  });
});

describe('workspace scan of a DLL whose INF names its entry point', () => {
  let folder = '';
  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'finish-install-scan-dll-'));
    const signature = 'DI_FUNCTION InstallFunction, HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData';
    // a.c, read first, holds a helper with the class-installer signature; b.c the registered co-installer.
    fs.mkdirSync(path.join(folder, 'dock'));
    fs.writeFileSync(path.join(folder, 'dock.inf'), '[Version]\nSignature="$WINDOWS NT$"\n\n[Dock.NT.CoInstallers]\nAddReg=Dock_AddReg\n\n[Dock_AddReg]\nHKR,,CoInstallers32,0x00010000,"dock.dll,DockCoInstaller"\n');
    fs.writeFileSync(path.join(folder, 'dock', 'a.c'), `DWORD CALLBACK DockPages(${signature})\n{\n    return NO_ERROR;\n}\n`);
    fs.writeFileSync(path.join(folder, 'dock', 'b.c'), `DWORD CALLBACK DockCoInstaller(${signature}, PCOINSTALLER_CONTEXT_DATA Context)\n{\n    return NO_ERROR;\n}\n`);
  });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  test('a source read before the one that defines the registered entry point is analysed once, and its helper is no entry point', async () => {
    const engine = await Engine.create();
    const analysed: string[] = [];
    const analyze = engine.analyze.bind(engine);
    engine.analyze = (doc, options) => {
      analysed.push(path.basename(doc.path));
      return analyze(doc, options);
    };
    const index = new EntryPointIndex(Promise.resolve(engine), silent, { secondThreadFrom: Infinity });
    await index.scan([folder]);
    assert.deepEqual(index.entries().map(({ entryPoint }) => entryPoint.name), ['DockCoInstaller']);
    assert.deepEqual(analysed.sort(), ['a.c', 'b.c']);
  });
});
