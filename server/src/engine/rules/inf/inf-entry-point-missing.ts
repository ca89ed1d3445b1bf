import { INSTALLER_LOAD_ERROR, KIND_LABEL } from '../../catalogue';
import { listInstallerRegistrations } from '../../inf/registrations';
import type { Fix } from '../../types';
import type { RuleDefinition } from '../rule';
import type { InfRuleContext } from './context';
import { bracket, registerEntryEdit, registeredDllSources } from './helpers';

export const infEntryPointMissing: RuleDefinition<InfRuleContext> = {
  id: 'inf-entry-point-missing',
  language: 'inf',
  defaultSeverity: 'error',
  title: 'The entry point an INF registers is defined in none of the analysed sources',
  docs: {
    what:
      'Cross-checks every Installer32 / CoInstallers32 / class co-installer registration against the entry points of the C/C++ sources analysed with the INF: the entry point named after the DLL, or ClassInstall / CoDeviceInstall when none is named, must be one of them. A registered DLL is tied to its sources by the build files that name it (a .vcxproj\'s TargetName or ProjectName, a `sources` file\'s TARGETNAME, a .def\'s LIBRARY), else by a folder or source file of the DLL\'s name under the INF\'s folder or next to it; only those sources count. Silent when the DLL\'s sources are not among the analysed files (a DLL built elsewhere, or one of Microsoft\'s own co-installers), and when no sources are analysed with the INF.',
    why:
      'Windows loads the DLL and looks the entry point up by name among its exports (names are case-sensitive). When there is no such function, Windows cannot call the installer and the installation fails. Forgetting the entry name is the classic case: Windows then calls the default ClassInstall or CoDeviceInstall.',
    contractSection: 'Who is who; INF side',
    wdk: ['Registering a Device-Specific Co-installer', 'INF ClassInstall32 Section', 'Co-installer Interface'],
    bad: '; toastco.c defines ToasterCoInstaller, nothing called CoDeviceInstall\n[Toaster_Device_CoInstaller_AddReg]\nHKR,,CoInstallers32,0x00010000,"toastco.dll"',
    good: '[Toaster_Device_CoInstaller_AddReg]\nHKR,,CoInstallers32,0x00010000,"toastco.dll,ToasterCoInstaller"',
    quickFix: 'Names the entry point the sources do define, when there is exactly one of the right kind (or one that differs only in case).',
  },
  check(context, report) {
    for (const r of listInstallerRegistrations(context.inf)) {
      const sources = registeredDllSources(context, r);
      if (!sources) continue;
      const { entryPoints, description } = sources;
      if (entryPoints.some((e) => e.name === r.entryPoint)) continue;
      const label = KIND_LABEL[r.role];
      const caseVariant = entryPoints.find((e) => e.name.toLowerCase() === r.entryPoint.toLowerCase());
      const sameKind = entryPoints.filter((e) => e.kind === r.role);
      const candidate = caseVariant ?? (sameKind.length === 1 ? sameKind[0] : undefined);
      const failure = `Windows finds no such export in ${r.dll} and cannot load the ${label} (${INSTALLER_LOAD_ERROR[r.role].name})`;
      let message = r.explicitEntryPoint
        ? `${bracket(r.line.section.name)} registers ${r.entryPoint} in ${r.dll} as a ${label}, but none of ${description} defines ${r.entryPoint}: ${failure}.`
        : `${bracket(r.line.section.name)} registers ${r.dll} as a ${label} without naming an entry point, so Windows calls the default ${r.entryPoint}, which none of ${description} defines: ${failure}.`;
      if (caseVariant) message += ` ${caseVariant.name} differs only in case; export names are case-sensitive.`;
      else if (candidate) message += ` The sources define the ${label} ${candidate.name}.`;
      const edit = candidate ? registerEntryEdit(r, candidate.name) : undefined;
      const fixes: Fix[] | undefined = edit ? [{ title: `Register ${candidate!.name}`, edits: [edit], preferred: true }] : undefined;
      report({
        range: r.entryRange,
        message,
        related: candidate ? [{ path: candidate.path, range: candidate.range, message: `${candidate.name}, a ${KIND_LABEL[candidate.kind]} entry point` }] : undefined,
        fixes,
      });
    }
  },
};
