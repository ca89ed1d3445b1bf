/**
 * The properties every analysis must keep, whatever the input:
 *  - no exception escapes Engine.analyze, and no rule throws (ruleFailures is empty);
 *  - one analysis takes at most `timeLimitMs` of wall-clock time;
 *  - every range (finding, related location in the same file, fix edit) lies inside the document:
 *    line < line count, character <= that line's length, start <= end, with \r\n, \r and \n as line
 *    breaks (the LSP's reading);
 *  - the same input gives the same findings: analysed twice under a fresh path, and under a path whose
 *    previous version (another mutant of the same seed) the engine has cached;
 *  - a suppression comment only removes: `finish-install-disable-next-line <id>, <unknown id>` put on its
 *    own line before a finding's line removes exactly the findings of <id> on that line and adds exactly
 *    one unknown-rule-id finding, and changes nothing else.
 */
import type { AnalysisResult, AnalyzeOptions, Engine, EntryPointSummary, Finding, Position, Range, SourceDocument } from '../engine';
import { comparePositions } from '../engine/positions';
import { TextLines } from '../engine/lines';

export type PropertyName = 'no-exception' | 'no-rule-failure' | 'bounded-time' | 'ranges-inside' | 'deterministic' | 'suppression-only-removes';

export interface Violation {
  property: PropertyName;
  detail: string;
}

export interface CheckOptions {
  /** Wall-clock bound for one analyze call. */
  timeLimitMs: number;
  maxFileSizeKB?: number;
  /** Passed to INF analyses (the cross-file rules). */
  entryPoints?: EntryPointSummary[];
  /** Findings that get the suppression check; each costs one more analysis. */
  suppressionChecks: number;
  /** Analyse again under a fresh path and under the seed's stable path (two more analyses). */
  determinism: boolean;
  /** The path whose cached versions the determinism check reuses; default: the document's own path. */
  stablePath?: string;
  /** Sees the first analysis (for reports). */
  onFirstResult?: (result: AnalysisResult) => void;
}

export class PropertyViolation extends Error {
  constructor(readonly violations: Violation[]) {
    super(violations.map((v) => `[${v.property}] ${v.detail}`).join('\n'));
    this.name = 'PropertyViolation';
  }
}

export const UNKNOWN_ID_FOR_CHECKS = 'fuzz-no-such-rule';

interface TimedAnalysis {
  result?: AnalysisResult;
  error?: unknown;
  elapsedMs: number;
}

let freshPathCounter = 0;

/** Checks every property on one document; an empty list means the engine behaved. */
export function checkDocument(engine: Engine, doc: SourceDocument, options: CheckOptions): Violation[] {
  const violations: Violation[] = [];
  const analyzeOptions: AnalyzeOptions = { maxFileSizeKB: options.maxFileSizeKB, entryPoints: doc.language === 'inf' ? options.entryPoints : undefined };
  const run = (path: string, text: string, label: string): AnalysisResult | undefined => {
    const timed = timedAnalyze(engine, { ...doc, path, text }, analyzeOptions);
    if (timed.error !== undefined) {
      violations.push({ property: 'no-exception', detail: `${label}: ${describeError(timed.error)}` });
      return undefined;
    }
    if (timed.elapsedMs > options.timeLimitMs) {
      violations.push({ property: 'bounded-time', detail: `${label}: took ${Math.round(timed.elapsedMs)} ms (bound ${options.timeLimitMs} ms)` });
    }
    const result = timed.result!;
    for (const failure of result.ruleFailures) {
      violations.push({ property: 'no-rule-failure', detail: `${label}: rule ${failure.ruleId} threw ${describeError(failure.error)}` });
    }
    for (const problem of rangeProblems(text, result.findings)) violations.push({ property: 'ranges-inside', detail: `${label}: ${problem}` });
    return result;
  };

  const stablePath = options.stablePath ?? doc.path;
  const first = run(stablePath, doc.text, 'analysis');
  if (!first) return violations;
  options.onFirstResult?.(first);
  if (options.determinism) {
    const freshPath = freshPathFor(doc.path);
    const fresh = run(freshPath, doc.text, 'analysis under a fresh path');
    engine.forget(freshPath);
    const again = run(stablePath, doc.text, 'second analysis under the same path');
    for (const [other, what] of [[fresh, 'a fresh path'], [again, 'the same path again']] as const) {
      if (!other) continue;
      const difference = firstDifference(first.findings, other.findings);
      // A file skipped for time may finish on another try (a busy machine): not a determinism failure.
      if (difference && !isTimeSkip(first) && !isTimeSkip(other)) {
        violations.push({ property: 'deterministic', detail: `findings differ between the first analysis and ${what}: ${difference}` });
      }
    }
  }
  if (options.suppressionChecks > 0 && !first.skipped) {
    for (const target of suppressionTargets(first.findings, options.suppressionChecks)) {
      const detail = checkSuppression(doc, first, target, (text) => run(freshPathFor(doc.path), text, `analysis with a suppression comment before line ${target.range.start.line + 1}`));
      if (detail) violations.push({ property: 'suppression-only-removes', detail });
    }
  }
  return violations;
}

