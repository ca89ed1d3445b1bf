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
/** The SP_DEVINSTALL_PARAMS members that hold device-install flags. */
export const FLAG_FIELDS: readonly FlagField[] = ['Flags', 'FlagsEx'];

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
/**
 * Macros that only tell the compiler a name is unused (winnt.h, MFC): they expand to nothing that runs,
 * so passing the device to one passes it nowhere.
 */
export const NO_OP_MACROS = new Set([
  'UNREFERENCED_PARAMETER', 'UNREFERENCED_LOCAL_VARIABLE', 'DBG_UNREFERENCED_PARAMETER', 'DBG_UNREFERENCED_LOCAL_VARIABLE',
  'UNUSED_PARAMETER', 'UNUSED_ALWAYS', 'UNUSED', '__noop',
]);
/** Macros that test an HRESULT: an error check, not a decision about finish-install work. */
export const HRESULT_TESTS = new Set(['FAILED', 'SUCCEEDED']);

/** SetupAPI and configuration-manager functions: documented, so what they do is known. */
export function isSetupApiFunction(name: string): boolean {
  return name.startsWith('SetupDi') || name.startsWith('CM_');
}

/** Documented Windows functions and macros the catalogue names: C, so none binds an argument to a C++ reference. */
export function isDocumentedWindowsApi(name: string): boolean {
  return (
    isSetupApiFunction(name) ||
    BOOL_RETURNING_CALLS.has(name) ||
    NO_OP_MACROS.has(name) ||
    HRESULT_MACROS.has(name) ||
    HRESULT_TESTS.has(name) ||
    LAST_ERROR_CALLS.has(name) ||
    ZERO_MEMORY_CALLS.has(name)
  );
}

/** The device-install parameters: their type, the member that must hold their size, and what clears it. */
export const INSTALL_PARAMS_TYPE = 'SP_DEVINSTALL_PARAMS';
/** SP_DEVINSTALL_PARAMS, its _A/_W forms and their pointer types (PSP_DEVINSTALL_PARAMS...). */
export function isInstallParamsType(typeText: string): boolean {
  return typeText.includes(INSTALL_PARAMS_TYPE);
}
export const INSTALL_PARAMS_SIZE_FIELD = 'cbSize';
export const ZERO_MEMORY_CALLS = new Set(['ZeroMemory', 'RtlZeroMemory', 'memset', 'SecureZeroMemory']);

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
/** DI_FUNCTION's underlying types: with the context parameter beside it, a co-installer may declare its code so. */
export const DIF_PARAM_PLAIN_TYPES: ReadonlySet<string> = new Set(['UINT', 'DWORD']);
export const COINSTALLER_CONTEXT_STRUCT = 'COINSTALLER_CONTEXT_DATA';
export const COINSTALLER_CONTEXT_TYPE = `P${COINSTALLER_CONTEXT_STRUCT}`;
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
 * A class installer's DIF_NEWDEVICEWIZARD_FINISHINSTALL return that contradicts what its path did with
 * wizard pages (NO_ERROR means "I supplied pages"): what is wrong and what to return instead; undefined
 * when the return fits (or whether pages were added is not known).
 */
export function wizardPagesMismatch(cls: ReturnClass, pagesAdded: 'yes' | 'no' | 'maybe'): { problem: string; expected: string } | undefined {
  if (cls === 'no-error' && pagesAdded === 'no') {
    return {
      expected: 'ERROR_DI_DO_DEFAULT',
      problem: 'without adding wizard pages: Windows takes NO_ERROR to mean the class installer supplied finish-install pages, and skips its default processing',
    };
  }
  if (cls === 'do-default' && pagesAdded === 'yes') {
    return { expected: 'NO_ERROR', problem: 'after adding wizard pages: ERROR_DI_DO_DEFAULT tells Windows the class installer supplied none' };
  }
  return undefined;
}

/** How a return class is named in one line (code lenses): the constant, or what the value is. */
export const RETURN_CLASS_LABEL: Record<ReturnClass, string> = {
  'no-error': 'NO_ERROR',
  'do-default': 'ERROR_DI_DO_DEFAULT',
  'postprocessing-required': 'ERROR_DI_POSTPROCESSING_REQUIRED',
  'win32-error': 'Win32 error',
  'not-win32': 'not a Win32 code',
};

export interface ReturnMeaning {
  ok: boolean;
  /** The whole sentence (hovers, rule messages and docs). */
  text: string;
  /** The same in a few words (code lenses). */
  short: string;
}

/**
 * What returning a value of the given class means, for this kind of installer in this handler, and what
 * Windows does next. The single source for hover text, rule messages, rule docs and code lenses.
 */
