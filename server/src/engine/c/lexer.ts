/**
 * A small C/C++ token scanner. It does not parse: it reports identifiers and brackets, skipping
 * comments, string and character literals and preprocessor lines, so that the text can be prepared for
 * tree-sitter without moving any offset (see prepare.ts). Linear time, no allocation per token.
 */

export interface TokenVisitor {
  /** An identifier [start, end) at bracket depth `depth` ({, ( and [ together). */
  identifier(start: number, end: number, depth: number): void;
  /** Any other token at `start` (one character for punctuation), at the depth before it. */
  other(start: number, char: number, depth: number): void;
  /**
   * A line starts at `offset` outside any comment, string or preprocessor line, at bracket depth
   * `depth`. Returning true ends the scan there (its result is then the brackets open at that point).
   */
  lineStart?(offset: number, depth: number): boolean;
}

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

const OPEN_BRACE = 123;
const OPEN_PAREN = 40;
const OPEN_BRACKET = 91;

/**
 * Scans the text once, from `from` (0, or a line start outside any bracket, comment or string), and
 * returns the brackets left open at its end, innermost last.
 */
export function scanTokens(text: string, visitor: TokenVisitor, from = 0): number[] {
  const stack: number[] = [];
  const n = text.length;
  let i = from;
  let atLineStart = true;
  const lineStart = visitor.lineStart;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      atLineStart = true;
      i++;
      if (lineStart && lineStart(i, stack.length)) return stack;
      continue;
    }
    if (c === 32 || c === 9 || c === 13 || c === 12 || c === 11) {
      i++;
      continue;
    }
    if (c === 35 /* # */ && atLineStart) {
      i = skipPreprocessorLine(text, i);
      continue;
    }
    atLineStart = false;
    if (c === 47 /* / */ && i + 1 < n) {
      const d = text.charCodeAt(i + 1);
      if (d === 47) {
        const nl = text.indexOf('\n', i + 2);
        i = nl < 0 ? n : nl;
        continue;
      }
      if (d === 42) {
        const close = text.indexOf('*/', i + 2);
        i = close < 0 ? n : close + 2;
        continue;
      }
    }
    if (c === 34 /* " */ || c === 39 /* ' */) {
      i = skipQuoted(text, i, c);
      continue;
    }
    if (isIdentStart(c)) {
      const start = i;
      while (i < n && isIdentPart(text.charCodeAt(i))) i++;
      const q = i < n ? text.charCodeAt(i) : 0;
      // A string prefix (L"...", u8"...") belongs to the string.
      if ((q === 34 || q === 39) && i - start <= 2 && isStringPrefix(text, start, i)) {
        i = skipQuoted(text, i, q);
        continue;
      }
      visitor.identifier(start, i, stack.length);
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_PAREN || c === OPEN_BRACKET) {
      visitor.other(i, c, stack.length);
      stack.push(c);
      i++;
      continue;
    }
    if (c === 125 || c === 41 || c === 93) {
      // Pop to the matching opener; a stray closer is ignored.
      const opener = c === 125 ? OPEN_BRACE : c === 41 ? OPEN_PAREN : OPEN_BRACKET;
      const at = stack.lastIndexOf(opener);
      if (at >= 0) stack.length = at;
      visitor.other(i, c, stack.length);
      i++;
      continue;
    }
    const start = i;
    if (c >= 48 && c <= 57) {
      while (i < n && (isIdentPart(text.charCodeAt(i)) || text.charCodeAt(i) === 46)) i++;
    } else {
      i++;
    }
    visitor.other(start, c, stack.length);
  }
  return stack;
}

function isStringPrefix(text: string, start: number, end: number): boolean {
  const a = text.charCodeAt(start);
  if (end - start === 1) return a === 76 /* L */ || a === 117 /* u */ || a === 85 /* U */;
  return a === 117 && text.charCodeAt(start + 1) === 56; /* u8 */
}

function skipPreprocessorLine(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) return i;
    if (c === 92 /* \ */ && i + 1 < n) {
      const d = text.charCodeAt(i + 1);
      if (d === 10) {
        i += 2;
        continue;
      }
      if (d === 13) {
        i += text.charCodeAt(i + 2) === 10 ? 3 : 2;
        continue;
      }
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      continue;
    }
    i++;
  }
  return n;
}

function skipQuoted(text: string, i: number, quote: number): number {
  const n = text.length;
  i++;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 92) {
      i += 2;
      continue;
    }
    if (c === quote || c === 10) return i + 1;
    i++;
  }
  return n;
}

/** The closing text that balances the brackets `scanTokens` left open, innermost first. */
export function closingText(unclosed: number[]): string {
  let out = '';
  for (let k = unclosed.length - 1; k >= 0; k--) {
    const opener = unclosed[k];
    out += opener === OPEN_BRACE ? ';}' : opener === OPEN_PAREN ? ')' : ']';
  }
  return out;
}
