import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { prepareSource } from '../engine/c/prepare';
import { Engine } from '../engine';

test('annotation macros are blanked without moving any offset', () => {
  const src = 'NETCO_API DWORD CALLBACK Entry(__in DI_FUNCTION f, _In_reads_(n) HDEVINFO h, OPTIONAL __inout PCOINSTALLER_CONTEXT_DATA c)';
  const { text } = prepareSource(src);
  assert.equal(text.length, src.length);
  assert.equal(text.indexOf('Entry'), src.indexOf('Entry'));
  assert.ok(!/CALLBACK|__in\b|_In_reads_|\(n\)|OPTIONAL|NETCO_API/.test(text), text);
  assert.match(text, /DWORD\s+Entry\(\s+DI_FUNCTION f,\s+HDEVINFO h,\s+PCOINSTALLER_CONTEXT_DATA c\)/);
});

test('macros inside comments and strings are left alone', () => {
  const src = '// CALLBACK here\nconst char *s = "WINAPI";\n';
  assert.equal(prepareSource(src).text, src);
});

test('brackets left open at the end of a file being typed are closed after its end', () => {
  const src = 'DWORD f(DI_FUNCTION x) { switch (x) { case 1: if (g(x';
  const prepared = prepareSource(src);
  assert.equal(prepared.originalLength, src.length);
  assert.ok(prepared.text.startsWith(src));
  assert.equal(prepared.text.slice(src.length), '));};}');
});

test('the WDK signature with IN/OUT/OPTIONAL and CALLBACK parses without errors in C and C++', async () => {
  const engine = await Engine.create();
  const src = `DWORD CALLBACK
SampleCoInstaller(
  IN DI_FUNCTION  InstallFunction,
  IN HDEVINFO  DeviceInfoSet,
  IN PSP_DEVINFO_DATA  DeviceInfoData,  OPTIONAL
  IN OUT PCOINSTALLER_CONTEXT_DATA  Context
  )
{ return NO_ERROR; }`;
  for (const dialect of ['c', 'cpp'] as const) {
    const { tree } = engine.parse(src, dialect);
    assert.equal(tree.rootNode.hasError, false, `${dialect}: ${tree.rootNode.toString()}`);
  }
});
