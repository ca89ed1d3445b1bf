import { before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Engine } from '../engine/engine';
import { indexFile } from '../engine/model/fileIndex';
import { TraceInterpreter, type TraceResult } from '../engine/model/interpreter';
import { compileRecognisers, type Recogniser } from '../engine/model/recogniser';
import { coinstallerContext, postProcessingTestsOf } from '../engine/model/recognisers/coinstallerContext';
import { externalCalls } from '../engine/model/recognisers/externalCalls';
import { flagWrites } from '../engine/model/recognisers/flagWrites';
import { hresult } from '../engine/model/recognisers/hresult';
import { CONTRACT_RECOGNISER_LIST } from '../engine/model/recognisers/index';
import { installParams } from '../engine/model/recognisers/installParams';
import { lastError } from '../engine/model/recognisers/lastError';
import { needCheck } from '../engine/model/recognisers/needCheck';
import { processes } from '../engine/model/recognisers/processes';
import { restart } from '../engine/model/recognisers/restart';
import { intersectionOfSets, unionOfSets } from '../engine/model/recognisers/sets';
import { wizardPages } from '../engine/model/recognisers/wizardPages';
import type { Phase, TraceEvent } from '../engine/model/types';

// Each recogniser on its own: the walker with only that recogniser (and what it requires) on a small
// handler, so a fact about code paths is tested where it is written.

let engine: Engine;
before(async () => {
  engine = await Engine.create();
});

const CLASS_INSTALLER = (body: string) => `
#include <windows.h>
#include <setupapi.h>
BOOL NeedsAction(void);
DWORD CALLBACK ClassInstaller(DI_FUNCTION InstallFunction, HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData)
{
${body}
}
`;

const CO_INSTALLER = (body: string) => `
DWORD CALLBACK CoInstaller(DI_FUNCTION InstallFunction, HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData, PCOINSTALLER_CONTEXT_DATA Context)
{
${body}
}
`;

function trace(source: string, recognisers: readonly Recogniser[], phase: Phase = 'only'): TraceResult {
  const parsed = engine.parse(source, 'c');
  const index = indexFile(parsed.tree.rootNode, parsed.prepared);
  const entry = index.entryPoints[0].fn;
  const [difParam, , , contextParam] = entry.params.map((p) => p.name);
  const request = { entry, dif: 'DIF_FINISHINSTALL_ACTION', difValue: 0x2a, phase, difParam, contextParam };
  return new TraceInterpreter(index, request, compileRecognisers(recognisers)).run();
}

function eventsOf<K extends TraceEvent['kind']>(result: TraceResult, kind: K): Array<Extract<TraceEvent, { kind: K }>> {
  return result.trace.events.filter((e): e is Extract<TraceEvent, { kind: K }> => e.kind === kind);
}

describe('the walker without recognisers', () => {
  test('knows no SetupAPI: no events, calls are plain calls', () => {
    const result = trace(
      CLASS_INSTALLER(`
  SP_DEVINSTALL_PARAMS p;
  SetupDiGetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &p);
  p.FlagsEx |= DI_FLAGSEX_FINISHINSTALL_ACTION;
  SetupDiSetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &p);
  ExitWindowsEx(EWX_REBOOT, 0);
  return GetLastError();`),
      [],
    );
    assert.deepEqual(result.trace.events, []);
    const [value] = result.trace.returns[0].values;
    assert.equal(value.kind === 'unknown' && value.source, 'call');
  });
});