export function returnMeaning(kind: InstallerKind, role: HandlerRole, cls: ReturnClass): ReturnMeaning {
  const co = kind === 'co-installer';
  switch (cls) {
    case 'not-win32':
      return { ok: false, text: 'is not a Win32 error code: Windows reads the number as one (TRUE and S_FALSE are 1, ERROR_INVALID_FUNCTION; an HRESULT is a failure code it does not understand).', short: 'not a Win32 code' };
    case 'postprocessing-required':
      return co
        ? { ok: true, text: 'asks Windows to call this co-installer again, with Context->PostProcessing TRUE, after the class installer and the default handler have run.', short: 'called again in post-processing' }
        : { ok: false, text: 'is never valid from a class installer: only co-installers can ask for post-processing, and Windows treats it as a failure.', short: 'failure' };
    case 'do-default':
      if (co) return { ok: false, text: 'is never set by a co-installer (it may only pass on Context->InstallResult in post-processing); Windows treats it as a failure of the installation.', short: 'failure' };
      switch (role) {
        case 'wizard-finishinstall':
          return { ok: true, text: 'tells Windows the class installer supplied no finish-install wizard pages; Windows goes on with its default processing.', short: 'no pages' };
        case 'finishinstall-action':
          return { ok: true, text: 'tells Windows the finish-install action is done, had nothing to do, or can never succeed; Windows runs the default action.', short: 'done' };
        default:
          return { ok: true, text: 'lets Windows run the default handler for this DIF code.', short: 'default handler' };
      }
    case 'no-error':
      if (co) {
        switch (role) {
          case 'wizard-finishinstall':
            return { ok: true, text: 'tells Windows the co-installer handled DIF_NEWDEVICEWIZARD_FINISHINSTALL; installation goes on.', short: 'handled' };
          case 'finishinstall-action':
            return { ok: true, text: 'tells Windows the finish-install action is done, had nothing to do, or can never succeed; it is not run again.', short: 'done' };
          default:
            return { ok: true, text: 'tells Windows the co-installer succeeded; Windows goes on to the next installer.', short: 'succeeded' };
        }
      }
      switch (role) {
        case 'wizard-finishinstall':
          return { ok: true, text: 'tells Windows the class installer supplied finish-install wizard pages (without pages, return ERROR_DI_DO_DEFAULT).', short: 'pages supplied' };
        case 'finishinstall-action':
          return { ok: false, text: 'suppresses Windows\' default processing of DIF_FINISHINSTALL_ACTION; a class installer should return ERROR_DI_DO_DEFAULT when the action is done.', short: 'default action suppressed' };
        case 'unhandled':
          return { ok: false, text: 'tells Windows the class installer fully handled the DIF code, so its default handler does not run; return ERROR_DI_DO_DEFAULT for codes it does not handle.', short: 'default handler skipped' };
        default:
          return { ok: true, text: 'tells Windows the class installer handled the DIF code itself; the default handler does not run.', short: 'handled' };
      }
    case 'win32-error':
      if (role === 'finishinstall-action') {
        return { ok: true, text: 'is a failure: the finish-install action failed, try again later. Before Windows 8 the device stays flagged and the action is retried at the next enumeration; since Windows 8 it runs once and the failure is silent, so tell the user.', short: 'retry at next enumeration' };
      }
      return { ok: true, text: 'is a failure: Windows treats the installation step as failed.', short: 'failure' };
  }
}

/** The steps of the finish-install contract an entry point's status line names (code lenses). */
export const FINISH_INSTALL_STEP_LABEL = {
  flagSet: 'flag set',
  saved: 'saved',
  action: 'action',
  waits: 'waits',
} as const;

/** What Windows does after an installer's return (the flow view's outcome boxes; contract: "The protocol", "Return codes"). */
export type WindowsNextStep = 'continue' | 'post-processing' | 'default-processing' | 'done' | 'retry' | 'failed';

export const WINDOWS_NEXT_STEP_LABEL: Record<WindowsNextStep, string> = {
  continue: 'Windows goes on with the next installer',
  'post-processing': 'Windows calls the co-installer again for post-processing',
  'default-processing': 'Windows runs its default processing',
  done: 'Done: the action is not run again',
  retry: 'Failed: retried at the next enumeration (before Windows 8; since then, once and silently)',
  failed: 'Installation failed',
};

