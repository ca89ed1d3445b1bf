import { DEFAULT_ENTRY_POINT, SHELL_ICON_PATH_VALUE_NAMES, FLG_ADDREG_TYPE_EXPAND_SZ, FLG_ADDREG_TYPE_MASK, FLG_ADDREG_TYPE_MULTI_SZ, INFVERIF, WINDOWS_ENVIRONMENT_VARIABLES, containsTemplatePlaceholder } from '../../catalogue';
import { isInfTemplateName } from '../../inf/documents';
import type { InfSyntaxProblem } from '../../inf/model';
import type { Severity } from '../../types';
import { SECTION_REFERENCE_DIRECTIVES, allAddRegLines } from '../../inf/addreg';
import type { InfValue } from '../../inf/model';
import { infIndex, keyIs } from '../../inf/query';
import { listInstallerRegistrations, type InstallerRegistration } from '../../inf/registrations';
import type { Report, RuleDefinition } from '../rule';
import type { InfRuleContext } from './context';
import { bracket, flagsRange } from './helpers';

const STRINGS_SECTION = /^strings(\..*)?$/i;

export const infSyntax: RuleDefinition<InfRuleContext> = {
  id: 'inf-syntax',
  language: 'inf',
  defaultSeverity: 'error',
  title: 'INF syntax that Windows reads differently from what was meant',
  docs: {
    what:
      'Reports unterminated strings, broken section headers, AddReg / CopyFiles / DelReg / DelFiles / RenFiles / BitReg / AddProperty / DelProperty naming sections that do not exist, %tokens% that no [Strings] section defines, AddReg flags that are not numbers, and installer registrations whose "dll,entry" comma is outside the quotes (errors); a directive before the first section (warning) and other text there (information), which Windows ignores. The /*++ ... --*/ banner of Microsoft\'s samples is not reported, nor are build-time placeholders of templates ($NAME$ in .inx files, @NAME@ and #NAME# in .inf.in files) where a section name or flags are expected; an undefined %token% in an .inx or .inf.in, or in an .inf that still carries such placeholders (an INF the build runs stampinf or a substitution over), is a warning, since the build may still define it; and not reported at all when the same upper-case name also stands alone as a value (DefaultDestDir = INX_DRIVERS_DIR), the way a build substitution is written, or when the template defines no string at all (its build appends the [Strings] sections). An undefined %SystemRoot% (or another variable every Windows sets) in a REG_EXPAND_SZ value, or in a class\'s IconPath (read the way the shell reads icon paths), is information only: Windows leaves the token as written and the value is expanded when read, as meant.',
    why:
      'Windows does not stop at these mistakes: it reads the INF its own way. An unterminated string swallows the rest of the line, a missing section means nothing is copied or written, an undefined token is not substituted, and an unquoted "dll,entry" becomes two fields, so the entry point is dropped (REG_SZ) or taken for a second DLL (REG_MULTI_SZ).',
    contractSection: 'INF side',
    wdk: ['General Syntax Rules for INF Files', 'INF Strings Section', 'INF CopyFiles Directive', 'INF Validation Errors and Warnings'],
    bad: '[Toaster_Device.NT.CoInstallers]\nAddReg = Toaster_Device_CoInstaller_AddReg\nCopyFiles = toastco.dll\n\n[Toaster_Device_CoInstaller_AddReg]\nHKR,,CoInstallers32,0x00010000,toastco.dll,ToasterCoInstaller',
    good: '[Toaster_Device.NT.CoInstallers]\nAddReg = Toaster_Device_CoInstaller_AddReg\nCopyFiles = @toastco.dll\n\n[Toaster_Device_CoInstaller_AddReg]\nHKR,,CoInstallers32,0x00010000,"toastco.dll,ToasterCoInstaller"',
    quickFix: 'Adds the @ of a single-file CopyFiles, quotes an unquoted "dll,entry", and writes an environment variable in a REG_EXPAND_SZ value or an IconPath as %%NAME%%.',
  },
  check({ inf, path }, report) {
    for (const problem of inf.problems) report({ range: problem.range, message: problem.message, severity: PROBLEM_SEVERITY[problem.kind] });
    // A template (.inx, .inf.in, or an .inf that still carries placeholders such as $KMDFVERSION$) is not
    // what Windows reads: the build that fills those in may also substitute a token it leaves undefined.
    const isTemplate = isInfTemplateName(path) || carriesTemplatePlaceholders(inf);
    // In a template, a name that also stands bare as a value (`DefaultDestDir = DRIVERS_DIR` beside
    // `%DRIVERS_DIR%\x.sys`) is a build substitution: the build replaces both, [Strings] never sees it.
    const substituted = isTemplate ? bareValueNames(inf) : new Set<string>();
    // A template that defines no string at all leaves them all to its build (which appends [Strings]).
    const stringsFromBuild = isTemplate && !definesAnyString(inf);
    const expandedFromEnvironment = expandSzData(inf);
    const index = infIndex(inf);
    const seesAllSections = !index.usesInclude();
    for (const section of inf.sections) {
      if (STRINGS_SECTION.test(section.name)) continue;
      for (const entry of section.entries) {
        for (const value of stringsFromBuild ? [] : entry.key ? [entry.key, ...entry.values] : entry.values) {
          reportUndefinedTokens(value, { inTemplate: isTemplate, expandedAs: expandedFromEnvironment.get(value) }, substituted, report);
        }
        if (!seesAllSections) continue;
        const directive = SECTION_REFERENCE_DIRECTIVES.find((d) => keyIs(entry, d));
        if (!directive) continue;
        for (const value of entry.values) {
          const target = value.text.trim();
          if (!target || (directive === 'CopyFiles' && target.startsWith('@')) || index.has(target) || containsTemplatePlaceholder(target)) continue;
          report(missingSection(directive, section.name, value));
        }
      }
    }
    for (const { line } of allAddRegLines(inf)) {
      if (line.flagsValue !== undefined) continue;
      // A template placeholder is filled in by the build; an undefined %token% is reported as such.
      if (line.flags && (containsTemplatePlaceholder(line.flags.raw) || line.flags.tokens.some((t) => !t.defined))) continue;
      report({
        range: flagsRange(line),
        message: `AddReg flags "${line.flags?.raw ?? ''}" in ${bracket(line.section.name)} are neither a number nor FLG_ADDREG_* names: Windows cannot tell which registry type to write.`,
      });
    }
    for (const r of listInstallerRegistrations(inf)) if (r.unquotedComma) report(unquotedRegistration(r));
  },
};

