/**
 * features/context.ts reads the handler and phase at a position from the model's traces, the way the
 * diagnostics do: helpers are in the handler that calls them, and any dispatch idiom the interpreter
 * understands is understood by the hovers too.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { catalogue } from '../engine';
import { contextAt, parseForFeatures } from '../engine/features/context';
import { explainAt } from '../engine/features/explain';
import { positionOf, sharedEngine } from './features-support';

const CLASS_INSTALLER = `#include <windows.h>
#include <setupapi.h>

BOOL CompanionMissing(HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData);

static DWORD RequestAction(HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData)
{
    SP_DEVINSTALL_PARAMS Params;
    if (!CompanionMissing(DeviceInfoSet, DeviceInfoData)) {
        return NO_ERROR;
    }
    Params.cbSize = sizeof(Params);
    if (!SetupDiGetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &Params)) {
        return GetLastError();
    }
    Params.FlagsEx |= DI_FLAGSEX_FINISHINSTALL_ACTION;
    if (!SetupDiSetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &Params)) {
        return GetLastError();
    }
    return NO_ERROR;
}

DWORD CALLBACK WidgetClassInstaller(DI_FUNCTION InstallFunction, HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData)
{
    DWORD err;
    if (InstallFunction != DIF_NEWDEVICEWIZARD_FINISHINSTALL) {
        return ERROR_DI_DO_DEFAULT;
    }
    err = RequestAction(DeviceInfoSet, DeviceInfoData);
    if (err != NO_ERROR) {
        return err;
    }
    return ERROR_DI_DO_DEFAULT;
}
`;

const CO_INSTALLER = `#include <windows.h>
#include <setupapi.h>

static DWORD RequestAction(HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData)
{
    SP_DEVINSTALL_PARAMS Params;
    Params.cbSize = sizeof(Params);
    if (!SetupDiGetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &Params)) {
        return GetLastError();
    }
    Params.FlagsEx |= DI_FLAGSEX_FINISHINSTALL_ACTION;
    SetupDiSetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &Params);
    return NO_ERROR;
}

DWORD CALLBACK AudioCoInstaller(DI_FUNCTION InstallFunction, HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData, PCOINSTALLER_CONTEXT_DATA Context)
{
    switch (InstallFunction) {
    case DIF_NEWDEVICEWIZARD_FINISHINSTALL:
        if (!Context->PostProcessing) {
            return ERROR_DI_POSTPROCESSING_REQUIRED;
        }
        return RequestAction(DeviceInfoSet, DeviceInfoData);
    default:
        return NO_ERROR; // every other code
    }
}
`;

async function hover(text: string, needle: string, options: Parameters<typeof positionOf>[2] = {}) {
  const doc = { path: '/virtual/installer.c', text };
  const result = explainAt(await sharedEngine(), doc, positionOf(text, needle, options));
  assert.ok(result, `no hover at ${needle}`);
  return result.markdown;
}

test('a flag written in a helper is in the handler the helper is called from', async () => {
  const md = await hover(CLASS_INSTALLER, 'DI_FLAGSEX_FINISHINSTALL_ACTION;', { offset: 3 });
  assert.ok(md.includes('class installer `WidgetClassInstaller` (through `RequestAction`), DIF_NEWDEVICEWIZARD_FINISHINSTALL handler'), md);
});

test('a return in a helper that never reaches the entry point gets no verdict: the value never reaches Windows', async () => {
  // `return NO_ERROR;` in the helper only feeds `if (err != NO_ERROR)`: an old reading called it "DIF codes it
  // does not handle" and marked it ✘ on correct code; a verdict follows the values the entry point returns, as the rules do.
  const md = await hover(CLASS_INSTALLER, 'NO_ERROR;', { occurrence: 0, offset: 2 });
  assert.ok(!md.includes('Returned here'), md);
  assert.ok(!md.includes('✘') && !md.includes('✔'), md);
  assert.ok(md.includes('Not returned to Windows: no path carries this value to the return of class installer `WidgetClassInstaller`.'), md);
});

test('`if (InstallFunction != X) return ...;` makes the code after it the handler of X', async () => {
  const engine = await sharedEngine();
  const doc = { path: '/virtual/installer.c', text: CLASS_INSTALLER };
  const parsed = parseForFeatures(engine, doc)!;
  const context = contextAt(parsed, positionOf(CLASS_INSTALLER, 'err = RequestAction'));
  assert.deepEqual(context.handler.difs, ['DIF_NEWDEVICEWIZARD_FINISHINSTALL']);
  assert.equal(context.handler.inDefault, false);
  // Before the test, every code runs the code: no particular handler.
  const before = contextAt(parsed, positionOf(CLASS_INSTALLER, 'DWORD err;'));
  assert.deepEqual(before.handler.difs, []);
});

test('a helper called only from the post-processing branch is post-processing', async () => {
  const md = await hover(CO_INSTALLER, 'DI_FLAGSEX_FINISHINSTALL_ACTION;', { offset: 3 });
  assert.ok(md.includes('co-installer `AudioCoInstaller` (through `RequestAction`), DIF_NEWDEVICEWIZARD_FINISHINSTALL handler, post-processing'), md);
});

test('after an early return on the phase, the code is the other phase; the default case is the unhandled codes', async () => {
  const engine = await sharedEngine();
  const parsed = parseForFeatures(engine, { path: '/virtual/co.c', text: CO_INSTALLER })!;
  const after = contextAt(parsed, positionOf(CO_INSTALLER, 'return RequestAction'));
  assert.equal(after.phase, 'post');
  assert.deepEqual(after.handler.difs, ['DIF_NEWDEVICEWIZARD_FINISHINSTALL']);
  const inside = contextAt(parsed, positionOf(CO_INSTALLER, 'return ERROR_DI_POSTPROCESSING_REQUIRED'));
  assert.equal(inside.phase, 'pre');
  const fallback = contextAt(parsed, positionOf(CO_INSTALLER, 'return NO_ERROR; // every other code'));
  assert.deepEqual([fallback.handler.difs, fallback.handler.inDefault], [[], true]);
  assert.ok(fallback.dispatchSwitch, 'the switch on InstallFunction is the dispatch');
});
