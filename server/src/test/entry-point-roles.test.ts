/**
 * The engine's side of "which function is an installer" and "which sources belong to a DLL": build files
 * read from text, DLLs tied to sources, and the entry points a file keeps for the evidence handed in.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { dllSources, Engine, fileEvidence, readBuildFile, registrationsInInf, type ProjectEvidence } from '../engine';

const ROOT = path.resolve('/ws');
const at = (...parts: string[]) => path.join(ROOT, ...parts);

test('build files: a literal TargetName, else ProjectName; TARGETNAME of a DYNLINK; LIBRARY and EXPORTS of a .def', () => {
  const vcxproj = '<Project><PropertyGroup><ProjectName>Vendor</ProjectName><TargetName>$(ProjectName)</TargetName><ConfigurationType>DynamicLibrary</ConfigurationType></PropertyGroup></Project>';
  assert.deepEqual(readBuildFile(at('a', 'x.vcxproj'), vcxproj), { dll: 'vendor', path: at('a', 'x.vcxproj') });
  assert.equal(readBuildFile(at('a', 'app.vcxproj'), '<ConfigurationType>Application</ConfigurationType>'), undefined);
  assert.equal(readBuildFile(at('b', 'sources'), 'TARGETNAME = acmetool\nTARGETTYPE=DYNLINK\n')?.dll, 'acmetool');
  assert.equal(readBuildFile(at('b', 'sources'), 'TARGETNAME=acme\nTARGETTYPE=DRIVER\n'), undefined);
  const def = readBuildFile(at('c', 'co.def'), '; comment\nLIBRARY  TOSTRCLS.DLL\n\nEXPORTS\n   ToasterClassInstaller  @1\n   Public=InternalName PRIVATE\n   SomeData DATA\n');
  assert.deepEqual(def, { dll: 'tostrcls', path: at('c', 'co.def'), exports: ['ToasterClassInstaller', 'InternalName'] });
});

function project(partial: Partial<ProjectEvidence>): ProjectEvidence {
  return { registrations: [], buildFiles: [], sourceFiles: [], difCalls: [], ...partial };
}

const INF = '[Version]\nSignature="$WINDOWS NT$"\n[Reg]\nHKR,,CoInstallers32,0x00010000,"vendorco.dll,VendorCoInstaller","WdfCoInstaller01011.dll,WdfCoInstaller"\n';

test('a DLL is tied to the folder of the build file naming it; Microsoft\'s co-installer, with no sources, to none', () => {
  const p = project({
    registrations: registrationsInInf(at('pkg', 'inf', 'vendor.inf'), INF),
    buildFiles: [readBuildFile(at('pkg', 'co', 'vendorco.def'), 'LIBRARY VENDORCO\nEXPORTS\n VendorCoInstaller\n')!],
    sourceFiles: [at('pkg', 'co', 'vendorco.c'), at('pkg', 'co', 'sub', 'pages.c'), at('tests', 'CoDeviceInstall.c')],
  });
  assert.deepEqual(dllSources(p, 'vendorco.dll', at('pkg', 'inf', 'vendor.inf')), { folders: [at('pkg', 'co')], origin: 'co/vendorco.def' });
  assert.equal(dllSources(p, 'WdfCoInstaller01011.dll', at('pkg', 'inf', 'vendor.inf')), undefined);
});

test('without build files, a folder of the DLL\'s name near the INF, or a source file of that name (that file only)', () => {
  const p = project({ sourceFiles: [at('pkg', 'toastco', 'toastco.c'), at('pkg', 'flat', 'panelco.c'), at('pkg', 'flat', 'other.c')] });
  assert.equal(dllSources(p, 'toastco.dll', at('pkg', 'inf', 'toast.inf'))?.origin, 'folder toastco');
  assert.deepEqual(dllSources(p, 'PanelCo.dll', at('pkg', 'flat', 'panel.inf')), { folders: [], files: [at('pkg', 'flat', 'panelco.c')], origin: 'file panelco.c' });
  assert.equal(dllSources(p, 'toastco.dll', at('elsewhere', 'deep', 'inf', 'toast.inf')), undefined, 'not near that INF');
});

const TWO_FUNCTIONS = `
DWORD CALLBACK VendorCoInstaller(DI_FUNCTION f, HDEVINFO s, PSP_DEVINFO_DATA d, PCOINSTALLER_CONTEXT_DATA c)
{
    return NO_ERROR;
}
DWORD CALLBACK PropertyPages(DI_FUNCTION f, HDEVINFO s, PSP_DEVINFO_DATA d)
{
    return NO_ERROR;
}
`;

test('a registration decides: the registered function is labelled, the DLL\'s other ones are no entry points', async () => {
  const engine = await Engine.create({ grammars: ['c'] });
  const file = at('pkg', 'co', 'vendorco.c');
  const p = project({
    registrations: registrationsInInf(at('pkg', 'inf', 'vendor.inf'), INF),
    buildFiles: [readBuildFile(at('pkg', 'co', 'vendorco.vcxproj'), '<ProjectName>vendorco</ProjectName>')!],
    sourceFiles: [file],
  });
  const alone = engine.analyze({ path: file, text: TWO_FUNCTIONS }, { transient: true });
  assert.deepEqual(alone.entryPoints.map((e) => e.name), ['VendorCoInstaller', 'PropertyPages'], 'the signature alone');
  assert.ok(alone.findings.some((f) => f.message.startsWith('The class installer PropertyPages returns NO_ERROR')));
  const decided = engine.analyze({ path: file, text: TWO_FUNCTIONS }, { transient: true, evidence: fileEvidence(p, file) });
  assert.deepEqual(decided.entryPoints.map((e) => e.name), ['VendorCoInstaller']);
  assert.deepEqual(decided.findings, []);
  assert.deepEqual(decided.signatureCandidates, ['VendorCoInstaller', 'PropertyPages']);
});

test('a function another file passes its DIF code to is a helper; the registration in another file of the DLL retires it too', async () => {
  const engine = await Engine.create({ grammars: ['c'] });
  const pages = at('pkg', 'co', 'pages.c');
  const text = 'DWORD AddPages(DI_FUNCTION f, HDEVINFO s, PSP_DEVINFO_DATA d)\n{\n    return ERROR_NOT_ENOUGH_MEMORY;\n}\n';
  const calls = project({ sourceFiles: [pages], difCalls: [{ callee: 'AddPages', caller: 'CoInstaller', path: at('pkg', 'co', 'co.c'), line: 12 }] });
  const evidence = fileEvidence(calls, pages, ['AddPages']);
  assert.deepEqual(evidence.calledWithDif, { AddPages: 'CoInstaller in co.c:12' });
  assert.deepEqual(engine.analyze({ path: pages, text }, { transient: true, evidence }).entryPoints, []);
  assert.deepEqual(fileEvidence(calls, pages, ['Other']).calledWithDif, {}, 'only calls to the file\'s own functions count');

  const registered = project({
    registrations: registrationsInInf(at('pkg', 'inf', 'vendor.inf'), INF),
    buildFiles: [readBuildFile(at('pkg', 'co', 'vendorco.vcxproj'), '<ProjectName>vendorco</ProjectName>')!],
    sourceFiles: [pages, at('pkg', 'co', 'co.c')],
    signatureFunctions: { [at('pkg', 'co', 'co.c')]: ['VendorCoInstaller'] },
  });
  assert.equal(fileEvidence(registered, pages).registeredDefinedInDll, true);
  assert.deepEqual(engine.analyze({ path: pages, text }, { transient: true, evidence: fileEvidence(registered, pages) }).entryPoints, []);
  const renamed = { ...registered, signatureFunctions: { [at('pkg', 'co', 'co.c')]: ['VendorCoInstallerOld'] } };
  assert.equal(fileEvidence(renamed, pages).registeredDefinedInDll, false, 'the registered name is defined nowhere: the others stay');
});

test('the same-file call graph: a helper given the DIF code is traced inside its caller, not on its own', async () => {
  const engine = await Engine.create({ grammars: ['c'] });
  const text = `static DWORD Handle(DI_FUNCTION f, HDEVINFO s, PSP_DEVINFO_DATA d)
{
    return NO_ERROR;
}
DWORD CALLBACK Outer(DI_FUNCTION f, HDEVINFO s, PSP_DEVINFO_DATA d)
{
    return Handle(f, s, d);
}
`;
  const result = engine.analyze({ path: 'one.c', text }, { transient: true });
  assert.deepEqual(result.entryPoints.map((e) => e.name), ['Outer']);
  assert.deepEqual(result.difCalls, [{ callee: 'Handle', caller: 'Outer', path: 'one.c', line: 7 }]);
  assert.deepEqual(result.findings.map((f) => [f.ruleId, f.range.start.line, f.message.slice(0, 30)]), [['unhandled-dif-return', 2, 'The class installer Outer retu']]);
});

test('exports: __declspec(dllexport) and the usual export macros label the role, as a .def listing does', async () => {
  const engine = await Engine.create({ grammars: ['c'] });
  const text = `#define VENDOR_API __declspec(dllexport)
VENDOR_API
DWORD CALLBACK ByMacro(DI_FUNCTION f, HDEVINFO s, PSP_DEVINFO_DATA d, PCOINSTALLER_CONTEXT_DATA c)
{
    return ERROR_DI_DO_DEFAULT;
}
__declspec(dllexport) DWORD CALLBACK ByDeclspec(DI_FUNCTION f, HDEVINFO s, PSP_DEVINFO_DATA d, PCOINSTALLER_CONTEXT_DATA c)
{
    return ERROR_DI_DO_DEFAULT;
}
DWORD CALLBACK Plain(DI_FUNCTION f, HDEVINFO s, PSP_DEVINFO_DATA d, PCOINSTALLER_CONTEXT_DATA c)
{
    return ERROR_DI_DO_DEFAULT;
}
`;
  const alone = engine.analyze({ path: 'x.c', text }, { transient: true });
  assert.deepEqual(
    alone.findings.map((f) => f.message.slice(0, f.message.indexOf(' returns'))),
    ['The co-installer ByMacro (exported with VENDOR_API)', 'The co-installer ByDeclspec (exported with __declspec(dllexport))', 'The co-installer Plain'],
  );
  const file = at('co', 'x.c');
  const p = project({ buildFiles: [readBuildFile(at('co', 'x.def'), 'LIBRARY x\nEXPORTS\n Plain\n')!], sourceFiles: [file] });
  const withDef = engine.analyze({ path: file, text }, { transient: true, evidence: fileEvidence(p, file) });
  assert.deepEqual(withDef.entryPoints.map((e) => e.name), ['ByMacro', 'ByDeclspec', 'Plain']);
  assert.match(withDef.findings[2].message, /^The co-installer Plain \(exported in x\.def\)/);
});
