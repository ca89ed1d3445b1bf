/** features/suppressionFixes.ts: the disable-line / disable-file fixes, applied and re-analysed. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Finding } from '../engine';
import { suppressionFixes } from '../engine/features/suppressionFixes';
import { applyEdits, editorFixture, sharedEngine } from './features-support';

function finding(ruleId: string, line: number, character = 4): Finding {
  return { ruleId, severity: 'warning', message: 'm', range: { start: { line, character }, end: { line, character: character + 1 } } };
}

test('"for this line" puts a next-line comment above the finding, indented like it, and the finding goes away', async () => {
  const engine = await sharedEngine();
  const doc = editorFixture('co-installer.c');
  const before = engine.analyze(doc).findings;
  const target = before.find((f) => f.ruleId === 'coinstaller-do-default');
  assert.ok(target, 'the fixture has a coinstaller-do-default finding');
  const [line] = suppressionFixes(target, doc.text, 'c');
  assert.equal(line.title, 'Disable coinstaller-do-default for this line');
  const text = applyEdits(doc.text, line.edits);
  const lines = text.split('\n');
  assert.equal(lines[target.range.start.line], '        // finish-install-disable-next-line coinstaller-do-default');
  assert.equal(lines[target.range.start.line + 1].trim(), 'return ERROR_DI_DO_DEFAULT;');
  const after = engine.analyze({ ...doc, text }).findings;
  assert.deepEqual(after.map((f) => f.ruleId).sort(), before.filter((f) => f !== target).map((f) => f.ruleId).sort());
});

test('"for this file" puts a file-wide comment at the top, and every finding of that rule goes away', async () => {
  const engine = await sharedEngine();
  const doc = editorFixture('co-installer.c');
  const before = engine.analyze(doc).findings;
  const target = before.find((f) => f.ruleId === 'flag-wrong-field')!;
  const [, file] = suppressionFixes(target, doc.text, 'c');
  assert.equal(file.title, 'Disable flag-wrong-field for this file');
  const text = applyEdits(doc.text, file.edits);
  assert.ok(text.startsWith('// finish-install-disable-file flag-wrong-field\n'));
  const after = engine.analyze({ ...doc, text }).findings;
  assert.ok(!after.some((f) => f.ruleId === 'flag-wrong-field'));
  assert.equal(after.length, before.length - 1);
});

test('an existing directive gets the id appended instead of a second comment', () => {
  const text = ['void f(void)', '{', '    // finish-install-disable-next-line flag-not-saved -- vendor tool saves it', '    x = 1;', '}'].join('\n');
  const [line] = suppressionFixes(finding('flag-set-unconditionally', 3), text, 'c');
  assert.equal(
    applyEdits(text, line.edits).split('\n')[2],
    '    // finish-install-disable-next-line flag-not-saved, flag-set-unconditionally -- vendor tool saves it',
  );
  const fileText = '// finish-install-disable-file forced-restart\n#include <windows.h>\n';
  const [, file] = suppressionFixes(finding('flag-not-saved', 1), fileText, 'c');
  assert.equal(applyEdits(fileText, file.edits), '// finish-install-disable-file forced-restart, flag-not-saved\n#include <windows.h>\n');
});

test('INF files get ";" comments, and CRLF files keep CRLF', () => {
  const text = '[Version]\r\nSignature="$WINDOWS NT$"\r\n\r\n[Fabrikam.CoInstallers]\r\n  AddReg = Fabrikam.CoInstallers.AddReg\r\n';
  const [line, file] = suppressionFixes(finding('inf-legacy-installer', 4, 2), text, 'inf');
  const withLine = applyEdits(text, line.edits);
  assert.ok(withLine.includes('\r\n  ; finish-install-disable-next-line inf-legacy-installer\r\n  AddReg'), JSON.stringify(withLine));
  assert.ok(applyEdits(text, file.edits).startsWith('; finish-install-disable-file inf-legacy-installer\r\n[Version]'));
});

test('an INF suppression written by the fix is honoured by the engine', async () => {
  const engine = await sharedEngine();
  const text = [
    '[Version]',
    'Signature = "$WINDOWS NT$"',
    'Class = Sample',
    'ClassGuid = {78A1C341-4539-11d3-B88D-00C04FAD5171}',
    '',
    '[ClassInstall32]',
    'AddReg = Sample.ClassReg',
    '',
    '[Sample.ClassReg]',
    'HKR,,Installer32,,"sampleci.dll,SampleClassInstaller"',
    '',
  ].join('\n');
  const doc = { path: 'sample.inf', text };
  const before = engine.analyze(doc).findings;
  const target = before.find((f) => f.ruleId === 'inf-legacy-installer');
  assert.ok(target, 'a class installer registration is reported');
  const [line] = suppressionFixes(target, text, 'inf');
  const suppressed = applyEdits(text, line.edits);
  assert.ok(suppressed.includes('[Sample.ClassReg]\n; finish-install-disable-next-line inf-legacy-installer\nHKR,,Installer32'), suppressed);
  const after = engine.analyze({ ...doc, text: suppressed }).findings;
  assert.ok(!after.some((f) => f.ruleId === target.ruleId), `${target.ruleId} still reported after:\n${suppressed}`);
  assert.equal(after.length, before.length - 1, 'the other findings stay');
});
