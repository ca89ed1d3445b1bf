/**
 * Pins what users see on every fixture and example (findings, exit codes, hovers) so a refactor can
 * prove it changed nothing. A deliberate change regenerates the snapshot with `npm run golden:update`
 * and the snapshot's diff shows exactly what changed for users.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { collectGoldenSnapshot, GOLDEN_FILE } from '../tools/golden';

test('findings, exit codes and hovers on every fixture and example are those of the snapshot', async () => {
  const expected = JSON.parse(fs.readFileSync(GOLDEN_FILE, 'utf8'));
  const actual = await collectGoldenSnapshot();
  assert.deepEqual(Object.keys(actual.runs), Object.keys(expected.runs), 'fixture roots');
  for (const root of Object.keys(expected.runs)) assert.deepEqual(actual.runs[root], expected.runs[root], `CLI run over ${root}`);
  for (const file of new Set([...Object.keys(expected.hovers), ...Object.keys(actual.hovers)])) {
    assert.deepEqual(actual.hovers[file], expected.hovers[file], `hovers in ${file}`);
  }
});
