/**
 * The one knowledge catalogue: every DIF code, device-install flag and return code the rules, hovers,
 * snippets and rule docs talk about, with values as in setupapi.h / winerror.h and meanings taken from
 * docs/finish-install-contract.md (the "Constants", "The protocol" and "Return codes" sections).
 * Nothing else in the project spells these values or meanings out again.
 */
import type { InstallerKind } from './types';

export const CONTRACT_DOC = 'docs/finish-install-contract.md';

export interface DifCode {
  name: string;
  value: number;
  summary: string;
}

const difTable: Array<[string, number]> = [
  ['DIF_SELECTDEVICE', 0x01],
  ['DIF_INSTALLDEVICE', 0x02],
  ['DIF_ASSIGNRESOURCES', 0x03],
  ['DIF_PROPERTIES', 0x04],
  ['DIF_REMOVE', 0x05],
  ['DIF_FIRSTTIMESETUP', 0x06],
  ['DIF_FOUNDDEVICE', 0x07],
  ['DIF_SELECTCLASSDRIVERS', 0x08],
  ['DIF_VALIDATECLASSDRIVERS', 0x09],
  ['DIF_INSTALLCLASSDRIVERS', 0x0a],
  ['DIF_CALCDISKSPACE', 0x0b],
  ['DIF_DESTROYPRIVATEDATA', 0x0c],
  ['DIF_VALIDATEDRIVER', 0x0d],
  ['DIF_DETECT', 0x0f],
  ['DIF_INSTALLWIZARD', 0x10],
  ['DIF_DESTROYWIZARDDATA', 0x11],
  ['DIF_PROPERTYCHANGE', 0x12],
  ['DIF_ENABLECLASS', 0x13],
  ['DIF_DETECTVERIFY', 0x14],
  ['DIF_INSTALLDEVICEFILES', 0x15],
  ['DIF_UNREMOVE', 0x16],
  ['DIF_SELECTBESTCOMPATDRV', 0x17],
  ['DIF_ALLOW_INSTALL', 0x18],
  ['DIF_REGISTERDEVICE', 0x19],
  ['DIF_NEWDEVICEWIZARD_PRESELECT', 0x1a],
  ['DIF_NEWDEVICEWIZARD_SELECT', 0x1b],
  ['DIF_NEWDEVICEWIZARD_PREANALYZE', 0x1c],
  ['DIF_NEWDEVICEWIZARD_POSTANALYZE', 0x1d],
  ['DIF_NEWDEVICEWIZARD_FINISHINSTALL', 0x1e],
  ['DIF_INSTALLINTERFACES', 0x20],
  ['DIF_DETECTCANCEL', 0x21],
  ['DIF_REGISTER_COINSTALLERS', 0x22],
  ['DIF_ADDPROPERTYPAGE_ADVANCED', 0x23],
  ['DIF_ADDPROPERTYPAGE_BASIC', 0x24],
  ['DIF_TROUBLESHOOTER', 0x26],
  ['DIF_POWERMESSAGEWAKE', 0x27],
  ['DIF_ADDREMOTEPROPERTYPAGE_ADVANCED', 0x28],
  ['DIF_UPDATEDRIVER_UI', 0x29],
  ['DIF_FINISHINSTALL_ACTION', 0x2a],
];

const difSummaries: Record<string, string> = {
  DIF_NEWDEVICEWIZARD_FINISHINSTALL:
    'Sent after DIF_INSTALLDEVICE succeeds, before the wizard\'s finish page. An installer with finish-install work checks whether it is really needed and, only then, sets DI_FLAGSEX_FINISHINSTALL_ACTION in FlagsEx and saves the device install params; it may also add finish-install wizard pages.',
  DIF_FINISHINSTALL_ACTION:
    'Sent later, in an interactive administrator context, to every installer of a device that had DI_FLAGSEX_FINISHINSTALL_ACTION set. The installer does its finish-install work here, waits for it to finish and tells the user the outcome. Since Windows 8 it runs only when the user chooses "Finish installing device software", and only once.',
  DIF_INSTALLDEVICE: 'Install the selected driver on the device.',
  DIF_REMOVE: 'Remove the device.',
  DIF_SELECTDEVICE: 'Select a driver for the device.',
  DIF_PROPERTYCHANGE: 'The device is being enabled, disabled, stopped, started or its properties changed.',
  DIF_ADDPROPERTYPAGE_ADVANCED: 'Add custom property pages to the device\'s properties dialog.',
  DIF_DESTROYPRIVATEDATA: 'Free any private data the installer keeps for the device.',
};

