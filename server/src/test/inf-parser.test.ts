/** The INF reader: sections, fields, quotes, escapes, continuations, [Strings], positions, and junk. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseInf, type InfModel, type InfValue } from '../engine/inf';
import { infIndex, rangeInValue, splitPlatform } from '../engine/inf/query';
import { parseAddRegFlags } from '../engine/inf/addreg';
import type { Range } from '../engine';

/** The document text a range covers (single- or multi-line). */
function textAt(text: string, range: Range): string {
  const lines = text.split(/\r\n|\r|\n/);
  if (range.start.line === range.end.line) return lines[range.start.line].slice(range.start.character, range.end.character);
  const parts = [lines[range.start.line].slice(range.start.character)];
  for (let l = range.start.line + 1; l < range.end.line; l++) parts.push(lines[l]);
  parts.push(lines[range.end.line].slice(0, range.end.character));
  return parts.join('\n');
}

function entry(model: InfModel, section: string, index = 0) {
  const e = infIndex(model).entries(section)[index];
  assert.ok(e, `no entry ${index} in [${section}]`);
  return e;
}

const texts = (values: InfValue[]) => values.map((v) => v.text);

test('sections: names, ranges, decorations, quoted names, case-insensitive lookup', () => {
  const text = '[Version]\nSignature="$WINDOWS NT$"\n\n  [ Toaster_Device.NTamd64.CoInstallers ]  ; trailing\nAddReg=A\n["Quoted Name"]\nx=1\n';
  const model = parseInf(text);
  assert.deepEqual(model.sections.map((s) => s.name), ['Version', 'Toaster_Device.NTamd64.CoInstallers', 'Quoted Name']);
  const co = model.sections[1];
  assert.equal(textAt(text, co.nameRange), 'Toaster_Device.NTamd64.CoInstallers');
  assert.equal(textAt(text, co.headerRange), '[ Toaster_Device.NTamd64.CoInstallers ]');
  assert.deepEqual(co.range.start, { line: 3, character: 2 });
  assert.equal(co.range.end.line, 4, 'a section ends on the line before the next header');
  assert.equal(model.sections[0].range.end.line, 2, 'blank lines stay with the section above');
  assert.ok(infIndex(model).has('TOASTER_DEVICE.ntamd64.coinstallers'));
  assert.deepEqual(splitPlatform('Toaster_Device.NTamd64'), { base: 'Toaster_Device', decoration: 'NTamd64' });
  assert.deepEqual(splitPlatform('Toaster_Device.ntarm64'), { base: 'Toaster_Device', decoration: 'ntarm64' });
  assert.deepEqual(splitPlatform('Toaster_Device.HW'), { base: 'Toaster_Device.HW' });
  assert.deepEqual(model.comments.map((c) => c.text), [' trailing']);
});

test('entries: key and values, empty fields, blanks trimmed, exact ranges', () => {
  const text = '[A]\nHKR, ,CoInstallers32 ,, "x.dll,Entry" , \nKey = value one , two\nbare\n';
  const model = parseInf(text);
  const addReg = entry(model, 'A', 0);
  assert.equal(addReg.key, undefined);
  assert.deepEqual(texts(addReg.values), ['HKR', '', 'CoInstallers32', '', 'x.dll,Entry', '']);
  assert.equal(textAt(text, addReg.values[2].range), 'CoInstallers32');
  assert.equal(textAt(text, addReg.values[4].range), '"x.dll,Entry"');
  assert.equal(addReg.values[4].quoted, true);
  // An empty field stands where the comma that ends it is: an insertion there fills the field.
  assert.deepEqual(addReg.values[3].range.start, { line: 1, character: 22 });
  assert.equal(text.split('\n')[1][22], ',');
  const keyed = entry(model, 'A', 1);
  assert.equal(keyed.key?.text, 'Key');
  assert.deepEqual(texts(keyed.values), ['value one', 'two']);
  assert.deepEqual(texts(entry(model, 'A', 2).values), ['bare']);
  assert.equal(entry(model, 'A', 2).key, undefined);
});

