/**
 * What the walker (interpreter.ts) is told about the contract: recognisers, one per fact about code
 * paths. A recogniser names the calls and struct fields it reads (catalogue names), and says what they
 * record (trace events), what fact it keeps per path, and how two paths' facts merge. The walker knows C,
 * not SetupAPI: it calls the recognisers at calls, field reads and writes, undecided conditions and
 * returns, and carries their facts opaquely. The list is in recognisers/index.ts.
 */
import type { ReturnCodeFamily } from '../catalogue';
import type { SyntaxNode as Node } from './syntaxTree';
import type { Frame, PathState, TraceInterpreter } from './interpreter';
import type { AbstractValue, ReturnSite } from './types';

/** The `op` of a field write that is a call the walker does not follow, handed the member (onFieldWrite). */
export const CALL_WRITE = 'call';

export interface Recogniser<F = unknown> {
  readonly name: string;
  /** Recognisers whose facts this one reads: added to any table it is in. */
  readonly requires?: readonly Recogniser[];
  /** Functions whose calls it reads. */
  readonly calls?: Iterable<string>;
  /** Struct members whose writes it reads (`p.F = x`, `p->F |= x`, `p.F++`). */
  readonly fieldWrites?: Iterable<string>;
  /** Struct members whose reads it gives a value. */
  readonly fieldReads?: Iterable<string>;
  /** The fact it keeps per path, as it is where the entry point starts; absent: it keeps none. */
  readonly initialFact?: F;
  /** The fact where paths meet; called only when the paths' facts are not the very same. */
  join?(facts: readonly F[]): F;
  /**
   * The value of a call it reads: the call is then nothing more (no callee followed, no other recogniser).
   * Only for the first recogniser of a name.
   */
  callValue?(call: Node, name: string): AbstractValue;
  /** After the call's arguments are evaluated, before its callee is followed. */
  onCall?(w: TraceInterpreter, call: Node, name: string, args: readonly Node[], state: PathState, frame: Frame): PathState;
  /** The path on which a condition that is this call (`if (!Call(...))`) is false. */
  onCallFailed?(w: TraceInterpreter, call: Node, state: PathState, frame: Frame): PathState;
  /**
   * A write to one of its members: `right` is null for `++` / `--`. `op` is the operator, or CALL_WRITE
   * for a call the walker does not follow that was handed the member (`right` is then the call): it may
   * have written it, with what it was given.
   */
  onFieldWrite?(w: TraceInterpreter, write: Node, field: Node, right: Node | null, op: string, state: PathState, frame: Frame): PathState;
  /** The values of a read of one of its members; undefined: not one it knows (a plain unknown). */
  onFieldRead?(w: TraceInterpreter, read: Node, member: string, state: PathState, frame: Frame): AbstractValue[] | undefined;
  /** `T v = { ... }`: the declared type, the variable's canonical key and the initializer list. */
  onInitializerList?(type: Node, key: string, list: Node, state: PathState, w: TraceInterpreter): PathState;
  /**
   * A condition whose truth the walker cannot decide: the fact to hold in both of its branches, or
   * undefined. Such a fact is scoped: where an if's two branches meet again, it is what it was before.
   */
  onUndecidedCondition?(w: TraceInterpreter, condition: Node, state: PathState, frame: Frame): F | undefined;
  /**
   * A condition whose truth the walker decided: the fact to hold on the branch that runs, or undefined
   * (not scoped: where the branches meet the fact stays, which errs towards what the code appears to do).
   */
  onDecidedCondition?(w: TraceInterpreter, condition: Node, state: PathState, frame: Frame): F | undefined;
  /** A call to a function with no body in the file (nor any recogniser's value). */
  onUnresolvedCall?(w: TraceInterpreter, call: Node, name: string, argValues: readonly AbstractValue[][], frame: Frame): void;
  /**
   * A call the walker does not follow (no body in the file) was handed these variables (`&params`,
   * `pParams`; canonical keys): it may have changed them out of sight.
   */
  onOutOfSightWrite?(w: TraceInterpreter, call: Node, name: string, handed: readonly string[], state: PathState, frame: Frame): PathState;
  /** The family of an unresolved call's result, if it is known (a BOOL function...). */
  resultFamily?(name: string): ReturnCodeFamily | undefined;
  /** A return of the entry point, with the site it is recorded as (new, or met before on another path). */
  onReturn?(w: TraceInterpreter, site: ReturnSite, isNew: boolean, state: PathState): void;
  /** What it collects over one whole trace (read back with TraceInterpreter.traceData / TraceResult.traceData). */
  newTraceData?(): unknown;
}

/** Call hooks by function name: one lookup per call. */
export interface CallEntry {
  /** The recogniser that gives the call's value, if the name's first recogniser does. */
  value?: Recogniser;
  handlers: Recogniser[];
}

/** Recognisers compiled into lookup tables for the walker (made once per list, not per trace). */
export interface RecogniserTable {
  all: readonly Recogniser[];
  /** Recognisers that keep a fact, by slot (the index of the fact in a path state). */
  facts: readonly Recogniser[];
  slots: ReadonlyMap<Recogniser, number>;
  initialFacts: readonly unknown[];
  calls: ReadonlyMap<string, CallEntry>;
  fieldWrites: ReadonlyMap<string, readonly Recogniser[]>;
  fieldReads: ReadonlyMap<string, readonly Recogniser[]>;
  conditions: readonly Recogniser[];
  decidedConditions: readonly Recogniser[];
  initializerLists: readonly Recogniser[];
  unresolvedCalls: readonly Recogniser[];
  outOfSightWrites: readonly Recogniser[];
  returns: readonly Recogniser[];
  withTraceData: readonly Recogniser[];
}

export function compileRecognisers(list: readonly Recogniser[]): RecogniserTable {
  const all: Recogniser[] = [];
  const add = (r: Recogniser) => {
    if (all.includes(r)) return;
    for (const q of r.requires ?? []) add(q);
    all.push(r);
  };
  list.forEach(add);
  const facts = all.filter((r) => r.initialFact !== undefined);
  const calls = new Map<string, CallEntry>();
  const fieldWrites = new Map<string, Recogniser[]>();
  const fieldReads = new Map<string, Recogniser[]>();
  const addTo = (map: Map<string, Recogniser[]>, names: Iterable<string> | undefined, r: Recogniser) => {
    for (const name of names ?? []) map.set(name, [...(map.get(name) ?? []), r]);
  };
  for (const r of all) {
    for (const name of r.calls ?? []) {
      let entry = calls.get(name);
      if (!entry) calls.set(name, (entry = { value: r.callValue ? r : undefined, handlers: [] }));
      // A name whose value a recogniser gives is that recogniser's alone (the first one listed wins).
      if (!entry.value && r.onCall) entry.handlers.push(r);
    }
    addTo(fieldWrites, r.fieldWrites, r);
    addTo(fieldReads, r.fieldReads, r);
  }
  return {
    all,
    facts,
    slots: new Map(facts.map((r, k) => [r, k])),
    initialFacts: facts.map((r) => r.initialFact),
    calls,
    fieldWrites,
    fieldReads,
    conditions: all.filter((r) => r.onUndecidedCondition),
    decidedConditions: all.filter((r) => r.onDecidedCondition),
    initializerLists: all.filter((r) => r.onInitializerList),
    unresolvedCalls: all.filter((r) => r.onUnresolvedCall || r.resultFamily),
    outOfSightWrites: all.filter((r) => r.onOutOfSightWrite),
    returns: all.filter((r) => r.onReturn),
    withTraceData: all.filter((r) => r.newTraceData),
  };
}