/** The step that follows a return of the given class; the same cases as returnMeaning, in one word. */
export function windowsNextStep(kind: InstallerKind, role: HandlerRole, cls: ReturnClass): WindowsNextStep {
  const co = kind === 'co-installer';
  const action = role === 'finishinstall-action';
  switch (cls) {
    case 'not-win32':
      return action ? 'retry' : 'failed';
    case 'postprocessing-required':
      return co ? 'post-processing' : 'failed';
    case 'do-default':
      return co ? 'failed' : 'default-processing';
    case 'no-error':
      return action ? 'done' : 'continue';
    case 'win32-error':
      return action ? 'retry' : 'failed';
  }
}

/** The return value the contract expects where an installer has nothing to do. */
export function expectedDefaultReturn(kind: InstallerKind): string {
  return kind === 'co-installer' ? 'NO_ERROR' : 'ERROR_DI_DO_DEFAULT';
}


// =================================================================================================
// ---- INF side (contract: "Who is who", "INF side" and the INF items under "Traps") ---------------
// Registry flags as in setupapi.h; setup-class GUIDs as in devguid.h; InfVerif codes as in the WDK
// page "INF Validation Errors and Warnings". Only INF rules, the INF parser and the INF hovers use
// this part.
// =================================================================================================

/** What the INF sections with fixed names are for (WDK "INF File Sections and Directives"); keys in lower case. */
export const INF_SECTION_PURPOSE: Record<string, string> = {
  version: 'the INF\'s header: its signature, setup class (Class, ClassGuid), provider, catalog file and driver version.',
  manufacturer: 'lists the manufacturers and, for each, the Models section(s) (per platform) that name the devices this INF installs.',
  strings: 'defines the %tokens% the other sections use (this section: the default locale).',
  sourcedisksnames: 'names the distribution disks (the driver package) the files are copied from.',
  sourcedisksfiles: 'says on which disk of [SourceDisksNames] each file of the package is.',
  destinationdirs: 'says into which directory (a DIRID and subdirectory) each CopyFiles list is copied.',
  classinstall32: 'installs a new device setup class: its registry key (AddReg) and its class installer (Installer32), if any. Windows reads it only when the class is not yet installed.',
  defaultinstall: 'what right-click > Install (and rundll32 setupapi,InstallHinfSection) runs; not used for device installation.',
  controlflags: 'tells Windows which devices not to offer in manual installation, and which to install only from this INF.',
};

/** What a section named by each directive holds; keys in lower case. */
export const INF_DIRECTIVE_SECTION_PURPOSE: Record<string, string> = {
  addreg: 'an add-registry section: registry keys and values to write',
  delreg: 'a delete-registry section: registry keys and values to remove',
  copyfiles: 'a file-list section: the files to copy (to the directory [DestinationDirs] gives it)',
  delfiles: 'a file-list section: the files to delete',
  renfiles: 'a file-list section: the files to rename',
  addservice: 'a service-install section: how the service is installed and started',
  addinterface: 'an add-interface section: the device interface\'s registry values',
  include: 'an INF this one pulls sections from',
  needs: 'a section of an included INF that this one runs',
  bitreg: 'a bit-registry section: bits to set or clear in registry values',
  addproperty: 'an add-property section: device properties to set',
};

/** What a section reached from the install structure is for (Models -> DDInstall -> DDInstall.<suffix>). */
export const INF_INSTALL_SECTION_PURPOSE = {
  models: 'a Models section: each line names a device (its hardware IDs) and the DDInstall section that installs it.',
  ddInstall: 'a DDInstall section: what installing the device does (CopyFiles, AddReg, ...); its .HW, .Services and .CoInstallers sections complete it.',
  coInstallers: 'a DDInstall.CoInstallers section: registers the device\'s co-installers (AddReg with CoInstallers32) and copies their DLLs (CopyFiles).',
  hw: 'a DDInstall.HW section: the device\'s hardware key (registry values, filter drivers).',
  services: 'a DDInstall.Services section: the device\'s function driver and other services (AddService).',
} as const;

/** Registry value names and keys through which an INF registers an installer. */
export const INSTALLER32_VALUE = 'Installer32';
export const COINSTALLERS32_VALUE = 'CoInstallers32';
/** Class co-installers: one REG_MULTI_SZ value per setup-class GUID under this HKLM key. */
export const CLASS_COINSTALLERS_KEY = 'System\\CurrentControlSet\\Control\\CoDeviceInstallers';

/** The INF sections that register installers (before any platform decoration). */
export const CLASS_INSTALL_SECTION = 'ClassInstall32';
export const COINSTALLERS_SECTION_SUFFIX = 'CoInstallers';

/** Platform decorations of install sections, in the spelling the WDK uses; matched case-insensitively. */
export const PLATFORM_DECORATIONS = ['NT', 'NTx86', 'NTia64', 'NTamd64', 'NTarm', 'NTarm64'] as const;

