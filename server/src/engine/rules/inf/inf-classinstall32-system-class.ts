import { INFVERIF, systemSetupClass } from '../../catalogue';
import { classInstallSections } from '../../inf/install';
import { infIndex } from '../../inf/query';
import type { RuleDefinition } from '../rule';
import type { InfRuleContext } from './context';
import { bracket, deleteLines } from './helpers';
import { splitLines } from '../../lines';

export const infClassinstall32SystemClass: RuleDefinition<InfRuleContext> = {
  id: 'inf-classinstall32-system-class',
  language: 'inf',
  defaultSeverity: 'error',
  title: '[ClassInstall32] in an INF for one of Windows\' own setup classes',
  docs: {
    what:
      'Reports [ClassInstall32] (and its platform variants) in an INF whose [Version] ClassGuid is a system-supplied device setup class (the GUID_DEVCLASS_* classes of devguid.h: Net, Ports, HIDClass, USB, ...).',
    why:
      `Windows processes a ClassInstall32 section only when the class is not installed yet, and its own classes always are: the section, and any Installer32 class installer in it, never runs, so whatever it was meant to do (a class installer with finish-install actions included) silently does not happen. InfVerif rejects it (error ${INFVERIF.classInstall32ForMicrosoftClass}). To add behaviour to an existing class, the WDK points to a class co-installer or, today, to extension and component INFs. A class that Windows installs itself only from some version on (USBDevice, from Windows 8.1) is reported as information: a package that supports older versions must define it there, as the WDK's WinUSB INF template does.`,
    contractSection: 'INF side; Traps worth a rule, a hover or a test',
    wdk: ['INF ClassInstall32 Section', 'System-Defined Device Setup Classes Available to Vendors', 'INF Validation Errors and Warnings'],
    bad: '[Version]\nSignature = "$WINDOWS NT$"\nClass = Ports\nClassGuid = {4d36e978-e325-11ce-bfc1-08002be10318}\n\n[ClassInstall32]\nAddReg = PortsClass_AddReg',
    good: '[Version]\nSignature = "$WINDOWS NT$"\nClass = Ports\nClassGuid = {4d36e978-e325-11ce-bfc1-08002be10318}\n; no [ClassInstall32]: the Ports class is Windows\' own',
    quickFix: 'Removes the [ClassInstall32] section (its AddReg sections stay for you to delete or reuse).',
  },
  check({ inf, text }, report) {
    const classGuid = infIndex(inf).version('ClassGuid');
    const systemClass = classGuid ? systemSetupClass(classGuid.text) : undefined;
    if (!classGuid || !systemClass) return;
    const lines = splitLines(text);
    for (const section of classInstallSections(inf)) {
      const lastLine = Math.max(section.range.end.line, section.headerRange.start.line);
      // A class older Windows versions lack must be defined by the package there: the section is how the
      // WDK's own templates support them, so it is no mistake, only dead weight where the class is built in.
      const builtInFrom = systemClass.builtInFrom;
      report({
        range: section.nameRange,
        severity: builtInFrom ? 'information' : undefined,
        message: builtInFrom
          ? `${bracket(section.name)} defines GUID_DEVCLASS_${systemClass.name} ${systemClass.guid}, which Windows installs itself from ${builtInFrom} on: there the section never runs (InfVerif ${INFVERIF.classInstall32ForMicrosoftClass} rejects it in universal and Windows Driver packages); it is needed only for older Windows versions.`
          : `${bracket(section.name)} in an INF for GUID_DEVCLASS_${systemClass.name} ${systemClass.guid}, one of Windows' own setup classes: Windows runs ClassInstall32 only for a class that is not installed yet, ` +
            `and this one always is, so the section and any class installer it registers never take effect (InfVerif ${INFVERIF.classInstall32ForMicrosoftClass}).`,
        related: [{ range: classGuid.range, message: 'the ClassGuid of a system-supplied setup class' }],
        fixes: [
          {
            title: `Remove ${bracket(section.name)}`,
            edits: [deleteLines(section.headerRange.start.line, lastLine, lines.length, lines[lines.length - 1].length)],
          },
        ],
      });
    }
  },
};