test('a key with nothing after = has no values; only the first unquoted = splits', () => {
  const model = parseInf('[A]\nEmpty =\nA = b = c\n"k=v", x\n');
  assert.deepEqual(entry(model, 'A', 0).values, []);
  assert.deepEqual(texts(entry(model, 'A', 1).values), ['b = c']);
  const quoted = entry(model, 'A', 2);
  assert.equal(quoted.key, undefined);
  assert.deepEqual(texts(quoted.values), ['k=v', 'x']);
});

test('quotes: "" is a quote, ; and , inside quotes are text, quoted blanks are kept', () => {
  const text = '[A]\nHKR,,Desc,,"Say ""hi""; then, bye"  ; real comment\nHKR,,Pad,,"  padded  "\n';
  const model = parseInf(text);
  const desc = entry(model, 'A', 0).values[4];
  assert.equal(desc.text, 'Say "hi"; then, bye');
  assert.equal(desc.raw, '"Say ""hi""; then, bye"');
  assert.deepEqual(model.comments.map((c) => c.text), [' real comment']);
  assert.equal(entry(model, 'A', 1).values[4].text, '  padded  ');
});

test('%% is a percent sign; %token% comes from [Strings], which may follow; DIRIDs stay as written', () => {
  const text = '[A]\nHKR,,Path,,"%%SystemRoot%%\\x %Dll% %11%\\y"\nHKR,,%Name%,,1\n[Strings]\nDll = "toastco.dll"\nName = Beeps\n';
  const model = parseInf(text);
  const value = entry(model, 'A', 0).values[4];
  assert.equal(value.text, '%SystemRoot%\\x toastco.dll %11%\\y');
  assert.deepEqual(value.tokens.map((t) => [t.name, t.defined]), [['Dll', true], ['11', true]]);
  assert.equal(entry(model, 'A', 1).values[2].text, 'Beeps');
  // Positions inside a substituted value: literal text maps exactly, a substitution maps to its %token%.
  const at = value.text.indexOf('toastco.dll');
  assert.equal(textAt(text, rangeInValue(value, at, at + 'toastco.dll'.length)), '%Dll%');
  const x = value.text.indexOf('\\x');
  assert.equal(textAt(text, rangeInValue(value, x, x + 2)), '\\x');
  assert.equal(textAt(text, rangeInValue(value, 0, '%SystemRoot%'.length)), '%%SystemRoot%%');
});

test('[Strings] wins over locale sections; locale-only tokens still resolve; undefined tokens are marked', () => {
  const text = '[Strings.0407]\nDesc = "Toaster (de)"\nOnlyDe = "nur"\n[A]\nx = %Desc%, %OnlyDe%, %Nope%, 50% off\n[Strings]\nDesc = "Toaster"\n';
  const model = parseInf(text);
  const e = entry(model, 'A', 0);
  assert.deepEqual(texts(e.values), ['Toaster', 'nur', '%Nope%', '50% off']);
  assert.deepEqual(e.values.flatMap((v) => v.tokens).map((t) => [t.name, t.defined]), [['Desc', true], ['OnlyDe', true], ['Nope', false]]);
  assert.equal(model.strings.get('desc')?.section, 'Strings');
  // [Strings] values are kept verbatim: tokens in them are not substituted.
  assert.equal(parseInf('[Strings]\nA = "%B%"\nB = x\n').strings.get('a')?.value, '%B%');
});