describe('the walker: a value is kept only as long as nothing out of sight can change it', () => {
  const FILE = (helpers: string, body: string) => `
#include <windows.h>
#include <setupapi.h>
BOOL g_reboot;
${helpers}
DWORD CALLBACK ClassInstaller(DI_FUNCTION InstallFunction, HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData)
{
${body}
}
`;
  /** The constants the entry point can return, in return order (a dead return gives none). */
  const returned = (helpers: string, body: string) =>
    trace(FILE(helpers, body), CONTRACT_RECOGNISER_LIST).trace.returns.flatMap((r) => r.values.map((v) => (v.kind === 'constant' ? v.value : v.source)));

  test('a variable whose address a call out of sight was handed is unknown after it', () => {
    assert.deepEqual(returned('', 'DWORD size = 0; SetupDiGetDeviceRegistryPropertyW(DeviceInfoSet, DeviceInfoData, 0, NULL, NULL, 0, &size); if (size == 0) return 1; return 2;'), [1, 2]);
    assert.deepEqual(returned('', 'BOOL reboot = FALSE; InstallUtility(&reboot); if (reboot) return 3; return 4;'), [3, 4]);
    // A cast the parser takes for `(LPBYTE) & value`.
    assert.deepEqual(returned('', 'DWORD v = 0; RegQueryValueExW(key, L"v", NULL, NULL, (LPBYTE)&v, NULL); if (v == 0) return 1; return 2;'), [1, 2]);
    // Escaped into a struct: a later call may write it.
    assert.deepEqual(returned('', 'BOOL done = FALSE; WORK w; w.pDone = &done; RunWork(&w); if (done) return 5; return 6;'), [5, 6]);
    // Not escaped: the value stays.
    assert.deepEqual(returned('', 'DWORD size = 0; Log(size); if (size == 0) return 1; return 2;'), [1]);
  });

  test('a global the trace assigned is unknown after a call out of sight', () => {
    assert.deepEqual(returned('', 'g_reboot = FALSE; InstallUtility(); if (g_reboot) return 3; return 4;'), [3, 4]);
  });

  test("a helper's *p is the caller's variable; p itself is only a pointer", () => {
    const helper = 'static DWORD GetSize(DWORD *pSize) { if (!pSize) return ERROR_INVALID_PARAMETER; *pSize = 16; return NO_ERROR; }';
    assert.deepEqual(returned(helper, 'DWORD size = 0; GetSize(&size); if (size == 16) return 7; return 8;'), [7]);
    // A write through a pointer the walker cannot follow may hit any escaped variable.
    const unknownPointer = 'static VOID Fill(DWORD **slot) { **slot = 1; }';
    assert.deepEqual(returned(unknownPointer, 'DWORD v = 0; DWORD *pv = &v; Fill(&pv); if (v == 0) return 1; return 2;'), [1, 2]);
  });

  test('a loop is followed until the values at its start settle', () => {
    // b becomes 1 only in the third round.
    const body = 'DWORD a = 0, b = 0; while (MoreItems()) { if (b == 1) return 9; if (a == 1) b = 1; a = 1; } return 0;';
    assert.deepEqual(returned('', body), [9, 0]);
  });

  test('what reaches a read of an HRESULT variable decides its kind, not the declaration', () => {
    const familyOf = (body: string) => trace(FILE('', body), CONTRACT_RECOGNISER_LIST).trace.returns.flatMap((r) => r.values.map((v) => v.family));
    assert.deepEqual(familyOf('HRESULT Error = NO_ERROR; return (DWORD)Error;'), ['win32']);
    assert.deepEqual(familyOf('HRESULT Error; if (!SetupDiCallClassInstaller(InstallFunction, DeviceInfoSet, DeviceInfoData)) Error = GetLastError(); else Error = NO_ERROR; return (DWORD)Error;'), [undefined, 'win32']);
    assert.deepEqual(familyOf('HRESULT hr = E_FAIL; return hr;'), ['hresult']);
    assert.deepEqual(familyOf('HRESULT hr = HRESULT_FROM_WIN32(5); return hr;'), ['hresult']);
    assert.deepEqual(familyOf('HRESULT hr = CoCreateThing(); return hr;'), ['hresult']);
  });

  test('UNREFERENCED_PARAMETER passes the device nowhere', () => {
    const opaque = (body: string) => eventsOf(trace(FILE('', body), CONTRACT_RECOGNISER_LIST), 'opaque-call').map((e) => e.callee);
    assert.deepEqual(opaque('UNREFERENCED_PARAMETER(DeviceInfoSet); UNREFERENCED_PARAMETER(DeviceInfoData); return ERROR_DI_DO_DEFAULT;'), []);
    assert.deepEqual(opaque('DBG_UNREFERENCED_PARAMETER(DeviceInfoData); return ERROR_DI_DO_DEFAULT;'), []);
    assert.deepEqual(opaque('TellOthers(DeviceInfoSet, DeviceInfoData); return ERROR_DI_DO_DEFAULT;'), ['TellOthers']);
  });
});

