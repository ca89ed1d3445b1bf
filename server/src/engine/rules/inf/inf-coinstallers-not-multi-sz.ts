import {
  CLASS_COINSTALLER_FLAGS,
  DEVICE_COINSTALLER_FLAGS,
  FLG_ADDREG_APPEND,
  FLG_ADDREG_TYPE_MASK,
  FLG_ADDREG_TYPE_MULTI_SZ,
  addRegValueType,
  formatAddRegFlags,
} from '../../catalogue';
import { listInstallerRegistrations, type InstallerRegistration } from '../../inf/registrations';
import type { RuleDefinition } from '../rule';
import type { InfRuleContext } from './context';
import { bracket, flagsRange, valueDescription } from './helpers';

export const infCoinstallersNotMultiSz: RuleDefinition<InfRuleContext> = {
  id: 'inf-coinstallers-not-multi-sz',
  language: 'inf',
  defaultSeverity: 'error',
  title: 'A co-installer registration is not written as REG_MULTI_SZ (or a class co-installer does not append)',
  docs: {
    what:
      'Reports AddReg lines that write CoInstallers32 (device co-installers) or a CoDeviceInstallers class entry (class co-installers) with flags whose type is not REG_MULTI_SZ (0x00010000; 0x10000, 65536, FLG_ADDREG_TYPE_MULTI_SZ and the append form 0x00010008 are the same type), and class co-installer entries written without FLG_ADDREG_APPEND.',
    why:
      'Windows reads co-installer lists only as REG_MULTI_SZ: written as REG_SZ (empty flags, 0) or any other type, the list is not read and the co-installer never runs, silently. A class co-installer written without the append bit replaces every co-installer already registered for the class, Windows\' own and other vendors\'.',
    contractSection: 'Who is who; INF side; Traps worth a rule, a hover or a test',
    wdk: ['Registering a Device-Specific Co-installer', 'INF DDInstall.CoInstallers Section', 'INF AddReg Directive'],
    bad: '[Toaster_Device.NT.CoInstallers]\nAddReg = Toaster_Device_CoInstaller_AddReg\n\n[Toaster_Device_CoInstaller_AddReg]\nHKR,,CoInstallers32,,"toastco.dll,ToasterCoInstaller"',
    good: '[Toaster_Device.NT.CoInstallers]\nAddReg = Toaster_Device_CoInstaller_AddReg\n\n[Toaster_Device_CoInstaller_AddReg]\nHKR,,CoInstallers32,0x00010000,"toastco.dll,ToasterCoInstaller"',
    quickFix: 'Rewrites the flags as 0x00010000 (0x00010008 for a class co-installer), keeping any other flag bits.',
  },
  check({ inf }, report) {
    const seenLines = new Set<unknown>();
    for (const r of listInstallerRegistrations(inf)) {
      if (r.role !== 'co-installer' || seenLines.has(r.line.entry)) continue;
      seenLines.add(r.line.entry);
      const flags = r.line.flagsValue ?? 0;
      const classScope = r.scope === 'class-co-installer';
      const isMultiSz = ((flags & FLG_ADDREG_TYPE_MASK) >>> 0) === FLG_ADDREG_TYPE_MULTI_SZ;
      if (isMultiSz && (!classScope || flags & FLG_ADDREG_APPEND)) continue;
      const wanted = ((flags & ~FLG_ADDREG_TYPE_MASK) | (classScope ? CLASS_COINSTALLER_FLAGS : DEVICE_COINSTALLER_FLAGS)) >>> 0;
      const written = r.line.flags && r.line.flags.text.trim() ? `flags ${r.line.flags.raw}` : 'flags field empty';
      const where = `${bracket(r.line.section.name)} writes ${valueDescription(r.line)}`;
      const message = isMultiSz
        ? `${where} without FLG_ADDREG_APPEND (${written}): it replaces every class co-installer already registered for that class, Windows' own and other vendors'. Write ${formatAddRegFlags(wanted)} to append.`
        : `${where} as ${addRegValueType(flags)} (${written}): Windows reads co-installer lists only as REG_MULTI_SZ, so it never loads ${dllList(r, inf)}. Write ${formatAddRegFlags(wanted)}.`;
      report({
        range: flagsRange(r.line),
        message,
        fixes: [{ title: `Write the flags as ${formatAddRegFlags(wanted)}`, edits: [{ range: flagsRange(r.line), newText: formatAddRegFlags(wanted) }], preferred: true }],
      });
    }
  },
};

/** The DLLs the line registers ("toastco.dll", "a.dll and b.dll"). */
function dllList(first: InstallerRegistration, inf: InfRuleContext['inf']): string {
  const dlls = listInstallerRegistrations(inf)
    .filter((r) => r.line.entry === first.line.entry)
    .map((r) => r.dll);
  return dlls.length <= 1 ? dlls.join('') : `${dlls.slice(0, -1).join(', ')} or ${dlls[dlls.length - 1]}`;
}
