/**
 * Runs every INF fixture and compares the findings with its CHECK-MESSAGES lines:
 *   test/fixtures/inf/**\/*.inf         analysed alone (no sources: cross-file rules stay silent)
 *   test/fixtures/inf-crossfile/<case>/ one .inf (or more) analysed with the entry points of the case's
 *                                       .c/.cpp files, or, while there are none, of its entry-points.json
 *                                       (EntryPointSummary[], paths relative to the case folder).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine, type EntryPointSummary } from '../engine';
import { FIXTURES, listFixtures, mismatches, parseExpectations } from './support/fixtures';

const SOURCE_EXTENSIONS = ['.c', '.cpp', '.cc', '.cxx'];
const ENTRY_POINTS_FILE = 'entry-points.json';
const SOURCES_FILE = 'sources.json';

const infFiles = listFixtures(path.join(FIXTURES, 'inf'), ['.inf', '.inx']);
const crossFileRoot = path.join(FIXTURES, 'inf-crossfile');
const crossFileCases = fs.existsSync(crossFileRoot)
  ? fs.readdirSync(crossFileRoot, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => path.join(crossFileRoot, d.name)).sort()
  : [];

let enginePromise: Promise<Engine> | undefined;
const engine = () => (enginePromise ??= Engine.create());

test('INF fixtures exist', () => {
  assert.ok(infFiles.length > 0, 'no fixtures found under test/fixtures/inf');
  assert.ok(crossFileCases.length > 0, 'no cases found under test/fixtures/inf-crossfile');
});

for (const file of infFiles) {
  test(`fixture ${path.relative(FIXTURES, file)}`, async () => {
    await checkFixture(await engine(), file, undefined);
  });
}

for (const dir of crossFileCases) {
  test(`cross-file case ${path.relative(FIXTURES, dir)}`, async () => {
    const e = await engine();
    const entryPoints = await entryPointsOf(e, dir);
    const infs = fs.readdirSync(dir).filter((f) => /\.in[fx]$/i.test(f));
    assert.ok(infs.length > 0, `${dir} holds no .inf`);
    for (const inf of infs) await checkFixture(e, path.join(dir, inf), entryPoints);
  });
}

async function checkFixture(e: Engine, file: string, entryPoints: EntryPointSummary[] | undefined): Promise<void> {
  const text = fs.readFileSync(file, 'utf8');
  const expectations = parseExpectations(text);
  const result = e.analyze({ path: file, text }, { entryPoints });
  assert.deepEqual(result.ruleFailures, []);
  const problems = mismatches(result.findings, expectations);
  assert.equal(problems.length, 0, `${path.basename(file)}:\n` + problems.join('\n'));
}

/**
 * The entry points of a cross-file case: from its sources (the C/C++ files in the folder, plus those
 * that sources.json names relative to it, so a case can reuse another fixture instead of copying it),
 * else from entry-points.json.
 */
async function entryPointsOf(e: Engine, dir: string): Promise<EntryPointSummary[]> {
  const listed = path.join(dir, SOURCES_FILE);
  const sources = [
    ...fs.readdirSync(dir).filter((f) => SOURCE_EXTENSIONS.includes(path.extname(f).toLowerCase())).map((f) => path.join(dir, f)),
    ...(fs.existsSync(listed) ? (JSON.parse(fs.readFileSync(listed, 'utf8')) as string[]).map((f) => path.resolve(dir, f)) : []),
  ];
  if (sources.length > 0) {
    return sources.flatMap((file) => e.analyze({ path: file, text: fs.readFileSync(file, 'utf8') }).entryPoints);
  }
  const json = path.join(dir, ENTRY_POINTS_FILE);
  assert.ok(fs.existsSync(json), `${dir} has neither C/C++ sources nor ${ENTRY_POINTS_FILE}`);
  const summaries = JSON.parse(fs.readFileSync(json, 'utf8')) as EntryPointSummary[];
  return summaries.map((s) => ({ ...s, path: path.resolve(dir, s.path) }));
}