/** Text before the first section is only ignored; a directive there is lost, mere text is harmless. */
const PROBLEM_SEVERITY: Record<InfSyntaxProblem['kind'], Severity | undefined> = {
  header: undefined,
  'unterminated-string': undefined,
  reader: undefined,
  'directive-before-first-section': 'warning',
  'text-before-first-section': 'information',
};

/** Whether a value outside [Version]'s Signature (where "$Chicago$" is literal) holds a build-time placeholder. */
function carriesTemplatePlaceholders(inf: InfRuleContext['inf']): boolean {
  return inf.sections.some((section) =>
    section.entries.some((entry) => !(entry.key && /^signature$/i.test(entry.key.text.trim())) && entry.values.some((v) => containsTemplatePlaceholder(v.text))),
  );
}

function definesAnyString(inf: InfRuleContext['inf']): boolean {
  return inf.sections.some((section) => STRINGS_SECTION.test(section.name) && section.entries.some((entry) => entry.key !== undefined));
}

/** Upper-case names written alone as a value, the way build substitutions are written. */
function bareValueNames(inf: InfRuleContext['inf']): Set<string> {
  const names = new Set<string>();
  for (const section of inf.sections) {
    for (const entry of section.entries) for (const v of entry.values) if (/^[A-Z][A-Z0-9_]*_[A-Z0-9_]+$/.test(v.text.trim())) names.add(v.text.trim());
  }
  return names;
}

/**
 * The data fields of AddReg lines whose reader expands environment variables, each with how, for
 * messages: REG_EXPAND_SZ values, and a class's IconPath, read as a shell icon path whatever its type. What is left of an undefined %token% there is expanded when read.
 */
