/** `file:line:col: severity message [rule-id]`, 1-based, one line per finding, then a summary line. */
import { countBySeverity, displayPath, escapeControlCharacters, type LintRun } from '../run';

export function formatText(run: LintRun): string {
  const lines: string[] = [];
  for (const report of run.reports) {
    const file = escapeControlCharacters(displayPath(run, report.path));
    for (const finding of report.findings) {
      const { line, character } = finding.range.start;
      lines.push(`${file}:${line + 1}:${character + 1}: ${finding.severity} ${oneLine(finding.message)} [${finding.ruleId}]`);
    }
  }
  lines.push(summaryLine(run));
  return lines.join('\n') + '\n';
}

/** e.g. `3 problems (1 error, 2 warnings) in 2 of 5 files`; information and hints are named only when present. */
export function summaryLine(run: LintRun): string {
  const counts = countBySeverity(run.reports);
  const total = counts.error + counts.warning + counts.information + counts.hint;
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning')];
  if (counts.information) parts.push(`${counts.information} information`);
  if (counts.hint) parts.push(plural(counts.hint, 'hint'));
  const filesWithProblems = run.reports.filter((r) => r.findings.length > 0).length;
  return `${plural(total, 'problem')} (${parts.join(', ')}) in ${filesWithProblems} of ${plural(run.reports.length, 'file')}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Keeps the one-line-per-finding promise that grep and editors' problem matchers rely on. */
export function oneLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ');
}

