/**
 * Calls to functions not defined in the file. One that is passed the device (the entry point's HDEVINFO /
 * PSP_DEVINFO_DATA) and is not a documented SetupAPI call may do out of sight what rules look for:
 * recorded as an opaque call. The results of BOOL SetupAPI functions are BOOLs.
 */
import { BOOL_RETURNING_CALLS, isSetupApiFunction } from '../../catalogue';
import type { Range } from '../../types';
import type { Recogniser } from '../recogniser';
import type { SyntaxNode as Node } from '../syntaxTree';
import type { AbstractValue, OpaqueCallEvent } from '../types';

/**
 * What reads these (flag-not-set, the code lens, the flow view) asks only whether a trace has one, and
 * which comes first: only a trace's first is recorded (recording every one was 6,500 events per 10k-line
 * analysis that lived as long as the model). The range is made if someone asks for it.
 */
class OpaqueCall implements OpaqueCallEvent {
  readonly kind = 'opaque-call';
  constructor(
    private readonly node: Node,
    readonly callChain: Range[],
    readonly callee: string,
  ) {}
  get range(): Range {
    return this.node.range;
  }
}

export const externalCalls: Recogniser = {
  name: 'external-calls',
  newTraceData: (): { recorded: boolean } => ({ recorded: false }),
  onUnresolvedCall(w, call, name, argValues, frame) {
    const trace = w.dataOf<{ recorded: boolean }>(externalCalls);
    if (trace.recorded || !passesDevice(argValues) || isKnownWindowsApi(name)) return;
    trace.recorded = true;
    w.addEvent(call, frame, new OpaqueCall(call, frame.callChain, name));
  },
  resultFamily: (name) => (BOOL_RETURNING_CALLS.has(name) ? 'bool' : undefined),
};

/** Whether an argument is (or may be) one of the entry point's device parameters. */
function passesDevice(argValues: readonly AbstractValue[][]): boolean {
  for (const values of argValues) for (const v of values) if (v.kind === 'unknown' && v.source === 'parameter') return true;
  return false;
}

function isKnownWindowsApi(name: string): boolean {
  return isSetupApiFunction(name) || BOOL_RETURNING_CALLS.has(name);
}
