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
    let k = listStart;
    while (k < listEnd) {
      while (k < listEnd && (text[k] === ',' || text[k] === ' ' || text[k] === '\t')) k++;
      const start = k;
      while (k < listEnd && text[k] !== ',' && text[k] !== ' ' && text[k] !== '\t') k++;
      if (k > start) {
        // Ids sit on the comment's first line in practice; positions are reckoned from textStart.
        const line = comment.textStart.line;
        const base = comment.textStart.character;
        ruleIds.push({
          id: text.slice(start, k),
          range: { start: { line, character: base + start }, end: { line, character: base + k } },
        });
      }
    }
    const line =
      directive === 'finish-install-disable-file' ? -1 : directive === 'finish-install-disable-line' ? comment.range.start.line : comment.range.end.line + 1;
    out.push({ directive, ruleIds, line, range: comment.range });
  }
  return out;
}

export function isSuppressed(suppressions: Suppression[], ruleId: string, line: number): boolean {
  return suppressions.some(
    (s) => (s.line === -1 || s.line === line) && (s.ruleIds.length === 0 || s.ruleIds.some((r) => r.id === ruleId)),
  );
}
