import { test } from 'node:test';
import { benchDocument, DEFECT_NAME } from '../bench/documents';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { CONFIG_FILE_NAME, Engine, parseConfig, RULE_IDS, catalogue } from '../engine';
import type { Node } from 'web-tree-sitter';
import { positionOf } from './features-support';
import { SyntaxNode } from '../engine/model/syntaxTree';
import { FIXTURES } from './support/fixtures';

const coInstaller = `DWORD CALLBACK Co(DI_FUNCTION f, HDEVINFO s, PSP_DEVINFO_DATA d, PCOINSTALLER_CONTEXT_DATA c)
{
    switch (f) {
    case DIF_INSTALLDEVICE:
        return ERROR_DI_DO_DEFAULT;
    }
    return NO_ERROR;
}
`;

test('the catalogue spells the contract constants as setupapi.h and winerror.h do', () => {
  const { constantValue, OTHER_CONSTANTS } = catalogue;
  assert.equal(constantValue('DIF_NEWDEVICEWIZARD_FINISHINSTALL'), 0x1e);
  assert.equal(constantValue('DIF_FINISHINSTALL_ACTION'), 0x2a);
  assert.equal(constantValue('DI_FLAGSEX_FINISHINSTALL_ACTION'), 0x8);
  assert.equal(constantValue('DI_NEEDREBOOT'), 0x100);
  const mask = (OTHER_CONSTANTS.APPLICATION_ERROR_MASK | OTHER_CONSTANTS.ERROR_SEVERITY_ERROR) >>> 0;
  assert.equal(constantValue('ERROR_DI_DO_DEFAULT'), (mask | 0x20e) >>> 0);
  assert.equal(constantValue('ERROR_DI_POSTPROCESSING_REQUIRED'), (mask | 0x226) >>> 0);
  // DI_NOVCP (Flags) and DI_FLAGSEX_FINISHINSTALL_ACTION (FlagsEx) are the same bit.
  assert.equal(constantValue('DI_NOVCP'), constantValue('DI_FLAGSEX_FINISHINSTALL_ACTION'));
});

test('severity overrides from a config change what is reported, "off" removes it', async () => {
  const engine = await Engine.create();
  const base = engine.analyze({ path: 'co.c', text: coInstaller });
  assert.deepEqual(base.findings.map((f) => [f.ruleId, f.severity]), [['coinstaller-do-default', 'error']]);
  const warn = parseConfig(JSON.stringify({ rules: { 'coinstaller-do-default': 'warning' } }), RULE_IDS);
  assert.deepEqual(engine.analyze({ path: 'co.c', text: coInstaller }, { config: warn.config }).findings.map((f) => f.severity), ['warning']);
  const off = parseConfig(JSON.stringify({ rules: { 'coinstaller-do-default': 'off' } }), RULE_IDS);
  assert.deepEqual(engine.analyze({ path: 'co.c', text: coInstaller }, { config: off.config }).findings, []);
});

test(`${CONFIG_FILE_NAME} problems are reported, not ignored`, () => {
  const { problems } = parseConfig('{"rules": {"no-such-rule": "error", "flag-not-set": "loud"}}', RULE_IDS);
  assert.deepEqual(problems.map((p) => p.message), [
    'unknown rule id "no-such-rule"',
    'rule "flag-not-set": severity must be one of off, hint, information, warning, error',
  ]);
  assert.match(parseConfig('{ rules: ', RULE_IDS).problems[0].message, /not valid JSON/);
});

