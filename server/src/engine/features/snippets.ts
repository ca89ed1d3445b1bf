/**
 * The code the completions insert: finish-install handlers and whole installer entry points, written for
 * one installer kind and with that installer's own parameter names. Return values and the comments on
 * them come from the catalogue, so a snippet says what a hover would say.
 *
 * Bodies are VS Code snippet syntax: `${1:Name}` tab stops, `$0` the final cursor, `\t` one indentation
 * level (the editor converts it to the file's indentation).
 */
import {
  classifyReturnValue,
  COINSTALLER_CONTEXT_FIELDS,
  COINSTALLER_CONTEXT_TYPE,
  DEFAULT_ENTRY_POINT,
  DIF_FINISHINSTALL_ACTION,
  DIF_NEWDEVICEWIZARD_FINISHINSTALL,
  ENTRY_POINT_PARAM_TYPES,
  expectedDefaultReturn,
  FINISHINSTALL_FLAG,
  handlerRole,
  KIND_LABEL,
  returnCode,
  returnMeaning,
  type HandlerRole,
} from '../catalogue';
import type { InstallerKind } from '../types';

/** The parameter names the generated code uses. */
export interface InstallerNames {
  difCode: string;
  deviceInfoSet: string;
  deviceInfoData: string;
  /** Co-installers: the COINSTALLER_CONTEXT_DATA pointer. Undefined: no PostProcessing handling is written. */
  context?: string;
}

/** The names the WDK's examples use. */
export const WDK_NAMES: Record<InstallerKind, InstallerNames> = {
  'class-installer': { difCode: 'InstallFunction', deviceInfoSet: 'DeviceInfoSet', deviceInfoData: 'DeviceInfoData' },
  'co-installer': { difCode: 'InstallFunction', deviceInfoSet: 'DeviceInfoSet', deviceInfoData: 'DeviceInfoData', context: 'Context' },
};

/** Helpers the handlers call; the user writes them (the entry-point snippets declare them). */
export interface HelperNames {
  /** BOOL f(HDEVINFO, PSP_DEVINFO_DATA): does the device still need the finish-install action? */
  actionNeeded: string;
  /** DWORD f(HDEVINFO, PSP_DEVINFO_DATA): do the action; NO_ERROR or a Win32 error code. */
  runAction: string;
}

export const DEFAULT_HELPERS: HelperNames = { actionNeeded: 'FinishInstallActionNeeded', runAction: 'RunFinishInstallAction' };

export interface HandlerOptions {
  kind: InstallerKind;
  names: InstallerNames;
  helpers?: HelperNames;
  /**
   * Co-installers that ask for post-processing somewhere are called twice: the handler then does its work
   * in the first pass and passes Context->InstallResult on in the second. Without such a request the
   * second pass never comes, and a PostProcessing test would be dead code.
   */
  postProcessingRequested?: boolean;
  /** The dispatch already runs only in pre-processing: no PostProcessing test is needed. */
  preProcessingOnly?: boolean;
  /** Number of the first tab stop to use. */
  firstTabStop?: number;
  /** Leave the final cursor ($0) before the handler's last return (default true). */
  finalCursor?: boolean;
}

export type FinishInstallDif = typeof DIF_NEWDEVICEWIZARD_FINISHINSTALL | typeof DIF_FINISHINSTALL_ACTION;
export const FINISHINSTALL_DIFS: readonly FinishInstallDif[] = [DIF_NEWDEVICEWIZARD_FINISHINSTALL, DIF_FINISHINSTALL_ACTION];

const NO_ERROR = nameOfClass('no-error');
const DO_DEFAULT = nameOfClass('do-default');
const PARAMS_TYPE = 'SP_DEVINSTALL_PARAMS';
const PARAMS_VARIABLE = 'DeviceInstallParams';
const RESULT_VARIABLE = 'FinishInstallResult';

