/**
 * The INF rules beyond their fixtures: the registration helper the editor uses for go-to-definition,
 * the quick fixes (applied, then the INF analysed again), rule metadata, and silence without sources.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Engine, type EntryPointSummary, type Finding, type Range, type TextEdit } from '../engine';
import { listInstallerRegistrations, parseInf } from '../engine/inf';
import { INF_RULES } from '../engine/rules/inf';

let enginePromise: Promise<Engine> | undefined;
const engine = () => (enginePromise ??= Engine.create());

function textAt(text: string, range: Range): string {
  const lines = text.split(/\r\n|\r|\n/);
  assert.equal(range.start.line, range.end.line, 'single-line range expected');
  return lines[range.start.line].slice(range.start.character, range.end.character);
}

function offsetOf(text: string, line: number, character: number): number {
  let offset = 0;
  for (let l = 0; l < line; l++) {
    const m = /\r\n|\r|\n/g;
    m.lastIndex = offset;
    const found = m.exec(text);
    assert.ok(found, `line ${line} is past the end`);
    offset = found.index + found[0].length;
  }
  return offset + character;
}

function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => offsetOf(text, b.range.start.line, b.range.start.character) - offsetOf(text, a.range.start.line, a.range.start.character));
  for (const e of sorted) {
    text = text.slice(0, offsetOf(text, e.range.start.line, e.range.start.character)) + e.newText + text.slice(offsetOf(text, e.range.end.line, e.range.end.character));
  }
  return text;
}

async function findings(text: string, entryPoints?: EntryPointSummary[], ruleId?: string): Promise<Finding[]> {
  const result = (await engine()).analyze({ path: 'test.inf', text }, { entryPoints });
  assert.deepEqual(result.ruleFailures, []);
  return ruleId ? result.findings.filter((f) => f.ruleId === ruleId) : result.findings;
}

/** Applies the only fix of the only finding of ruleId, checks the result, and that the finding is gone. */
async function fixOnce(text: string, ruleId: string, expected: string, entryPoints?: EntryPointSummary[]): Promise<void> {
  const before = await findings(text, entryPoints, ruleId);
  assert.equal(before.length, 1, `one ${ruleId} finding expected, got ${before.map((f) => f.message).join(' | ')}`);
  assert.equal(before[0].fixes?.length, 1, 'one fix expected');
  const fixed = applyEdits(text, before[0].fixes![0].edits);
  assert.equal(fixed, expected);
  assert.deepEqual(await findings(fixed, entryPoints, ruleId), [], 'the fix removes the finding');
}

const ep = (name: string, kind: EntryPointSummary['kind']): EntryPointSummary => ({
  name,
  kind,
  path: '/src/toaster.c',
  range: { start: { line: 10, character: 0 }, end: { line: 10, character: name.length } },
  handledDifs: [],
});

const HEAD = '; finish-install-disable-file inf-legacy-installer\n[Version]\nSignature="$WINDOWS NT$"\nClassGuid={B85B7C50-6A01-11d2-B841-00C04FAD5171}\n';

test('registrations: dll and entry ranges point at the text, defaults apply, roles and scopes follow the value', () => {
  const text = [
    '[ClassInstall32]',
    'AddReg = ClassReg',
    '[ClassReg]',
    'HKR,,Installer32,,"tostrcls.dll,ToasterClassInstaller"',
    '[Dev.NT.CoInstallers]',
    'AddReg = CoReg',
    '[CoReg]',
    'HKR,,CoInstallers32,0x00010000,"tostrco.dll",  "%Dll%, Second" ,toastx.dll,ThirdEntry',
    'HKR,,CoInstallers32,0x00010004,"deleted.dll"',
    'HKLM,System\\CurrentControlSet\\Control\\CoDeviceInstallers,{b85b7c50-6a01-11d2-b841-00c04fad5171},0x00010008,"classco.dll,ClassCo"',
    '[Strings]',
    'Dll = "tostrco2.dll"',
  ].join('\n');
  const regs = listInstallerRegistrations(parseInf(text));
  assert.deepEqual(
    regs.map((r) => [r.role, r.scope, r.dll, r.entryPoint, r.explicitEntryPoint, r.installSections.join(',')]),
    [
      ['class-installer', 'class-installer', 'tostrcls.dll', 'ToasterClassInstaller', true, 'ClassInstall32'],
      ['co-installer', 'device-co-installer', 'tostrco.dll', 'CoDeviceInstall', false, 'Dev.NT.CoInstallers'],
      ['co-installer', 'device-co-installer', 'tostrco2.dll', 'Second', true, 'Dev.NT.CoInstallers'],
      ['co-installer', 'device-co-installer', 'toastx.dll', 'ThirdEntry', true, 'Dev.NT.CoInstallers'],
      ['co-installer', 'class-co-installer', 'classco.dll', 'ClassCo', true, 'Dev.NT.CoInstallers'],
    ],
  );
  assert.equal(textAt(text, regs[0].dllRange), 'tostrcls.dll');
  assert.equal(textAt(text, regs[0].entryRange), 'ToasterClassInstaller');
  assert.equal(textAt(text, regs[1].entryRange), '"tostrco.dll"', 'a default entry points at the whole string');
  assert.equal(textAt(text, regs[2].dllRange), '%Dll%', 'a substituted DLL points at its token');
  assert.equal(textAt(text, regs[2].entryRange), 'Second');
  assert.equal(textAt(text, regs[3].entryRange), 'ThirdEntry');
  assert.ok(regs[3].unquotedComma, 'dll,entry without quotes is recognised');
  assert.equal(textAt(text, regs[4].entryRange), 'ClassCo');
});

