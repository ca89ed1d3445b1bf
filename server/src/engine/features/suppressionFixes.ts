/**
 * "Disable <id> for this line" / "for this file" for any finding: inserts (or extends) a suppression
 * comment in the syntax suppressions.ts reads, with the comment marker of the document's language.
 */
import type { DocumentLanguage, Finding, Fix, TextEdit } from '../types';
import type { SuppressionDirective } from '../suppressions';
import { lineBreakOf, splitLines } from '../lines';

const NEXT_LINE: SuppressionDirective = 'finish-install-disable-next-line';
const FILE: SuppressionDirective = 'finish-install-disable-file';

export function commentMarker(language: DocumentLanguage): string {
  return language === 'inf' ? ';' : '//';
}

export function suppressionFixes(finding: Finding, text: string, language: DocumentLanguage): Fix[] {
  const lines = splitLines(text);
  const eol = lineBreakOf(text);
  const marker = commentMarker(language);
  return [
    {
      title: `Disable ${finding.ruleId} for this line`,
      edits: [disableForLine(finding, lines, marker, eol)],
    },
    {
      title: `Disable ${finding.ruleId} for this file`,
      edits: [disableForFile(finding, lines, marker, eol)],
    },
  ];
}

function disableForLine(finding: Finding, lines: string[], marker: string, eol: string): TextEdit {
  const line = finding.range.start.line;
  const above = line > 0 ? lines[line - 1] : undefined;
  const extended = above !== undefined ? extendDirective(above, line - 1, marker, NEXT_LINE, finding.ruleId) : undefined;
  if (extended) return extended;
  const indentation = /^[ \t]*/.exec(lines[line] ?? '')![0];
  return {
    range: { start: { line, character: 0 }, end: { line, character: 0 } },
    newText: `${indentation}${marker} ${NEXT_LINE} ${finding.ruleId}${eol}`,
  };
}

function disableForFile(finding: Finding, lines: string[], marker: string, eol: string): TextEdit {
  // An existing file-wide directive among the leading comment lines gets the id added.
  for (let l = 0; l < lines.length && isCommentOrBlank(lines[l], marker); l++) {
    const extended = extendDirective(lines[l], l, marker, FILE, finding.ruleId);
    if (extended) return extended;
  }
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    newText: `${marker} ${FILE} ${finding.ruleId}${eol}`,
  };
}

function isCommentOrBlank(lineText: string, marker: string): boolean {
  const t = lineText.trim();
  return t === '' || t.startsWith(marker);
}

/**
 * If the line is a line comment holding exactly this directive with a list of ids, append the id to the
 * list (before any "-- reason"). Otherwise (no such comment, or one that already covers every rule or
 * this id) undefined: the caller inserts a comment of its own.
 */
function extendDirective(lineText: string, line: number, marker: string, directive: SuppressionDirective, ruleId: string): TextEdit | undefined {
  const head = new RegExp(`^\\s*${escapeRegExp(marker)}\\s*${directive}(?=\\s|$)`).exec(lineText);
  if (!head) return undefined;
  const reasonAt = lineText.indexOf('--', head[0].length);
  const list = lineText.slice(head[0].length, reasonAt < 0 ? lineText.length : reasonAt);
  const ids = list.split(/[\s,]+/).filter(Boolean);
  if (ids.length === 0 || ids.includes(ruleId)) return undefined;
  const end = head[0].length + list.trimEnd().length;
  return { range: { start: { line, character: end }, end: { line, character: end } }, newText: `, ${ruleId}` };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
