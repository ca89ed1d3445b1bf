/** features/flow.ts: the installer flow the flow view draws, read from the model of realistic installers. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { catalogue, installerFlowAt, type InstallerFlow } from '../engine';
import { sharedEngine } from './features-support';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

async function flowOf(relative: string, text?: string, position?: { line: number; character: number }): Promise<InstallerFlow> {
  const file = path.join(repoRoot, relative);
  const flow = installerFlowAt(await sharedEngine(), { path: file, text: text ?? fs.readFileSync(file, 'utf8') }, position);
  assert.ok(flow, 'expected a flow');
  return flow;
}

const possibleSteps = (flow: InstallerFlow) => flow.steps.filter((s) => s.possible).map((s) => s.id);
const step = (flow: InstallerFlow, id: string) => {
  const found = flow.steps.find((s) => s.id === id);
  assert.ok(found, `no step ${id}: ${flow.steps.map((s) => s.id).join(', ')}`);
  return found;
};

test('Fabrikam co-installer: pre-processing returns NO_ERROR only, so its post-processing (where it writes the flag) and the action never run', async () => {
  const flow = await flowOf('examples/fabrikam-coinstaller/FabrikamCo.c');
  assert.equal(flow.entryPoint, 'FabrikamCoInstaller');
  assert.deepEqual(possibleSteps(flow), ['wizard', 'wizard:class', 'wizard:pre', 'wizard:pre:no-error', 'flag', 'no-action']);
  // The impossible boxes still link to their code.
  assert.equal(step(flow, 'wizard:post').range?.start.line, 55);
  assert.equal(step(flow, 'action:pre:do-default').range?.start.line, 67);
  assert.equal(step(flow, 'action:pre:do-default').wrong, true);
  // The decision says why the flag is not set: wrong field, never saved, in a pass that never runs.
  const flag = step(flow, 'flag');
  assert.equal(flag.range?.start.line, 27);
  assert.match(flag.detail, /Flags \(line 28\).*DI_NOVCP/);
  assert.match(flag.detail, /Not saved with SetupDiSetDeviceInstallParams/);
  assert.match(flag.detail, /never run/);
  assert.match(step(flow, 'action:pre').detail, /CreateProcessW \(line 38\) and returns without waiting/);
  // The words are the catalogue's.
  assert.equal(step(flow, 'wizard:pre:no-error').detail, catalogue.returnMeaning('co-installer', 'wizard-finishinstall', 'no-error').text);
  assert.deepEqual(flow.edges.find((e) => e.from === 'flag' && e.label === 'yes'), { from: 'flag', to: 'action', possible: false, label: 'yes' });
});

test('Fabrikam fixed (post-processing requested, the flag set in FlagsEx and saved): the whole path to the action lights up', async () => {
  const file = path.join(repoRoot, 'examples/fabrikam-coinstaller/FabrikamCo.c');
  const text = fs
    .readFileSync(file, 'utf8')
    .replace('            break;\n        }\n        if (!ControlPanelInstalled', '            return ERROR_DI_POSTPROCESSING_REQUIRED;\n        }\n        if (!ControlPanelInstalled')
    .replace('DeviceInstallParams.Flags |= DI_FLAGSEX_FINISHINSTALL_ACTION;\n    return NO_ERROR;', 'DeviceInstallParams.FlagsEx |= DI_FLAGSEX_FINISHINSTALL_ACTION;\n    if (!SetupDiSetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &DeviceInstallParams)) {\n        return GetLastError();\n    }\n    return NO_ERROR;');
  const flow = await flowOf('examples/fabrikam-coinstaller/FabrikamCo.c', text);
  for (const id of ['wizard:pre:postprocessing-required', 'wizard:post', 'wizard:post:no-error', 'action', 'action:pre', 'action:pre:no-error', 'action:done', 'action:pre:win32-error', 'action:retry']) {
    assert.ok(step(flow, id).possible, `${id} should be possible`);
  }
  assert.equal(step(flow, 'action:pre:postprocessing-required').possible, false);
  assert.match(step(flow, 'flag').detail, /Set in FlagsEx and saved/);
});

test('Contoso class installer: ERROR_DI_DO_DEFAULT leads through Windows\' default processing; NO_ERROR from the action is greyed and marked wrong', async () => {
  const flow = await flowOf('examples/contoso-class-installer/ContosoClassInstaller.cpp');
  for (const id of ['wizard:only:do-default', 'wizard:default', 'wizard:copost', 'action', 'action:only:do-default', 'action:default-processing']) assert.ok(step(flow, id).possible, id);
  const noError = step(flow, 'action:only:no-error');
  assert.equal(noError.possible, false);
  assert.equal(noError.wrong, true);
});

test('no entry point: no flow; broken code: a flow without throwing', async () => {
  const engine = await sharedEngine();
  assert.equal(installerFlowAt(engine, { path: 'x.c', text: 'int main(void) { return 0; }' }, undefined), undefined);
  const broken = 'DWORD CALLBACK Co(DI_FUNCTION f, HDEVINFO s, PSP_DEVINFO_DATA d, PCOINSTALLER_CONTEXT_DATA c) { switch (f) { case DIF_FINISHINSTALL_ACTION: return';
  const flow = installerFlowAt(engine, { path: 'x.c', text: broken }, { line: 0, character: 5 });
  assert.ok(flow);
  assert.equal(flow.incomplete, true);
});
