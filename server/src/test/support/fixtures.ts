/**
 * Fixture files state their expected findings inline, clang-tidy style, on the line after (or anywhere
 * near) the offending code:
 *
 *     return ERROR_DI_DO_DEFAULT;
 *     // CHECK-MESSAGES: :[[@LINE-1]]:12: error: co-installer [coinstaller-do-default]
 *
 * `[[@LINE]]`, `[[@LINE+N]]` and `[[@LINE-N]]` are relative to the comment's own line; the column is
 * 1-based; the text before the [rule-id] must appear in the message. In INF files the comment starts
 * with `;`. A fixture passes when the engine reports exactly the expected findings, no more, no fewer.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../../engine';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');

export interface Expectation {
  /** 0-based line of the finding. */
  line: number;
  /** 1-based column of the finding's start. */
  column: number;
  severity: string;
  messagePart: string;
  ruleId: string;
  /** 1-based line of the CHECK comment, for failure messages. */
  checkLine: number;
}

const MARKER = 'CHECK-MESSAGES:';

export function parseExpectations(text: string): Expectation[] {
  const out: Expectation[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((lineText, index) => {
    const at = lineText.indexOf(MARKER);
    if (at < 0) return;
    const spec = lineText.slice(at + MARKER.length).trim();
    const m = /^:\[\[@LINE([+-]\d+)?\]\]:(\d+): (error|warning|information|hint): (.*) \[([\w-]+)\]$/.exec(spec);
    if (!m) throw new Error(`line ${index + 1}: malformed ${MARKER} ${spec}`);
    out.push({
      line: index + (m[1] ? Number(m[1]) : 0),
      column: Number(m[2]),
      severity: m[3],
      messagePart: m[4],
      ruleId: m[5],
      checkLine: index + 1,
    });
  });
  return out;
}

/** Every mismatch between findings and expectations, as readable lines (empty: the fixture passes). */
export function mismatches(findings: Finding[], expectations: Expectation[]): string[] {
  const unmatched = [...findings];
  const problems: string[] = [];
  for (const e of expectations) {
    const i = unmatched.findIndex(
      (f) =>
        f.ruleId === e.ruleId &&
        f.range.start.line === e.line &&
        f.range.start.character === e.column - 1 &&
        f.severity === e.severity &&
        f.message.includes(e.messagePart),
    );
    if (i >= 0) {
      unmatched.splice(i, 1);
      continue;
    }
    const near = findings.filter((f) => f.ruleId === e.ruleId).map(describe);
    problems.push(
      `expected (CHECK on line ${e.checkLine}) ${e.line + 1}:${e.column} ${e.severity} [${e.ruleId}] "${e.messagePart}"` +
        (near.length ? `; ${e.ruleId} was reported at: ${near.join(' | ')}` : `; ${e.ruleId} was not reported`),
    );
  }
  for (const f of unmatched) problems.push(`unexpected ${describe(f)}`);
  return problems;
}

export function describe(f: Finding): string {
  return `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} [${f.ruleId}] ${f.message}`;
}

/** Files below a fixtures folder with the given extensions, sorted. */
export function listFixtures(dir: string, extensions: string[]): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (extensions.includes(path.extname(entry.name).toLowerCase())) out.push(p);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out.sort();
}