export function timedAnalyze(engine: Engine, doc: SourceDocument, options: AnalyzeOptions): TimedAnalysis {
  const start = performance.now();
  try {
    const result = engine.analyze(doc, options);
    return { result, elapsedMs: performance.now() - start };
  } catch (error) {
    return { error, elapsedMs: performance.now() - start };
  }
}

function freshPathFor(path: string): string {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return `fuzz-fresh-${++freshPathCounter}/${path.slice(slash + 1)}`;
}

function isTimeSkip(result: AnalysisResult): boolean {
  return !!result.skipped && /gave up|time/i.test(result.skipped);
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return (error.stack ?? `${error.name}: ${error.message}`).split('\n').slice(0, 8).join('\n    ');
  return String(error);
}

// ---- ranges -----------------------------------------------------------------------------------------

/** Line lengths as the LSP counts them: \r\n, \r and \n end a line; lengths in UTF-16 units. */
export function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((line) => line.length);
}

export function rangeProblems(text: string, findings: Finding[]): string[] {
  const lengths = lineLengths(text);
  const problems: string[] = [];
  const check = (range: Range, what: string) => {
    const bad = positionProblem(range.start, lengths) ?? positionProblem(range.end, lengths) ?? (comparePositions(range.start, range.end) > 0 ? 'start is after end' : undefined);
    if (bad) problems.push(`${what} ${formatRange(range)}: ${bad} (the document has ${lengths.length} lines)`);
  };
  for (const f of findings) {
    check(f.range, `[${f.ruleId}] finding`);
    for (const r of f.related ?? []) if (!r.path) check(r.range, `[${f.ruleId}] related location "${r.message}"`);
    for (const fix of f.fixes ?? []) for (const edit of fix.edits) check(edit.range, `[${f.ruleId}] fix "${fix.title}" edit`);
  }
  return problems;
}

function positionProblem(p: Position, lengths: number[]): string | undefined {
  if (!Number.isInteger(p.line) || !Number.isInteger(p.character)) return 'position is not integral';
  if (p.line < 0 || p.line >= lengths.length) return `line ${p.line} is outside the document`;
  if (p.character < 0 || p.character > lengths[p.line]) return `character ${p.character} is past the end of line ${p.line} (length ${lengths[p.line]})`;
  return undefined;
}

