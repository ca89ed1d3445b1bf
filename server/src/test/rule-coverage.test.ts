import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_RULES } from '../engine';
import { FIXTURES, listFixtures, parseExpectations } from './support/fixtures';

test('every C and INF rule fires in at least one fixture, next to the code it reports', () => {
  const files = listFixtures(FIXTURES, ['.c', '.cpp', '.cc', '.h', '.hpp', '.inf', '.inx']);
  const expected = new Set(files.flatMap((f) => parseExpectations(fs.readFileSync(f, 'utf8')).map((e) => e.ruleId)));
  const missing = ALL_RULES.filter((r) => r.language !== 'any' && !expected.has(r.id)).map((r) => r.id);
  assert.deepEqual(missing, [], `rules without a firing fixture under ${path.relative(process.cwd(), FIXTURES)}`);
});
