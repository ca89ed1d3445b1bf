import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { constant, MAX_VALUES, unionValues, unknown } from '../engine/model/values';

/** A value's origin on a made-up grid of lines 100 characters long. */
const at = (line: number, character: number) => ({ startIndex: line * 100 + character, range: { start: { line, character }, end: { line, character: character + 1 } } });

test('a union keeps one value per constant and place, the last one seen, where the first one stood', () => {
  const first = constant(0, at(3, 9), 'NO_ERROR');
  const other = constant(0xe000020e, at(5, 9), 'ERROR_DI_DO_DEFAULT');
  const again = constant(0, at(3, 9), 'NO_ERROR');
  const union = unionValues([first, other], [again]);
  assert.equal(union.length, 2);
  assert.equal(union[0], again);
  assert.equal(union[1], other);
  // The same constant written somewhere else is another value (findings point at each place).
  assert.equal(unionValues([first], [constant(0, at(4, 9), 'NO_ERROR')]).length, 2);
});

test('unknowns are the same value only with the same source, callee, exclusions and place', () => {
  const call = unknown('call', at(7, 4), { callee: 'SetupDiCallClassInstaller' });
  assert.equal(unionValues([call], [unknown('call', at(7, 4), { callee: 'SetupDiCallClassInstaller' })]).length, 1);
  assert.equal(unionValues([call], [unknown('call', at(7, 4), { callee: 'DoFinishInstall' })]).length, 2);
  assert.equal(unionValues([call], [unknown('call', at(7, 4), { callee: 'SetupDiCallClassInstaller', excludes: [0] })]).length, 2);
  assert.equal(unionValues([call], [unknown('last-error', at(7, 4))]).length, 2);
});

test(`past ${MAX_VALUES} values a union is one unknown, however many sets and values come in`, () => {
  for (const count of [MAX_VALUES + 1, 100]) {
    const many = Array.from({ length: count }, (_, i) => constant(i, at(i, 0)));
    const union = unionValues(many.slice(0, count >> 1), many.slice(count >> 1), many);
    assert.equal(union.length, 1);
    assert.equal(union[0].kind, 'unknown');
  }
  const few = Array.from({ length: MAX_VALUES }, (_, i) => constant(i, at(i, 0)));
  assert.deepEqual(unionValues(few, few), few);
});