test('cross-file rules are silent without sources, and speak with them', async () => {
  const text = HEAD + '[Dev.NT.CoInstallers]\nAddReg=CoReg\nCopyFiles=@tostrco.dll\n[CoReg]\nHKR,,CoInstallers32,0x00010000,"tostrco.dll,Missing"\n';
  const crossFile = (fs: Finding[]) => fs.filter((f) => f.ruleId.startsWith('inf-entry-point'));
  assert.deepEqual(crossFile(await findings(text)), []);
  assert.deepEqual(crossFile(await findings(text, [ep('Missing', 'co-installer')])), []);
  const missing = crossFile(await findings(text, [ep('Other', 'class-installer')]));
  assert.deepEqual(missing.map((f) => f.ruleId), ['inf-entry-point-missing']);
  assert.equal(missing[0].fixes, undefined, 'no co-installer to offer instead');
});

test('quick fix: CoInstallers32 flags become REG_MULTI_SZ (empty field filled, other bits kept)', async () => {
  const base = HEAD + '[Dev.NT.CoInstallers]\nAddReg=CoReg\nCopyFiles=@tostrco.dll\n[CoReg]\n';
  await fixOnce(base + 'HKR,,CoInstallers32,,"tostrco.dll,E"\n', 'inf-coinstallers-not-multi-sz', base + 'HKR,,CoInstallers32,0x00010000,"tostrco.dll,E"\n');
  await fixOnce(base + 'HKR,,CoInstallers32,0x2,"tostrco.dll,E"\n', 'inf-coinstallers-not-multi-sz', base + 'HKR,,CoInstallers32,0x00010002,"tostrco.dll,E"\n');
  const key = 'HKLM,System\\CurrentControlSet\\Control\\CoDeviceInstallers,{b85b7c50-6a01-11d2-b841-00c04fad5171}';
  await fixOnce(base + `${key},0x00010000,"tostrco.dll,E"\n`, 'inf-coinstallers-not-multi-sz', base + `${key},0x00010008,"tostrco.dll,E"\n`);
});

test('quick fix: register the entry point the sources define', async () => {
  const base = HEAD + '[Dev.NT.CoInstallers]\nAddReg=CoReg\nCopyFiles=@tostrco.dll\n[CoReg]\n';
  const sources = [ep('ToasterCoInstaller', 'co-installer'), ep('ToasterClassInstaller', 'class-installer')];
  await fixOnce(base + 'HKR,,CoInstallers32,0x00010000,"tostrco.dll"\n', 'inf-entry-point-missing', base + 'HKR,,CoInstallers32,0x00010000,"tostrco.dll,ToasterCoInstaller"\n', sources);
  await fixOnce(base + 'HKR,,CoInstallers32,0x00010000,"tostrco.dll,toastercoinstaller"\n', 'inf-entry-point-missing', base + 'HKR,,CoInstallers32,0x00010000,"tostrco.dll,ToasterCoInstaller"\n', sources);
  await fixOnce(base + 'HKR,,CoInstallers32,0x00010000,"tostrco.dll,ToasterClassInstaller"\n', 'inf-entry-point-kind', base + 'HKR,,CoInstallers32,0x00010000,"tostrco.dll,ToasterCoInstaller"\n', sources);
});

test('quick fix: syntax (@ for a single file, quotes around dll,entry)', async () => {
  const base = HEAD + '[Dev.NT.CoInstallers]\nAddReg=CoReg\n';
  await fixOnce(
    base + 'CopyFiles=tostrco.dll\n[CoReg]\nHKR,,CoInstallers32,0x00010000,"tostrco.dll,E"\n',
    'inf-syntax',
    base + 'CopyFiles=@tostrco.dll\n[CoReg]\nHKR,,CoInstallers32,0x00010000,"tostrco.dll,E"\n',
  );
  await fixOnce(
    base + 'CopyFiles=@tostrco.dll\n[CoReg]\nHKR,,CoInstallers32,0x00010000,tostrco.dll,ToasterCoInstaller\n',
    'inf-syntax',
    base + 'CopyFiles=@tostrco.dll\n[CoReg]\nHKR,,CoInstallers32,0x00010000,"tostrco.dll,ToasterCoInstaller"\n',
  );
});