export const DIF_CODES: readonly DifCode[] = difTable.map(([name, value]) => ({
  name,
  value,
  summary: difSummaries[name] ?? 'A device installation function code (setupapi.h).',
}));

export const DIF_NEWDEVICEWIZARD_FINISHINSTALL = 'DIF_NEWDEVICEWIZARD_FINISHINSTALL';
export const DIF_FINISHINSTALL_ACTION = 'DIF_FINISHINSTALL_ACTION';

/** Which SP_DEVINSTALL_PARAMS field a flag belongs in. */
export type FlagField = 'Flags' | 'FlagsEx';

export interface DeviceInstallFlag {
  name: string;
  value: number;
  field: FlagField;
  summary: string;
}

export const DEVICE_INSTALL_FLAGS: readonly DeviceInstallFlag[] = [
  {
    name: 'DI_FLAGSEX_FINISHINSTALL_ACTION',
    value: 0x00000008,
    field: 'FlagsEx',
    summary:
      'A FlagsEx bit of SP_DEVINSTALL_PARAMS (Windows Vista and later). Set while handling DIF_NEWDEVICEWIZARD_FINISHINSTALL, and saved with SetupDiSetDeviceInstallParams, it makes Windows send DIF_FINISHINSTALL_ACTION later. In Flags the same bit is DI_NOVCP.',
  },
  {
    name: 'DI_NEEDREBOOT',
    value: 0x00000100,
    field: 'Flags',
    summary:
      'A Flags bit (not FlagsEx) of SP_DEVINSTALL_PARAMS: asks Windows to restart the machine. An installer sets it instead of restarting Windows itself.',
  },
  {
    name: 'DI_NEEDRESTART',
    value: 0x00000080,
    field: 'Flags',
    summary: 'A Flags bit of SP_DEVINSTALL_PARAMS: the device must be restarted for changes to take effect.',
  },
  {
    name: 'DI_NOVCP',
    value: 0x00000008,
    field: 'Flags',
    summary:
      'A Flags bit of SP_DEVINSTALL_PARAMS (use the caller-supplied file queue). It is the same bit as DI_FLAGSEX_FINISHINSTALL_ACTION: writing the finish-install flag into Flags sets DI_NOVCP instead.',
  },
];

export const FINISHINSTALL_FLAG = 'DI_FLAGSEX_FINISHINSTALL_ACTION';
/** The WDK page that misspells the flag made this name appear in real code. */
export const FINISHINSTALL_FLAG_MISSPELLINGS = ['DIF_FLAGSEX_FINISHINSTALL_ACTION'];

/** What kind of thing a returned constant is, as far as the Win32-error contract is concerned. */
export type ReturnCodeFamily = 'win32' | 'setupapi' | 'bool' | 'hresult';

export interface ReturnCode {
  name: string;
  value: number;
  family: ReturnCodeFamily;
  summary: string;
}

const ERROR_DI_DO_DEFAULT_VALUE = 0xe000020e;
const ERROR_DI_POSTPROCESSING_REQUIRED_VALUE = 0xe0000226;