/** The decoration stampinf turns into the build's platform when it makes an .inf from an .inx. */
export const STAMPINF_PLATFORM_DECORATION = 'NT$ARCH$';

/** DIRID of %SystemRoot%\\System32, where installer DLLs are copied (WDK: "Installing Co-installer Images"). */
export const SYSTEM32_DIRID = 11;

/** Registry roots an AddReg line may name. */
export const REGISTRY_ROOTS: Record<string, string> = {
  HKR: 'the key relative to what is being installed (for a DDInstall.CoInstallers section, the device\'s software key; for ClassInstall32, the class key)',
  HKLM: 'HKEY_LOCAL_MACHINE',
  HKCU: 'HKEY_CURRENT_USER',
  HKCR: 'HKEY_CLASSES_ROOT',
  HKU: 'HKEY_USERS',
};

export interface AddRegFlag {
  name: string;
  value: number;
  summary: string;
}

/** AddReg flags (setupapi.h FLG_ADDREG_*). The TYPE_* entries are values of the type bits, not single bits. */
export const ADDREG_FLAGS: readonly AddRegFlag[] = [
  { name: 'FLG_ADDREG_BINVALUETYPE', value: 0x00000001, summary: 'The value is binary data (part of the type bits).' },
  { name: 'FLG_ADDREG_NOCLOBBER', value: 0x00000002, summary: 'Do not replace an existing value.' },
  { name: 'FLG_ADDREG_DELVAL', value: 0x00000004, summary: 'Delete the value instead of writing it.' },
  { name: 'FLG_ADDREG_APPEND', value: 0x00000008, summary: 'Append to an existing REG_MULTI_SZ value (only with FLG_ADDREG_TYPE_MULTI_SZ); strings already present are not added twice.' },
  { name: 'FLG_ADDREG_KEYONLY', value: 0x00000010, summary: 'Create the key only; ignore the value.' },
  { name: 'FLG_ADDREG_OVERWRITEONLY', value: 0x00000020, summary: 'Write the value only if it already exists.' },
  { name: 'FLG_ADDREG_64BITKEY', value: 0x00001000, summary: 'Write to the 64-bit registry view.' },
  { name: 'FLG_ADDREG_KEYONLY_COMMON', value: 0x00002000, summary: 'Create the key only (also valid in DelReg).' },
  { name: 'FLG_ADDREG_32BITKEY', value: 0x00004000, summary: 'Write to the 32-bit registry view.' },
  { name: 'FLG_ADDREG_DELREG_BIT', value: 0x00008000, summary: 'Marks a DelReg-style operation.' },
  { name: 'FLG_ADDREG_TYPE_SZ', value: 0x00000000, summary: 'REG_SZ (the default when the flags field is empty).' },
  { name: 'FLG_ADDREG_TYPE_MULTI_SZ', value: 0x00010000, summary: 'REG_MULTI_SZ: every value field after the flags is one string of the list.' },
  { name: 'FLG_ADDREG_TYPE_EXPAND_SZ', value: 0x00020000, summary: 'REG_EXPAND_SZ.' },
  { name: 'FLG_ADDREG_TYPE_BINARY', value: 0x00000001, summary: 'REG_BINARY.' },
  { name: 'FLG_ADDREG_TYPE_DWORD', value: 0x00010001, summary: 'REG_DWORD.' },
  { name: 'FLG_ADDREG_TYPE_NONE', value: 0x00020001, summary: 'REG_NONE.' },
];

/** The bits of AddReg flags that select the value's type (FLG_ADDREG_TYPE_MASK). */
export const FLG_ADDREG_TYPE_MASK = 0xffff0001;
export const FLG_ADDREG_TYPE_MULTI_SZ = 0x00010000;
export const FLG_ADDREG_TYPE_EXPAND_SZ = 0x00020000;
/**
 * Environment variables every Windows sets: an INF token of this name that [Strings] leaves undefined
 * stays as written (setupapi keeps an unknown %token%), so a REG_EXPAND_SZ value still finds the variable.
 */
export const WINDOWS_ENVIRONMENT_VARIABLES: ReadonlySet<string> = new Set(
  ['SystemRoot', 'windir', 'SystemDrive', 'ProgramFiles', 'ProgramFiles(x86)', 'ProgramW6432', 'CommonProgramFiles', 'CommonProgramFiles(x86)', 'ProgramData', 'ALLUSERSPROFILE', 'PUBLIC', 'ComSpec', 'TEMP', 'TMP', 'USERPROFILE', 'APPDATA', 'LOCALAPPDATA'].map((n) => n.toLowerCase()),
);
/**
 * Registry values read as shell icon paths, which expand environment variables whatever the value's
 * type: a setup class's IconPath holds icon resource specifiers in the shell's format, "%SystemRoot%\system32\setupapi.dll,-20"
 * (DEVPKEY_DeviceClass_IconPath). Microsoft's WinUSB INF template writes it with an undefined
 * %systemroot%, which setupapi leaves as written, as meant.
 */
