/**
 * A JSON array of findings with 1-based positions, for scripts. A file the engine did not analyse is a
 * file-skipped record at its start, as the editor shows it, so that a script sees every file it was not told about.
 */
import { fileSkipped, type Severity } from '../../engine';
import { displayPath, skipSentence, type LintRun } from '../run';

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
    if (report.skipped) {
      const message = skipSentence(report.skipped);
      findings.push({ file, line: 1, column: 1, endLine: 1, endColumn: 1, ruleId: fileSkipped.id, severity: fileSkipped.defaultSeverity, message });
    }
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
