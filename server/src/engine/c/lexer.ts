/**
 * A small C/C++ token scanner. It does not parse: it finds identifiers, brackets, comments, strings and
 * preprocessor lines so that the text can be prepared for tree-sitter without moving any offset
 * (see prepare.ts), and so that files with no installer can be skipped without parsing.
 */

export type TokenKind = 'identifier' | 'punct' | 'other';

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  /** Bracket depth ({ and ( together) before the token. */
  depth: number;
}

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

export interface ScanResult {
  tokens: Token[];
  /** Open brackets left at the end of the text, innermost last. */
  unclosed: string[];
}

const closerOf: Record<string, string> = { '{': '}', '(': ')', '[': ']' };

/**
 * Scans the whole text once. Comments, string and character literals and preprocessor lines produce no
 * tokens (a preprocessor line's own text is left to tree-sitter). Runs in linear time on any input.
 */
export function scan(text: string): ScanResult {
  const tokens: Token[] = [];
  const stack: string[] = [];
  const n = text.length;
  let i = 0;
  let atLineStart = true;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      atLineStart = true;
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13 || c === 12 || c === 11) {
      i++;
      continue;
    }
    if (c === 35 /* # */ && atLineStart) {
      // A preprocessor line, with backslash continuations; its comments end it as usual.
      while (i < n && text.charCodeAt(i) !== 10) {
        if (text.charCodeAt(i) === 92 && i + 1 < n && (text.charCodeAt(i + 1) === 10 || text.charCodeAt(i + 1) === 13)) {
          i += text.charCodeAt(i + 1) === 13 && text.charCodeAt(i + 2) === 10 ? 3 : 2;
          continue;
        }
        if (text.charCodeAt(i) === 47 && text.charCodeAt(i + 1) === 42) {
          const close = text.indexOf('*/', i + 2);
          i = close < 0 ? n : close + 2;
          continue;
        }
        i++;
      }
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
      // A string prefix (L"...", u8"...") belongs to the string.
      if (i < n && (text.charCodeAt(i) === 34 || text.charCodeAt(i) === 39) && i - start <= 2) {
        const prefix = text.slice(start, i);
        if (prefix === 'L' || prefix === 'u' || prefix === 'U' || prefix === 'u8') {
          i = skipQuoted(text, i, text.charCodeAt(i));
          continue;
        }
      }
      tokens.push({ kind: 'identifier', start, end: i, depth: stack.length });
      continue;
    }
    if (c === 123 || c === 40 || c === 91) {
      tokens.push({ kind: 'punct', start: i, end: i + 1, depth: stack.length });
      stack.push(text[i]);
      i++;
      continue;
    }
    if (c === 125 || c === 41 || c === 93) {
      const ch = text[i];
      // Pop to the matching opener; a stray closer is ignored.
      const at = stack.lastIndexOf(ch === '}' ? '{' : ch === ')' ? '(' : '[');
      if (at >= 0) stack.length = at;
      tokens.push({ kind: 'punct', start: i, end: i + 1, depth: stack.length });
      i++;
      continue;
    }
    const start = i;
    if (c >= 48 && c <= 57) {
      while (i < n && (isIdentPart(text.charCodeAt(i)) || text.charCodeAt(i) === 46)) i++;
    } else {
      i++;
    }
    tokens.push({ kind: c === 59 || c === 44 || c === 58 || c === 42 || c === 38 ? 'punct' : 'other', start, end: i, depth: stack.length });
  }
  return { tokens, unclosed: stack };
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

/** The closing text that balances what `scan` left open, innermost first. */
export function closingText(unclosed: string[]): string {
  let out = '';
  for (let k = unclosed.length - 1; k >= 0; k--) {
    const opener = unclosed[k];
    out += opener === '{' ? ';}' : closerOf[opener];
  }
  return out;
}