test('quick fix: platform parity adds the missing section, fills a stub, removes a lone stub', async () => {
  const head = HEAD + '[Manufacturer]\n%M%=M,NTamd64,NTarm64\n[M.NTamd64]\n%D%=Dev,ROOT\\X\n[M.NTarm64]\n%D%=Dev,ROOT\\X\n';
  const tail = '[CoReg]\nHKR,,CoInstallers32,0x00010000,"co.dll,E"\n[Strings]\nM="m"\nD="d"\n';
  const amd64 = '[Dev.NTamd64]\nCopyFiles=@x.sys\n\n[Dev.NTamd64.CoInstallers]\nAddReg=CoReg\nCopyFiles=@co.dll\n\n';
  await fixOnce(
    head + amd64 + '[Dev.NTarm64]\nCopyFiles=@x.sys\n\n' + tail,
    'inf-coinstallers-platform-parity',
    head + amd64 + '[Dev.NTarm64]\nCopyFiles=@x.sys\n\n[Dev.NTarm64.CoInstallers]\nAddReg=CoReg\nCopyFiles=@co.dll\n\n' + tail,
  );
  await fixOnce(
    head + amd64 + '[Dev.NTarm64]\nCopyFiles=@x.sys\n[Dev.NTarm64.CoInstallers] ; todo\n' + tail,
    'inf-coinstallers-platform-parity',
    head + amd64 + '[Dev.NTarm64]\nCopyFiles=@x.sys\n[Dev.NTarm64.CoInstallers] ; todo\nAddReg=CoReg\nCopyFiles=@co.dll\n' + tail,
  );
  const lone = HEAD + '[Manufacturer]\n%M%=M,NTamd64\n[M.NTamd64]\n%D%=Dev,ROOT\\X\n[Dev.NTamd64]\nCopyFiles=@x.sys\n';
  await fixOnce(lone + '[Dev.NTamd64.CoInstallers]\n\n[Strings]\nM="m"\nD="d"\n', 'inf-coinstallers-platform-parity', lone + '[Strings]\nM="m"\nD="d"\n');
});

test('quick fix: remove [ClassInstall32] of a system class, and a copy of an obsolete co-installer', async () => {
  const version = '[Version]\nSignature="$WINDOWS NT$"\nClassGuid={4d36e978-e325-11ce-bfc1-08002be10318}\n';
  await fixOnce(version + '[ClassInstall32]\nAddReg=R\n\n[R]\nHKR,,,,"Ports"\n', 'inf-classinstall32-system-class', version + '[R]\nHKR,,,,"Ports"\n');
  const inf = HEAD + '[Dev.NT]\nCopyFiles=Files\n[Files]\necho.sys\nWdfCoInstaller01011.dll\n';
  await fixOnce(inf, 'inf-obsolete-wdf-coinstaller', HEAD + '[Dev.NT]\nCopyFiles=Files\n[Files]\necho.sys\n');
});

test('every INF rule documents itself and cites the contract', () => {
  const ids = INF_RULES.map((r) => r.id).sort();
  assert.deepEqual(ids, [
    'inf-classinstall32-system-class',
    'inf-coinstallers-not-multi-sz',
    'inf-coinstallers-platform-parity',
    'inf-entry-point-kind',
    'inf-entry-point-missing',
    'inf-installer-not-copied',
    'inf-legacy-installer',
    'inf-obsolete-wdf-coinstaller',
    'inf-syntax',
  ]);
  for (const rule of INF_RULES) {
    assert.equal(rule.language, 'inf');
    assert.ok(rule.docs.bad.includes('[') && rule.docs.good.includes('['), `${rule.id}: INF examples`);
    assert.match(rule.docs.contractSection, /INF side|Who is who|Traps/, `${rule.id}: contract section`);
    assert.ok(rule.docs.wdk.length > 0, `${rule.id}: WDK pages`);
  }
  const severities = Object.fromEntries(INF_RULES.map((r) => [r.id, r.defaultSeverity]));
  assert.equal(severities['inf-legacy-installer'], 'information');
  assert.equal(severities['inf-coinstallers-platform-parity'], 'warning');
  assert.equal(severities['inf-obsolete-wdf-coinstaller'], 'warning');
  assert.equal(severities['inf-syntax'], 'error');
});

test('other formats named .inf (EDK II module, section-less build list) are not checked; a setup INF is, even with a broken header', async () => {
  const edk2 = '# "protocol + variable\nVALID_ARCHITECTURES = X64\n[Defines]\n  INF_VERSION = 0x00010005\n  BASE_NAME = Foo\n[Sources]\n  Foo.c\n';
  assert.deepEqual(await findings(edk2), []);
  assert.deepEqual(await findings('PRJ_PLATFORMS\nDEFAULT\nPRJ_MMPFILES\nfoo.mmp\n'), []);
  // [Version] says it is a setup INF whatever else it holds; a header Windows cannot read still counts.
  assert.deepEqual((await findings(`[Version]\nSignature="$WINDOWS NT$"\n${edk2}`, undefined, 'inf-syntax')).map((f) => f.range.start.line), [2]);
  assert.match((await findings('[Version\nSignature="$WINDOWS NT$"\n', undefined, 'inf-syntax'))[0].message, /closing "\]"/);
});
