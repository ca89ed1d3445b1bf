import { COINSTALLERS_SECTION_SUFFIX, INFVERIF, STAMPINF_PLATFORM_DECORATION, obsoleteCoInstaller } from '../../catalogue';
import { coInstallersOwner, ddInstallFamilies, type DDInstallFamily } from '../../inf/install';
import type { InfSection } from '../../inf/model';
import { infIndex, sameName, splitPlatform, type InfIndex } from '../../inf/query';
import { listInstallerRegistrations } from '../../inf/registrations';
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
      'For every DDInstall section (as the Models sections name it, and as .CoInstallers section names reveal it), compares its undecorated and platform-decorated variants ([X], [X.NT], [X.NTx86], [X.NTamd64], [X.NTarm64], ...): reports variants without an [<variant>.CoInstallers] section when another variant has one, .CoInstallers sections that are empty stubs, and .CoInstallers sections that Windows never reads because their install section does not exist ([X.NTamd64.CoInstallers] beside an undecorated [X]: Windows installs with [X] and reads [X.CoInstallers]). Variants that lack only Microsoft\'s redistributable co-installers (KMDF, UMDF, WinUSB) are not reported: inf-obsolete-wdf-coinstaller asks to remove those everywhere.',
    why:
      'Windows picks one variant per platform (the most specific that exists: [X.NTamd64], else [X.NT], else [X]) and processes only the .CoInstallers section named after the variant it picked, so a platform whose variant lacks it installs the device without the co-installer (and without its finish-install actions), silently. The WDK requires one .CoInstallers section for each platform-decorated and undecorated DDInstall section once an INF has any. An empty .CoInstallers section registers nothing and still marks the package as using co-installers.',
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
      reportUnreadCoInstallers(family, index, lines, report);
      const withSection = family.variants.filter((v) => family.coInstallers.get(v));
      if (withSection.length === 0) continue;
      const registering = withSection.filter((v) => index.entries(coName(v)).length > 0);
      if (registering.length > 0 && registering.every((v) => registersOnlyRedistributables(inf, coName(v)))) continue;
      const model = registering[0] ? index.first(coName(registering[0])) : undefined;
      const modelLines = model ? sectionEntryLines(index.sections(model.name), lines) : [];
      for (const variant of family.variants) {
        if (!everSelected(variant, family)) continue;
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

/**
 * [X.NTamd64.CoInstallers] without an [X.NTamd64]: Windows appends .CoInstallers to the install section it
 * selected ([X.NT] or [X] there), so it never reads this one (contract: "INF: which sections Windows reads").
 */
function reportUnreadCoInstallers(family: DDInstallFamily, index: InfIndex, lines: string[], report: Parameters<RuleDefinition<InfRuleContext>['check']>[1]): void {
  // With no install section of the family here (one from an included INF, or a broken [Manufacturer]), nothing can be said.
  if (family.variants.length === 0) return;
  const seen = new Set<string>();
  for (const section of index.model.sections) {
    const owner = coInstallersOwner(section.name);
    if (!owner || index.has(owner) || !sameName(splitPlatform(owner).base, family.base) || seen.has(section.name.toLowerCase())) continue;
    seen.add(section.name.toLowerCase());
    const selected = selectedInstead(owner, family);
    const instead = selected
      ? `where Windows installs the device with ${bracket(selected)} it reads ${bracket(coName(selected))}${index.has(coName(selected)) ? '' : ', which does not exist'}`
      : `Windows installs the device with ${bracketList(family.variants)} and reads their .CoInstallers sections`;
    const empty = index.entries(section.name).length === 0;
    report({
      range: section.nameRange,
      message: empty
        ? `Windows never reads ${bracket(section.name)}: there is no ${bracket(owner)} install section, so ${instead}. The section is empty; remove it.`
        : `Windows never reads ${bracket(section.name)}: there is no ${bracket(owner)} install section, so ${instead}, and the co-installers this section registers are never registered.`,
      related: selected ? [{ range: index.first(selected)!.headerRange, message: `the install section Windows selects instead of ${bracket(owner)}` }] : undefined,
      fixes: empty ? [{ title: `Remove ${bracket(section.name)}`, edits: [deleteLines(section.headerRange.start.line, section.range.end.line, lines.length, lines[lines.length - 1].length)] }] : undefined,
    });
  }
}

/** The install section Windows selects where `missing` would have been the most specific: [X.NT], else [X]. */
function selectedInstead(missing: string, family: DDInstallFamily): string | undefined {
  const { decoration } = splitPlatform(missing);
  if (!decoration) return undefined; // [X] itself is missing: each platform uses its own decorated variant.
  const fallbacks = sameName(decoration, 'NT') ? [family.base] : [`${family.base}.NT`, family.base];
  return fallbacks.map((f) => family.variants.find((v) => sameName(v, f))).find((v) => v !== undefined);
}

/**
 * Whether Windows selects this variant on some platform: [X] never where [X.NT] (or the [X.NT$ARCH$] an
 * .inx becomes) exists, since every NT platform matches that; [X.NT] never beside [X.NT$ARCH$].
 */
function everSelected(variant: string, family: DDInstallFamily): boolean {
  const { decoration } = splitPlatform(variant);
  const has = (d: string) => family.variants.some((v) => sameName(v, `${family.base}.${d}`));
  if (!decoration) return !has('NT') && !has(STAMPINF_PLATFORM_DECORATION);
  if (sameName(decoration, 'NT')) return !has(STAMPINF_PLATFORM_DECORATION);
  return true;
}

/** Whether everything a .CoInstallers section registers is one of Microsoft's redistributable co-installers. */
function registersOnlyRedistributables(inf: InfRuleContext['inf'], coInstallersSection: string): boolean {
  const registrations = listInstallerRegistrations(inf).filter((r) => r.installSections.some((s) => sameName(s, coInstallersSection)));
  return registrations.length > 0 && registrations.every((r) => obsoleteCoInstaller(r.dll) !== undefined);
}

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