test(`${CONFIG_FILE_NAME} problems say where they are and which rule, and never quote other content`, () => {
  const text = '{\n  "rules": {\n    "no-such-rule": "error",\n    "flag-not-set": "loud"\n  }\n}';
  const { problems } = parseConfig(text, RULE_IDS);
  assert.deepEqual(
    problems.map((p) => [p.ruleId, text.slice(p.offset, p.offset + p.length)]),
    [['no-such-rule', '"no-such-rule"'], ['flag-not-set', '"loud"']],
  );
  for (const [broken, at] of [['{ "rules": { "a": "b" } } trailing secret', 26], ['{ "rules": { secret: 1 } }', 13], ['secret', 0], ['', 0], ['{"a": "hunter2 secret', 6]] as const) {
    const [problem] = parseConfig(broken, RULE_IDS).problems;
    assert.match(problem.message, /^not valid JSON: /, broken);
    assert.equal(problem.offset, at, broken);
    assert.doesNotMatch(problem.message, /secret|hunter2/, broken);
  }
  // Deep nesting is refused, not recursed into; a BOM is not an error; repeated names: the last counts, as in JSON.parse.
  assert.match(parseConfig('['.repeat(100_000), RULE_IDS).problems[0].message, /nested too deeply/);
  assert.deepEqual(parseConfig('\uFEFF{"rules": {"flag-not-set": "off"}}', RULE_IDS), { config: { rules: { 'flag-not-set': 'off' } }, problems: [] });
  assert.deepEqual(parseConfig('{"rules": {}, "rules": {"flag-not-set": "off"}}', RULE_IDS).config.rules, { 'flag-not-set': 'off' });
});

test('files without DI_FUNCTION are not parsed and yield nothing', async () => {
  const engine = await Engine.create();
  const result = engine.analyze({ path: 'util.c', text: 'int main(void) { return ERROR_DI_DO_DEFAULT; }' });
  assert.deepEqual(result.findings, []);
  assert.equal(result.model, undefined);
});

test('binary and oversized files are skipped with one information finding', async () => {
  const engine = await Engine.create();
  const binary = engine.analyze({ path: 'x.c', text: 'MZ\u0000\u0000DI_FUNCTION' });
  assert.match(binary.skipped ?? '', /NUL bytes/);
  assert.deepEqual(binary.findings.map((f) => [f.ruleId, f.severity]), [['file-skipped', 'information']]);
  const big = engine.analyze({ path: 'x.c', text: coInstaller }, { maxFileSizeKB: 0.1 });
  assert.match(big.findings[0].message, /larger than 0.1 KB/);
});

test('C and C++ files yield entry-point summaries for the INF cross-check', async () => {
  const engine = await Engine.create();
  const result = engine.analyze({ path: 'co.cpp', text: coInstaller });
  assert.deepEqual(result.entryPoints.map((e) => [e.name, e.kind, e.handledDifs]), [['Co', 'co-installer', ['DIF_INSTALLDEVICE']]]);
});

test('trace events of calls point at the calls, in the helper they are made from too; a trace keeps its first call out of sight', async () => {
  const engine = await Engine.create();
  const text = `static void Tune(HDEVINFO s, PSP_DEVINFO_DATA d)
{
    ConfigureVendorSetting(s, d);
}

DWORD CALLBACK Co(DI_FUNCTION f, HDEVINFO s, PSP_DEVINFO_DATA d, PCOINSTALLER_CONTEXT_DATA c)
{
    switch (f) {
    case DIF_NEWDEVICEWIZARD_FINISHINSTALL:
        Tune(s, d);
        ApplyVendorSetting(s, d);
        break;
    case DIF_INSTALLDEVICE:
        ApplyVendorSetting(s, d);
        break;
    case DIF_FINISHINSTALL_ACTION:
        ExitWindowsEx(EWX_REBOOT, 0);
        break;
    }
    return NO_ERROR;
}
`;
  const model = engine.analyze({ path: 'co.c', text }).model!;
  const at = (needle: string) => positionOf(text, needle);
  const events = model.entryPoints[0].overall.events.filter((e) => e.kind === 'opaque-call' || e.kind === 'restart');
  assert.deepEqual(
    events.map((e) => [e.kind, e.range.start, e.callChain.map((r) => r.start)]),
    [
      // The wizard's trace: its first call out of sight, made in the helper (its second is not recorded).
      ['opaque-call', at('ConfigureVendorSetting(s, d)'), [at('Tune(s, d)')]],
      ['opaque-call', positionOf(text, 'ApplyVendorSetting(s, d)', { occurrence: 1 }), []],
      ['restart', at('ExitWindowsEx('), []],
    ],
  );
});

