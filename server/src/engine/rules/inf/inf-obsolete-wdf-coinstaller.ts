import { obsoleteCoInstaller } from '../../catalogue';
import { copiedFiles } from '../../inf/addreg';
import { baseFileName, infIndex } from '../../inf/query';
import { listInstallerRegistrations } from '../../inf/registrations';
import type { Range } from '../../types';
import type { RuleDefinition } from '../rule';
import type { InfRuleContext } from './context';
import { bracket, deleteLines } from './helpers';
import { splitLines } from '../../lines';

export const infObsoleteWdfCoinstaller: RuleDefinition<InfRuleContext> = {
  id: 'inf-obsolete-wdf-coinstaller',
  language: 'inf',
  defaultSeverity: 'warning',
  title: 'The INF registers or copies a WDF / WinUSB redistributable co-installer',
  docs: {
    what:
      'Reports WdfCoInstaller*.dll (KMDF), WUDFUpdate_*.dll (UMDF) and WinUSBCoInstaller*.dll wherever the INF registers them as co-installers or copies them, also in template form: WdfCoInstaller$KMDFCOINSTALLERVERSION$.dll in .inx files, WdfCoInstaller#WDF_VERSION#.dll or @...@ in generated and configure-style templates (.inf.in). The UMDF 1 WUDFCoinstaller.dll ships with Windows and is not reported.',
    why:
      'These co-installers installed the framework (or WinUSB) on Windows versions that did not have it. Windows 10 and later ship them, so the co-installer is unnecessary: it only keeps the package a co-installer package, which universal / Windows Driver packages may not be and which the Hardware Dev Center no longer signs.',
    contractSection: 'Traps worth a rule, a hover or a test',
    wdk: ['Using the KMDF Co-installer', 'WinUSB Installation', 'INF DDInstall.CoInstallers Section'],
    bad: '[ECHO_Device.NT.CoInstallers]\nAddReg = ECHO_Device_CoInstaller_AddReg\nCopyFiles = ECHO_Device_CoInstaller_CopyFiles\n\n[ECHO_Device_CoInstaller_AddReg]\nHKR,,CoInstallers32,0x00010000,"WdfCoInstaller01011.dll,WdfCoInstaller"\n\n[ECHO_Device_CoInstaller_CopyFiles]\nWdfCoInstaller01011.dll',
    good: '[ECHO_Device.NT.Wdf]\nKmdfService = ECHO, ECHO_wdfsect\n\n[ECHO_wdfsect]\nKmdfLibraryVersion = $KMDFVERSION$',
    quickFix: 'Removes the line of a file list that copies the co-installer.',
  },
  check({ inf, text }, report) {
    const index = infIndex(inf);
    const reported = new Set<string>();
    const once = (range: Range) => {
      const key = `${range.start.line}:${range.start.character}`;
      if (reported.has(key)) return false;
      reported.add(key);
      return true;
    };
    for (const r of listInstallerRegistrations(inf)) {
      const known = obsoleteCoInstaller(baseFileName(r.dll));
      if (!known || !once(r.dllRange)) continue;
      report({
        range: r.dllRange,
        message: `${bracket(r.line.section.name)} registers ${r.dll}, ${known.label}: it ${known.summary}. Remove the registration.`,
      });
    }
    const lines = splitLines(text);
    // copiedFiles merges same-named sections: ask once per name, not once per section.
    const namesSeen = new Set<string>();
    for (const section of inf.sections) {
      if (namesSeen.has(section.name.toLowerCase())) continue;
      namesSeen.add(section.name.toLowerCase());
      for (const copied of copiedFiles(index, section.name)) {
        const known = obsoleteCoInstaller(copied.fileName);
        if (!known || !once(copied.value.range)) continue;
        const entry = copied.listSection ? index.entries(copied.listSection).find((e) => (e.key ?? e.values[0]) === copied.value) : undefined;
        const where = copied.listSection ? bracket(copied.listSection) : `CopyFiles in ${bracket(section.name)}`;
        report({
          range: copied.value.range,
          message: `${where} copies ${copied.fileName}, ${known.label}: it ${known.summary}. Remove the copy.`,
          fixes: entry
            ? [{ title: `Remove ${copied.fileName} from ${where}`, edits: [deleteLines(entry.range.start.line, entry.range.end.line, lines.length, lines[lines.length - 1].length)] }]
            : undefined,
        });
      }
    }
  },
};
