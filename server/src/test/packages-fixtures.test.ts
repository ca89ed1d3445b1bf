/**
 * Runs the CLI over every package under test/fixtures/packages/<name>/ (one run per package, as a user
 * would lint the folder: INF files see the package's C/C++ entry points) and compares the findings of
 * each file with its CHECK-MESSAGES lines. A package passes when every file gets exactly its expected findings.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../cli/cli';
import { Engine, type Finding } from '../engine';
import { FIXTURES, mismatches, parseExpectations } from './support/fixtures';

const PACKAGES = path.join(FIXTURES, 'packages');
const packages = fs.existsSync(PACKAGES)
  ? fs.readdirSync(PACKAGES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => path.join(PACKAGES, d.name)).sort()
  : [];

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  severity: Finding['severity'];
  message: string;
}

let enginePromise: Promise<Engine> | undefined;
const engine = () => (enginePromise ??= Engine.create());

test('fixture packages exist', () => {
  assert.ok(packages.length > 0, 'no packages under test/fixtures/packages');
});

for (const dir of packages) {
  test(`package ${path.basename(dir)}`, async () => {
    const e = await engine();
    let stdout = '';
    let stderr = '';
    const code = await main(['--format', 'json', dir], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir }, { createAnalyzer: async () => e });
    assert.equal(stderr, '');
    const findings = JSON.parse(stdout) as JsonFinding[];
    const problems: string[] = [];
    let expectedErrors = 0;
    for (const file of lintedFiles(dir)) {
      const expectations = parseExpectations(fs.readFileSync(file, 'utf8'));
      expectedErrors += expectations.filter((x) => x.severity === 'error').length;
      const mine = findings.filter((f) => path.resolve(dir, f.file) === file).map(asFinding);
      for (const p of mismatches(mine, expectations)) problems.push(`${path.relative(dir, file)}: ${p}`);
    }
    assert.equal(problems.length, 0, '\n' + problems.join('\n'));
    assert.equal(code, expectedErrors > 0 ? 1 : 0, 'exit code');
  });
}

/** Every file of the package that holds CHECK-MESSAGES or is of a linted kind. */
function lintedFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...lintedFiles(p));
    else if (/\.(c|cc|cpp|cxx|h|hpp|inf|inx|inf\.in)$/i.test(entry.name)) out.push(p);
  }
  return out.sort();
}

function asFinding(f: JsonFinding): Finding {
  const start = { line: f.line - 1, character: f.column - 1 };
  return { ruleId: f.ruleId, severity: f.severity, message: f.message, range: { start, end: start } };
}
