/**
 * Lines of a text the way the LSP counts them: `\r\n`, `\r` and `\n` each end a line; columns are UTF-16
 * code units. The one place that turns offsets into positions and back, and that says which line break
 * a document uses, for the rules, the features, the front ends and the fuzzer.
 */
import { commonPrefixLength, commonSuffixLength } from './c/textDiff';
import type { Position, Range } from './types';

/**
 * Offsets where each line of `text` starts (the first is 0). A typed array: a 100k-line file has 100k
 * starts, and a new version's are mostly copied from the last one's (lineStartsAfterEdit).
 */
function lineStartsOf(text: string): Int32Array {
  const starts = new Starts(text.length >> 5);
  // Most files end lines with \n alone: the native search is several times faster than a loop over
  // every character (a 100k-line file is counted at every re-analysis that builds a fix).
  if (text.indexOf('\r') < 0) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  } else {
    for (let offset = 1; offset <= text.length; offset++) if (startsLine(text, offset)) starts.push(offset);
  }
  return starts.done();
}

/** A growing list of line starts (0 first). */
class Starts {
  private values: Int32Array;
  private count = 1;

  constructor(expected: number) {
    this.values = new Int32Array(Math.max(16, expected));
  }

  push(offset: number): void {
    if (this.count === this.values.length) {
      const bigger = new Int32Array(this.count * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.count++] = offset;
  }

  done(): Int32Array {
    return this.values.subarray(0, this.count);
  }
}

/** Whether a line starts at `offset` (> 0): the character before it ends a line. */
function startsLine(text: string, offset: number): boolean {
  const c = text.charCodeAt(offset - 1);
  return c === 10 || (c === 13 && text.charCodeAt(offset) !== 10);
}

/**
 * Line starts of `text` from those of an earlier version of it: the same before the span where the two
 * differ, shifted after it, counted only inside it (a start depends on the characters on both sides of it).
 */
function lineStartsAfterEdit(earlier: string, earlierStarts: Int32Array, text: string): Int32Array {
  const start = commonPrefixLength(earlier, text);
  const suffix = commonSuffixLength(earlier, text, Math.min(earlier.length, text.length) - start);
  const oldEnd = earlier.length - suffix;
  const newEnd = text.length - suffix;
  const inside = new Starts(0);
  for (let offset = Math.max(start, 1); offset <= newEnd; offset++) if (startsLine(text, offset)) inside.push(offset);
  const insideStarts = inside.done().subarray(1);
  const before = Math.max(1, firstAtOrAfter(earlierStarts, start));
  const after = firstAtOrAfter(earlierStarts, oldEnd + 1);
  const starts = new Int32Array(before + insideStarts.length + earlierStarts.length - after);
  starts.set(earlierStarts.subarray(0, before));
  starts.set(insideStarts, before);
  starts.set(earlierStarts.subarray(after), before + insideStarts.length);
  const delta = newEnd - oldEnd;
  if (delta !== 0) for (let k = before + insideStarts.length; k < starts.length; k++) starts[k] += delta;
  return starts;
}

/** The index of the first of the ascending `values` that is at least `value` (values.length if none). */
function firstAtOrAfter(values: Int32Array, value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A text's lines without their line breaks. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** The line break a document uses, for inserted text: its first one, `\n` when it has none. */
export function lineBreakOf(text: string): string {
  const m = /\r\n|\r|\n/.exec(text);
  return m ? m[0] : '\n';
}

/** A text with its line starts, made once per document and asked many questions. */
export class TextLines {
  private lineStarts: Int32Array | undefined;
  private earlier: TextLines | undefined;

  /**
   * `earlier`: the lines of an earlier version of the text (a document before an edit): the last of its
   * versions whose lines were counted makes counting these cheap (a fix in a 100k-line file being typed
   * in would count every line at every analysis). No other version is kept.
   */
  constructor(
    readonly text: string,
    earlier?: TextLines,
  ) {
    this.earlier = earlier?.lineStarts ? earlier : earlier?.earlier;
  }

  /** Counted at the first question: a rule's context hands every rule the lines, few rules ask. */
  get starts(): Int32Array {
    if (!this.lineStarts) {
      this.lineStarts = this.earlier?.lineStarts ? lineStartsAfterEdit(this.earlier.text, this.earlier.lineStarts, this.text) : lineStartsOf(this.text);
      this.earlier = undefined;
    }
    return this.lineStarts;
  }

  /** The line holding `offset`, which is known to be on line `from` or after. */
  lineOf(offset: number, from = 0): number {
    const starts = this.starts;
    let lo = from;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(clamped);
    return { line, character: clamped - this.starts[line] };
  }

  /** The offset of a position; past the end of a line or of the text, the end of the text. */
  offsetAt(position: Position): number {
    return Math.min((this.starts[position.line] ?? this.text.length) + position.character, this.text.length);
  }

  textAt(range: Range): string {
    return this.text.slice(this.offsetAt(range.start), this.offsetAt(range.end));
  }

  /** The spaces and tabs that start a line. */
  indentationOf(line: number): string {
    const start = this.starts[line] ?? 0;
    let end = start;
    while (end < this.text.length && (this.text[end] === ' ' || this.text[end] === '\t')) end++;
    return this.text.slice(start, end);
  }

  /** The position just past the last character of a line (before its line break). */
  endOfLine(line: number): Position {
    const start = this.starts[line] ?? this.text.length;
    let end = Math.min((this.starts[line + 1] ?? this.text.length + 1) - 1, this.text.length);
    while (end > start && (this.text[end - 1] === '\n' || this.text[end - 1] === '\r')) end--;
    return { line, character: end - start };
  }

  /** The line break that ends a line ('' for the last line). */
  lineBreakAfter(line: number): string {
    const next = this.starts[line + 1];
    if (next === undefined) return '';
    return next >= 2 && this.text[next - 2] === '\r' && this.text[next - 1] === '\n' ? '\r\n' : this.text[next - 1];
  }

  get lineBreak(): string {
    return lineBreakOf(this.text);
  }
}

/** Where a text ends (without counting every line start). */
export function endOfText(text: string): Position {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: text.length - lineStart };
}