export const SHELL_ICON_PATH_VALUE_NAMES: ReadonlySet<string> = new Set(['iconpath']);
export const FLG_ADDREG_APPEND = 0x00000008;
export const FLG_ADDREG_DELVAL = 0x00000004;
export const FLG_ADDREG_KEYONLY = 0x00000010;

/** Flags a device co-installer registration (CoInstallers32) is written with: REG_MULTI_SZ. */
export const DEVICE_COINSTALLER_FLAGS = FLG_ADDREG_TYPE_MULTI_SZ;
/** Flags a class co-installer registration is written with: REG_MULTI_SZ, appended so others stay. */
export const CLASS_COINSTALLER_FLAGS = FLG_ADDREG_TYPE_MULTI_SZ | FLG_ADDREG_APPEND;

const addRegTypeNames = new Map<number, string>([
  [0x00000000, 'REG_SZ'],
  [0x00010000, 'REG_MULTI_SZ'],
  [0x00020000, 'REG_EXPAND_SZ'],
  [0x00000001, 'REG_BINARY'],
  [0x00010001, 'REG_DWORD'],
  [0x00020001, 'REG_NONE'],
]);

/** AddReg flags the way the WDK writes them: eight hex digits (0x00010000). */
export function formatAddRegFlags(flags: number): string {
  return '0x' + (flags >>> 0).toString(16).toUpperCase().padStart(8, '0');
}

/** The registry type an AddReg flags value writes ("REG_SZ", ...), or a hex type for other type bits. */
export function addRegValueType(flags: number): string {
  const type = (flags & FLG_ADDREG_TYPE_MASK) >>> 0;
  return addRegTypeNames.get(type) ?? `type ${formatHex(type)}`;
}

export function addRegFlag(name: string): AddRegFlag | undefined {
  return ADDREG_FLAGS.find((f) => f.name.toLowerCase() === name.toLowerCase());
}

/** SetupAPI's errors when it cannot load a registered installer or its entry point (setupapi.h). */
export const INSTALLER_LOAD_ERROR: Record<InstallerKind, { name: string; value: number }> = {
  'class-installer': { name: 'ERROR_INVALID_CLASS_INSTALLER', value: 0xe000020d },
  'co-installer': { name: 'ERROR_INVALID_COINSTALLER', value: 0xe0000227 },
};

/** InfVerif codes the INF rules cite. */
export const INFVERIF = {
  sectionNotFound: 1203,
  stringTokenNotDefined: 1235,
  classInstall32ForMicrosoftClass: 1285,
  legacySection: 1300,
  legacyCoInstallerOperation: 1303,
  nonRelativeKey: 1304,
  appendableMultiSz: 1305,
} as const;

/** What replaces class installers and co-installers in Windows 10+ (DCH / Windows Driver) packages. */
export const LEGACY_INSTALLER_REPLACEMENTS =
  'extension INFs for device-specific settings, component INFs with AddSoftware for companion software, and services (or a UWP/hardware support app) for ongoing work';

/** The Windows release since which the Hardware Dev Center no longer signs packages with co-installers. */
export const COINSTALLER_SIGNING_CUTOFF = 'Windows 11 version 22H2';

/**
 * Build-time placeholders that INF templates carry until a tool fills them in: stampinf's `$NAME$` in
 * .inx files ($KMDFCOINSTALLERVERSION$, $ARCH$), configure-style `@NAME@` and the `#NAME#` of
 * generators such as libwdi (contract: "INF: which sections Windows reads"). Not INF syntax.
 */
export const INF_TEMPLATE_PLACEHOLDER = /\$[A-Za-z_][A-Za-z0-9_]*\$|@[A-Za-z_][A-Za-z0-9_]*@|#[A-Za-z_][A-Za-z0-9_]*#/;

export function containsTemplatePlaceholder(text: string): boolean {
  return INF_TEMPLATE_PLACEHOLDER.test(text);
}