function nameOfClass(cls: 'no-error' | 'do-default'): string {
  const name = cls === 'no-error' ? 'NO_ERROR' : 'ERROR_DI_DO_DEFAULT';
  const code = returnCode(name);
  // The catalogue must agree with the class the snippets rely on; fail loudly at load time if it changes.
  if (!code || classifyReturnValue(code.value, code.family) !== cls) throw new Error(`catalogue has no ${cls} return code named ${name}`);
  return name;
}

/** `// NAME: what returning it means here` from the catalogue. */
function returnComment(kind: InstallerKind, role: HandlerRole, name: string): string {
  const code = returnCode(name)!;
  return `// ${name}: ${returnMeaning(kind, role, classifyReturnValue(code.value, code.family)).text}`;
}

function win32FailureComment(kind: InstallerKind, role: HandlerRole): string {
  return `// A Win32 error here ${returnMeaning(kind, role, 'win32-error').text}`;
}

function indent(lines: string[], levels = 1): string[] {
  return lines.map((l) => (l === '' ? l : '\t'.repeat(levels) + l));
}

function postProcessingGuard(options: HandlerOptions): string[] {
  const context = options.names.context;
  if (options.kind !== 'co-installer' || !context || !options.postProcessingRequested || options.preProcessingOnly) return [];
  return [
    `if (${context}->${COINSTALLER_CONTEXT_FIELDS.postProcessing}) {`,
    `\t// The second pass (this installer asked for post-processing elsewhere): the work was done in the first; pass the result on.`,
    `\treturn ${context}->${COINSTALLER_CONTEXT_FIELDS.installResult};`,
    '}',
  ];
}

/** Reads the device install params, sets the finish-install flag in FlagsEx and writes them back. */
function setFlagLines(names: InstallerNames): string[] {
  const args = `${names.deviceInfoSet}, ${names.deviceInfoData}, &${PARAMS_VARIABLE}`;
  return [
    `${PARAMS_VARIABLE}.cbSize = sizeof(${PARAMS_TYPE});`,
    `if (!SetupDiGetDeviceInstallParams(${args})) {`,
    '\treturn GetLastError();',
    '}',
    `${PARAMS_VARIABLE}.FlagsEx |= ${FINISHINSTALL_FLAG};`,
    `if (!SetupDiSetDeviceInstallParams(${args})) {`,
    '\treturn GetLastError();',
    '}',
  ];
}

/** The lines of a finish-install handler, from its `case` label on (no trailing newline). */
export function handlerSnippet(dif: FinishInstallDif, options: HandlerOptions): string {
  const { kind, names } = options;
  const helpers = options.helpers ?? DEFAULT_HELPERS;
  const stop = options.firstTabStop ?? 1;
  const role = handlerRole(dif, true);
  const callArgs = `${names.deviceInfoSet}, ${names.deviceInfoData}`;
  const success = kind === 'co-installer' ? NO_ERROR : DO_DEFAULT;
  const finalCursor = options.finalCursor === false ? [] : ['$0'];
  let body: string[];
  if (dif === DIF_NEWDEVICEWIZARD_FINISHINSTALL) {
    body = [
      `${PARAMS_TYPE} ${PARAMS_VARIABLE};`,
      '',
      ...postProcessingGuard(options),
      '// Flag the device only when the finish-install action is really needed.',
      `if (\${${stop}:${helpers.actionNeeded}}(${callArgs})) {`,
      ...indent(setFlagLines(names)),
      '}',
      ...finalCursor,
      returnComment(kind, role, success),
      `return ${success};`,
    ];
  } else {
    body = [
      `DWORD ${RESULT_VARIABLE};`,
      '',
      ...postProcessingGuard(options),
      `// TODO: \${${stop + 1}:${helpers.runAction}} does the work, waits for it to finish, tells the user the outcome and sets DI_NEEDREBOOT instead of restarting.`,
      `${RESULT_VARIABLE} = \${${stop + 1}}(${callArgs});`,
      `if (${RESULT_VARIABLE} != ${NO_ERROR}) {`,
      `\t${win32FailureComment(kind, role)}`,
      `\treturn ${RESULT_VARIABLE};`,
      '}',
      ...finalCursor,
      returnComment(kind, role, success),
      `return ${success};`,
    ];
  }
  // Braces give the handler's declarations a scope of their own (C forbids a declaration right after a label).
  return [`case ${dif}:`, '{', ...indent(body), '}'].join('\n');
}