test('a dispatch that only some codes reach is found, and every code it names is traced', async () => {
  const engine = await Engine.create();
  const text = `static BOOL IsWizardStep(DI_FUNCTION code)
{
    return code == DIF_NEWDEVICEWIZARD_FINISHINSTALL;
}

DWORD CALLBACK ClassInstaller(DI_FUNCTION InstallFunction, HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData)
{
    if (IsWizardStep(InstallFunction)) {
        switch (InstallFunction) {
        case DIF_NEWDEVICEWIZARD_FINISHINSTALL:
            return NO_ERROR;
        case DIF_FINISHINSTALL_ACTION:
            return ERROR_DI_DO_DEFAULT;
        }
    }
    return ERROR_DI_DO_DEFAULT;
}
`;
  const ep = engine.analyze({ path: 'class.c', text }).model!.entryPoints[0];
  const at = (needle: string) => positionOf(text, needle);
  // The codes no dispatch names never reach the switch: its labels come from the wizard code's trace.
  assert.deepEqual(
    [...ep.dispatch].map(([name, ranges]) => [name, ranges.map((r) => r.start)]),
    [
      ['DIF_NEWDEVICEWIZARD_FINISHINSTALL', [at('DIF_NEWDEVICEWIZARD_FINISHINSTALL;'), at('DIF_NEWDEVICEWIZARD_FINISHINSTALL:')]],
      ['DIF_FINISHINSTALL_ACTION', [at('DIF_FINISHINSTALL_ACTION:')]],
    ],
  );
  assert.deepEqual(ep.handlers.map((h) => h.dif), ['DIF_NEWDEVICEWIZARD_FINISHINSTALL', 'DIF_FINISHINSTALL_ACTION', undefined]);
  // DIF_FINISHINSTALL_ACTION is not a wizard step: its trace never enters the switch.
  const action = ep.handlers[1];
  assert.deepEqual(action.returns.map((r) => r.range.start), [positionOf(text, 'return ERROR_DI_DO_DEFAULT;', { occurrence: 1 })]);
});

test('a test of the code inside a handler it already picked is not dispatch', async () => {
  const engine = await Engine.create();
  const text = `DWORD CALLBACK CoInstaller(DI_FUNCTION InstallFunction, HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData, PCOINSTALLER_CONTEXT_DATA Context)
{
    switch (InstallFunction) {
    case DIF_NEWDEVICEWIZARD_FINISHINSTALL:
    case DIF_FINISHINSTALL_ACTION:
        if (InstallFunction == DIF_FINISHINSTALL_ACTION || InstallFunction == DIF_REMOVE) {
            return RunFinishInstallAction(DeviceInfoSet, DeviceInfoData);
        }
        break;
    }
    return NO_ERROR;
}
`;
  const ep = engine.analyze({ path: 'co.c', text }).model!.entryPoints[0];
  assert.deepEqual(
    [...ep.dispatch].map(([name, ranges]) => [name, ranges.map((r) => r.start)]),
    [
      ['DIF_NEWDEVICEWIZARD_FINISHINSTALL', [positionOf(text, 'DIF_NEWDEVICEWIZARD_FINISHINSTALL:')]],
      ['DIF_FINISHINSTALL_ACTION', [positionOf(text, 'DIF_FINISHINSTALL_ACTION:')]],
    ],
  );
});

