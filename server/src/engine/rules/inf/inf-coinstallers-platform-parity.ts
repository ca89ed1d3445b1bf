import { COINSTALLERS_SECTION_SUFFIX, INFVERIF } from '../../catalogue';
import { ddInstallFamilies } from '../../inf/install';
import type { InfSection } from '../../inf/model';
import { infIndex } from '../../inf/query';
import type { Position, TextEdit } from '../../types';
import type { RuleDefinition } from '../rule';
import type { InfRuleContext } from './context';
import { bracket, bracketList, deleteLines } from './helpers';
import { lineBreakOf, splitLines } from '../../lines';

export const infCoinstallersPlatformParity: RuleDefinition<InfRuleContext> = {
  id: 'inf-coinstallers-platform-parity',
  language: 'inf',
  defaultSeverity: 'warning',
  title: 'Some platform variants of a DDInstall section have a .CoInstallers section and others do not',
  docs: {
    what:
      'For every DDInstall section (as the Models sections name it, and as .CoInstallers section names reveal it), compares its undecorated and platform-decorated variants ([X], [X.NT], [X.NTx86], [X.NTamd64], [X.NTarm64], ...): reports variants without an [<variant>.CoInstallers] section when another variant has one, and .CoInstallers sections that are empty stubs.',
    why:
      'Windows picks one variant per platform and processes only that variant\'s .CoInstallers section, so a platform whose variant lacks it installs the device without the co-installer (and without its finish-install actions), silently. The WDK requires one .CoInstallers section for each platform-decorated and undecorated DDInstall section once an INF has any. An empty .CoInstallers section registers nothing and still marks the package as using co-installers.',
    contractSection: 'INF side',
    wdk: ['INF DDInstall.CoInstallers Section', 'Creating INF Files for Multiple Platforms and Operating Systems'],
    bad: '[Toaster_Device.NTamd64]\nCopyFiles = Toaster_Device_Drivers\n\n[Toaster_Device.NTamd64.CoInstallers]\nAddReg = Toaster_Device_CoInstaller_AddReg\nCopyFiles = Toaster_Device_CoInstaller_CopyFiles\n\n[Toaster_Device.NTarm64]\nCopyFiles = Toaster_Device_Drivers',
    good: '[Toaster_Device.NTamd64]\nCopyFiles = Toaster_Device_Drivers\n\n[Toaster_Device.NTamd64.CoInstallers]\nAddReg = Toaster_Device_CoInstaller_AddReg\nCopyFiles = Toaster_Device_CoInstaller_CopyFiles\n\n[Toaster_Device.NTarm64]\nCopyFiles = Toaster_Device_Drivers\n\n[Toaster_Device.NTarm64.CoInstallers]\nAddReg = Toaster_Device_CoInstaller_AddReg\nCopyFiles = Toaster_Device_CoInstaller_CopyFiles',
    quickFix: 'Adds the missing .CoInstallers section (or fills the empty one) with the directives of a variant that has them; removes a lone empty stub.',
  },
  check({ inf, text }, report) {
    const index = infIndex(inf);
    const lines = splitLines(text);
    const eol = lineBreakOf(text);
    for (const family of ddInstallFamilies(inf)) {
      const withSection = family.variants.filter((v) => family.coInstallers.get(v));
      if (withSection.length === 0) continue;
      const registering = withSection.filter((v) => index.entries(coName(v)).length > 0);
      const model = registering[0] ? index.first(coName(registering[0])) : undefined;
      const modelLines = model ? sectionEntryLines(index.sections(model.name), lines) : [];
      for (const variant of family.variants) {
        const co = family.coInstallers.get(variant);
        if (!co) {
          if (!model) continue;
          const ddInstall = index.first(variant)!;
          report({
            range: ddInstall.nameRange,
            message:
              `${bracket(variant)} has no ${bracket(coName(variant))} section, but ${bracketList(registering.map(coName))} ${registering.length > 1 ? 'register' : 'registers'} co-installers: ` +
              `where Windows installs the device with ${bracket(variant)}, no co-installer is registered and none of its work (finish-install actions included) happens.`,
            related: [{ range: model.headerRange, message: `${bracket(model.name)} registers co-installers for another platform` }],
            fixes: [{ title: `Add ${bracket(coName(variant))} like ${bracket(model.name)}`, edits: [insertAfterSection(ddInstall, lines, [`[${coName(variant)}]`, ...modelLines], eol)] }],
          });
          continue;
        }
        if (index.entries(co.name).length > 0) continue;
        if (model) {
          report({
            range: co.nameRange,
            message:
              `${bracket(co.name)} is empty, so where Windows installs the device with ${bracket(variant)} no co-installer is registered, while ${bracket(model.name)} registers co-installers for another platform.`,
            related: [{ range: model.headerRange, message: `${bracket(model.name)} registers co-installers` }],
            fixes: [{ title: `Fill ${bracket(co.name)} like ${bracket(model.name)}`, edits: [insertAfterHeader(co, lines, modelLines, eol)] }],
          });
        } else {
          report({
            range: co.nameRange,
            message:
              `${bracket(co.name)} is an empty stub: it registers no co-installer, yet InfVerif still counts it as a legacy co-installer section (${INFVERIF.legacySection}). Remove it.`,
            fixes: [{ title: `Remove ${bracket(co.name)}`, edits: [deleteLines(co.headerRange.start.line, co.range.end.line, lines.length, lines[lines.length - 1].length)] }],
          });
        }
      }
    }
  },
};

function coName(variant: string): string {
  return `${variant}.${COINSTALLERS_SECTION_SUFFIX}`;
}

/** The source lines of a section's entries (continuation lines included), as written. */
function sectionEntryLines(sections: InfSection[], lines: string[]): string[] {
  const out: string[] = [];
  for (const section of sections) {
    for (const entry of section.entries) {
      for (let l = entry.range.start.line; l <= entry.range.end.line; l++) out.push(lines[l]);
    }
  }
  return out;
}

/** Inserts whole lines right after a section (before the next header). */
function insertAfterSection(section: InfSection, lines: string[], newLines: string[], eol: string): TextEdit {
  // Skip back over the blank lines that separate the section from the next one.
  let last = section.range.end.line;
  while (last > section.headerRange.start.line && lines[last].trim() === '') last--;
  const at: Position = { line: last, character: lines[last].length };
  return { range: { start: at, end: at }, newText: eol + eol + newLines.join(eol) };
}

/** Inserts lines after a section's header line (after any comment on it). */
function insertAfterHeader(section: InfSection, lines: string[], newLines: string[], eol: string): TextEdit {
  const line = section.headerRange.start.line;
  const at: Position = { line, character: lines[line].length };
  return { range: { start: at, end: at }, newText: newLines.map((l) => eol + l).join('') };
}
