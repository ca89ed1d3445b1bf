/**
 * `npm run new-rule` (tools/newRule.ts) in a temporary copy of the project: for a C and an INF rule it
 * writes the rule, registers it, adds a fixture and regenerates the docs; the copy then compiles, the
 * new fixtures pass, and the rule pages and README table match the new rules' metadata.
 */
import { after, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main as newRule, planNewRule } from '../tools/newRule';
import { REPO_ROOT } from './support/fixtures';

/** What a compile and the fixture and docs tests read (compiled output included, so tsc -b is incremental). */
const COPIED = ['package.json', 'tsconfig.json', 'tsconfig.base.json', 'README.md', 'protocol', 'server/src', 'server/out', 'server/tsconfig.json', 'server/tsconfig.tsbuildinfo', 'docs/rules', 'test/fixtures'];

describe('npm run new-rule', () => {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'fil-new-rule-'));
  after(() => fs.rmSync(copy, { recursive: true, force: true }));

  test('refuses a bad or existing id and writes nothing on --dry-run', () => {
    assert.match(String(planNewRule(REPO_ROOT, 'c', 'Flag_Bad')), /not kebab-case/);
    assert.match(String(planNewRule(REPO_ROOT, 'c', 'flag-not-set')), /exists already/);
    assert.match(String(planNewRule(REPO_ROOT, 'inf', 'registry-thing')), /start with "inf-"/);
    const before = fs.readFileSync(path.join(REPO_ROOT, 'server/src/engine/rules/c/index.ts'), 'utf8');
    assert.equal(newRule(['c', 'dry-run-rule', '--dry-run']), 0);
    assert.equal(fs.readFileSync(path.join(REPO_ROOT, 'server/src/engine/rules/c/index.ts'), 'utf8'), before);
    assert.equal(fs.existsSync(path.join(REPO_ROOT, 'server/src/engine/rules/c/dry-run-rule.ts')), false);
  });

  test('a C and an INF rule: written, registered, compiled, their fixtures pass, docs regenerated', { timeout: 600_000 }, () => {
    for (const rel of COPIED) fs.cpSync(path.join(REPO_ROOT, rel), path.join(copy, rel), { recursive: true });
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');

    assert.equal(newRule(['c', 'scaffold-demo', '--root', copy]), 0);
    assert.equal(newRule(['inf', 'inf-scaffold-demo', '--root', copy]), 0);
    assert.match(fs.readFileSync(path.join(copy, 'server/src/engine/rules/c/index.ts'), 'utf8'), /import \{ scaffoldDemo \} from '\.\/scaffold-demo';[\s\S]*\n {2}scaffoldDemo,\n\];/);
    assert.match(fs.readFileSync(path.join(copy, 'server/src/engine/rules/inf/index.ts'), 'utf8'), /\n {2}infScaffoldDemo,\n\];/);
    assert.ok(fs.existsSync(path.join(copy, 'docs/rules/scaffold-demo.md')) && fs.existsSync(path.join(copy, 'docs/rules/inf-scaffold-demo.md')));
    assert.match(fs.readFileSync(path.join(copy, 'README.md'), 'utf8'), /\| \[inf-scaffold-demo\]\(docs\/rules\/inf-scaffold-demo\.md\) \| warning \|/);

    const tests = ['c-fixtures', 'inf-fixtures', 'rule-docs', 'rule-coverage'].map((name) => path.join('server', 'out', 'test', `${name}.test.js`));
    // A test run of its own, not a child of this one (which would report to this runner instead of stdout).
    const env = { ...process.env };
    delete env.NODE_TEST_CONTEXT;
    const run = spawnSync(process.execPath, ['--test', '--test-reporter=tap', ...tests], { cwd: copy, encoding: 'utf8', timeout: 300_000, env });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /ok \d+ - fixture c[\\/]scaffold-demo[\\/]scaffold-demo\.c/);
    assert.match(run.stdout, /ok \d+ - fixture inf[\\/]scaffold-demo[\\/]inf-scaffold-demo\.inf/);
  });
});
