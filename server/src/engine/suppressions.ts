/**
 * Suppression comments, the same for C (`//` or block comments) and INF (`;` comments):
 *   finish-install-disable-next-line <id>[, <id>]
 *   finish-install-disable-line <id>[, <id>]
 *   finish-install-disable-file <id>[, <id>]
 * With no id, every rule is disabled there. Ids that name no rule are reported.
 */
import type { Position, Range } from './types';

export const SUPPRESSION_DIRECTIVES = ['finish-install-disable-next-line', 'finish-install-disable-line', 'finish-install-disable-file'] as const;
export type SuppressionDirective = (typeof SUPPRESSION_DIRECTIVES)[number];

export interface CommentText {
  /** The comment's text without its comment markers. */
  text: string;
  /** Where text[0] stands in the document. */
  textStart: Position;
  /** The whole comment, markers included. */
  range: Range;
}

export interface Suppression {
  directive: SuppressionDirective;
  /** Empty: all rules. */
  ruleIds: Array<{ id: string; range: Range }>;
  /** The line the suppression applies to (-1 for the whole file). */
  line: number;
  range: Range;
}

export function parseSuppressions(comments: CommentText[]): Suppression[] {
  const out: Suppression[] = [];
  for (const comment of comments) {
    const text = comment.text;
    const trimmedStart = text.length - text.trimStart().length;
    const body = text.slice(trimmedStart);
    const directive = [...SUPPRESSION_DIRECTIVES]
      .sort((a, b) => b.length - a.length)
      .find((d) => body.startsWith(d) && (body.length === d.length || /\s/.test(body[d.length])));
    if (!directive) continue;
    // Ids are listed after the directive, separated by commas or spaces; "--" starts a free-text reason.
    const listStart = trimmedStart + directive.length;
    const reasonAt = text.indexOf('--', listStart);
    const listEnd = reasonAt >= 0 ? reasonAt : text.length;
    const ruleIds: Suppression['ruleIds'] = [];
    const positionAt = commentPositions(comment);
    let k = listStart;
    while (k < listEnd) {
      while (k < listEnd && isIdSeparator(text[k])) k++;
      const start = k;
      while (k < listEnd && !isIdSeparator(text[k])) k++;
      if (k > start) ruleIds.push({ id: text.slice(start, k), range: { start: positionAt(start), end: positionAt(k) } });
    }
    const line =
      directive === 'finish-install-disable-file' ? -1 : directive === 'finish-install-disable-line' ? comment.range.start.line : comment.range.end.line + 1;
    out.push({ directive, ruleIds, line, range: comment.range });
  }
  return out;
}

/** Ids are separated by commas or any blank, line breaks included (a block comment may span lines). */
function isIdSeparator(c: string): boolean {
  return c === ',' || c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
}

/**
 * Where text[offset] of a comment stands in the document (after a line break in a block comment, on a
 * later line). Offsets must be asked in increasing order: one pass over the comment in all.
 */
function commentPositions(comment: CommentText): (offset: number) => Position {
  let scanned = 0;
  let line = comment.textStart.line;
  let lineStart = -1;
  return (offset) => {
    for (; scanned < offset; scanned++) {
      const c = comment.text.charCodeAt(scanned);
      if (c === 10 || (c === 13 && comment.text.charCodeAt(scanned + 1) !== 10)) {
        line++;
        lineStart = scanned + 1;
      }
    }
    return lineStart < 0 ? { line, character: comment.textStart.character + offset } : { line, character: offset - lineStart };
  };
}

export function isSuppressed(suppressions: Suppression[], ruleId: string, line: number): boolean {
  return suppressions.some(
    (s) => (s.line === -1 || s.line === line) && (s.ruleIds.length === 0 || s.ruleIds.some((r) => r.id === ruleId)),
  );
}