test('continuations: a trailing \\ (before blanks or a comment) joins lines; one REG_MULTI_SZ over three lines', () => {
  const text = [
    '[CoInst_AddReg]',
    'HKR,,CoInstallers32,0x00010000,\\',
    '    "a.dll,A", \\   ; first one',
    '    "b.dll,B"',
    'HKR,,Path,,"C:\\dir\\"',
    'HKR,,Other,,C:\\dir\\sub',
    'last,\\',
  ].join('\r\n');
  const model = parseInf(text);
  const multi = entry(model, 'CoInst_AddReg', 0);
  assert.deepEqual(texts(multi.values), ['HKR', '', 'CoInstallers32', '0x00010000', 'a.dll,A', 'b.dll,B']);
  assert.deepEqual(multi.range.start, { line: 1, character: 0 });
  assert.deepEqual(multi.range.end, { line: 3, character: 13 });
  assert.equal(textAt(text, multi.values[5].range), '"b.dll,B"');
  assert.deepEqual(model.comments.map((c) => c.text), [' first one']);
  // A backslash inside quotes, or followed by more text, is just a character.
  assert.equal(entry(model, 'CoInst_AddReg', 1).values[4].text, 'C:\\dir\\');
  assert.equal(entry(model, 'CoInst_AddReg', 2).values[4].text, 'C:\\dir\\sub');
  // A continuation on the last line ends the entry at the end of the file.
  assert.deepEqual(texts(entry(model, 'CoInst_AddReg', 3).values), ['last', '']);
  assert.deepEqual(model.problems, []);
});

test('line ends: LF, CRLF and lone CR all end a line; a BOM does not start a field', () => {
  for (const eol of ['\n', '\r\n', '\r']) {
    const model = parseInf(['\uFEFF[Version]', 'ClassGuid = {x}', '[B]', 'k = v'].join(eol));
    assert.deepEqual(model.sections.map((s) => s.name), ['Version', 'B'], JSON.stringify(eol));
    assert.deepEqual(entry(model, 'B', 0).range.start, { line: 3, character: 0 });
    assert.equal(model.lineCount, 4);
  }
});

test('columns are UTF-16 code units (astral characters count twice)', () => {
  const text = '[Strings]\nDesc = "🍞 Toaster", Next\n';
  const model = parseInf(text);
  const next = entry(model, 'Strings', 0).values[1];
  assert.equal(next.range.start.character, text.split('\n')[1].indexOf('Next'));
  assert.equal(next.range.start.character, 21); // the loaf is two code units
});

test('malformed lines become problems, not exceptions', () => {
  const text = 'orphan = 1\n[Version\nProvider = "open\n[]\n';
  const model = parseInf(text);
  const messages = model.problems.map((p) => `${p.range.start.line}:${p.range.start.character} ${p.message.split(':')[0].split(';')[0]}`);
  assert.deepEqual(messages, [
    '0:0 This directive comes before the first [section] header, so Windows ignores it',
    '1:0 Section header is missing its closing "]"',
    '2:11 Unterminated string',
    '3:0 Empty section name',
  ]);
  assert.equal(model.sections[0].name, 'Version', 'a header without "]" still opens its section');
  assert.deepEqual(model.problems.map((p) => p.kind), ['directive-before-first-section', 'header', 'unterminated-string', 'header']);
});

test('the /*++ banner before the first section is skipped as Windows skips it; other text there is a problem', () => {
  const banner = parseInf('/*++\n;\n; Module Name:\n;    toaster.inf\n;--*/\n\n[Version]\nSignature = "$WINDOWS NT$"\n');
  assert.deepEqual(banner.problems, []);
  assert.equal(banner.comments.length, 4, 'the ; lines inside the banner are still comments (suppressions work there)');
  const unclosed = parseInf('/*++\nCopyright Contoso\n[Version]\nSignature = "$WINDOWS NT$"\n');
  assert.deepEqual(unclosed.problems, [], 'text inside an unclosed banner up to the first header');
  assert.equal(unclosed.sections[0].entries.length, 1, 'a [section] header ends the banner');
  const stray = parseInf('Toaster package\n[Version]\n');
  assert.deepEqual(stray.problems.map((p) => p.kind), ['text-before-first-section']);
});