/** A co-installer that Microsoft supplies (contract: "INF: which sections Windows reads, and Microsoft's own co-installers"). */
export interface MicrosoftCoInstaller {
  /** Matches the DLL's file name (no directory), with its version number or a template placeholder for it. */
  fileName: RegExp;
  label: string;
  /** Its exported entry point, when the INF must name one (the others use the default CoDeviceInstall). */
  entryPoint?: string;
  /**
   * 'redistributable': the package copies it and Windows 10 and later no longer need it (`summary` says
   * why); 'in-box': it ships with Windows in System32, so the package registers it without copying it.
   */
  shipping: 'redistributable' | 'in-box';
  summary: string;
}

/** The version digits of a redistributable's name, or a template placeholder standing for them. */
const VERSION = String.raw`(?:\d+|[$@#][A-Za-z_][A-Za-z0-9_]*[$@#])?`;

export const MICROSOFT_COINSTALLERS: readonly MicrosoftCoInstaller[] = [
  {
    fileName: new RegExp(`^WdfCoInstaller${VERSION}\\.dll$`, 'i'),
    label: 'the KMDF co-installer',
    entryPoint: 'WdfCoInstaller',
    shipping: 'redistributable',
    summary: 'installs or updates the kernel-mode driver framework; Windows 10 and later ship the framework, so the package only needs its [DDInstall.Wdf] section',
  },
  {
    fileName: new RegExp(`^WUDFUpdate_?${VERSION}\\.dll$`, 'i'),
    label: 'the UMDF co-installer',
    shipping: 'redistributable',
    summary: 'installs or updates the user-mode driver framework; Windows 10 and later ship the framework, so the package only needs its [DDInstall.Wdf] section',
  },
  {
    fileName: new RegExp(`^WinUSBCoInstaller${VERSION}\\.dll$`, 'i'),
    label: 'the WinUSB co-installer',
    shipping: 'redistributable',
    summary: 'installs WinUSB on old Windows versions; Windows 10 and later ship WinUSB, so the package only needs Include=winusb.inf / Needs=WINUSB.NT',
  },
  {
    fileName: /^WUDFCoinstaller\.dll$/i,
    label: 'the UMDF 1 in-box co-installer',
    shipping: 'in-box',
    summary: 'ships with Windows in System32; UMDF 1 packages register it and do not copy it',
  },
];

/** The Microsoft co-installer a DLL name (path, version number or template placeholder allowed) is, if any. */
export function microsoftCoInstaller(dllName: string): MicrosoftCoInstaller | undefined {
  const fileName = dllName.slice(Math.max(dllName.lastIndexOf('\\'), dllName.lastIndexOf('/')) + 1).trim();
  return MICROSOFT_COINSTALLERS.find((c) => c.fileName.test(fileName));
}

/** A redistributable co-installer that Windows 10 and later no longer need (contract: "Traps"). */
export function obsoleteCoInstaller(dllName: string): MicrosoftCoInstaller | undefined {
  const known = microsoftCoInstaller(dllName);
  return known?.shipping === 'redistributable' ? known : undefined;
}

/**
 * Windows' own device setup classes (devguid.h GUID_DEVCLASS_*, device classes only). An INF for one of
 * them may not carry a [ClassInstall32] section (InfVerif 1285).
 */
