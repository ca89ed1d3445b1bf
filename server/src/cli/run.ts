/** What the formats print: one run's reports plus the folders paths are shown relative to. */
import * as path from 'node:path';
import type { Severity } from '../engine';
import { isInside } from './files';
import type { FileReport } from './lint';
import type { ToolInfo } from '../shared/toolInfo';

export interface LintRun {
  /** Folder SARIF paths are relative to (%SRCROOT%). */
  root: string;
  /** Folder text and JSON paths are relative to, like a compiler's messages. */
  cwd: string;
  reports: FileReport[];
  tool: ToolInfo;
}

/** Relative to the working folder when inside it (clickable in terminals), absolute otherwise. */
export function displayPath(run: Pick<LintRun, 'cwd'>, file: string): string {
  return isInside(file, run.cwd) ? path.relative(run.cwd, file) || path.basename(file) : file;
}

export function countBySeverity(reports: readonly FileReport[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const report of reports) for (const finding of report.findings) counts[finding.severity]++;
  return counts;
}
