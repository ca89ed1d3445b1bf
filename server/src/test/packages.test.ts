/**
 * Whole driver packages (test/fixtures/packages/<name>/: INFs, C/C++ sources, build files), each linted
 * as one CLI run, as a user would: which functions are entry points and which sources belong to a DLL
 * depend on the other files of the run. Every file states its expected findings inline.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../cli/cli';
import { Engine, type Finding } from '../engine';
import type { JsonFinding } from '../cli/formats/json';
import { FIXTURES, listFixtures, mismatches, parseExpectations, REPO_ROOT } from './support/fixtures';

const PACKAGES = path.join(FIXTURES, 'packages');
const packages = fs.readdirSync(PACKAGES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

let enginePromise: Promise<Engine> | undefined;
const engine = () => (enginePromise ??= Engine.create());

test('fixture packages exist', () => {
  assert.ok(packages.length >= 4, 'test/fixtures/packages holds too few packages');
});

for (const name of packages) {
  test(`package ${name}`, async () => {
    const e = await engine();
    let stdout = '';
    const exitCode = await main(['--format', 'json', path.join(PACKAGES, name)], { stdout: (t) => (stdout += t), stderr: () => {}, cwd: REPO_ROOT }, { createAnalyzer: async () => e });
    assert.notEqual(exitCode, 2, 'the CLI failed');
    const findings = JSON.parse(stdout) as JsonFinding[];
    const problems: string[] = [];
    for (const file of listFixtures(path.join(PACKAGES, name), ['.c', '.cpp', '.h', '.inf'])) {
      const relative = path.relative(REPO_ROOT, file);
      const own = findings.filter((f) => f.file === relative).map(asFinding);
      for (const problem of mismatches(own, parseExpectations(fs.readFileSync(file, 'utf8')))) problems.push(`${path.basename(file)}: ${problem}`);
    }
    assert.deepEqual(problems, []);
  });
}

function asFinding(f: JsonFinding): Finding {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    range: { start: { line: f.line - 1, character: f.column - 1 }, end: { line: f.endLine - 1, character: f.endColumn - 1 } },
  };
}