export const RETURN_CODES: readonly ReturnCode[] = [
  { name: 'NO_ERROR', value: 0, family: 'win32', summary: 'Success (0).' },
  { name: 'ERROR_SUCCESS', value: 0, family: 'win32', summary: 'Success (0), the same value as NO_ERROR.' },
  {
    name: 'ERROR_DI_DO_DEFAULT',
    value: ERROR_DI_DO_DEFAULT_VALUE,
    family: 'setupapi',
    summary:
      'APPLICATION_ERROR_MASK | ERROR_SEVERITY_ERROR | 0x20E: "let Windows do its default processing". Only class installers return it; it carries the error-severity bits, so code that treats "non-zero" as failure misreads it.',
  },
  {
    name: 'ERROR_DI_POSTPROCESSING_REQUIRED',
    value: ERROR_DI_POSTPROCESSING_REQUIRED_VALUE,
    family: 'setupapi',
    summary:
      'APPLICATION_ERROR_MASK | ERROR_SEVERITY_ERROR | 0x226: a co-installer asks to be called again, with Context->PostProcessing TRUE, after the class installer and default handler ran. Class installers never return it.',
  },
  { name: 'ERROR_DI_NOFILECOPY', value: 0xe000020f, family: 'setupapi', summary: 'Skip the file copy (DIF_INSTALLDEVICEFILES only).' },
  { name: 'ERROR_INVALID_FUNCTION', value: 1, family: 'win32', summary: 'A Win32 error (1). Also what TRUE means when returned as a Win32 code.' },
  { name: 'ERROR_FILE_NOT_FOUND', value: 2, family: 'win32', summary: 'A Win32 error (2).' },
  { name: 'ERROR_ACCESS_DENIED', value: 5, family: 'win32', summary: 'A Win32 error (5).' },
  { name: 'ERROR_INVALID_HANDLE', value: 6, family: 'win32', summary: 'A Win32 error (6).' },
  { name: 'ERROR_NOT_ENOUGH_MEMORY', value: 8, family: 'win32', summary: 'A Win32 error (8).' },
  { name: 'ERROR_OUTOFMEMORY', value: 14, family: 'win32', summary: 'A Win32 error (14).' },
  { name: 'ERROR_GEN_FAILURE', value: 31, family: 'win32', summary: 'A Win32 error (31).' },
  { name: 'ERROR_NOT_SUPPORTED', value: 50, family: 'win32', summary: 'A Win32 error (50).' },
  { name: 'ERROR_INVALID_PARAMETER', value: 87, family: 'win32', summary: 'A Win32 error (87).' },
  { name: 'ERROR_INSUFFICIENT_BUFFER', value: 122, family: 'win32', summary: 'A Win32 error (122).' },
  { name: 'ERROR_NO_MORE_ITEMS', value: 259, family: 'win32', summary: 'A Win32 error (259).' },
  { name: 'ERROR_CANCELLED', value: 1223, family: 'win32', summary: 'A Win32 error (1223): the user cancelled.' },
  { name: 'ERROR_NOT_FOUND', value: 1168, family: 'win32', summary: 'A Win32 error (1168).' },
  { name: 'ERROR_SUCCESS_REBOOT_REQUIRED', value: 3010, family: 'win32', summary: 'A Win32 error code (3010); Windows treats it as a failure here. Set DI_NEEDREBOOT instead.' },
  { name: 'TRUE', value: 1, family: 'bool', summary: 'A BOOL (1). Returned as a Win32 code it means ERROR_INVALID_FUNCTION.' },
  { name: 'FALSE', value: 0, family: 'bool', summary: 'A BOOL (0). Returned as a Win32 code it happens to mean NO_ERROR.' },
  { name: 'S_OK', value: 0, family: 'hresult', summary: 'An HRESULT (0), not a Win32 error code.' },
  { name: 'S_FALSE', value: 1, family: 'hresult', summary: 'An HRESULT (1); as a Win32 code it means ERROR_INVALID_FUNCTION.' },
  { name: 'E_FAIL', value: 0x80004005, family: 'hresult', summary: 'An HRESULT, not a Win32 error code.' },
  { name: 'E_OUTOFMEMORY', value: 0x8007000e, family: 'hresult', summary: 'An HRESULT, not a Win32 error code.' },
  { name: 'E_INVALIDARG', value: 0x80070057, family: 'hresult', summary: 'An HRESULT, not a Win32 error code.' },
  { name: 'E_NOTIMPL', value: 0x80004001, family: 'hresult', summary: 'An HRESULT, not a Win32 error code.' },
  { name: 'E_UNEXPECTED', value: 0x8000ffff, family: 'hresult', summary: 'An HRESULT, not a Win32 error code.' },
  { name: 'E_ACCESSDENIED', value: 0x80070005, family: 'hresult', summary: 'An HRESULT, not a Win32 error code.' },
];