test('AddReg flags: hex, decimal, setupapi.h names, |, [Strings]-free junk', () => {
  assert.equal(parseAddRegFlags(''), 0);
  assert.equal(parseAddRegFlags('0x00010000'), 0x10000);
  assert.equal(parseAddRegFlags('0x10000'), 0x10000);
  assert.equal(parseAddRegFlags('65536'), 0x10000);
  assert.equal(parseAddRegFlags('FLG_ADDREG_TYPE_MULTI_SZ'), 0x10000);
  assert.equal(parseAddRegFlags('flg_addreg_type_multi_sz | FLG_ADDREG_APPEND'), 0x10008);
  assert.equal(parseAddRegFlags('0x00010008'), 0x10008);
  assert.equal(parseAddRegFlags('MULTI_SZ'), undefined);
  assert.equal(parseAddRegFlags('0x1FFFFFFFF'), undefined);
});

// ---- Robustness ---------------------------------------------------------------------------------

/** Every range the model holds lies inside the document; literal segments match the document. */
function assertWellFormed(text: string, model: InfModel): void {
  const lines = text.split(/\r\n|\r|\n/);
  assert.equal(model.lineCount, lines.length);
  const inside = (r: Range) =>
    r.start.line >= 0 &&
    r.end.line < lines.length &&
    (r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character)) &&
    r.start.character <= lines[r.start.line].length &&
    r.end.character <= lines[r.end.line].length;
  for (const p of model.problems) assert.ok(inside(p.range), `problem range ${JSON.stringify(p.range)}`);
  for (const c of model.comments) assert.ok(inside(c.range), 'comment range');
  for (const s of model.sections) {
    assert.ok(inside(s.headerRange) && inside(s.nameRange) && inside(s.range), 'section ranges');
    for (const e of s.entries) {
      assert.ok(inside(e.range), 'entry range');
      for (const v of e.key ? [e.key, ...e.values] : e.values) {
        assert.ok(inside(v.range), `value range ${JSON.stringify(v.range)}`);
        for (const seg of v.segments) {
          const range = { start: { line: seg.line, character: seg.character }, end: { line: seg.line, character: seg.character + seg.sourceLength } };
          assert.ok(inside(range), 'segment range');
          if (seg.kind === 'literal') assert.equal(textAt(text, range), v.text.slice(seg.textStart, seg.textStart + seg.length));
          if (seg.kind === 'escape') assert.ok(['""', '%%'].includes(textAt(text, range)), 'escape source');
        }
      }
    }
  }
}

const infAlphabet = fc.constantFrom(
  '[', ']', '"', '""', ',', '=', ';', '%', '%%', '\\', '\r', '\n', '\r\n', ' ', '\t', '\uFEFF', '\uD83D', '\uDE00', 'é', '\u0000',
  'HKR', 'Strings', 'Version', 'CoInstallers32', 'Installer32', '0x00010000', '@', 'x.dll', 'AddReg', 'CopyFiles', '.NTamd64', '.CoInstallers',
);
const infLike = fc.array(infAlphabet, { maxLength: 200 }).map((parts) => parts.join(''));

test('never throws, and every range stays inside the document, on INF-shaped junk', () => {
  fc.assert(
    fc.property(infLike, (text) => {
      assertWellFormed(text, parseInf(text));
    }),
    { numRuns: 2000 },
  );
});

test('never throws on arbitrary strings (binary, lone surrogates, UTF-16 read as Latin-1)', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
      assertWellFormed(text, parseInf(text));
    }),
    { numRuns: 1000 },
  );
  const utf16AsLatin1 = Buffer.from('\uFEFF[Version]\r\nSignature="$WINDOWS NT$"\r\n', 'utf16le').toString('latin1');
  assertWellFormed(utf16AsLatin1, parseInf(utf16AsLatin1));
  for (const junk of ['', '[', ']', '"', '\\', '%', ';', '[[[[', '\r\r\n\n', 'a'.repeat(100_000), '"'.repeat(1001), '%a%b%c%'.repeat(50)]) {
    assertWellFormed(junk, parseInf(junk));
  }
});
