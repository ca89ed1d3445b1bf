/**
 * The canonical message form of MSBuild and Visual Studio, `C:\src\a.c(12,5): warning FIL0001: message
 * [rule-id]`: MSBuild's Exec task turns each such line into a build error or warning, which the Error
 * List shows with its code and opens at the line and column (ESLint's `visualstudio` formatter writes
 * the same form). Paths are absolute because Visual Studio resolves relative ones against the project's
 * folder, not the folder the command ran in. MSBuild knows only the categories `error` and `warning`:
 * information and hint findings are written as `info` lines, which stay in the build output (and
 * can be double-clicked there) but do not fill the Error List.
 */
import type { Severity } from '../../engine';
import type { LintRun } from '../run';
import { oneLine, summaryLine } from './text';

/**
 * Each rule's code in the Error List's Code column. A code never changes or moves to another rule, so
 * that suppressions and searches keep working: new rules take the next free number.
 */
export const VISUAL_STUDIO_CODES: Readonly<Record<string, string>> = {
  'flag-not-set': 'FIL0001',
  'flag-in-wrong-dif': 'FIL0002',
  'flag-not-saved': 'FIL0003',
  'params-size-not-set': 'FIL0004',
  'flag-wrong-field': 'FIL0005',
  'flag-set-unconditionally': 'FIL0006',
  'flag-without-action': 'FIL0007',
  'wizard-return-code': 'FIL0008',
  'coinstaller-do-default': 'FIL0009',
  'class-postprocessing': 'FIL0010',
  'class-action-no-error': 'FIL0011',
  'unhandled-dif-return': 'FIL0012',
  'action-always-fails': 'FIL0013',
  'postprocessing-unreachable': 'FIL0014',
  'not-a-win32-code': 'FIL0015',
  'action-not-awaited': 'FIL0016',
  'forced-restart': 'FIL0017',
  'no-return-value': 'FIL0018',
  'inf-syntax': 'FIL0101',
  'inf-coinstallers-not-multi-sz': 'FIL0102',
  'inf-installer-not-copied': 'FIL0103',
  'inf-entry-point-missing': 'FIL0104',
  'inf-entry-point-kind': 'FIL0105',
  'inf-classinstall32-system-class': 'FIL0106',
  'inf-coinstallers-platform-parity': 'FIL0107',
  'inf-obsolete-wdf-coinstaller': 'FIL0108',
  'inf-legacy-installer': 'FIL0109',
  'unknown-rule-id': 'FIL0901',
  'file-skipped': 'FIL0902',
};

/** A rule without an entry (only while one is being added) still gets a line MSBuild can read. */
const UNLISTED_RULE_CODE = 'FIL0000';

export function formatVisualStudio(run: LintRun): string {
  const lines: string[] = [];
  for (const report of run.reports) {
    for (const finding of report.findings) {
      const { line, character } = finding.range.start;
      const code = VISUAL_STUDIO_CODES[finding.ruleId] ?? UNLISTED_RULE_CODE;
      lines.push(`${report.path}(${line + 1},${character + 1}): ${categoryOf(finding.severity)} ${code}: ${oneLine(finding.message)} [${finding.ruleId}]`);
    }
  }
  // No colon in it, so MSBuild never reads the summary as an error even though it says "errors".
  lines.push(summaryLine(run));
  return lines.join('\n') + '\n';
}

function categoryOf(severity: Severity): string {
  return severity === 'error' || severity === 'warning' ? severity : 'info';
}