function expandSzData(inf: InfRuleContext['inf']): Map<InfValue, string> {
  const data = new Map<InfValue, string>();
  for (const { line } of allAddRegLines(inf)) {
    const name = line.valueName?.text.trim() ?? '';
    const expanded =
      line.flagsValue !== undefined && (line.flagsValue & FLG_ADDREG_TYPE_MASK) >>> 0 === FLG_ADDREG_TYPE_EXPAND_SZ
        ? 'this REG_EXPAND_SZ value expands the environment variable when it is read'
        : SHELL_ICON_PATH_VALUE_NAMES.has(name.toLowerCase())
          ? `${name} is read the way the shell reads icon paths, which expands the environment variable`
          : undefined;
    if (expanded) for (const d of line.data) data.set(d, expanded);
  }
  return data;
}

/**
 * In a template the build may still add the string: a warning that says so. An environment variable's
 * name in a REG_EXPAND_SZ value (or an IconPath) stays as written and is expanded when read, as meant:
 * information only.
 */
function reportUndefinedTokens(
  value: InfValue,
  where: { inTemplate: boolean; expandedAs: string | undefined },
  substituted: ReadonlySet<string>,
  report: (r: Report) => void,
): void {
  for (const token of value.tokens) {
    if (token.defined || substituted.has(token.name)) continue;
    if (where.expandedAs && WINDOWS_ENVIRONMENT_VARIABLES.has(token.name.toLowerCase())) {
      report({
        severity: 'information',
        range: token.range,
        message: `%${token.name}% is not defined in [Strings] (InfVerif ${INFVERIF.stringTokenNotDefined}): Windows leaves it as written, and ${where.expandedAs}. Write %%${token.name}%% to say so without the validation error.`,
        fixes: [{ title: `Write %%${token.name}%%`, edits: [{ range: token.range, newText: `%%${token.name}%%` }], preferred: true }],
      });
      continue;
    }
    const section = where.inTemplate ? '[Strings] of this template' : '[Strings]';
    const effect = where.inTemplate ? 'unless the build that fills the template in adds it, Windows cannot substitute it' : 'Windows cannot substitute it';
    report({
      severity: where.inTemplate ? 'warning' : undefined,
      range: token.range,
      message: `%${token.name}% is not defined in ${section} (InfVerif ${INFVERIF.stringTokenNotDefined}): ${effect}. For a literal percent sign write %%.`,
    });
  }
}

function missingSection(directive: string, sectionName: string, value: InfValue): Report {
  const target = value.text.trim();
  const effect = /Reg$|Property$/.test(directive) ? 'nothing it was meant to change in the registry is changed' : 'no file it was meant to handle is handled';
  const looksLikeFile = directive === 'CopyFiles' && /\.[A-Za-z0-9]{1,4}$/.test(target);
  const report: Report = {
    range: value.range,
    message:
      `${directive} in ${bracket(sectionName)} names ${bracket(target)}, which does not exist in this INF (InfVerif ${INFVERIF.sectionNotFound}): ${effect}.` +
      (looksLikeFile ? ` To copy the single file ${target}, write CopyFiles = @${target}.` : ''),
  };
  if (looksLikeFile && value.tokens.length === 0) {
    report.fixes = [{ title: `Copy the single file @${target}`, edits: [{ range: { start: value.range.start, end: value.range.start }, newText: '@' }], preferred: true }];
  }
  return report;
}

function unquotedRegistration(r: InstallerRegistration): Report {
  const asList = r.role === 'co-installer' || ((r.line.flagsValue ?? 0) & FLG_ADDREG_TYPE_MASK) >>> 0 === FLG_ADDREG_TYPE_MULTI_SZ;
  const effect = asList
    ? `Windows reads two strings: it calls ${r.dll} at the default ${DEFAULT_ENTRY_POINT[r.role]} and then looks for a DLL named ${r.entryPoint}`
    : `Windows writes only ${r.dll} and calls its default ${DEFAULT_ENTRY_POINT[r.role]}`;
  const quoted = `"${r.dll},${r.entryPoint}"`;
  return {
    range: r.valueRange,
    message: `The comma between ${r.dll} and ${r.entryPoint} in ${bracket(r.line.section.name)} is outside quotes, so ${effect}. Write ${quoted}.`,
    fixes: r.values.every((v) => v.tokens.length === 0) ? [{ title: `Quote as ${quoted}`, edits: [{ range: r.valueRange, newText: quoted }], preferred: true }] : undefined,
  };
}