/** Declarations of the helpers the handlers call, for the user to write. */
function helperDeclarations(helpers: HelperNames, stops: { actionNeeded: number; runAction: number }): string[] {
  const params = `HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData`;
  return [
    '// TODO: write these two helpers.',
    '// TRUE only while this device still needs the finish-install action (flagging it needlessly costs the user a prompt).',
    `BOOL \${${stops.actionNeeded}:${helpers.actionNeeded}}(${params});`,
    '// Does the action and waits for it to finish, tells the user the outcome, sets DI_NEEDREBOOT in Flags if a',
    `// restart is needed; returns ${NO_ERROR} when done (or when it can never succeed), else a Win32 error code.`,
    `DWORD \${${stops.runAction}:${helpers.runAction}}(${params});`,
  ];
}

/** A whole entry point of the given kind that handles both finish-install DIF codes, with helper stubs. */
export function entryPointSnippet(kind: InstallerKind): string {
  const names = WDK_NAMES[kind];
  const [difType, setType, dataType] = ENTRY_POINT_PARAM_TYPES;
  const params = [`_In_ ${difType} ${names.difCode}`, `_In_ ${setType} ${names.deviceInfoSet}`, `_In_opt_ ${dataType} ${names.deviceInfoData}`];
  if (kind === 'co-installer') params.push(`_Inout_ ${COINSTALLER_CONTEXT_TYPE} ${names.context}`);
  // Tab stops: 1 the entry point's name, 2 and 3 the helpers (the handlers below mirror them).
  // This entry point never asks for post-processing, so Windows calls it once per DIF code.
  const handlerOptions: HandlerOptions = { kind, names, postProcessingRequested: false, firstTabStop: 2, finalCursor: false };
  const handlers = FINISHINSTALL_DIFS.map((dif) => handlerSnippet(dif, handlerOptions));
  const unhandled = expectedDefaultReturn(kind);
  const body = [
    ...(names.context
      ? [`UNREFERENCED_PARAMETER(${names.context}); // no post-processing requested: ${names.context}->${COINSTALLER_CONTEXT_FIELDS.postProcessing} is always FALSE`, '']
      : []),
    `switch (${names.difCode}) {`,
    ...handlers.flatMap((h) => [...h.split('\n'), '']),
    'default:',
    '\tbreak;',
    '}',
    '$0',
    returnComment(kind, 'unhandled', unhandled),
    `return ${unhandled};`,
  ];
  return [
    ...helperDeclarations(DEFAULT_HELPERS, { actionNeeded: 2, runAction: 3 }),
    '',
    `DWORD CALLBACK \${1:${DEFAULT_ENTRY_POINT[kind]}}(`,
    ...indent(params).map((p, i, all) => (i < all.length - 1 ? `${p},` : `${p})`)),
    '{',
    ...indent(body),
    '}',
  ].join('\n');
}

export function describeKind(kind: InstallerKind): string {
  return KIND_LABEL[kind];
}

/** Snippet syntax -> the text VS Code inserts when every tab stop keeps its default. */
export function snippetToPlainText(snippet: string): string {
  const defaults = new Map<string, string>();
  let text = snippet.replace(/\$\{(\d+):([^}]*)\}/g, (_m, n: string, value: string) => {
    defaults.set(n, value);
    return value;
  });
  text = text.replace(/\$\{(\d+)\}|\$(\d+)/g, (_m, a: string | undefined, b: string | undefined) => defaults.get(a ?? b ?? '') ?? '');
  return text.replace(/\\([$}\\])/g, '$1');
}