function formatRange(r: Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

// ---- determinism ------------------------------------------------------------------------------------

export function findingKey(f: Finding): string {
  return JSON.stringify([f.ruleId, f.severity, f.message, f.range, f.related ?? [], f.fixes ?? []]);
}

/**
 * The key for comparisons across an inserted comment line: a fix's edit may legitimately move with
 * it (a section appended "after the last line of the previous section" lands after the comment), so
 * fixes count by title and text only.
 */
function findingKeyAcrossEdit(f: Finding): string {
  return JSON.stringify([f.ruleId, f.severity, f.message, f.range, f.related ?? [], (f.fixes ?? []).map((x) => [x.title, x.edits.map((e) => e.newText)])]);
}

function firstDifference(a: Finding[], b: Finding[]): string | undefined {
  const ka = a.map(findingKey);
  const kb = b.map(findingKey);
  for (let i = 0; i < Math.max(ka.length, kb.length); i++) {
    if (ka[i] !== kb[i]) return `#${i}: ${ka[i] ?? '(none)'} versus ${kb[i] ?? '(none)'}`;
  }
  return undefined;
}

// ---- suppressions -----------------------------------------------------------------------------------

/** Up to `count` findings spread over the list, one per line, never file-skipped. */
function suppressionTargets(findings: Finding[], count: number): Finding[] {
  const candidates = findings.filter((f, i) => f.ruleId !== 'file-skipped' && findings.findIndex((g) => g.range.start.line === f.range.start.line) === i);
  if (candidates.length <= count) return candidates;
  const step = candidates.length / count;
  return Array.from({ length: count }, (_, k) => candidates[Math.floor(k * step)]);
}

/** Where each line starts and which line break ends it. */
function lineStarts(text: string): Array<{ start: number; eol: string }> {
  const lines = new TextLines(text);
  return Array.from(lines.starts, (start, line) => ({ start, eol: lines.lineBreakAfter(line) }));
}

/**
 * Puts the suppression comment on its own line before the target's line and compares. Returns a
 * description of what went wrong, or undefined. Insertion points where a new line would not be a
 * comment of its own (inside a block comment, after a backslash continuation, near a raw string) are
 * skipped: the property is about comments, not about text spliced into other tokens.
 */
export function checkSuppression(doc: SourceDocument, first: AnalysisResult, target: Finding, analyze: (text: string) => AnalysisResult | undefined): string | undefined {
  const before = first.findings;
  const isC = doc.language !== 'inf';
  const line = target.range.start.line;
  const lines = lineStarts(doc.text);
  if (line >= lines.length) return undefined;
  const offset = lines[line].start;
  if (!(!isC ? infLineIsPlain(doc.text, lines, line) : cLineIsPlain(doc.text, offset))) return undefined;
  // A next-line suppression already on the line before would then apply to the new comment instead.
  if (line > 0 && endsWithNextLineDirective(doc.text, lines[line - 1].start, offset)) return undefined;
  const eol = (line > 0 ? lines[line - 1].eol : lines[line].eol) || '\n';
  const marker = isC ? '//' : ';';
  const text = doc.text.slice(0, offset) + `${marker} finish-install-disable-next-line ${target.ruleId}, ${UNKNOWN_ID_FOR_CHECKS}${eol}` + doc.text.slice(offset);
  const after = analyze(text);
  if (!after) return undefined; // the analysis itself failed: already reported
  if (after.skipped) return `the file was skipped after the comment was added: ${after.skipped}`;
  // In C with syntax errors, tree-sitter's error recovery may take another path once a comment is
  // added, and code it dropped before is seen: there only "removes the target, reports the unknown
  // id" is promised. Valid C and INF (read line by line) must not change in any other way.
  const strict = !isC || !(parsedWithErrors(first) || parsedWithErrors(after));

  const unknownOnCommentLine = after.findings.filter((f) => f.ruleId === 'unknown-rule-id' && f.range.start.line === line && f.message.includes(UNKNOWN_ID_FOR_CHECKS));
  const rest = after.findings.filter((f) => !unknownOnCommentLine.includes(f));
  const problems: string[] = [];
  if (unknownOnCommentLine.length !== 1) problems.push(`expected one unknown-rule-id finding for ${UNKNOWN_ID_FOR_CHECKS} on the comment's line, got ${unknownOnCommentLine.length}`);
  const isSuppressed = (f: Finding) => f.ruleId === target.ruleId && f.range.start.line === line;
  const expected = before.filter((f) => !isSuppressed(f)).map(findingKeyAcrossEdit).sort();
  const shifted = rest.map((f) => shiftFinding(f, line));
  const notRemoved = shifted.filter(isSuppressed).map(findingKeyAcrossEdit);
  const actual = shifted.filter((f) => !isSuppressed(f)).map(findingKeyAcrossEdit).sort();
  const added = difference(actual, expected);
  const lost = difference(expected, actual);
  if (notRemoved.length) problems.push(`did not remove ${notRemoved.length}: ${notRemoved.slice(0, 3).join(' | ')}`);
  if (strict && added.length) problems.push(`added ${added.length}: ${added.slice(0, 3).join(' | ')}`);
  if (strict && lost.length) problems.push(`also removed ${lost.length} other findings: ${lost.slice(0, 3).join(' | ')}`);
  return problems.length ? `suppressing [${target.ruleId}] before line ${line + 1}: ${problems.join('; ')}` : undefined;
}

function parsedWithErrors(result: AnalysisResult): boolean {
  return result.parsed?.tree.rootNode.hasError ?? false;
}

/** Multiset difference a \ b of sorted key lists. */
function difference(a: string[], b: string[]): string[] {
  const counts = new Map<string, number>();
  for (const k of b) counts.set(k, (counts.get(k) ?? 0) + 1);
  const out: string[] = [];
  for (const k of a) {
    const n = counts.get(k) ?? 0;
    if (n > 0) counts.set(k, n - 1);
    else out.push(k);
  }
  return out;
}

/** A finding of the document with the inserted line, in the original document's lines. */
function shiftFinding(f: Finding, insertedLine: number): Finding {
  const shiftPosition = (p: Position): Position => {
    if (p.line > insertedLine) return { line: p.line - 1, character: p.character };
    // On the inserted line itself only its start maps back (to the start of the original line).
    if (p.line === insertedLine) return { line: insertedLine, character: p.character === 0 ? 0 : -p.character };
    return p;
  };
  const shiftRange = (r: Range): Range => ({ start: shiftPosition(r.start), end: shiftPosition(r.end) });
  const shifted: Finding = { ...f, range: shiftRange(f.range) };
  if (f.related) shifted.related = f.related.map((r) => (r.path ? r : { ...r, range: shiftRange(r.range) }));
  if (f.fixes) shifted.fixes = f.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, range: shiftRange(e.range) })) }));
  return shifted;
}