test('a comment before a condition does not hide the dispatch test behind it', async () => {
  const engine = await Engine.create();
  const text = `DWORD CALLBACK ClassInstaller(DI_FUNCTION InstallFunction, HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData)
{
    if (/* the wizard's last page */ InstallFunction == DIF_NEWDEVICEWIZARD_FINISHINSTALL) {
        return NO_ERROR;
    }
    return ERROR_DI_DO_DEFAULT;
}
`;
  const result = engine.analyze({ path: 'class.c', text });
  assert.deepEqual(result.entryPoints.map((e) => e.handledDifs), [['DIF_NEWDEVICEWIZARD_FINISHINSTALL']]);
});

test("the whole entry point holds every code's paths: a write checked on one code's, saved on one", async () => {
  const engine = await Engine.create();
  const text = `static void RequestAction(HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData, BOOL save)
{
    SP_DEVINSTALL_PARAMS Params;
    Params.cbSize = sizeof(Params);
    if (SetupDiGetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &Params)) {
        Params.FlagsEx |= DI_FLAGSEX_FINISHINSTALL_ACTION;
        if (save) {
            SetupDiSetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &Params);
        }
    }
}

DWORD CALLBACK ClassInstaller(DI_FUNCTION InstallFunction, HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData)
{
    BOOL save = FALSE;
    switch (InstallFunction) {
    case DIF_NEWDEVICEWIZARD_FINISHINSTALL:
        if (!ActionNeeded(DeviceInfoSet)) {
            return ERROR_DI_DO_DEFAULT;
        }
        save = TRUE;
        break;
    case DIF_INSTALLDEVICE:
        break;
    default:
        return ERROR_DI_DO_DEFAULT;
    }
    RequestAction(DeviceInfoSet, DeviceInfoData, save);
    return ERROR_DI_DO_DEFAULT;
}
`;
  const ep = engine.analyze({ path: 'class.c', text }).model!.entryPoints[0];
  const writesIn = (trace: (typeof ep.handlers)[number]) =>
    trace.events.flatMap((e) => (e.kind === 'flag-write' ? [{ at: e.range.start, checked: e.checked, saved: e.saved }] : []));
  const at = positionOf(text, 'Params.FlagsEx');
  const wizard = ep.handlers.find((h) => h.dif === 'DIF_NEWDEVICEWIZARD_FINISHINSTALL')!;
  const install = ep.handlers.find((h) => h.dif === 'DIF_INSTALLDEVICE')!;
  assert.deepEqual(writesIn(wizard), [{ at, checked: true, saved: true }]);
  assert.deepEqual(writesIn(install), [{ at, checked: false, saved: false }]);
  // One write through one call: checked only if it is on every path, saved if on some.
  assert.deepEqual(writesIn(ep.overall), [{ at, checked: false, saved: true }]);
  // The codes' own traces keep what they saw.
  assert.deepEqual(writesIn(wizard), [{ at, checked: true, saved: true }]);
});

test('re-analysing an edited document gives the same findings as analysing it fresh', async () => {
  const original = fs.readFileSync(path.join(FIXTURES, 'c', 'flags', 'flag-mistakes.c'), 'utf8');
  const edits: Array<(t: string) => string> = [
    (t) => '// a new first line\n\n' + t, // everything moves down
    (t) => t.replace('DIF_INSTALLDEVICE:', 'DIF_REMOVE:'), // one handler changes
    (t) => t.replace('    ZeroMemory(&dip, sizeof(dip));\n', '    ZeroMemory(&dip, sizeof(dip));\n    dip.cbSize = sizeof(dip);\n'), // a helper changes
    (t) => t.replace('static void RequestFinishInstall', 'static  void RequestFinishInstall'), // a column moves
    (t) => t.slice(0, t.length / 2), // cut in the middle, as while typing
    (t) => t,
  ];
  const incremental = await Engine.create();
  const fresh = await Engine.create();
  let text = original;
  incremental.analyze({ path: 'doc.c', text });
  for (const edit of edits) {
    text = edit(text);
    const again = incremental.analyze({ path: 'doc.c', text });
    // A path never seen before gets no cache: a fresh analysis.
    const reference = fresh.analyze({ path: `fresh-${Math.random()}.c`, text });
    assert.deepEqual(again.findings, reference.findings);
  }
});