describe('recognisers', () => {
  test('lastError: GetLastError() is a Win32 error, never NO_ERROR', () => {
    const [value] = trace(CLASS_INSTALLER('return GetLastError();'), [lastError]).trace.returns[0].values;
    assert.ok(value.kind === 'unknown' && value.source === 'last-error');
    assert.deepEqual(value.excludes, [0]);
  });

  test('hresult: HRESULT_FROM_WIN32(...) is an HRESULT', () => {
    const [value] = trace(CLASS_INSTALLER('return HRESULT_FROM_WIN32(5);'), [hresult]).trace.returns[0].values;
    assert.equal(value.family, 'hresult');
  });

  test('installParams: cbSize set on every path, by a write or an initializer, and cleared by zeroing', () => {
    const sizeMissing = (body: string) => eventsOf(trace(CLASS_INSTALLER(body), [installParams]), 'params-get').map((e) => e.sizeMissing);
    const get = 'SetupDiGetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &p);';
    assert.deepEqual(sizeMissing(`SP_DEVINSTALL_PARAMS p; ${get} return 0;`), [true]);
    assert.deepEqual(sizeMissing(`SP_DEVINSTALL_PARAMS p; p.cbSize = sizeof(p); ${get} return 0;`), [false]);
    assert.deepEqual(sizeMissing(`SP_DEVINSTALL_PARAMS p = { sizeof(p) }; ${get} return 0;`), [false]);
    assert.deepEqual(sizeMissing(`SP_DEVINSTALL_PARAMS p; p.cbSize = sizeof(p); ZeroMemory(&p, sizeof(p)); ${get} return 0;`), [true]);
    // Set on one branch only: missing where the paths meet.
    assert.deepEqual(sizeMissing(`SP_DEVINSTALL_PARAMS p; if (NeedsAction()) p.cbSize = sizeof(p); ${get} return 0;`), [true]);
    // Handed to a function of another file first: it may have set cbSize.
    assert.deepEqual(sizeMissing(`SP_DEVINSTALL_PARAMS p; InitInstallParams(&p); ${get} return 0;`), [false]);
    const set = eventsOf(trace(CLASS_INSTALLER('SP_DEVINSTALL_PARAMS p; SetupDiSetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &p); return 0;'), [installParams]), 'params-set');
    assert.deepEqual(set.map((e) => e.target), ['p']);
  });

  test('flagWrites: the finish-install write, whether a check guards it and whether a path saves it', () => {
    const writes = (body: string) => eventsOf(trace(CLASS_INSTALLER(`SP_DEVINSTALL_PARAMS p;\n${body}\nreturn NO_ERROR;`), [flagWrites]), 'flag-write');
    const write = 'p.FlagsEx |= DI_FLAGSEX_FINISHINSTALL_ACTION;';
    const save = 'SetupDiSetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &p);';
    assert.deepEqual(writes(write).map((e) => [e.field, e.checked, e.saved]), [['FlagsEx', false, false]]);
    assert.deepEqual(writes(`${write} ${save}`).map((e) => e.saved), [true]);
    assert.deepEqual(writes(`if (NeedsAction()) { ${write} } ${save}`).map((e) => [e.checked, e.saved]), [[true, true]]);
    // Saved on one path only: the write is saved on some path.
    assert.deepEqual(writes(`${write} if (NeedsAction()) ${save}`).map((e) => e.saved), [true]);
    // Handed to a function of another file, which may save them; re-read by a SetupAPI call, which does not.
    assert.deepEqual(writes(`${write} StoreInstallParams(DeviceInfoSet, DeviceInfoData, &p);`).map((e) => e.saved), [true]);
    assert.deepEqual(writes(`${write} SetupDiGetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &p);`).map((e) => e.saved), [false]);
    assert.deepEqual(writes('p.FlagsEx &= ~DI_FLAGSEX_FINISHINSTALL_ACTION;'), []);
    assert.deepEqual(writes('p.Flags |= DI_FLAGSEX_FINISHINSTALL_ACTION;').map((e) => e.field), ['Flags']);
  });

  test('needCheck: a user check guards its branches only; error checks and PostProcessing tests are no check', () => {
    const checked = (body: string) =>
      eventsOf(trace(CO_INSTALLER(`SP_DEVINSTALL_PARAMS p;\n${body}\nreturn NO_ERROR;`), [flagWrites], 'pre'), 'flag-write').map((e) => e.checked);
    const write = 'p.FlagsEx |= DI_FLAGSEX_FINISHINSTALL_ACTION;';
    assert.deepEqual(checked(`if (NeedsAction()) { ${write} }`), [true]);
    assert.deepEqual(checked(`if (NeedsAction()) { } else { } ${write}`), [false]);
    assert.deepEqual(checked(`if (!SetupDiGetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &p)) { ${write} }`), [false]);
    assert.deepEqual(checked(`if (Context->InstallResult == NO_ERROR) { ${write} }`), [false]);
    assert.equal(needCheck.join!([true, false]), false);
    // A helper asked about the device is a check even where the walker decides its answer; one asked nothing is not.
    const withHelper = (helper: string, body: string) =>
      eventsOf(trace(`${helper}\n${CO_INSTALLER(`SP_DEVINSTALL_PARAMS p;\n${body}\nreturn NO_ERROR;`)}`, [flagWrites], 'pre'), 'flag-write').map((e) => e.checked);
    const askDevice = 'static BOOL NeedsFinishInstall(HDEVINFO s, PSP_DEVINFO_DATA d) { return TRUE; }';
    assert.deepEqual(withHelper(askDevice, `if (NeedsFinishInstall(DeviceInfoSet, DeviceInfoData)) { ${write} }`), [true]);
    assert.deepEqual(withHelper(askDevice, `if (!NeedsFinishInstall(DeviceInfoSet, DeviceInfoData)) return NO_ERROR; ${write}`), [true]);
    const askNothing = 'static BOOL FinishInstallActionsNeeded(void) { return TRUE; }';
    assert.deepEqual(withHelper(askNothing, `if (FinishInstallActionsNeeded()) { ${write} }`), [false]);
  });

  test('wizardPages: pages added on every path, none, or some', () => {
    const pages = (body: string) => trace(CLASS_INSTALLER(body), [wizardPages]).trace.returns.map((r) => r.pagesAdded);
    assert.deepEqual(pages('return NO_ERROR;'), ['no']);
    assert.deepEqual(pages('SP_NEWDEVICEWIZARD_DATA w; w.NumDynamicPages++; return NO_ERROR;'), ['yes']);
    assert.deepEqual(pages('SP_NEWDEVICEWIZARD_DATA w; if (NeedsAction()) SetupDiSetClassInstallParams(DeviceInfoSet, DeviceInfoData, 0, 0); return NO_ERROR;'), ['maybe']);
  });

  test('processes: a start not waited for reaches the return; a failed start started nothing', () => {
    const unawaited = (body: string) => eventsOf(trace(CLASS_INSTALLER(body), [processes]), 'process-start').map((e) => e.unawaitedReturns.length);
    const start = 'CreateProcessW(0, cmd, 0, 0, FALSE, 0, 0, 0, &si, &pi)';
    assert.deepEqual(unawaited(`${start}; return NO_ERROR;`), [1]);
    assert.deepEqual(unawaited(`${start}; WaitForSingleObject(pi.hProcess, INFINITE); return NO_ERROR;`), [0]);
    assert.deepEqual(unawaited(`if (!${start}) return GetLastError(); WaitForSingleObject(pi.hProcess, INFINITE); return NO_ERROR;`), [0]);
  });

  test('restart: ExitWindowsEx is recorded', () => {
    const events = eventsOf(trace(CLASS_INSTALLER('ExitWindowsEx(EWX_REBOOT, 0); return NO_ERROR;'), [restart]), 'restart');
    assert.deepEqual(events.map((e) => e.callee), ['ExitWindowsEx']);
  });

  test('coinstallerContext: PostProcessing is the phase traced, and where it is tested is collected', () => {
    const body = 'if (Context->PostProcessing) return 1; return 2;';
    const returned = (phase: Phase) => {
      const result = trace(CO_INSTALLER(body), [coinstallerContext], phase);
      return { values: result.trace.returns.flatMap((r) => r.values.map((v) => v.kind === 'constant' && v.value)), tests: postProcessingTestsOf(result).length };
    };
    assert.deepEqual(returned('pre'), { values: [2], tests: 1 });
    assert.deepEqual(returned('post'), { values: [1], tests: 1 });
    assert.deepEqual(trace(CO_INSTALLER(body), [], 'post').trace.returns.length, 2);
  });

  test('externalCalls: a call passed the device, to code out of sight, is opaque; BOOL SetupAPI results are BOOLs', () => {
    const result = trace(
      CLASS_INSTALLER('DoItElsewhere(DeviceInfoSet, DeviceInfoData); SetupDiCallClassInstaller(InstallFunction, DeviceInfoSet, DeviceInfoData); return SetupDiCallClassInstaller(InstallFunction, DeviceInfoSet, DeviceInfoData);'),
      [externalCalls],
    );
    assert.deepEqual(eventsOf(result, 'opaque-call').map((e) => e.callee), ['DoItElsewhere']);
    assert.equal(result.trace.returns[0].values[0].family, 'bool');
  });

  test('set facts merge by union (something on some path) or intersection (on every path)', () => {
    const a = new Set(['x', 'y']);
    const b = new Set(['y', 'z']);
    assert.deepEqual([...unionOfSets([a, b])], ['x', 'y', 'z']);
    assert.deepEqual([...intersectionOfSets([a, b])], ['y']);
    const empty = new Set<string>();
    assert.equal(unionOfSets([empty, new Set<string>()]), empty);
  });

  test('every recogniser has a name of its own, and a fact it keeps comes with a join', () => {
    const names = CONTRACT_RECOGNISER_LIST.map((r) => r.name);
    assert.equal(new Set(names).size, names.length);
    for (const r of CONTRACT_RECOGNISER_LIST) if (r.initialFact !== undefined) assert.ok(r.join, r.name);
  });
});