/** Whether the line [lineStart, lineEnd) holds, or ends, a comment with a next-line directive. */
function endsWithNextLineDirective(text: string, lineStart: number, lineEnd: number): boolean {
  let from = lineStart;
  const close = text.lastIndexOf('*/', lineEnd);
  if (close >= lineStart) from = Math.max(0, text.lastIndexOf('/*', close));
  return text.slice(Math.min(from, lineStart), lineEnd).includes('finish-install-disable-next-line');
}

/** Whether a line starting at `offset` begins outside any comment, string or continued line of C. */
export function cLineIsPlain(text: string, offset: number): boolean {
  const before = text.slice(0, offset);
  if (/\\\s*$|\?\?\/\s*$/.test(before.replace(/(\r\n|\r|\n)$/, ''))) return false;
  if (before.includes('R"')) return false;
  let i = 0;
  while (i < offset) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close < 0 || close + 2 > offset) return false;
      i = close + 2;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < offset && text[i] !== '\n' && text[i] !== '\r') i++;
    } else if (c === '"' || c === "'") {
      i++;
      while (i < offset && text[i] !== c && text[i] !== '\n' && text[i] !== '\r') i += text[i] === '\\' ? 2 : 1;
      i++;
    } else {
      i++;
    }
  }
  return true;
}

/** Whether the INF line before `line` does not continue onto it (a `\` ending its code). */
function infLineIsPlain(text: string, lines: Array<{ start: number; eol: string }>, line: number): boolean {
  if (line === 0) return true;
  const previous = text.slice(lines[line - 1].start, lines[line].start).replace(/(\r\n|\r|\n)$/, '');
  let code = '';
  let quoted = false;
  for (const c of previous) {
    if (c === '"') quoted = !quoted;
    if (c === ';' && !quoted) break;
    code += c;
  }
  return !code.trimEnd().endsWith('\\');
}
