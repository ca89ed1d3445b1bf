import { INSTALLER_LOAD_ERROR, KIND_LABEL, microsoftCoInstaller } from '../../catalogue';
import { copiedFiles } from '../../inf/addreg';
import { coInstallersOwner } from '../../inf/install';
import { baseFileName, infIndex } from '../../inf/query';
import { listInstallerRegistrations } from '../../inf/registrations';
import type { RuleDefinition } from '../rule';
import type { InfRuleContext } from './context';
import { bracket, relatedSection } from './helpers';

export const infInstallerNotCopied: RuleDefinition<InfRuleContext> = {
  id: 'inf-installer-not-copied',
  language: 'inf',
  defaultSeverity: 'error',
  title: 'A registered installer DLL is not copied by the install section that registers it',
  docs: {
    what:
      'Reports a DLL named by Installer32, CoInstallers32 or a class co-installer entry that no CopyFiles directive of the registering install section copies ([ClassInstall32] for a class installer, [DDInstall.CoInstallers] or its DDInstall section for a co-installer). Silent for INFs that take their files from a LayoutFile or pull sections in with Include/Needs, which this file cannot see, and for co-installers that ship with Windows (the UMDF 1 WUDFCoinstaller.dll).',
    why:
      'The registration only writes the DLL\'s name into the registry. If the package does not copy the DLL, Windows cannot load the installer when it calls it: the installation fails, or works only on machines where some other package happened to leave a DLL of that name in System32.',
    contractSection: 'Who is who; INF side',
    wdk: ['INF DDInstall.CoInstallers Section', 'INF ClassInstall32 Section', 'INF CopyFiles Directive'],
    bad: '[Toaster_Device.NT.CoInstallers]\nAddReg = Toaster_Device_CoInstaller_AddReg\n\n[Toaster_Device_CoInstaller_AddReg]\nHKR,,CoInstallers32,0x00010000,"toastco.dll,ToasterCoInstaller"',
    good: '[Toaster_Device.NT.CoInstallers]\nAddReg = Toaster_Device_CoInstaller_AddReg\nCopyFiles = Toaster_Device_CoInstaller_CopyFiles\n\n[Toaster_Device_CoInstaller_AddReg]\nHKR,,CoInstallers32,0x00010000,"toastco.dll,ToasterCoInstaller"\n\n[Toaster_Device_CoInstaller_CopyFiles]\ntoastco.dll\n\n[DestinationDirs]\nToaster_Device_CoInstaller_CopyFiles = 11',
  },
  check({ inf }, report) {
    const index = infIndex(inf);
    // System INFs name a LayoutFile and copy installer DLLs through it (WDK, DDInstall.CoInstallers example).
    if (index.version('LayoutFile')) return;
    for (const r of listInstallerRegistrations(inf)) {
      const dll = baseFileName(r.dll).toLowerCase();
      // Windows' own co-installers are already in System32: registering them is all a package does.
      if (!dll || microsoftCoInstaller(dll)?.shipping === 'in-box') continue;
      for (const installSection of r.installSections) {
        if (index.directives(installSection, 'Include').length || index.directives(installSection, 'Needs').length) continue;
        const owner = coInstallersOwner(installSection);
        const copying = owner && index.has(owner) ? [installSection, owner] : [installSection];
        const copied = copying.flatMap((s) => copiedFiles(index, s));
        if (copied.some((f) => f.fileName.toLowerCase() === dll)) continue;
        // Name only what the registering section itself copies: that is where the DLL belongs.
        const others = [...new Set(copiedFiles(index, installSection).map((f) => f.fileName))];
        const copiesWhat = others.length === 0 ? 'has no CopyFiles that copies it' : `copies ${listSome(others)} but not ${r.dll}`;
        const section = index.first(installSection)!;
        report({
          range: r.dllRange,
          message:
            `${bracket(section.name)} registers ${r.dll} as a ${KIND_LABEL[r.role]} (through ${bracket(r.line.section.name)}) but ${copiesWhat}: ` +
            `the package does not install the DLL, so Windows cannot load the ${KIND_LABEL[r.role]} (${INSTALLER_LOAD_ERROR[r.role].name}) unless another package left a ${r.dll} in System32.`,
          related: [relatedSection(section, `the install section that registers ${r.dll}`)],
        });
      }
    }
  },
};

function listSome(names: string[]): string {
  const shown = names.slice(0, 3).join(', ');
  return names.length > 3 ? `${shown} and ${names.length - 3} more` : shown;
}