const systemSetupClassTable: Array<[string, string]> = [
  ['1394', '{6bdd1fc1-810f-11d0-bec7-08002be2092f}'],
  ['1394DEBUG', '{66f250d6-7801-4a64-b139-eea80a450b24}'],
  ['61883', '{7ebefbc0-3200-11d2-b4c2-00a0c9697d07}'],
  ['ADAPTER', '{4d36e964-e325-11ce-bfc1-08002be10318}'],
  ['APMSUPPORT', '{d45b1c18-c8fa-11d1-9f77-0000f805f530}'],
  ['AUDIOPROCESSINGOBJECT', '{5989fce8-9cd0-467d-8a6a-5419e31529d4}'],
  ['AVC', '{c06ff265-ae09-48f0-812c-16753d7cba83}'],
  ['BATTERY', '{72631e54-78a4-11d0-bcf7-00aa00b7b32a}'],
  ['BIOMETRIC', '{53d29ef7-377c-4d14-864b-eb3a85769359}'],
  ['BLUETOOTH', '{e0cbf06c-cd8b-4647-bb8a-263b43f0f974}'],
  ['CAMERA', '{ca3e7ab9-b4c3-4ae6-8251-579ef933890f}'],
  ['CDROM', '{4d36e965-e325-11ce-bfc1-08002be10318}'],
  ['COMPUTEACCELERATOR', '{f01a9d53-3ff6-48d2-9f97-c8a7004be10c}'],
  ['COMPUTER', '{4d36e966-e325-11ce-bfc1-08002be10318}'],
  ['DECODER', '{6bdd1fc2-810f-11d0-bec7-08002be2092f}'],
  ['DISKDRIVE', '{4d36e967-e325-11ce-bfc1-08002be10318}'],
  ['DISPLAY', '{4d36e968-e325-11ce-bfc1-08002be10318}'],
  ['DOT4', '{48721b56-6795-11d2-b1a8-0080c72e74a2}'],
  ['DOT4PRINT', '{49ce6ac8-6f86-11d2-b1e5-0080c72e74a2}'],
  ['EHSTORAGESILO', '{9da2b80f-f89f-4a49-a5c2-511b085b9e8a}'],
  ['ENUM1394', '{c459df55-db08-11d1-b009-00a0c9081ff6}'],
  ['EXTENSION', '{e2f84ce7-8efa-411c-aa69-97454ca4cb57}'],
  ['FDC', '{4d36e969-e325-11ce-bfc1-08002be10318}'],
  ['FIRMWARE', '{f2e7dd72-6468-4e36-b6f1-6488f42c1b52}'],
  ['FLOPPYDISK', '{4d36e980-e325-11ce-bfc1-08002be10318}'],
  ['GENERIC', '{ff494df1-c4ed-4fac-9b3f-3786f6e91e7e}'],
  ['GPS', '{6bdd1fc3-810f-11d0-bec7-08002be2092f}'],
  ['HDC', '{4d36e96a-e325-11ce-bfc1-08002be10318}'],
  ['HIDCLASS', '{745a17a0-74d3-11d0-b6fe-00a0c90f57da}'],
  ['HOLOGRAPHIC', '{d612553d-06b1-49ca-8938-e39ef80eb16f}'],
  ['I3C', '{13cfe1b1-6b17-424c-ac3f-16ace8733898}'],
  ['IMAGE', '{6bdd1fc6-810f-11d0-bec7-08002be2092f}'],
  ['INFINIBAND', '{30ef7132-d858-4a0c-ac24-b9028a5cca3f}'],
  ['INFRARED', '{6bdd1fc5-810f-11d0-bec7-08002be2092f}'],
  ['KEYBOARD', '{4d36e96b-e325-11ce-bfc1-08002be10318}'],
  ['LEGACYDRIVER', '{8ecc055d-047f-11d1-a537-0000f8753ed1}'],
  ['MEDIA', '{4d36e96c-e325-11ce-bfc1-08002be10318}'],
  ['MEDIUM_CHANGER', '{ce5939ae-ebde-11d0-b181-0000f8753ec4}'],
  ['MEMORY', '{5099944a-f6b9-4057-a056-8c550228544c}'],
  ['MIDIENDPOINT', '{762ec895-f9c4-4107-a81a-08d8e437c3e5}'],
  ['MODEM', '{4d36e96d-e325-11ce-bfc1-08002be10318}'],
  ['MONITOR', '{4d36e96e-e325-11ce-bfc1-08002be10318}'],
  ['MOUSE', '{4d36e96f-e325-11ce-bfc1-08002be10318}'],
  ['MTD', '{4d36e970-e325-11ce-bfc1-08002be10318}'],
  ['MULTIFUNCTION', '{4d36e971-e325-11ce-bfc1-08002be10318}'],
  ['MULTIPORTSERIAL', '{50906cb8-ba12-11d1-bf5d-0000f805f530}'],
  ['NET', '{4d36e972-e325-11ce-bfc1-08002be10318}'],
  ['NETCLIENT', '{4d36e973-e325-11ce-bfc1-08002be10318}'],
  ['NETDRIVER', '{87ef9ad1-8f70-49ee-b215-ab1fcadcbe3c}'],
  ['NETSERVICE', '{4d36e974-e325-11ce-bfc1-08002be10318}'],
  ['NETTRANS', '{4d36e975-e325-11ce-bfc1-08002be10318}'],
  ['NETUIO', '{78912bc1-cb8e-4b28-a329-f322ebadbe0f}'],
  ['NODRIVER', '{4d36e976-e325-11ce-bfc1-08002be10318}'],
  ['PCMCIA', '{4d36e977-e325-11ce-bfc1-08002be10318}'],
  ['PNPPRINTERS', '{4658ee7e-f050-11d1-b6bd-00c04fa372a7}'],
  ['PORTS', '{4d36e978-e325-11ce-bfc1-08002be10318}'],
  ['PRIMITIVE', '{242681d1-eed3-41d2-a1ef-1468fc843106}'],
  ['PRINTER', '{4d36e979-e325-11ce-bfc1-08002be10318}'],
  ['PRINTERUPGRADE', '{4d36e97a-e325-11ce-bfc1-08002be10318}'],
  ['PRINTQUEUE', '{1ed2bbf9-11f0-4084-b21f-ad83a8e6dcdc}'],
  ['PROCESSOR', '{50127dc3-0f36-415e-a6cc-4cb3be910b65}'],
  ['PROXIMITY', '{5630831c-06c9-4856-b327-f5d32586e060}'],
  ['SBP2', '{d48179be-ec20-11d1-b6b8-00c04fa372a7}'],
  ['SCMDISK', '{53966cb1-4d46-4166-bf23-c522403cd495}'],
  ['SCMVOLUME', '{53ccb149-e543-4c84-b6e0-bce4f6b7e806}'],
  ['SCSIADAPTER', '{4d36e97b-e325-11ce-bfc1-08002be10318}'],
  ['SDHOST', '{a0a588a4-c46f-4b37-b7ea-c82fe89870c6}'],
  ['SECURITYACCELERATOR', '{268c95a1-edfe-11d3-95c3-0010dc4050a5}'],
  ['SECURITYDEVICES', '{d94ee5d8-d189-4994-83d2-f68d7d41b0e6}'],
  ['SENSOR', '{5175d334-c371-4806-b3ba-71fd53c9258d}'],
  ['SIDESHOW', '{997b5d8d-c442-4f2e-baf3-9c8e671e9e21}'],
  ['SMARTCARDREADER', '{50dd5230-ba8a-11d1-bf5d-0000f805f530}'],
  ['SMRDISK', '{53487c23-680f-4585-acc3-1f10d6777e82}'],
  ['SMRVOLUME', '{53b3cf03-8f5a-4788-91b6-d19ed9fcccbf}'],
  ['SOFTWARECOMPONENT', '{5c4c3332-344d-483c-8739-259e934c9cc8}'],
  ['SOFTWAREDEVICE', '{62f9c741-b25a-46ce-b54c-9bccce08b6f2}'],
  ['SOUND', '{4d36e97c-e325-11ce-bfc1-08002be10318}'],
  ['SYSTEM', '{4d36e97d-e325-11ce-bfc1-08002be10318}'],
  ['TAPEDRIVE', '{6d807884-7d21-11cf-801c-08002be10318}'],
  ['THERMAL', '{ca301ce1-74fc-45ea-a557-461ef48b9e37}'],
  ['UNKNOWN', '{4d36e97e-e325-11ce-bfc1-08002be10318}'],
  ['UCM', '{e6f1aa1c-7f3b-4473-b2e8-c97d8ac71d53}'],
  ['USB', '{36fc9e60-c465-11cf-8056-444553540000}'],
  ['USBDEVICE', '{88bae032-5a81-49f0-bc3d-a4ff138216d6}'],
  ['USBFUNCTIONCONTROLLER', '{bbbe8734-08fa-4966-b6a6-4e5ad010cdd7}'],
  ['VOLUME', '{71a27cdd-812a-11d0-bec7-08002be2092f}'],
  ['VOLUMESNAPSHOT', '{533c5b84-ec70-11d2-9505-00c04f79deaf}'],
  ['WCEUSBS', '{25dbce51-6c8f-4a72-8a6d-b54c2b4fc835}'],
  ['WPD', '{eec5ad98-8080-425f-922a-dabf3de3f69a}'],
];