const MOVING_INSTALLERS = `#include <windows.h>
#include <setupapi.h>
#define RETURN_DEFAULT() return ERROR_DI_DO_DEFAULT

static void RequestFinishInstall(HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData)
{
    SP_DEVINSTALL_PARAMS dip;
    ZeroMemory(&dip, sizeof(dip));
    if (SetupDiGetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &dip)) {
        dip.Flags |= DI_FLAGSEX_FINISHINSTALL_ACTION;
    }
}

static DWORD Dispatch(DI_FUNCTION InstallFunction, HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData)
{
    switch (InstallFunction) {
    case DIF_NEWDEVICEWIZARD_FINISHINSTALL:
        RequestFinishInstall(DeviceInfoSet, DeviceInfoData);
        return NO_ERROR;
    case DIF_FINISHINSTALL_ACTION:
        return ERROR_DI_DO_DEFAULT;
    default:
        return ERROR_DI_DO_DEFAULT;
    }
}

DWORD CALLBACK FirstClassInstaller(DI_FUNCTION InstallFunction, HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData)
{
    return Dispatch(InstallFunction, DeviceInfoSet, DeviceInfoData);
}

DWORD CALLBACK SecondClassInstaller(DI_FUNCTION InstallFunction, HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData)
{
    if (InstallFunction == DIF_NEWDEVICEWIZARD_FINISHINSTALL) {
        RequestFinishInstall(DeviceInfoSet, DeviceInfoData);
    }
    return ERROR_DI_DO_DEFAULT;
}

DWORD CALLBACK MacroCoInstaller(DI_FUNCTION InstallFunction, HDEVINFO DeviceInfoSet,
                                PSP_DEVINFO_DATA DeviceInfoData, PCOINSTALLER_CONTEXT_DATA Context)
{
    if (Context->PostProcessing) {
        return Context->InstallResult;
    }
    if (InstallFunction == DIF_REMOVE) {
        RETURN_DEFAULT();
    }
    if (InstallFunction == DIF_FINISHINSTALL_ACTION) {
        return RunAction(DeviceInfoSet, DeviceInfoData);
    }
    return NO_ERROR;
}
`;

/** The helper MOVING_INSTALLERS calls in another file of its folder. */
const MOVING_HELPERS = {
  definingFile: (name: string) =>
    name === 'RunAction' ? { path: '/ws/util.c', text: 'DWORD RunAction(HDEVINFO Set, PSP_DEVINFO_DATA Dev)\n{\n    return ERROR_DI_DO_DEFAULT;\n}\n' } : undefined,
};

/** The model as data: every node (values' origins, blocks) by its place, every range as it is now. */
function modelData(value: unknown, path: unknown[] = []): unknown {
  if (value instanceof SyntaxNode) return { node: value.type, range: value.range, startIndex: value.startIndex, endIndex: value.endIndex };
  if (value === null || typeof value !== 'object') return value;
  assert.ok(!path.includes(value), 'the model holds no cycles');
  const inner = [...path, value];
  if (Array.isArray(value)) return value.map((v) => modelData(v, inner));
  if (value instanceof Map) return [...value].map((v) => modelData(v, inner));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = modelData((value as Record<string, unknown>)[key], inner);
  // Fields made when asked (an opaque call's range) are getters of the class.
  for (let proto = Object.getPrototypeOf(value); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const [key, d] of Object.entries(Object.getOwnPropertyDescriptors(proto))) if (d.get) out[key] = modelData((value as Record<string, unknown>)[key], inner);
  }
  return out;
}

