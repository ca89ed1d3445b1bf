/**
 * Inputs the fuzzer (npm run fuzz) found, reduced to a minimum, kept as ordinary tests. Each says what
 * went wrong before the fix.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Engine, type AnalysisResult, type SourceDocument } from '../engine';
import { rangeProblems } from '../fuzz/properties';
import { CPP_NESTING_SHAPES, inCoInstaller, NESTING_SHAPES } from '../fuzz/extremes';

let enginePromise: Promise<Engine> | undefined;
function engine(): Promise<Engine> {
  enginePromise ??= Engine.create();
  return enginePromise;
}

let pathCounter = 0;
/** Analyses under a fresh path (no incremental reuse) and checks the invariants every result keeps. */
async function analyze(doc: Omit<SourceDocument, 'path'> & { path?: string }, maxFileSizeKB?: number): Promise<AnalysisResult> {
  const e = await engine();
  const path = doc.path ?? `regression-${++pathCounter}.${doc.language ?? 'c'}`;
  const result = e.analyze({ ...doc, path }, { maxFileSizeKB });
  assert.deepEqual(result.ruleFailures, []);
  assert.deepEqual(rangeProblems(doc.text, result.findings), []);
  return result;
}

const ids = (r: AnalysisResult) => r.findings.map((f) => `${f.range.start.line}:${f.ruleId}`);

test('unknown-rule-id findings can be suppressed, as its rule page says (INF and C)', async () => {
  // Before: reportUnknownIds ignored suppressions, so "disable-next-line unknown-rule-id" did nothing.
  const inf = '; finish-install-disable-next-line no-such-rule\n';
  assert.deepEqual(ids(await analyze({ text: inf, language: 'inf' })), ['0:unknown-rule-id']);
  assert.deepEqual(ids(await analyze({ text: '; finish-install-disable-next-line unknown-rule-id\n' + inf, language: 'inf' })), []);
  assert.deepEqual(ids(await analyze({ text: '; finish-install-disable-line unknown-rule-id, no-such-rule\n', language: 'inf' })), []);
  const c = '// finish-install-disable-next-line no-such-rule\nDI_FUNCTION f;\n';
  assert.deepEqual(ids(await analyze({ text: c, language: 'c' })), ['0:unknown-rule-id']);
  assert.deepEqual(ids(await analyze({ text: '// finish-install-disable-file unknown-rule-id\n' + c, language: 'c' })), []);
});

test('ids after a line break in a block comment are read as ids, at their own position', async () => {
  // Before: only "," " " "\t" separated ids, so "\n" became an id, reported past the end of line 0.
  const empty = await analyze({ text: 'DI_FUNCTION f;/* finish-install-disable-next-line\n*/\n', language: 'cpp' });
  assert.deepEqual(ids(empty), []);
  const text = 'DI_FUNCTION f;\n/* finish-install-disable-next-line\r\n   no-such-rule,\n\tother-rule */\n';
  const found = (await analyze({ text, language: 'c' })).findings.map((f) => [f.range.start.line, f.range.start.character, f.range.end.character, f.message]);
  assert.deepEqual(found, [
    [2, 3, 15, 'Unknown rule id "no-such-rule" in finish-install-disable-next-line: it suppresses nothing.'],
    [3, 1, 11, 'Unknown rule id "other-rule" in finish-install-disable-next-line: it suppresses nothing.'],
  ]);
});

test('a lone CR ends a line in C as it does for the LSP: a // comment stops there', async () => {
  // Before: tree-sitter read "\r" as a blank, so the comment ran on over the next line and rows
  // disagreed with the document's lines (findings past the end of their line).
  const lines = [
    'DWORD CALLBACK Co(DI_FUNCTION InstallFunction, HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData, PCOINSTALLER_CONTEXT_DATA Context)',
    '{',
    '    // finish-install-disable-next-line no-such-rule',
    '    return ERROR_DI_DO_DEFAULT;',
    '}',
  ];
  for (const eol of ['\r', '\n', '\r\n']) {
    const result = await analyze({ text: lines.join(eol) + eol, language: 'c' });
    assert.deepEqual(ids(result), ['2:unknown-rule-id', '3:coinstaller-do-default'], JSON.stringify(eol));
  }
});

