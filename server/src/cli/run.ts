/** What the formats print: one run's reports plus the folders paths are shown relative to. */
import type { Severity } from '../engine';
import { isInside, type UnreadablePath } from './files';
import type { TextEncoding } from '../engine';
import type { FileReport } from './lint';
import { relativeOrAbsolute } from './paths';
import type { ToolInfo } from '../shared/toolInfo';

export interface LintRun {
  /** Folder SARIF paths are relative to (%SRCROOT%). */
  root: string;
  /** Folder text and JSON paths are relative to, like a compiler's messages. */
  cwd: string;
  reports: FileReport[];
  /** Arguments and folders that could not be read: the run is incomplete (exit code 2). */
  unreadable: UnreadablePath[];
  tool: ToolInfo;
}

/** Relative to the working folder when inside it (clickable in terminals), absolute otherwise. */
export function displayPath(run: Pick<LintRun, 'cwd'>, file: string): string {
  return relativeOrAbsolute(run.cwd, file);
}

export function countBySeverity(reports: readonly FileReport[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const report of reports) for (const finding of report.findings) counts[finding.severity]++;
  return counts;
}

/**
 * Text (a file name) kept to one line: control characters, a newline in a file name, are written as
 * escapes, so that output read one line per finding or problem (grep, problem matchers) stays so.
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(/[\x00-\x1f\x7f]/g, (c) => CONTROL_ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

const CONTROL_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Why a file was not analysed, as one sentence (SARIF notification, JSON record). */
export function skipSentence(reason: string): string {
  return `Not analysed: ${reason}.`;
}

export function invalidBytesNote(encoding: TextEncoding): string {
  return `bytes that are not valid ${ENCODING_NAMES[encoding]} were replaced by U+FFFD before analysis`;
}

const ENCODING_NAMES: Record<TextEncoding, string> = { 'utf-8': 'UTF-8', 'utf-8-bom': 'UTF-8', 'utf-16le': 'UTF-16 LE', 'utf-16be': 'UTF-16 BE' };