test('edits that move entry points without changing them re-trace none of them, and the model is the one a fresh analysis makes', async () => {
  const edits: Array<{ what: string; edit: (t: string) => string; retraced: string[] }> = [
    { what: 'a line inserted above everything', edit: (t) => '\n' + t, retraced: [] },
    { what: 'a character inserted above everything (offsets move, lines do not)', edit: (t) => ' ' + t, retraced: [] },
    { what: "text before a function on its first line (its first line's columns move)", edit: (t) => t.replace('DWORD CALLBACK MacroCoInstaller', '/* moved */ DWORD CALLBACK MacroCoInstaller'), retraced: [] },
    { what: 'a line inserted in the first entry point', edit: (t) => t.replace('    return Dispatch(', '\n    return Dispatch('), retraced: ['FirstClassInstaller'] },
    {
      what: 'a line inserted in a helper two entry points call',
      edit: (t) => t.replace('    ZeroMemory(&dip, sizeof(dip));\n', '    ZeroMemory(&dip, sizeof(dip));\n    dip.cbSize = sizeof(dip);\n'),
      retraced: ['FirstClassInstaller', 'SecondClassInstaller'],
    },
    { what: 'the first line joined with the next (everything moves up)', edit: (t) => t.replace('\n', ''), retraced: [] },
  ];
  const incremental = await Engine.create();
  const fresh = await Engine.create();
  let text = MOVING_INSTALLERS;
  const analyze = (engine: Engine, transient: boolean) => engine.analyze({ path: '/ws/moves.c', text }, { transient, helpers: MOVING_HELPERS });
  let previous = analyze(incremental, false);
  for (const { what, edit, retraced } of edits) {
    text = edit(text);
    const again = analyze(incremental, false);
    const reference = analyze(fresh, true);
    const lineOf = (code: string) => text.split('\n').findIndex((l) => l.includes(code));
    const doDefault = reference.findings.filter((f) => f.ruleId === 'coinstaller-do-default').map((f) => f.range.start.line);
    assert.deepEqual(doDefault, [lineOf('RETURN_DEFAULT();'), lineOf('return RunAction(')], 'findings inside a macro expansion and a helper file, at the use and the call');
    assert.deepEqual(again.findings, reference.findings, what);
    assert.deepEqual(again.difCalls, reference.difCalls, what);
    assert.deepEqual(modelData(again.model!.entryPoints), modelData(reference.model!.entryPoints), what);
    assert.deepEqual(again.model!.helperCalls, reference.model!.helperCalls, what);
    // A kept entry point keeps its traces (the same objects); a re-traced one has new ones.
    const kept = new Set(previous.model!.entryPoints.map((ep) => ep.handlers));
    assert.deepEqual(again.model!.entryPoints.filter((ep) => !kept.has(ep.handlers)).map((ep) => ep.name), retraced, what);
    previous = again;
  }
});

