/**
 * Which files are INF files: .inf, the .inx that stampinf turns into one, and .inf.in templates
 * (configure-style or generated packages, e.g. winusb.inf.in) - real INFs with build-time placeholders.
 * A file of another name is read as an INF when its first line of content is a [section] header.
 */

import type { InfModel } from './model';

/** File-name endings of INF files, matched case-insensitively. */
export const INF_FILE_SUFFIXES: readonly string[] = ['.inf', '.inx', '.inf.in'];

/** Endings of INF templates: the build fills in placeholders before Windows ever reads the file. */
const INF_TEMPLATE_SUFFIXES: readonly string[] = ['.inx', '.inf.in'];

export function isInfFileName(filePath: string): boolean {
  const lower = filePath.toLowerCase();
  return INF_FILE_SUFFIXES.some((suffix) => lower.endsWith(suffix));
}

export function isInfTemplateName(filePath: string): boolean {
  const lower = filePath.toLowerCase();
  return INF_TEMPLATE_SUFFIXES.some((suffix) => lower.endsWith(suffix));
}

/**
 * Whether a parsed .inf is a Windows setup information file at all. Other formats share the name:
 * EDK II (UEFI firmware) module descriptions, a [Defines] section with INF_VERSION and # comments, and
 * build lists of text without any [section] (Symbian's bld.inf, vendored with FreeType). Windows never reads
 * them, so no INF rule applies; a setup INF has a [Version] section, and nothing without one is taken
 * for another format.
 */
export function isSetupInf(inf: InfModel): boolean {
  const named = (name: string) => inf.sections.filter((section) => section.name.toLowerCase() === name);
  if (named('version').length) return true;
  // Without sections, text in another syntax says another format; a file of comments only is an INF
  // being written, and a header Windows cannot read still says the file was meant to have sections.
  if (!inf.sections.length) return inf.problems.some((problem) => problem.kind === 'header') || !inf.problems.some((problem) => problem.kind.endsWith('before-first-section'));
  const edk2Defines = named('defines').some((section) => section.entries.some((entry) => entry.key?.raw.toUpperCase() === 'INF_VERSION'));
  return !edk2Defines;
}

/**
 * Whether a text reads as an INF: its first line that is neither blank, a `;` comment nor part of the
 * C-style banner Microsoft's samples open with (`/*++` ... `--*\/`) is a [section] header.
 */
export function looksLikeInf(text: string): boolean {
  const banner = new OpeningBanner();
  let start = 0;
  while (start < text.length && start < 64 * 1024) {
    let end = start;
    while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
    const line = text.slice(start, end).replace(/^\uFEFF/, '').trim();
    start = end + 1;
    if (line === '' || banner.takes(line) || line.startsWith(';')) continue;
    return line.startsWith('[') && line.includes(']');
  }
  return false;
}

/**
 * The C-style comment banner (`/*++`, text, `--*\/`) that Microsoft's samples put before the first
 * section. Windows skips text before the first section, so the banner is harmless. Fed the lines before
 * the first section in order; a [section] header always ends it.
 */
export class OpeningBanner {
  private inside = false;

  /** Whether this line belongs to the banner. */
  takes(line: string): boolean {
    const trimmed = line.trim();
    if (trimmed.startsWith('[')) return (this.inside = false);
    if (!this.inside && !trimmed.startsWith('/*')) return false;
    this.inside = !(trimmed.endsWith('*/') && (this.inside || trimmed.length > 2));
    return true;
  }
}
