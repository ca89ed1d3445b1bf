import { COINSTALLER_SIGNING_CUTOFF, INFVERIF, KIND_LABEL, LEGACY_INSTALLER_REPLACEMENTS } from '../../catalogue';
import { coInstallersOwner } from '../../inf/install';
import { listInstallerRegistrations } from '../../inf/registrations';
import type { RuleDefinition } from '../rule';
import type { InfRuleContext } from './context';
import { bracket, valueDescription } from './helpers';

export const infLegacyInstaller: RuleDefinition<InfRuleContext> = {
  id: 'inf-legacy-installer',
  language: 'inf',
  defaultSeverity: 'information',
  title: 'Class installers and co-installers are legacy: not allowed in universal / Windows Driver packages',
  docs: {
    what:
      'Points at every Installer32, CoInstallers32 and class co-installer registration, and at DDInstall.CoInstallers sections that register nothing, and names the replacements.',
    why:
      `InfVerif rejects co-installer and class-installer registrations in universal and Windows Driver (DCH) packages (error ${INFVERIF.legacyCoInstallerOperation}; ${INFVERIF.legacySection} for the .CoInstallers section), and since ${COINSTALLER_SIGNING_CUTOFF} the Hardware Dev Center no longer signs packages that use co-installers. Finish-install actions exist only for these installers, so the lasting fix is to move their work to ${LEGACY_INSTALLER_REPLACEMENTS}.`,
    contractSection: 'INF side; Traps worth a rule, a hover or a test',
    wdk: ['INF DDInstall.CoInstallers Section', 'INF ClassInstall32 Section', 'Using an Extension INF File', 'Using a Component INF File', 'INF Validation Errors and Warnings'],
    bad: '[Toaster_Device.NT.CoInstallers]\nAddReg = Toaster_Device_CoInstaller_AddReg\nCopyFiles = Toaster_Device_CoInstaller_CopyFiles',
    good: '; base INF: no co-installer; companion software through a component INF\n[Toaster_Device.NT.Components]\nAddComponent = ToasterApp,, ToasterApp_Component_Install',
  },
  check({ inf }, report) {
    const registrations = listInstallerRegistrations(inf);
    const reportedLines = new Set<unknown>();
    for (const r of registrations) {
      if (reportedLines.has(r.line.entry)) continue;
      reportedLines.add(r.line.entry);
      const signing = r.role === 'co-installer' ? ` Since ${COINSTALLER_SIGNING_CUTOFF} the Hardware Dev Center no longer signs packages that use co-installers.` : '';
      report({
        range: r.line.valueName?.range ?? r.line.entry.range,
        message:
          `${bracket(r.line.section.name)} registers a ${KIND_LABEL[r.role]} (${valueDescription(r.line)}): universal and Windows Driver packages may not (InfVerif ${INFVERIF.legacyCoInstallerOperation}).${signing} ` +
          `Replace it with ${LEGACY_INSTALLER_REPLACEMENTS}.`,
      });
    }
    // A .CoInstallers section is legacy by itself (InfVerif 1300), even when it registers nothing.
    const registering = new Set(registrations.flatMap((r) => r.installSections.map((s) => s.toLowerCase())));
    for (const section of inf.sections) {
      if (!coInstallersOwner(section.name) || registering.has(section.name.toLowerCase())) continue;
      report({
        range: section.nameRange,
        message:
          `${bracket(section.name)} is a DDInstall.CoInstallers section: universal and Windows Driver packages may not use it (InfVerif ${INFVERIF.legacySection}), and since ${COINSTALLER_SIGNING_CUTOFF} the Hardware Dev Center no longer signs packages that do. ` +
          `Replace it with ${LEGACY_INSTALLER_REPLACEMENTS}.`,
      });
    }
  },
};