test('re-parsing a large document after edits anywhere (block boundaries, repeated text) matches a fresh analysis', async () => {
  const original = benchDocument(1500);
  const at = (offset: number, remove: number, insert: string) => (t: string) => t.slice(0, offset) + insert + t.slice(offset + remove);
  const handler = original.indexOf('return ERROR_DI_DO_DEFAULT;', original.indexOf(DEFECT_NAME));
  const edits: Array<(t: string) => string> = [
    at(handler + 'return '.length, 'ERROR_DI_DO_DEFAULT'.length, 'ERROR_DI_DO_DEFAULX'), // same length: the function keeps its extent
    at(handler + 'return '.length, 'ERROR_DI_DO_DEFAULX'.length, 'NO_ERROR'), // the finding goes away
    at(4096, 0, '\n'), // on the comparison block boundary
    at(4095, 2, ''),
    (t) => t + t.slice(-5000), // the end repeated: prefix and suffix could overlap
    (t) => t.slice(0, 8192) + t.slice(8192 - 300), // text repeated in the middle
    at(handler, 0, 'Status = Helper0(DeviceInfoSet, DeviceInfoData);\n        '),
    (t) => t.slice(0, t.length - 4096),
    at(0, 0, '// Größe 😀\r\n'), // UTF-16 pairs and CRLF before everything that follows
    (t) => t.replace('\n}\n\n', '\n}\n\n\n'), // a blank line between two functions
    (t) => t.replace(' 😀', ' 😀😀'), // right after a surrogate pair
  ];
  // Where every top-level declaration and every function's statements stand (toString says nothing of positions).
  const places = (root: Node) =>
    root.namedChildren
      .flatMap((n) => (n ? [n, ...(n.childForFieldName('body')?.namedChildren ?? [])] : []))
      .map((n) => `${n?.type}@${n?.startPosition.row}:${n?.startPosition.column}-${n?.endPosition.row}:${n?.endPosition.column}`);
  const incremental = await Engine.create();
  const fresh = await Engine.create();
  let text = original;
  incremental.analyze({ path: 'big.c', text });
  for (const [k, edit] of edits.entries()) {
    text = edit(text);
    const again = incremental.analyze({ path: 'big.c', text });
    const reference = fresh.analyze({ path: `fresh-${k}.c`, text }, { transient: true });
    assert.deepEqual(again.findings, reference.findings, `edit ${k}`);
    assert.equal(again.parsed!.tree.rootNode.toString(), reference.parsed!.tree.rootNode.toString(), `edit ${k}: the same tree`);
    assert.deepEqual(places(again.parsed!.tree.rootNode), places(reference.parsed!.tree.rootNode), `edit ${k}: at the same places`);
  }
});

function heapAfterGc(): number {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

test('a long editing session keeps no trace of old versions (memory stays flat over 150 edits)', async () => {
  const engine = await Engine.create();
  let text = benchDocument(4000);
  engine.analyze({ path: 'session.c', text });
  const before = heapAfterGc();
  // Typing in one function after another, the way a session moves through a file.
  let from = 0;
  for (let i = 0; i < 150; i++) {
    let at = text.indexOf('    Status = ', from);
    if (at < 0) at = text.indexOf('    Status = ');
    from = at + 1000;
    text = text.slice(0, at) + `    /* ${i} */\n` + text.slice(at);
    engine.analyze({ path: 'session.c', text });
  }
  const grownMB = (heapAfterGc() - before) / 1024 / 1024;
  // Each version's text is ~160 KB (UTF-16: twice that); keeping them all would add 25 MB and more, and
  // even a cache whose keys are slices of the versions they were cut from kept a dozen (3.2 MB; 1.2 without).
  assert.ok(grownMB < 2.5, `the heap grew by ${grownMB.toFixed(1)} MB over 150 edits`);
});

test('findings and entry-point summaries do not keep the text of the functions they name alive', async () => {
  const engine = await Engine.create();
  // Each entry point is long (a 200 KB comment inside it); the server keeps findings and summaries of
  // every open document after it let its model go.
  const notes = `    /*${' notes'.repeat(35_000)} */\n`;
  const analyze = (i: number) => {
    const text = coInstaller.replace('DWORD CALLBACK Co(', `DWORD CALLBACK CoInstallerNumber${i}(`).replace('{\n', `{\n${notes}`);
    const result = engine.analyze({ path: `long-${i}.c`, text: text.replace(/ notes/, ` notes${i}`) }, { transient: true });
    assert.equal(result.entryPoints[0]?.name, `CoInstallerNumber${i}`);
    assert.ok(result.findings.length > 0);
    return result;
  };
  analyze(99); // compiled code and first-use allocations are not what is measured
  const kept: unknown[] = [];
  const before = heapAfterGc();
  for (let i = 0; i < 20; i++) {
    const result = analyze(i);
    kept.push(result.findings, result.entryPoints);
  }
  const grownMB = (heapAfterGc() - before) / 1024 / 1024;
  // Keeping the functions' texts would be 20 x 200 KB.
  assert.ok(grownMB < 1, `the heap grew by ${grownMB.toFixed(1)} MB for 20 documents' findings and summaries`);
  assert.equal(kept.length, 40);
});