export interface SystemSetupClass {
  /** The devguid.h name, without the GUID_DEVCLASS_ prefix. */
  name: string;
  /** Lower-case, with braces. */
  guid: string;
  /**
   * The first Windows version that installs the class itself, for classes that older supported versions
   * lack: there a package must define the class in [ClassInstall32] (the WDK's own WinUSB INF template
   * does so for USBDevice, "for Windows 8 and earlier versions").
   */
  builtInFrom?: string;
}

/** Classes Windows has not always installed itself (see SystemSetupClass.builtInFrom). */
const LATER_SYSTEM_CLASSES = new Map<string, string>([['USBDEVICE', 'Windows 8.1']]);

export const SYSTEM_SETUP_CLASSES: readonly SystemSetupClass[] = systemSetupClassTable.map(([name, guid]) => ({ name, guid, builtInFrom: LATER_SYSTEM_CLASSES.get(name) }));
const systemClassByGuid = new Map(SYSTEM_SETUP_CLASSES.map((c) => [c.guid, c]));

/** The system setup class with this GUID (braces optional, any case), if it is one of Windows' own. */
export function systemSetupClass(guid: string): SystemSetupClass | undefined {
  const normal = guid.trim().toLowerCase().replace(/^\{?/, '{').replace(/\}?$/, '}');
  return systemClassByGuid.get(normal);
}
