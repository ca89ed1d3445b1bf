/**
 * The installer model of one C/C++ file: every entry point, its kind, and for each DIF code it handles
 * (and for the codes it does not), what it can return and what it does on the way. Built by
 * model/build.ts from the tree-sitter tree; read by the rules and the editor features.
 */
import type { SyntaxNode as Node } from './syntaxTree';
import type { DeviceInstallFlag, FlagField, ReturnCodeFamily } from '../catalogue';
import type { InstallerKind, Range } from '../types';
import type { FileIndex } from './fileIndex';

export interface EntryPoint {
  name: string;
  kind: InstallerKind;
  /** Where the role comes from when not from the signature alone: "registered as a co-installer in foo.inf:42" (model/roles.ts). */
  roleOrigin?: string;
  /** The function_definition node. */
  node: Node;
  nameRange: Range;
  params: EntryPointParams;
  /** DIF code name (or "0x2A" for an unknown value) -> places the dispatch names it (case labels, == tests). */
  dispatch: Map<string, Range[]>;
  /** One trace per (DIF code, phase); `dif` undefined stands for every code the installer does not handle. */
  handlers: HandlerTrace[];
  /** Every path of the entry point at once, whatever the DIF code and phase (the merge of `handlers`, mergeTraces.ts): for rules that need no attribution. */
  overall: HandlerTrace;
  /**
   * The function is still being typed (its end was supplied by bracket repair) or the analysis ran out of
   * its step budget: findings that need the whole picture stay silent.
   */
  incomplete: boolean;
  /** Where a co-installer tests Context->PostProcessing, if it does. */
  postProcessingTests: Range[];
  /** The switch statements on the DIF code (in the entry point or a helper it passes the code to). */
  dispatchSwitches: Range[];
}

export interface EntryPointParams {
  difCode: string;
  deviceInfoSet: string;
  deviceInfoData: string;
  /** Co-installers only. */
  context?: string;
}

/** Pre-processing pass, post-processing pass (co-installers), or the only pass (class installers). */
export type Phase = 'pre' | 'post' | 'only';

export interface HandlerTrace {
  dif: string | undefined;
  /** The numeric DIF value used for this trace (undefined for "not handled"). */
  difValue: number | undefined;
  phase: Phase;
  returns: ReturnSite[];
  events: TraceEvent[];
  /** Execution could fall off the end of the entry point (no return): undefined behaviour in C. */
  fallsOffEnd: boolean;
  /**
   * The blocks of this document the trace runs on a live path: the bodies of the functions it runs (the
   * entry point's and the helpers' it follows here, not in other files), the branches of ifs and the cases
   * of switches it enters. The editor reads
   * from them which handler and phase a position is in (features/context.ts). Empty in `overall`.
   */
  blocks: CoveredCode[];
}

/** Code from the start of `from` to the end of `to` (a block: the same node). */
export interface CoveredCode {
  from: Node;
  to: Node;
}

export type Tri = 'yes' | 'no' | 'maybe';

export interface ReturnSite {
  /** The return statement (in the entry point, or in a helper it calls). */
  range: Range;
  /** The returned expression. */
  valueRange: Range;
  values: AbstractValue[];
  /** Whether finish-install wizard pages were added on the paths reaching this return. */
  pagesAdded: Tri;
  /** Call sites from the entry point down to the function that holds this return (outermost first). */
  callChain: Range[];
}

export type AbstractValue = ConstantValue | UnknownValue;

/**
 * Where a value is written: the syntax node. Its range is made only when something reads it (a finding, a
 * hover); traces make values for most expressions they evaluate and drop nearly all of them.
 */
export interface ValueOrigin {
  /** Offset in the document: values written at the same offset are written at the same place. */
  readonly startIndex: number;
  readonly range: Range;
}

export interface ConstantValue {
  kind: 'constant';
  value: number;
  /** The name the code used (ERROR_DI_DO_DEFAULT, TRUE...), if any. */
  name?: string;
  family: ReturnCodeFamily;
  /** Where the constant is written. */
  origin: ValueOrigin;
}

export type UnknownSource = 'last-error' | 'install-result' | 'call' | 'parameter' | 'global' | 'expression';

export interface UnknownValue {
  kind: 'unknown';
  source: UnknownSource;
  /** The called function, for source "call". */
  callee?: string;
  /** The identifier, for source "global" (a name the catalogue does not know, e.g. ERROR_CALL_NOT_IMPLEMENTED). */
  name?: string;
  /** Values the guards on the path rule out (e.g. 0 after `if (err != NO_ERROR)`). */
  excludes: number[];
  /** bool / hresult when the value is known to be one of those (BOOL variable, HRESULT_FROM_WIN32...). */
  family?: ReturnCodeFamily;
  origin: ValueOrigin;
}

export type TraceEvent = FlagWriteEvent | ParamsGetEvent | ParamsSetEvent | ProcessStartEvent | RestartEvent | WizardPagesEvent | OpaqueCallEvent;

interface EventBase {
  range: Range;
  callChain: Range[];
}

export interface FlagWriteEvent extends EventBase {
  kind: 'flag-write';
  /** The params variable written (as spelled). */
  target: string;
  field: FlagField;
  flag: DeviceInstallFlag;
  /** The flag as spelled in the code (a name or a literal). */
  spelledAs: string;
  /** The write is reached only after a check that the action is needed (on every path). */
  checked: boolean;
  /** Some path carries the params to SetupDiSetDeviceInstallParams afterwards. */
  saved: boolean;
  /** The params are reached through a pointer (`p->FlagsEx`), so the save passes `p`, not `&p`. */
  throughPointer: boolean;
  /** The HDEVINFO and PSP_DEVINFO_DATA parameters of the function that writes the flag, if it has them. */
  deviceArguments?: [string, string];
}

export interface ParamsGetEvent extends EventBase {
  kind: 'params-get';
  target: string;
  /** cbSize is not set on some path reaching the call (only known for local params variables). */
  sizeMissing: boolean;
  /** Where the params variable is declared. */
  declaration?: Range;
}

export interface ParamsSetEvent extends EventBase {
  kind: 'params-set';
  target: string;
}

export interface ProcessStartEvent extends EventBase {
  kind: 'process-start';
  callee: string;
  /** Returns reached from the start without a wait in between. */
  unawaitedReturns: Range[];
}

export interface RestartEvent extends EventBase {
  kind: 'restart';
  callee: string;
}

export interface WizardPagesEvent extends EventBase {
  kind: 'wizard-pages';
}

/**
 * A call, with the device (the entry point's HDEVINFO / PSP_DEVINFO_DATA) among its arguments, to a
 * function not defined in this file: it may do what the rules look for (set and save the flag) out of
 * sight, so rules that would report an absence stay silent.
 */
export interface OpaqueCallEvent extends EventBase {
  kind: 'opaque-call';
  callee: string;
}

export interface FileModel {
  path: string;
  entryPoints: EntryPoint[];
  /** Every function and #define of the file (for the editor features). */
  index: FileIndex;
  /** Calls of this file's code into helpers defined in other files of its DLL/folder, in document order. */
  helperCalls: HelperCall[];
}

/** A call to a function followed into another file. */
export interface HelperCall {
  /** The call, in this file. */
  call: Range;
  callee: string;
  /** The file that defines the callee, and the definition's range there. */
  path: string;
  definition: Range;
}
