/** engine/lines.ts: the one place offsets become positions, with the LSP's line breaks (\r\n, \r, \n). */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { endOfText, lineBreakOf, splitLines, TextLines } from '../engine';

test('lone \\r, \\r\\n and \\n each end a line, everywhere', () => {
  const text = 'a\rbb\r\nccc\n  d';
  const lines = new TextLines(text);
  assert.deepEqual([...lines.starts], [0, 2, 6, 10]);
  assert.deepEqual(splitLines(text), ['a', 'bb', 'ccc', '  d']);
  assert.deepEqual(lines.positionAt(text.indexOf('ccc')), { line: 2, character: 0 });
  assert.equal(lines.offsetAt({ line: 1, character: 1 }), 3);
  assert.equal(lines.textAt({ start: { line: 1, character: 0 }, end: { line: 2, character: 3 } }), 'bb\r\nccc');
  assert.deepEqual(lines.endOfLine(1), { line: 1, character: 2 });
  assert.equal(lines.indentationOf(3), '  ');
  assert.deepEqual(['\r', '\r\n', '\n', ''].map((_, i) => lines.lineBreakAfter(i)), ['\r', '\r\n', '\n', '']);
  assert.deepEqual(endOfText(text), { line: 3, character: 3 });
});

test('the line break a document uses is its first one', () => {
  assert.equal(lineBreakOf('x\r\ny\nz'), '\r\n');
  assert.equal(lineBreakOf('x\ry'), '\r');
  assert.equal(lineBreakOf('no break'), '\n');
});

test('lines counted from an earlier version of the text are the lines counted afresh', () => {
  // Edits at the ends, inside and across \r\n pairs, lines joined and split, and versions not counted in between.
  const versions = ['a\r\nb\nc\rd\n', 'x\r\nb\nc\rd\n', 'x\r\r\nb\nc\rd\n', 'x\r\r\nb\nc\rd\n', 'x\rb\nc\rd\n', 'x\rb\nc\r\nd\n', 'x\rb\nc\r\nd', '', '\n\n', 'q\n\nw\r', 'q\n\nw\r\n'];
  let earlier = new TextLines('a\r\nb\n');
  assert.deepEqual([...earlier.starts], [0, 3, 5]);
  for (const [k, text] of versions.entries()) {
    const lines = new TextLines(text, earlier);
    if (k % 3 !== 2) assert.deepEqual(lines.starts, new TextLines(text).starts, JSON.stringify(text));
    earlier = lines;
  }
});
