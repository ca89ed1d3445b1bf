/** Runs every C/C++ fixture under test/fixtures/c and compares findings with its CHECK-MESSAGES lines. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../engine';
import { FIXTURES, listFixtures, mismatches, parseExpectations } from './support/fixtures';

const files = listFixtures(path.join(FIXTURES, 'c'), ['.c', '.cpp', '.cc', '.cxx', '.h', '.hpp']);

test('C/C++ fixtures exist', () => {
  assert.ok(files.length > 0, 'no fixtures found under test/fixtures/c');
});

for (const file of files) {
  test(`fixture ${path.relative(FIXTURES, file)}`, async () => {
    const engine = await Engine.create();
    const text = fs.readFileSync(file, 'utf8');
    const result = engine.analyze({ path: file, text });
    assert.deepEqual(result.ruleFailures, []);
    const problems = mismatches(result.findings, parseExpectations(text));
    assert.equal(problems.length, 0, '\n' + problems.join('\n'));
  });
}
