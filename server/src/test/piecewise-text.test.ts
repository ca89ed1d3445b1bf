import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { PiecewiseText } from '../engine/c/piecewiseText';

// Prepared texts as pieces against plain strings edited the same way (what they replaced).

const lines = fc.array(fc.constantFrom('int a;', '\n', 'return NO_ERROR;\n', '  ', '\r\n', 'Größe 😀', 'x'), { maxLength: 12 }).map((parts) => parts.join(''));
const edit = fc.record({ from: fc.nat(), length: fc.nat(40), middle: lines });

/** Row and column of `offset` in a plain string, lines ending at \n (as tree-sitter counts them). */
function pointOf(text: string, offset: number): { row: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { row: before.length - 1, column: before[before.length - 1].length };
}

test('a text edited piece by piece reads like the string edited the same way: slices, chunks, rows and columns', () => {
  fc.assert(
    fc.property(lines, fc.array(edit, { minLength: 1, maxLength: 80, size: 'max' }), fc.array(fc.tuple(fc.nat(), fc.nat(30)), { maxLength: 20 }), (start, edits, reads) => {
      let text = PiecewiseText.of(start);
      let expected = start;
      for (const e of edits) {
        const from = e.from % (expected.length + 1);
        const to = Math.min(expected.length, from + e.length);
        const [previous, previousExpected] = [text, expected];
        text = text.replaced(from, to, e.middle);
        expected = expected.slice(0, from) + e.middle + expected.slice(to);
        assert.equal(text.length, expected.length);
        // The earlier version is left as it was (the previous analysis may still read it).
        assert.equal(previous.slice(0, previous.length), previousExpected);
        for (const [at, length] of reads) {
          const a = at % (expected.length + 1);
          assert.equal(text.slice(a, a + length), expected.slice(a, a + length), `slice ${a}+${length}`);
          const chunk = text.chunk(a);
          assert.ok(a === expected.length ? chunk === '' : chunk.length > 0 && expected.startsWith(chunk, a), `chunk at ${a}`);
          const short = text.chunk(a, length + 1);
          assert.ok(short.length <= length + 1 && (a === expected.length ? short === '' : short.length > 0 && expected.startsWith(short, a)), `chunk of at most ${length + 1} at ${a}`);
          const b = Math.min(expected.length, a + length);
          assert.deepEqual(text.pointAfter(a, b, pointOf(expected, a)), pointOf(expected, b), `point of ${b} from ${a}`);
        }
      }
      assert.deepEqual(text.pointAfter(0, expected.length, { row: 0, column: 0 }), pointOf(expected, expected.length));
      assert.equal(text.toString(), expected);
    }),
    { numRuns: 300 },
  );
});

test('an edit leaves the text it was made from as it was', () => {
  const source = 'DWORD CALLBACK CoInstaller(void)\n{\n    return NO_ERROR;\n}\n';
  const at = source.indexOf('NO_ERROR');
  const original = PiecewiseText.of(source);
  const edited = original.replaced(at, at + 'NO_ERROR'.length, 'ERROR_DI_DO_DEFAULT');
  assert.equal(edited.toString(), 'DWORD CALLBACK CoInstaller(void)\n{\n    return ERROR_DI_DO_DEFAULT;\n}\n');
  assert.equal(original.toString(), 'DWORD CALLBACK CoInstaller(void)\n{\n    return NO_ERROR;\n}\n');
  assert.equal(original.slice(at, at + 'NO_ERROR'.length), 'NO_ERROR');
});