test('ranges stay inside a file being typed, though the model closes its brackets after the end', async () => {
  // Before: the "called from here" location covered the `)` that prepare appends after the text,
  // one character past the end of the last line.
  const text = [
    'static DWORD RequestAction(HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData)',
    '{',
    '    SP_DEVINSTALL_PARAMS Params;',
    '    Params.cbSize = sizeof(Params);',
    '    SetupDiGetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &Params);',
    '    Params.FlagsEx |= DI_FLAGSEX_FINISHINSTALL_ACTION;',
    '    SetupDiSetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &Params);',
    '    return NO_ERROR;',
    '}',
    'DWORD CALLBACK Co(DI_FUNCTION InstallFunction, HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData, PCOINSTALLER_CONTEXT_DATA Context)',
    '{',
    '    if (InstallFunction == DIF_NEWDEVICEWIZARD_FINISHINSTALL)',
    '        return RequestAction(DeviceIn',
  ].join('\n');
  const result = await analyze({ text, language: 'c' }); // asserts every range is inside the text
  const related = result.findings.flatMap((f) => f.related ?? []).filter((r) => r.message === 'called from here');
  assert.ok(related.length > 0, 'the call chain is still reported');
  for (const r of related) assert.deepEqual(r.range.end, { line: 12, character: 37 });
});

test('an INF with thousands of same-named sections is read in linear time', async () => {
  // Before: AddReg and CopyFiles lookups ran once per section over every section of the same name
  // (Windows merges them), so 4000 sections took 12 s and 10000 over a minute.
  const text = '[Version]\n' + Array.from({ length: 10_000 }, (_, i) => `[S${i % 7}]\nAddReg=S${(i + 1) % 7}\nCopyFiles=S${i % 5}\n`).join('');
  const started = performance.now();
  await analyze({ text, language: 'inf' }, 4096);
  const elapsedMs = performance.now() - started;
  assert.ok(elapsedMs < 10_000, `took ${Math.round(elapsedMs)} ms`);
});

test('10k-deep nesting is reported as a skipped file, and the engine keeps working after it', async () => {
  // Before: RangeError (maximum call stack size exceeded) escaped analyze from the model's recursion.
  const example = (await analyze({ text: NESTING_SHAPES.braces(3), language: 'c' })).findings;
  const cases: Array<[string, 'c' | 'cpp']> = [['braces', 'c'], ['parens', 'cpp'], ['else-ifs', 'c'], ['top-level-preprocessor', 'cpp'], ['namespaces', 'cpp']];
  for (const [shape, language] of cases) {
    const text = (NESTING_SHAPES[shape] ?? CPP_NESTING_SHAPES[shape])(10_000);
    const result = await analyze({ text, language }, 64 * 1024);
    assert.equal(result.skipped, 'it is nested too deeply to analyse', shape);
    assert.deepEqual(ids(result), ['0:file-skipped'], shape);
    assert.deepEqual((await analyze({ text: NESTING_SHAPES.braces(3), language: 'c' })).findings, example, `after ${shape}`);
  }
});

test('an analysis past its time limit gives up with a file-skipped finding instead of hanging', async () => {
  // Before: 2000 `if (InstallFunction == n) return n;` lines (80 KB) took 40 s: one trace per DIF code,
  // each over every if. Now the time limit (10 s by default) stops it.
  const text = inCoInstaller(Array.from({ length: 600 }, (_, i) => `if (InstallFunction == ${i + 1}) return ${i};`).join('\n'));
  const e = await engine();
  const started = performance.now();
  const result = e.analyze({ path: 'many-ifs.c', text }, { timeLimitMs: 20 });
  assert.ok(performance.now() - started < 5_000);
  assert.match(result.skipped ?? '', /gave up after 20 ms/);
  assert.deepEqual(ids(result), ['0:file-skipped']);
  assert.deepEqual(result.ruleFailures, []);
});
