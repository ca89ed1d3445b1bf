/**
 * Helpers in other files (issue 18, item 2): a call to a function defined in another source of the same
 * DLL (else folder) is followed, a finding inside it is shown at the call with a related location in that
 * file, an ambiguous name is not followed, and a changed helper file changes the next analysis.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { definedFunctionNames, definitionsIn, Engine, helperGroupOf, helperSourcesOf, lookupInDefinitions, ProjectFunctionIndex, readBuildFile, type ProjectEvidence } from '../engine';

const ROOT = path.resolve('/ws');
const at = (...parts: string[]) => path.join(ROOT, ...parts);

const ENTRY = `#include <windows.h>
#include <setupapi.h>
DWORD RunAction(HDEVINFO Set, PSP_DEVINFO_DATA Dev);

DWORD CALLBACK CoInstaller(DI_FUNCTION Dif, HDEVINFO Set, PSP_DEVINFO_DATA Dev, PCOINSTALLER_CONTEXT_DATA Context)
{
    UNREFERENCED_PARAMETER(Context);
    if (Dif == DIF_FINISHINSTALL_ACTION) {
        return RunAction(Set, Dev);
    }
    return NO_ERROR;
}
`;
const UTIL_BAD = `#include <windows.h>
DWORD RunAction(HDEVINFO Set, PSP_DEVINFO_DATA Dev)
{
    return ERROR_DI_DO_DEFAULT;
}
`;
const UTIL_GOOD = UTIL_BAD.replace('ERROR_DI_DO_DEFAULT', 'NO_ERROR');

let enginePromise: Promise<Engine> | undefined;
const engine = () => (enginePromise ??= Engine.create());

function filesLookup(files: Record<string, string>, entry: string) {
  const index = new ProjectFunctionIndex((file) => files[file]);
  const project: ProjectEvidence = { registrations: [], buildFiles: [], sourceFiles: Object.keys(files), difCalls: [] };
  return index.lookupFor(helperSourcesOf(project, entry));
}

// First in the file: grammars load once per process, and every later test loads both.
test('a helper in a file of the other dialect is followed once its grammar is loaded (not remembered as empty before)', async () => {
  const e = await Engine.create({ grammars: ['c'] });
  const entry = at('mixed', 'co.c');
  const lookup = filesLookup({ [entry]: ENTRY, [at('mixed', 'util.cpp')]: UTIL_BAD }, entry);
  const doDefault = () => e.analyze({ path: entry, text: ENTRY }, { transient: true, helpers: lookup }).findings.filter((f) => f.ruleId === 'coinstaller-do-default');
  assert.deepEqual(doDefault(), []);
  await e.load('cpp');
  assert.equal(doDefault().length, 1);
});

test('a helper in another file of the folder is followed: the finding is at the call, related to the return there', async () => {
  const e = await engine();
  const files = { [at('co', 'co.c')]: ENTRY, [at('co', 'util.c')]: UTIL_BAD };
  const result = e.analyze({ path: at('co', 'co.c'), text: ENTRY }, { transient: true, helpers: filesLookup(files, at('co', 'co.c')) });
  const finding = result.findings.find((f) => f.ruleId === 'coinstaller-do-default');
  assert.ok(finding, JSON.stringify(result.findings));
  assert.deepEqual(finding.range.start, { line: 8, character: 15 });
  assert.equal('path' in finding.range, false, 'a finding\'s own range carries no path');
  assert.equal(finding.related?.[0].path, at('co', 'util.c'));
  assert.deepEqual(finding.related?.[0].range, { start: { line: 3, character: 11 }, end: { line: 3, character: 30 } });
  assert.deepEqual(finding.fixes ?? [], [], 'no fix edits another file');
  assert.deepEqual(result.helperFiles, [at('co', 'util.c')]);

  const alone = e.analyze({ path: at('co', 'co.c'), text: ENTRY }, { transient: true });
  assert.equal(alone.findings.some((f) => f.ruleId === 'coinstaller-do-default'), false, 'without the lookup, nothing (as before)');
});

test('a suppression comment in the helper\'s file suppresses the finding there, as in that file\'s own analysis', async () => {
  const e = await engine();
  const entry = at('co', 'co.c');
  const doDefaults = (util: string) =>
    e.analyze({ path: entry, text: ENTRY }, { transient: true, helpers: filesLookup({ [entry]: ENTRY, [at('co', 'util.c')]: util }, entry) }).findings.filter((f) => f.ruleId === 'coinstaller-do-default');
  const above = (comment: string) => UTIL_BAD.replace('    return ERROR_DI_DO_DEFAULT;', `    // ${comment}\n    return ERROR_DI_DO_DEFAULT;`);
  assert.equal(doDefaults(above('finish-install-disable-next-line coinstaller-do-default')).length, 0);
  assert.equal(doDefaults(UTIL_BAD.replace('ERROR_DI_DO_DEFAULT;', 'ERROR_DI_DO_DEFAULT; // finish-install-disable-line')).length, 0);
  // Another rule's id, or the comment on another line, leaves it.
  assert.equal(doDefaults(above('finish-install-disable-next-line flag-not-set')).length, 1);
  assert.equal(doDefaults(UTIL_BAD.replace('{\n', '{\n    // finish-install-disable-next-line coinstaller-do-default\n    Sleep(0);\n')).length, 1);
});

test('an ambiguous helper (defined in two candidate files) is not followed; the file\'s own definition comes first', async () => {
  const e = await engine();
  const entry = at('co', 'co.c');
  const ambiguous = { [entry]: ENTRY, [at('co', 'util.c')]: UTIL_BAD, [at('co', 'util2.c')]: UTIL_GOOD };
  const result = e.analyze({ path: entry, text: ENTRY }, { transient: true, helpers: filesLookup(ambiguous, entry) });
  assert.deepEqual(result.findings.filter((f) => f.ruleId === 'coinstaller-do-default'), []);
  assert.equal(result.helperFiles, undefined);

  const own = ENTRY + UTIL_GOOD.replace('#include <windows.h>\n', '');
  const ownResult = e.analyze({ path: entry, text: own }, { transient: true, helpers: filesLookup({ [entry]: own, [at('co', 'util.c')]: UTIL_BAD }, entry) });
  assert.deepEqual(ownResult.findings.filter((f) => f.ruleId === 'coinstaller-do-default'), []);
});

test('the DLL\'s sources, not the folder, when a build file ties them: a sibling folder of the same DLL counts, another DLL\'s file in the folder does not', () => {
  const project: ProjectEvidence = {
    registrations: [],
    buildFiles: [readBuildFile(at('co', 'co.def'), 'LIBRARY co\nEXPORTS\n CoInstaller\n')!, readBuildFile(at('co', 'tool', 'tool.def'), 'LIBRARY tool\nEXPORTS\n Tool\n')!],
    sourceFiles: [at('co', 'co.c'), at('co', 'lib', 'util.c'), at('co', 'tool', 'util.c'), at('other', 'util.c')],
    difCalls: [],
  };
  assert.deepEqual(helperSourcesOf(project, at('co', 'co.c')), [at('co', 'lib', 'util.c')]);
});

test('definitions made in advance for a group answer as the lookup over the group\'s other files', () => {
  const entry = at('grp', 'co.c');
  const files: Record<string, string> = {
    [entry]: ENTRY + 'static DWORD Own(void) { return 0; }\nDWORD Shared(void) { return 0; }\n',
    [at('grp', 'util.c')]: UTIL_BAD + 'DWORD Shared(void) { return 1; }\n',
    [at('grp', 'twice.c')]: 'DWORD Twice(void) { return 0; }\n',
    [at('grp', 'twice2.c')]: 'DWORD Twice(void) { return 1; }\n',
    [at('grp', 'decl.c')]: 'DWORD RunAction(HDEVINFO Set, PSP_DEVINFO_DATA Dev);\n',
  };
  const project: ProjectEvidence = { registrations: [], buildFiles: [], sourceFiles: Object.keys(files), difCalls: [] };
  const index = new ProjectFunctionIndex((file) => files[file]);
  const group = helperGroupOf(project, entry);
  assert.equal(helperGroupOf(project, at('grp', 'util.c')), group, 'one array per group');
  const read: string[] = [];
  const definitions = definitionsIn(group, (file) => files[file]);
  assert.equal(definitions.files.includes(at('grp', 'decl.c')), false, 'a file that defines nothing is left out');
  const inAdvance = lookupInDefinitions(definitions, entry, (file) => (read.push(file), files[file]));
  const lookup = index.lookupFor(helperSourcesOf(project, entry));
  for (const name of ['RunAction', 'Shared', 'Own', 'CoInstaller', 'Twice', 'Missing']) {
    assert.deepEqual(inAdvance.definingFile(name), lookup.definingFile(name), name);
  }
  assert.equal(inAdvance.definingFile('Shared')?.path, at('grp', 'util.c'), 'the analysed file\'s own definition does not count');
  assert.deepEqual([...new Set(read)], [at('grp', 'util.c')], 'only a file a name was found in is read');
});

test('an edit to the helper file changes the next analysis of the entry file (cached copies are per file text)', async () => {
  const e = await engine();
  const entry = at('edit', 'co.c');
  const files: Record<string, string> = { [entry]: ENTRY, [at('edit', 'util.c')]: UTIL_BAD };
  const index = new ProjectFunctionIndex((file) => files[file]);
  const lookup = index.lookupFor([at('edit', 'util.c')]);
  const ids = () => e.analyze({ path: entry, text: ENTRY }, { helpers: lookup }).findings.map((f) => f.ruleId).filter((id) => id === 'coinstaller-do-default');
  assert.deepEqual(ids(), ['coinstaller-do-default']);
  index.update(at('edit', 'util.c'), UTIL_GOOD);
  assert.deepEqual(ids(), []);
  index.update(at('edit', 'util.c'), UTIL_BAD);
  assert.deepEqual(ids(), ['coinstaller-do-default']);
});

test('file-level definitions by tokens: declarations, calls in initializers and control statements are none', () => {
  const text = `#include <windows.h>
#define HELPER(x) static int x(void) { return 0; }
DWORD Declared(HDEVINFO Set);
static const int table[] = { 1, 2 };
int value = Compute(3);
DWORD WINAPI Defined(HDEVINFO Set) { if (Set) { return Inner(Set); } return 0; }
__declspec(dllexport) DWORD Exported(void) /* comment ( { */ { return 0; }
int CMyClass::Method(int a) const { return a; }
extern "C" { int InExternBlock(void); }
struct Point { int x; };
`;
  assert.deepEqual(definedFunctionNames(text), ['Defined', 'Exported', 'Method']);
});
