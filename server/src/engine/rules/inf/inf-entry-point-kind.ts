import { COINSTALLER_CONTEXT_TYPE, ENTRY_POINT_PARAM_TYPES, KIND_LABEL, classifyReturnValue, expectedDefaultReturn, returnCode, returnMeaning } from '../../catalogue';
import { listInstallerRegistrations } from '../../inf/registrations';
import type { InstallerKind } from '../../types';
import type { RuleDefinition } from '../rule';
import type { InfRuleContext } from './context';
import { bracket, registerEntryEdit, registeredDllSources, valueDescription } from './helpers';

export const infEntryPointKind: RuleDefinition<InfRuleContext> = {
  id: 'inf-entry-point-kind',
  language: 'inf',
  defaultSeverity: 'error',
  title: 'An INF registers an entry point in the other installer role',
  docs: {
    what:
      'Reports a registration whose entry point the analysed sources define with the other role\'s signature: a class installer (three parameters) registered with CoInstallers32 or as a class co-installer, or a co-installer (four parameters, the last a PCOINSTALLER_CONTEXT_DATA) registered with Installer32. Only the registered DLL\'s own sources count (see inf-entry-point-missing for how a DLL is tied to its sources). Silent when the DLL\'s sources are not analysed with the INF.',
    why:
      'Windows calls the function with the argument count of the role it was registered for, so a co-installer called as a class installer reads a Context that was never passed, and a class installer called as a co-installer leaves a fourth argument on the stack. The return codes mean different things too: a class installer\'s ERROR_DI_DO_DEFAULT fails the installation when it comes from a co-installer, and a co-installer\'s NO_ERROR tells Windows a class installer handled everything.',
    contractSection: 'Who is who; INF side',
    wdk: ['Co-installer Interface', 'Writing a Class Installer', 'Registering a Device-Specific Co-installer'],
    bad: '; toastci.c: DWORD CALLBACK ToasterClassInstaller(DI_FUNCTION, HDEVINFO, PSP_DEVINFO_DATA)\n[Toaster_Device_CoInstaller_AddReg]\nHKR,,CoInstallers32,0x00010000,"toastci.dll,ToasterClassInstaller"',
    good: '[ToasterClassReg]\nHKR,,Installer32,,"toastci.dll,ToasterClassInstaller"',
    quickFix: 'Registers the entry point of the right kind instead, when the sources define exactly one.',
  },
  check(context, report) {
    for (const r of listInstallerRegistrations(context.inf)) {
      const entryPoints = registeredDllSources(context, r)?.entryPoints;
      if (!entryPoints) continue;
      const named = entryPoints.filter((e) => e.name === r.entryPoint);
      if (named.length === 0 || named.some((e) => e.kind === r.role)) continue;
      const definition = named[0];
      const sameKind = entryPoints.filter((e) => e.kind === r.role);
      const alternative = sameKind.length === 1 ? sameKind[0] : undefined;
      const edit = alternative ? registerEntryEdit(r, alternative.name) : undefined;
      report({
        range: r.entryRange,
        message:
          `${bracket(r.line.section.name)} registers ${r.entryPoint} as a ${KIND_LABEL[r.role]} (${valueDescription(r.line)}), but it is written as a ${KIND_LABEL[definition.kind]} ` +
          `(${signature(definition.kind)}): ${consequence(r.role)}` +
          (alternative ? ` The sources define the ${KIND_LABEL[r.role]} ${alternative.name}.` : ''),
        related: [{ path: definition.path, range: definition.range, message: `${definition.name}, written as a ${KIND_LABEL[definition.kind]}` }],
        fixes: edit ? [{ title: `Register ${alternative!.name}`, edits: [edit], preferred: true }] : undefined,
      });
    }
  },
};

function signature(kind: InstallerKind): string {
  const params = kind === 'co-installer' ? [...ENTRY_POINT_PARAM_TYPES, COINSTALLER_CONTEXT_TYPE] : [...ENTRY_POINT_PARAM_TYPES];
  return `${params.length} parameters: ${params.join(', ')}`;
}

/** What happens when Windows calls an entry point of the other kind in the registered role. */
function consequence(registeredAs: InstallerKind): string {
  const writtenAs: InstallerKind = registeredAs === 'co-installer' ? 'class-installer' : 'co-installer';
  const habitual = expectedDefaultReturn(writtenAs);
  const code = returnCode(habitual);
  const meaning = code ? returnMeaning(registeredAs, 'unhandled', classifyReturnValue(code.value, code.family)).text : '';
  const args =
    registeredAs === 'co-installer'
      ? `Windows calls it with a fourth argument (${COINSTALLER_CONTEXT_TYPE}) it does not take`
      : `Windows calls it without the ${COINSTALLER_CONTEXT_TYPE} it reads`;
  return `${args}, and ${habitual}, which it returns for DIF codes it does not handle, ${meaning}`;
}
