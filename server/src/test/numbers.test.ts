import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseCNumber } from '../engine/model/fileIndex';

test('C integer literals read as the compiler reads them (as a 32-bit DWORD)', () => {
  const cases: Array<[string, number | undefined]> = [
    ['0', 0], ['7', 7], ['10', 10], ['259', 259], ['4294967295', 4294967295], ['4294967296', 0],
    ['012', 10], ['08', undefined], ['0x1F', 31], ['0XE0000100', 0xe0000100], ['0b101', 5],
    ['1u', 1], ['10UL', 10], ["1'000", 1000], ['', undefined], ['1.5', undefined], ['12a', undefined],
  ];
  for (const [text, value] of cases) assert.equal(parseCNumber(text), value, text);
});

test('decimal literals of any length agree with parseInt (the fast path for plain decimals)', () => {
  fc.assert(
    fc.property(fc.stringMatching(/^[1-9][0-9]{0,30}$/), (text) => {
      const expected = parseInt(text, 10);
      assert.equal(parseCNumber(text), Number.isFinite(expected) ? expected >>> 0 : undefined);
    }),
  );
});
