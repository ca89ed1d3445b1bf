/**
 * The INF snippets of snippets/inf.json: a [ClassInstall32] that registers a class installer and a
 * [DDInstall.CoInstallers] that registers a device co-installer, each with the CopyFiles that installs
 * the DLL. Written from the catalogue so that the flags and default entry names are spelled once;
 * snippets/inf.json is generated from here
 * (`node -e "process.stdout.write(require('./server/out/engine/inf/snippets').infSnippetFileText())" > snippets/inf.json`)
 * and a test keeps the two equal.
 */
import {
  CLASS_INSTALL_SECTION,
  COINSTALLERS32_VALUE,
  COINSTALLERS_SECTION_SUFFIX,
  DEFAULT_ENTRY_POINT,
  DEVICE_COINSTALLER_FLAGS,
  formatAddRegFlags,
  INSTALLER32_VALUE,
  LEGACY_INSTALLER_REPLACEMENTS,
  SYSTEM32_DIRID,
} from '../catalogue';

export interface InfSnippet {
  prefix: string[];
  body: string[];
  description: string;
}

const legacyNote = `Legacy: universal / Windows Driver packages use ${LEGACY_INSTALLER_REPLACEMENTS} instead.`;

export function infSnippetFile(): Record<string, InfSnippet> {
  return {
    'ClassInstall32 with a class installer': {
      prefix: ['classinstall32', 'inf-class-installer'],
      body: [
        `[${CLASS_INSTALL_SECTION}]`,
        'AddReg    = ${1:MyClass}_Class_AddReg',
        'CopyFiles = ${1}_ClassInstaller_CopyFiles',
        '',
        '[${1}_Class_AddReg]',
        'HKR,,,0,"${2:My Device Class}"',
        `HKR,,${INSTALLER32_VALUE},,"\${3:myclassinst.dll},\${4:${DEFAULT_ENTRY_POINT['class-installer']}}"`,
        'HKR,,Icon,,"-5"',
        '',
        '[${1}_ClassInstaller_CopyFiles]',
        '${3}',
        '',
        '[DestinationDirs]',
        `\${1}_ClassInstaller_CopyFiles = ${SYSTEM32_DIRID}`,
        '$0',
      ],
      description: `Installs a new device setup class with a class installer: ${INSTALLER32_VALUE} is REG_SZ "dll,entry" (entry defaults to ${DEFAULT_ENTRY_POINT['class-installer']}), and the same section copies the DLL to System32. ${legacyNote}`,
    },
    'DDInstall.CoInstallers with a device co-installer': {
      prefix: ['coinstallers', 'inf-co-installer'],
      body: [
        `[\${1:MyDevice_Install}.\${2:NTamd64}.${COINSTALLERS_SECTION_SUFFIX}]`,
        'AddReg    = ${1}_CoInstaller_AddReg',
        'CopyFiles = ${1}_CoInstaller_CopyFiles',
        '',
        '[${1}_CoInstaller_AddReg]',
        `HKR,,${COINSTALLERS32_VALUE},${formatAddRegFlags(DEVICE_COINSTALLER_FLAGS)},"\${3:mycoinst.dll},\${4:${DEFAULT_ENTRY_POINT['co-installer']}}"`,
        '',
        '[${1}_CoInstaller_CopyFiles]',
        '${3}',
        '',
        '[DestinationDirs]',
        `\${1}_CoInstaller_CopyFiles = ${SYSTEM32_DIRID}`,
        '$0',
      ],
      description: `Registers a device-specific co-installer: ${COINSTALLERS32_VALUE} is REG_MULTI_SZ (${formatAddRegFlags(DEVICE_COINSTALLER_FLAGS)}) of "dll,entry" strings (entry defaults to ${DEFAULT_ENTRY_POINT['co-installer']}), and the same section copies the DLL to System32. Add one for every platform variant of the DDInstall section. ${legacyNote}`,
    },
  };
}

export function infSnippetFileText(): string {
  return JSON.stringify(infSnippetFile(), null, 2) + '\n';
}