export const NO_ERROR = 0;
export const ERROR_DI_DO_DEFAULT = ERROR_DI_DO_DEFAULT_VALUE;
export const ERROR_DI_POSTPROCESSING_REQUIRED = ERROR_DI_POSTPROCESSING_REQUIRED_VALUE;

/** Names that the Windows headers define as plain numbers, used when a value is spelled by name. */
export const OTHER_CONSTANTS: Record<string, number> = {
  APPLICATION_ERROR_MASK: 0x20000000,
  ERROR_SEVERITY_ERROR: 0xc0000000,
  ERROR_SEVERITY_WARNING: 0x80000000,
  MAX_INSTALLWIZARD_DYNAPAGES: 20,
};

/** Functions whose result is a BOOL or an HRESULT, so returning it as-is is not a Win32 code. */
export const BOOL_RETURNING_CALLS = /* BOOL SetupDi* and friends */ new Set([
  'SetupDiGetDeviceInstallParams', 'SetupDiGetDeviceInstallParamsW', 'SetupDiGetDeviceInstallParamsA',
  'SetupDiSetDeviceInstallParams', 'SetupDiSetDeviceInstallParamsW', 'SetupDiSetDeviceInstallParamsA',
  'SetupDiGetClassInstallParams', 'SetupDiGetClassInstallParamsW', 'SetupDiGetClassInstallParamsA',
  'SetupDiSetClassInstallParams', 'SetupDiSetClassInstallParamsW', 'SetupDiSetClassInstallParamsA',
  'SetupDiCallClassInstaller', 'CreateProcessW', 'CreateProcessA', 'CreateProcess', 'ShellExecuteExW',
  'ShellExecuteExA', 'ShellExecuteEx', 'CloseHandle', 'ExitWindowsEx',
]);
export const HRESULT_MACROS = new Set(['HRESULT_FROM_WIN32', 'MAKE_HRESULT', 'HRESULT_FROM_SETUPAPI']);
/** Win32 APIs that return the calling thread's last error; used after a failed call, so not NO_ERROR. */
export const LAST_ERROR_CALLS = new Set(['GetLastError']);

/** The SetupAPI calls that read and write SP_DEVINSTALL_PARAMS (second argument: the params). */
export const GET_INSTALL_PARAMS = new Set(['SetupDiGetDeviceInstallParams', 'SetupDiGetDeviceInstallParamsW', 'SetupDiGetDeviceInstallParamsA']);
export const SET_INSTALL_PARAMS = new Set(['SetupDiSetDeviceInstallParams', 'SetupDiSetDeviceInstallParamsW', 'SetupDiSetDeviceInstallParamsA']);
/** Calls through which a finish-install wizard page is handed to Windows. */
export const WIZARD_PAGE_CALLS = new Set(['SetupDiSetClassInstallParams', 'SetupDiSetClassInstallParamsW', 'SetupDiSetClassInstallParamsA']);
export const WIZARD_PAGE_FIELDS = new Set(['DynamicPages', 'NumDynamicPages']);

