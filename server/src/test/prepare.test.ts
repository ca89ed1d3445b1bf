import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { prepareSource } from '../engine/c/prepare';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { Engine } from '../engine';
import { benchDocument } from '../bench/documents';
import { FIXTURES } from './support/fixtures';

test('annotation macros are blanked without moving any offset', () => {
  const src = 'NETCO_API DWORD CALLBACK Entry(__in DI_FUNCTION f, _In_reads_(n) HDEVINFO h, OPTIONAL __inout PCOINSTALLER_CONTEXT_DATA c)';
  const text = prepareSource(src).text.toString();
  assert.equal(text.length, src.length);
  assert.equal(text.indexOf('Entry'), src.indexOf('Entry'));
  assert.ok(!/CALLBACK|__in\b|_In_reads_|\(n\)|OPTIONAL|NETCO_API/.test(text), text);
  assert.match(text, /DWORD\s+Entry\(\s+DI_FUNCTION f,\s+HDEVINFO h,\s+PCOINSTALLER_CONTEXT_DATA c\)/);
});

test('macros inside comments and strings are left alone', () => {
  const src = '// CALLBACK here\nconst char *s = "WINAPI";\n';
  assert.equal(prepareSource(src).text.toString(), src);
});

test('brackets left open at the end of a file being typed are closed after its end', () => {
  const src = 'DWORD f(DI_FUNCTION x) { switch (x) { case 1: if (g(x';
  const prepared = prepareSource(src);
  assert.equal(prepared.originalLength, src.length);
  assert.ok(prepared.text.toString().startsWith(src));
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

test('preparing an edited version re-scans around the edit and gives exactly what preparing it whole gives', () => {
  const bases = [
    fs.readFileSync(path.join(FIXTURES, 'c', 'wdk', 'coinstaller-example.c'), 'utf8'),
    fs.readFileSync(path.join(FIXTURES, 'c', 'wdk', 'class-installer-example.c'), 'utf8'),
    benchDocument(300),
    'NETCO_API DWORD CALLBACK\nEntry(\n    _In_reads_(\n        n) HDEVINFO h)\n{\n}\n\nstatic int x;\n/* a\n comment */\nint y;\n',
  ];
  // Pieces that change the scanner's state far away: brackets, comments, strings, macros, line ends.
  const pieces = ['{', '}', '(', ')', '/*', '*/', '//', '"', "'", '\n', '\r', '\r\n', '\\\n', '#define X 1\n', 'CALLBACK ', '_In_reads_(n) ', '_Out_writes_(\n', 'NETCO_API ', 'DWORD ', ' ', 'x', ';'];
  fc.assert(
    fc.property(
      fc.constantFrom(...bases),
      fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.nat(40), insert: fc.array(fc.constantFrom(...pieces), { maxLength: 3 }) }), { minLength: 1, maxLength: 6 }),
      (base, edits) => {
        let text = base;
        let previous = prepareSource(text);
        for (const edit of edits) {
          const offset = Math.floor(edit.at * text.length);
          text = text.slice(0, offset) + edit.insert.join('') + text.slice(offset + edit.remove);
          const again = prepareSource(text, previous);
          const whole = prepareSource(text);
          assert.equal(again.text.toString(), whole.text.toString());
          assert.equal(again.originalLength, whole.originalLength);
          // The span it reports as changed (the parser's edit) is all that differs from the previous text.
          if (again.edit) {
            const { fromId, start, oldEnd, newEnd } = again.edit;
            assert.equal(fromId, previous.id);
            assert.equal(previous.text.slice(0, start) + again.text.slice(start, newEnd) + previous.text.slice(oldEnd), again.text.toString());
            assert.ok(start <= oldEnd && start <= newEnd);
          }
          previous = again;
        }
      },
    ),
    { numRuns: 400, seed: 20261126 },
  );
});
