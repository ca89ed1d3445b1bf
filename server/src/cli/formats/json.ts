/** A JSON array of findings with 1-based positions, for scripts. */
import type { Severity } from '../../engine';
import { displayPath, type LintRun } from '../run';

export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  ruleId: string;
  severity: Severity;
  message: string;
}

export function formatJson(run: LintRun): string {
  const findings: JsonFinding[] = [];
  for (const report of run.reports) {
    const file = displayPath(run, report.path);
    for (const f of report.findings) {
      findings.push({
        file,
        line: f.range.start.line + 1,
        column: f.range.start.character + 1,
        endLine: f.range.end.line + 1,
        endColumn: f.range.end.character + 1,
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
      });
    }
  }
  return JSON.stringify(findings, null, 2) + '\n';
}