/** Calls that start another process, and the calls that wait for one. */
export const PROCESS_START_CALLS = new Set([
  'CreateProcess', 'CreateProcessW', 'CreateProcessA', 'CreateProcessAsUser', 'CreateProcessAsUserW', 'CreateProcessAsUserA',
  'ShellExecute', 'ShellExecuteW', 'ShellExecuteA', 'ShellExecuteEx', 'ShellExecuteExW', 'ShellExecuteExA',
  'WinExec', '_spawnl', '_spawnv', '_wspawnl', '_wspawnv',
]);
export const PROCESS_WAIT_CALLS = new Set([
  'WaitForSingleObject', 'WaitForSingleObjectEx', 'WaitForMultipleObjects', 'WaitForMultipleObjectsEx',
  'MsgWaitForMultipleObjects', 'MsgWaitForMultipleObjectsEx', 'system', '_wsystem',
]);
/** Calls with which an installer restarts Windows itself. */
export const RESTART_CALLS = new Set([
  'ExitWindowsEx', 'InitiateSystemShutdown', 'InitiateSystemShutdownW', 'InitiateSystemShutdownA',
  'InitiateSystemShutdownEx', 'InitiateSystemShutdownExW', 'InitiateSystemShutdownExA',
  'InitiateShutdown', 'InitiateShutdownW', 'InitiateShutdownA',
]);

/** The parameter types that make a function an installer entry point (contract: "Who is who"). */
export const ENTRY_POINT_PARAM_TYPES = ['DI_FUNCTION', 'HDEVINFO', 'PSP_DEVINFO_DATA'] as const;
export const COINSTALLER_CONTEXT_TYPE = 'PCOINSTALLER_CONTEXT_DATA';
export const COINSTALLER_CONTEXT_FIELDS = { postProcessing: 'PostProcessing', installResult: 'InstallResult' } as const;

/** Default entry-point names used when an INF registration names none. */
export const DEFAULT_ENTRY_POINT: Record<InstallerKind, string> = {
  'class-installer': 'ClassInstall',
  'co-installer': 'CoDeviceInstall',
};

export const KIND_LABEL: Record<InstallerKind, string> = {
  'class-installer': 'class installer',
  'co-installer': 'co-installer',
};

// ---- Lookups ----------------------------------------------------------------------------------

const difByName = new Map(DIF_CODES.map((d) => [d.name, d]));
const difByValue = new Map(DIF_CODES.map((d) => [d.value, d]));
const returnByName = new Map(RETURN_CODES.map((r) => [r.name, r]));
const flagByName = new Map(DEVICE_INSTALL_FLAGS.map((f) => [f.name, f]));

export function difByNameOrUndefined(name: string): DifCode | undefined {
  return difByName.get(name);
}
export function difNameOf(value: number): string | undefined {
  return difByValue.get(value)?.name;
}
export function returnCode(name: string): ReturnCode | undefined {
  return returnByName.get(name);
}
export function deviceInstallFlag(name: string): DeviceInstallFlag | undefined {
  return flagByName.get(name) ?? (FINISHINSTALL_FLAG_MISSPELLINGS.includes(name) ? flagByName.get(FINISHINSTALL_FLAG) : undefined);
}

/** The numeric value of any name the catalogue knows (DIF code, flag, return code, helper constant). */
export function constantValue(name: string): number | undefined {
  return (
    difByName.get(name)?.value ??
    returnByName.get(name)?.value ??
    deviceInstallFlag(name)?.value ??
    OTHER_CONSTANTS[name]
  );
}

/** The best-known name for a returned value (for messages about literal numbers). */
export function returnCodeName(value: number): string {
  if (value === 0) return 'NO_ERROR';
  const code = RETURN_CODES.find((r) => r.value === value && (r.family === 'win32' || r.family === 'setupapi'));
  return code ? code.name : formatHex(value);
}

export function formatHex(value: number): string {
  return '0x' + (value >>> 0).toString(16).toUpperCase().padStart(value > 0xffff ? 8 : 2, '0');
}

// ---- The return-code contract ("Return codes" section) -------------------------------------------

/** Which family of DIF handler a return is read against. */
export type HandlerRole = 'wizard-finishinstall' | 'finishinstall-action' | 'unhandled' | 'other-handled';

export function handlerRole(dif: string | undefined, handled: boolean): HandlerRole {
  if (dif === DIF_NEWDEVICEWIZARD_FINISHINSTALL) return 'wizard-finishinstall';
  if (dif === DIF_FINISHINSTALL_ACTION) return 'finishinstall-action';
  return handled ? 'other-handled' : 'unhandled';
}

/** Abstract return classes: every returned value falls in exactly one. */
export type ReturnClass = 'no-error' | 'do-default' | 'postprocessing-required' | 'win32-error' | 'not-win32';

export function classifyReturnValue(value: number, family: ReturnCodeFamily = 'win32'): ReturnClass {
  if (family === 'bool' || family === 'hresult') return 'not-win32';
  if (value === 0) return 'no-error';
  if (value >>> 0 === ERROR_DI_DO_DEFAULT_VALUE) return 'do-default';
  if (value >>> 0 === ERROR_DI_POSTPROCESSING_REQUIRED_VALUE) return 'postprocessing-required';
  return 'win32-error';
}

/**
 * What returning a value of the given class means, for this kind of installer in this handler, and what
 * Windows does next. The single source for hover text, rule messages and rule docs.
 */
export function returnMeaning(kind: InstallerKind, role: HandlerRole, cls: ReturnClass): { ok: boolean; text: string } {
  const co = kind === 'co-installer';
  switch (cls) {
    case 'not-win32':
      return { ok: false, text: 'not a Win32 error code: Windows reads the number as one (TRUE and S_FALSE are 1, ERROR_INVALID_FUNCTION; an HRESULT is a failure code it does not understand).' };
    case 'postprocessing-required':
      return co
        ? { ok: true, text: 'asks Windows to call this co-installer again, with Context->PostProcessing TRUE, after the class installer and the default handler have run.' }
        : { ok: false, text: 'is never valid from a class installer: only co-installers can ask for post-processing, and Windows treats it as a failure.' };
    case 'do-default':
      if (co) return { ok: false, text: 'is never set by a co-installer (it may only pass on Context->InstallResult in post-processing); Windows treats it as a failure of the installation.' };
      switch (role) {
        case 'wizard-finishinstall':
          return { ok: true, text: 'tells Windows the class installer supplied no finish-install wizard pages; Windows goes on with its default processing.' };
        case 'finishinstall-action':
          return { ok: true, text: 'tells Windows the finish-install action is done, had nothing to do, or can never succeed; Windows runs the default action.' };
        default:
          return { ok: true, text: 'lets Windows run the default handler for this DIF code.' };
      }
    case 'no-error':
      if (co) {
        switch (role) {
          case 'wizard-finishinstall':
            return { ok: true, text: 'tells Windows the co-installer handled DIF_NEWDEVICEWIZARD_FINISHINSTALL; installation goes on.' };
          case 'finishinstall-action':
            return { ok: true, text: 'tells Windows the finish-install action is done, had nothing to do, or can never succeed; it is not run again.' };
          default:
            return { ok: true, text: 'tells Windows the co-installer succeeded; Windows goes on to the next installer.' };
        }
      }
      switch (role) {
        case 'wizard-finishinstall':
          return { ok: true, text: 'tells Windows the class installer supplied finish-install wizard pages (without pages, return ERROR_DI_DO_DEFAULT).' };
        case 'finishinstall-action':
          return { ok: false, text: 'suppresses Windows\' default processing of DIF_FINISHINSTALL_ACTION; a class installer should return ERROR_DI_DO_DEFAULT when the action is done.' };
        case 'unhandled':
          return { ok: false, text: 'tells Windows the class installer fully handled the DIF code, so its default handler does not run; return ERROR_DI_DO_DEFAULT for codes it does not handle.' };
        default:
          return { ok: true, text: 'tells Windows the class installer handled the DIF code itself; the default handler does not run.' };
      }
    case 'win32-error':
      if (role === 'finishinstall-action') {
        return { ok: true, text: 'a Win32 error: the finish-install action failed, try again later. Before Windows 8 the device stays flagged and the action is retried at the next enumeration; since Windows 8 it runs once and the failure is silent, so tell the user.' };
      }
      return { ok: true, text: 'a Win32 error: Windows treats the installation step as failed.' };
  }
}

/** The return value the contract expects where an installer has nothing to do. */
export function expectedDefaultReturn(kind: InstallerKind): string {
  return kind === 'co-installer' ? 'NO_ERROR' : 'ERROR_DI_DO_DEFAULT';
}
