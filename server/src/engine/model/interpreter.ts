/**
 * The path walker: an abstract interpreter over one entry point's body, run once per (DIF code, phase).
 * It walks the structured statements in order with an environment of abstract values per variable, so a
 * handler's returns are read with the guards that lead to them (after `if (err != NO_ERROR) return err;`
 * that return is not NO_ERROR), switch fall-through and `break` to the code after the switch, if/else-if
 * chains, forward `goto`, loops (two rounds) and calls to functions defined in the same file (followed
 * with their arguments, bounded in depth, cycle-safe). It knows C, not the contract: what calls and
 * struct members mean to SetupAPI, the events a trace records and the facts a path carries are the
 * recognisers' (recogniser.ts, recognisers/), which it calls and whose facts it joins where paths meet.
 * It also records where each trace runs (TraceResult.coverage) for the editor features.
 */
import type { SyntaxNode as Node } from './syntaxTree';
import { constantValue, isDocumentedWindowsApi, type ReturnCodeFamily } from '../catalogue';
import type { Range } from '../types';
import { applyBinary, paramsOf, parseCNumber, type FileIndex, type FunctionInfo } from './fileIndex';
import { addressedVariable, arguments_, calleeName, declaredName, isNamedCast, isStatement, lastName, rootIdentifier, unwrapCondition } from './syntax';
import type { AbstractValue, CoveredCode, HandlerTrace, Phase, ReturnSite, TraceEvent, ValueOrigin } from './types';
import { assumeEquals, assumeNotEquals, constant, decideComparison, singleConstant, truthOf, unionValues, unknown } from './values';
import { checkTimeLimit } from '../timeLimit';
import { Env } from './env';
import { CALL_WRITE, type Recogniser, type RecogniserTable } from './recogniser';
import { CONTRACT_RECOGNISERS } from './recognisers';
import type { MacroDefinition } from './macros';
import { armTruth } from './preprocessor';

const MAX_CALL_DEPTH = 4;
/** Macros expanded inside the expansion of another, at most (a macro never expands inside itself). */
const MAX_EXPANSION_DEPTH = 8;
/** readIdentifier's answer for a name whose macro is expanded in its place. */
const EXPAND_MACRO: AbstractValue[] = Object.freeze([]) as unknown as AbstractValue[];
/** Rounds a loop is followed at least (facts settle) and at most (values are widened meanwhile). */
const LOOP_ROUNDS = 2;
const MAX_LOOP_ROUNDS = 4;
/** Node visits allowed per trace; a pathological file stops here instead of hanging the editor. */
const STEP_BUDGET = 200_000;

/**
 * One path's state: the variables' values, and the recognisers' facts by slot (RecogniserTable.slots).
 * Never changed in place: every update makes a new state (other paths still hold the old one).
 */
export interface PathState {
  readonly env: Env;
  readonly facts: readonly unknown[];
}
type State = PathState;

interface Flow {
  normal: State | null;
  breaks: readonly State[];
  continues: readonly State[];
}

/** Most statements neither break nor continue: their flows share these (read-only) lists. */
const NO_STATES: readonly State[] = Object.freeze([]);

/** The values of an expression whose value nobody reads (read-only). */
const NO_VALUES: AbstractValue[] = Object.freeze([]) as unknown as AbstractValue[];

function normalFlow(normal: State | null): Flow {
  return { normal, breaks: NO_STATES, continues: NO_STATES };
}

interface LocalVariable {
  typeName: string;
  declaration: Range;
}

export interface Frame {
  id: number;
  fn: FunctionInfo;
  locals: Map<string, LocalVariable>;
  /** Whether a parameter or local is declared BOOL or HRESULT (readIdentifier asks a variable's type only then). */
  familyTyped: boolean;
  /** Pointer parameters bound to a caller's variable (`Helper(&params)`): parameter name -> canonical name. */
  aliases: Map<string, string>;
  /**
   * The aliased parameters that hold the caller variable's address (`Helper(&size)`), not a copy of it:
   * `*p` is the variable, `p` itself is a pointer (tests of it tell nothing about the variable).
   */
  pointees: Set<string>;
  callChain: Range[];
  /** The call chain as text, for event keys (made once per frame, not per event). */
  chainKey: string;
  /** Canonical names by name, made once per frame (variables are read again and again). */
  names: Map<string, string>;
  /** The trace's events of this call chain, by node id (looked up on the first event). */
  events: Map<number, TraceEvent> | undefined;
  /** Returns of this frame: values with the state they leave. */
  returns: Array<{ values: AbstractValue[]; state: State; node: Node }>;
  gotos: Map<string, State[]>;
}

export interface TraceRequest {
  entry: FunctionInfo;
  dif: string | undefined;
  /** The DIF code the trace is of (UNHANDLED_DIF_VALUE for every code the dispatch does not name). */
  difValue: number;
  phase: Phase;
  /** Names of the entry point's DI_FUNCTION and context parameters. */
  difParam: string;
  contextParam?: string;
}

export interface TraceResult {
  trace: HandlerTrace;
  /** What each recogniser with newTraceData collected over the trace. */
  traceData: ReadonlyMap<Recogniser, unknown>;
  /**
   * DIF values the dispatch compared the DI_FUNCTION parameter with, and where: wherever the parameter
   * still held the code as given (not after a test had already pinned it to one value).
   */
  dispatchLabels: Array<{ value: number; name?: string; range: Range }>;
  /** The switch statements on the DIF code as given (the dispatch). */
  dispatchSwitches: Range[];
  /** The step budget ran out; the trace is partial. */
  exhausted: boolean;
  /** What traces of one entry point are merged by (mergeTraces.ts): the same place, reached the same way. */
  identities: TraceIdentities;
}

/** Per event of `trace.events`, the call chain it was met through and its node; return sites by node. */
export interface TraceIdentities {
  eventChains: string[];
  eventNodes: number[];
  returnSites: Map<number, ReturnSite>;
}

/** A DIF value that no installer handles: the "every other code" trace. */
export const UNHANDLED_DIF_VALUE = 0x7fff_0000;

export class TraceInterpreter {
  private steps = 0;
  private frameIds = 0;
  private exhausted = false;
  /** Events in the order they were first met, and by call chain, then node: one event per node and chain. */
  private readonly events: TraceEvent[] = [];
  private readonly eventChains: string[] = [];
  private readonly eventNodes: number[] = [];
  private readonly eventsByChain = new Map<string, Map<number, TraceEvent>>();
  private readonly returnSites = new Map<number, ReturnSite>();
  private readonly dispatchLabels: TraceResult['dispatchLabels'] = [];
  private readonly traceData = new Map<Recogniser, unknown>();
  /** The blocks run on a live path (HandlerTrace.blocks), by node id. */
  private readonly blocks = new Map<number, CoveredCode>();
  private readonly dispatchSwitches = new Map<number, Node>();
  private fallsOffEnd = false;
  private readonly callStack: string[] = [];
  /** The macros whose expansion is being walked, innermost last. */
  private readonly expanding: string[] = [];
  /**
   * Variables whose address was taken (`&x` anywhere: a call's argument, a struct member, a global): a
   * call the trace does not follow, or a write through a pointer it cannot follow, may change them.
   */
  private readonly escaped = new Set<string>();
  /** Globals the trace assigned: a call it does not follow may change them too. */
  private readonly globalsWritten = new Set<string>();
  /** The DI_FUNCTION parameter's value as given: told apart from equal constants (see isDifCode). */
  private readonly difConstant: AbstractValue;

  constructor(
    readonly index: FileIndex,
    readonly request: TraceRequest,
    private readonly recognisers: RecogniserTable = CONTRACT_RECOGNISERS,
  ) {
    this.difConstant = constant(request.difValue, request.entry.nameNode, request.dif);
    for (const r of recognisers.withTraceData) this.traceData.set(r, r.newTraceData!());
  }

  // ---- what recognisers use ------------------------------------------------------------------------

  /** The recogniser's fact on the path (undefined if it is not in this walker's table). */
  fact<F>(state: PathState, recogniser: Recogniser<F>): F {
    return state.facts[this.recognisers.slots.get(recogniser as Recogniser)!] as F;
  }

  /** The path with the recogniser's fact set to `value` (the same path if it already is). */
  withFact<F>(state: PathState, recogniser: Recogniser<F>, value: F): PathState {
    const slot = this.recognisers.slots.get(recogniser as Recogniser);
    if (slot === undefined || state.facts[slot] === value) return state;
    const facts = state.facts.slice();
    facts[slot] = value;
    return { env: state.env, facts };
  }

  /** What the recogniser collects over this trace (its newTraceData()). */
  dataOf<D>(recogniser: Recogniser): D {
    return this.traceData.get(recogniser) as D;
  }

  /** The values a variable holds on the path, by the name the frame's code uses. */
  valuesOf(state: PathState, frame: Frame, name: string): AbstractValue[] | undefined {
    return state.env.get(this.canonical(frame, name));
  }

  /** The event of `node` met through this frame's call chain, made by `create` the first time. */
  event<T extends TraceEvent>(node: Node, frame: Frame, create: () => T): T {
    let e = this.eventsOfChain(frame).get(node.id) as T | undefined;
    if (!e) {
      e = create();
      this.addEvent(node, frame, e);
    }
    return e;
  }

  /** Whether `node` already has an event through this frame's call chain (for events made without a closure). */
  hasEvent(node: Node, frame: Frame): boolean {
    return this.eventsOfChain(frame).has(node.id);
  }

  addEvent(node: Node, frame: Frame, e: TraceEvent): void {
    this.eventsOfChain(frame).set(node.id, e);
    this.events.push(e);
    this.eventChains.push(frame.chainKey);
    this.eventNodes.push(node.id);
  }

  /** The chain's events by node id: numbers, no key string per call. */
  private eventsOfChain(frame: Frame): Map<number, TraceEvent> {
    let byNode = frame.events;
    if (!byNode) {
      byNode = this.eventsByChain.get(frame.chainKey);
      if (!byNode) this.eventsByChain.set(frame.chainKey, (byNode = new Map()));
      frame.events = byNode;
    }
    return byNode;
  }

  /** A variable's identity across frames: locals and parameters are per frame; aliases resolve to the caller's. */
  canonical(frame: Frame, name: string): string {
    // One lookup for a name met before: an alias is kept in `names` too (both are dropped together when
    // a pointer parameter is pointed elsewhere, see evaluateAssignment).
    let key = frame.names.get(name);
    if (key === undefined) {
      key = frame.aliases.get(name) ?? (frame.locals.has(name) || this.isParameter(frame, name) ? `${frame.id}:${name}` : `global:${name}`);
      frame.names.set(name, key);
    }
    return key;
  }

  /** Whether a canonical key names a variable of no frame (a global, or a name the file does not declare). */
  isGlobalKey(key: string): boolean {
    return key.startsWith('global:');
  }

  isParameter(frame: Frame, name: string): boolean {
    return frame.fn.params.some((p) => p.name === name);
  }

  run(): TraceResult {
    const { entry } = this.request;
    const frame = this.newFrame(entry, [], '');
    const paramOrigin = entry.nameNode;
    const state: State = {
      env: Env.of([
        [this.canonical(frame, this.request.difParam), [this.difConstant]],
        ...entry.params.slice(1).map((p): [string, AbstractValue[]] => [this.canonical(frame, p.name), [unknown('parameter', paramOrigin)]]),
      ]),
      facts: this.recognisers.initialFacts,
    };
    this.callStack.push(entry.name);
    if (entry.body) this.cover(entry.body);
    const flow = entry.body ? this.execStatement(entry.body, state, frame) : normalFlow(state);
    if (flow.normal) this.fallsOffEnd = true;
    for (const r of frame.returns) this.recordReturn(r.node, r.values, r.state, frame);
    return {
      trace: {
        dif: this.request.dif,
        difValue: this.request.difValue,
        phase: this.request.phase,
        returns: [...this.returnSites.values()],
        events: this.events,
        fallsOffEnd: this.fallsOffEnd,
        blocks: [...this.blocks.values()],
      },
      dispatchSwitches: [...this.dispatchSwitches.values()].map((n) => n.range),
      traceData: this.traceData,
      dispatchLabels: this.dispatchLabels,
      exhausted: this.exhausted,
      identities: { eventChains: this.eventChains, eventNodes: this.eventNodes, returnSites: this.returnSites },
    };
  }

  /**
   * Whether values are the DIF code as the entry point was given it: a test of it is dispatch, and names
   * a code to trace. Told by identity, so that the trace of one code still sees every test on its way.
   */
  private isDifCode(values: AbstractValue[]): boolean {
    return values.includes(this.difConstant);
  }

  /**
   * Once a test picked one code (`case X:`, `if (f == X)`), testing it again is not dispatch but a
   * handler's own logic: from there on the parameter holds a plain copy of the value.
   */
  private pinned(values: AbstractValue[]): AbstractValue[] {
    const given = this.difConstant;
    return values.includes(given) ? values.map((v) => (v === given ? { ...v } : v)) : values;
  }

  // ---- frames and names -------------------------------------------------------------------------

  private newFrame(fn: FunctionInfo, callChain: Range[], chainKey: string): Frame {
    const locals = localsOf(fn);
    const familyTyped = fn.params.some((p) => isFamilyType(p.typeName)) || [...locals.values()].some((l) => isFamilyType(l.typeName));
    return { id: this.frameIds++, fn, locals, familyTyped, aliases: new Map(), pointees: new Set(), callChain, chainKey, names: new Map(), events: undefined, returns: [], gotos: new Map() };
  }

  /** The type a variable or parameter of the frame is declared with, as written (its last name). */
  declaredType(frame: Frame, name: string): string | undefined {
    return frame.locals.get(name)?.typeName ?? frame.fn.params.find((p) => p.name === name)?.typeName;
  }

  private tick(): boolean {
    checkTimeLimit();
    if (++this.steps > STEP_BUDGET) this.exhausted = true;
    return !this.exhausted;
  }

  // ---- statements -----------------------------------------------------------------------------------

  private execStatement(node: Node, state: State | null, frame: Frame): Flow {
    if (!this.tick()) return normalFlow(null);
    if (node.type === 'labeled_statement') {
      const label = node.childForFieldName('label')?.text ?? '';
      const pending = frame.gotos.get(label) ?? [];
      frame.gotos.delete(label);
      const entry = this.join([state, ...pending]);
      const inner = node.namedChildren.find((c) => c.type !== 'statement_identifier' && isStatement(c));
      return inner ? this.execStatement(inner, entry, frame) : normalFlow(entry);
    }
    if (!state) {
      // Unreachable code may still hold a goto target (most holds none: its children are not listed).
      if ((node.type === 'compound_statement' || node.type === 'case_statement') && containsLabel(node)) return this.execSequence(node.namedChildren, null, frame);
      return normalFlow(null);
    }
    switch (node.type) {
      case 'compound_statement':
      case 'translation_unit':
        return this.execSequence(node.namedChildren, state, frame, node);
      case 'expression_statement': {
        const expr = node.firstNamedChild;
        if (!expr) return normalFlow(state);
        // A macro used as a statement (`RETURN_DEFAULT();`, `SAVE_PARAMS(...);`) runs its body in place.
        const macros = this.index.macros;
        const expansion = (expr.type === 'call_expression' && macros.hasFunctionLike) || (expr.type === 'identifier' && macros.hasObjectLike) ? this.macroExpansion(expr, frame) : undefined;
        if (expansion) return this.inExpansion(expansion, () => this.execStatement(expansion.body, state, frame));
        // Most statements are calls whose result is dropped: no value (nor its range) is made for it.
        if (expr.type === 'call_expression') return normalFlow(this.tick() ? this.evaluateCall(expr, state, frame, false).state : state);
        return normalFlow(this.evaluate(expr, state, frame).state);
      }
      case 'declaration':
        return normalFlow(this.execDeclaration(node, state, frame));
      case 'return_statement':
        return normalFlow(this.execReturn(node, state, frame));
      case 'if_statement':
        return this.execIf(node, state, frame);
      case 'switch_statement':
        return this.execSwitch(node, state, frame);
      case 'while_statement':
      case 'for_statement':
      case 'do_statement':
      case 'for_range_loop':
        return this.execLoop(node, state, frame);
      case 'break_statement':
        return { normal: null, breaks: [state], continues: NO_STATES };
      case 'continue_statement':
        return { normal: null, breaks: NO_STATES, continues: [state] };
      case 'goto_statement': {
        const label = node.childForFieldName('label')?.text ?? '';
        const list = frame.gotos.get(label) ?? [];
        list.push(state);
        frame.gotos.set(label, list);
        return normalFlow(null);
      }
      case 'seh_try_statement':
      case 'try_statement': {
        // The protected body, or any handler after a failure at an unknown point: explore both.
        const blocks = node.namedChildren.filter((c) => c.type === 'compound_statement' || c.type.endsWith('_clause'));
        const flows = blocks.map((b) => this.execStatement(b, state, frame));
        return this.mergeFlows(flows);
      }
      case 'seh_except_clause':
      case 'seh_finally_clause':
      case 'catch_clause': {
        const body = node.childForFieldName('body') ?? node.namedChildren.find((c) => c.type === 'compound_statement');
        return body ? this.execStatement(body, state, frame) : normalFlow(state);
      }
      case 'preproc_if':
      case 'preproc_ifdef':
      case 'preproc_else':
      case 'preproc_elif':
      case 'preproc_elifdef':
        return this.execPreprocessorBranches(node, state, frame);
      case 'case_statement':
        return this.execSequence(caseBody(node), state, frame);
      default:
        // ERROR nodes and anything unfamiliar: run the statements inside, skip the rest (code being typed).
        if (node.type === 'ERROR' || node.type === 'attributed_statement') {
          return this.execSequence(
            node.namedChildren.filter((c) => isStatement(c) || c.type.endsWith('_expression')),
            state,
            frame,
          );
        }
        if (node.type.endsWith('_expression')) return normalFlow(this.evaluate(node, state, frame).state);
        return normalFlow(state);
    }
  }

  /** `block`: the block whose statements these are, for coverage of what follows a branch (see cover). */
  private execSequence(children: Node[], state: State | null, frame: Frame, block?: Node): Flow {
    let current = state;
    let breaks = NO_STATES;
    let continues = NO_STATES;
    let afterBranch = false;
    for (const child of children) {
      if (child.type === 'comment') continue;
      if (!current && child.type !== 'labeled_statement' && !containsLabel(child)) continue;
      if (!isStatement(child) && !child.type.endsWith('_expression') && child.type !== 'labeled_statement') continue;
      // After an if or a switch, fewer paths may go on (`if (Context->PostProcessing) return ...;`).
      if (afterBranch && current && block) this.cover(child, block);
      const type = child.type;
      afterBranch = type === 'if_statement' || type === 'switch_statement';
      const flow = this.execStatement(child, current, frame);
      if (flow.breaks.length) breaks = [...breaks, ...flow.breaks];
      if (flow.continues.length) continues = [...continues, ...flow.continues];
      current = flow.normal;
    }
    return { normal: current, breaks, continues };
  }

  private execPreprocessorBranches(node: Node, state: State, frame: Frame): Flow {
    // A condition the project's sources or the user's pins decide takes its arm; one only the build
    // knows (_WIN64, DBG) is one of two builds, and both arms are followed as alternatives.
    const alternative = node.childForFieldName('alternative');
    const truth = armTruth(node, this.index);
    const own = node.namedChildren.filter((c) => c.id !== alternative?.id && isStatement(c));
    if (truth === 'true') return this.execSequence(own, state, frame);
    if (truth === 'false') return alternative ? this.execStatement(alternative, state, frame) : normalFlow(state);
    const first = this.execSequence(own, state, frame);
    const second = alternative ? this.execStatement(alternative, state, frame) : normalFlow(state);
    return this.mergeFlows([first, second]);
  }

  private execDeclaration(node: Node, state: State, frame: Frame): State {
    let s = state;
    const typeNode = node.childForFieldName('type');
    for (const d of node.childrenForFieldName('declarator')) {
      const id = declaredName(d);
      if (!id) continue;
      const key = this.canonical(frame, id.text);
      const value = d.type === 'init_declarator' ? d.childForFieldName('value') : null;
      if (value && value.type === 'initializer_list') {
        if (typeNode) for (const r of this.recognisers.initializerLists) s = r.onInitializerList!(typeNode, key, value, s, this);
        s = setVar(s, key, [unknown('expression', value)]);
      } else if (value) {
        const r = this.evaluate(value, s, frame);
        s = setVar(r.state, key, r.values);
      } else {
        s = setVar(s, key, [unknown('expression', id)]);
      }
    }
    return s;
  }

  private execReturn(node: Node, state: State, frame: Frame): null {
    const expr = node.namedChildren.find((c) => c.type !== 'comment');
    const r = expr ? this.evaluate(expr, state, frame) : { values: [] as AbstractValue[], state };
    frame.returns.push({ values: r.values, state: r.state, node });
    return null;
  }

  private recordReturn(node: Node, values: AbstractValue[], state: State, frame: Frame): void {
    const key = node.id;
    const expr = node.namedChildren.find((c) => c.type !== 'comment') ?? node;
    const existing = this.returnSites.get(key);
    let site = existing;
    if (site) {
      site.values = unionValues(site.values, values);
    } else {
      // pagesAdded is the wizard-pages recogniser's to set (its onReturn).
      site = { range: node.range, valueRange: expr.range, values, pagesAdded: 'no', callChain: frame.callChain };
      this.returnSites.set(key, site);
    }
    for (const r of this.recognisers.returns) r.onReturn!(this, site, !existing, state);
  }

  private execIf(node: Node, state: State, frame: Frame): Flow {
    const cond = this.condition(node.childForFieldName('condition'), state, frame);
    const consequence = node.childForFieldName('consequence');
    let alternative = node.childForFieldName('alternative');
    if (alternative?.type === 'else_clause') alternative = alternative.namedChildren.find((c) => isStatement(c)) ?? null;
    if (cond.then && consequence) this.cover(consequence);
    if (cond.else && alternative) this.cover(alternative);
    const thenFlow = cond.then && consequence ? this.execStatement(consequence, cond.then, frame) : normalFlow(cond.then);
    const elseFlow = cond.else && alternative ? this.execStatement(alternative, cond.else, frame) : normalFlow(cond.else);
    const merged = this.mergeFlows([thenFlow, elseFlow]);
    if (merged.normal && thenFlow.normal && elseFlow.normal && cond.scoped) {
      // Both ways lead here, so what the condition told its branches does not hold after them.
      let after: State = merged.normal;
      for (const r of cond.scoped) after = this.withFact(after, r, this.fact(state, r));
      merged.normal = after;
    }
    return merged;
  }

  private execSwitch(node: Node, state: State, frame: Frame): Flow {
    const subjectNode = unwrapCondition(node.childForFieldName('condition'));
    const body = node.childForFieldName('body');
    if (!subjectNode || !body) return normalFlow(state);
    const subject = this.evaluate(subjectNode, state, frame);
    const s = subject.state;
    const cases = body.namedChildren.filter((c) => c.type === 'case_statement');
    const labels = cases.map((c) => {
      const valueNode = c.childForFieldName('value');
      if (!valueNode) return undefined;
      const v = this.evaluate(valueNode, s, frame);
      return { node: valueNode, constant: singleConstant(v.values) };
    });
    const subjectVar = this.variableKey(subjectNode, frame);
    const isDispatch = this.isDifCode(subject.values);
    if (isDispatch) {
      if (!this.dispatchSwitches.has(node.id)) this.dispatchSwitches.set(node.id, node);
      for (const l of labels) if (l?.constant) this.dispatchLabels.push({ value: l.constant.value, name: l.constant.name, range: l.node.range });
    }
    const known = singleConstant(subject.values);
    const entries: Array<State | null> = cases.map(() => null);
    let skipState: State | null = null;
    const defaultIndex = labels.findIndex((l) => l === undefined);
    if (known) {
      const match = labels.findIndex((l) => l?.constant?.value === known.value);
      const target = match >= 0 ? match : defaultIndex;
      if (target >= 0) entries[target] = match >= 0 && isDispatch && subjectVar ? setVar(s, subjectVar, this.pinned(s.env.get(subjectVar) ?? subject.values)) : s;
      else skipState = s;
    } else {
      labels.forEach((l, k) => {
        if (!l) return;
        let entry = s;
        if (subjectVar && l.constant) entry = setVar(entry, subjectVar, assumeEquals(entry.env.get(subjectVar) ?? subject.values, l.constant));
        entries[k] = entry;
      });
      let rest = s;
      if (subjectVar) {
        let values = rest.env.get(subjectVar) ?? subject.values;
        for (const l of labels) if (l?.constant) values = assumeNotEquals(values, l.constant.value);
        rest = setVar(rest, subjectVar, values);
      }
      if (defaultIndex >= 0) entries[defaultIndex] = rest;
      else skipState = rest;
    }
    let current: State | null = null;
    const breaks: State[] = [];
    const continues: State[] = [];
    cases.forEach((c, k) => {
      current = this.join([current, entries[k]]);
      // A case no path enters (most, in the trace of one code) is skipped unless a goto may jump into it.
      if (!current && !containsLabel(c)) return;
      // A case runs up to the next label: comments after its last statement are the tree's, not the case's.
      if (current && !this.blocks.has(c.id)) this.cover(c, lastBeforeNextCase(body, c));
      const flow = this.execSequence(caseBody(c), current, frame, c);
      breaks.push(...flow.breaks);
      continues.push(...flow.continues);
      current = flow.normal;
    });
    return { normal: this.join([current, ...breaks, skipState]), breaks: NO_STATES, continues };
  }

  /**
   * A loop: rounds from where it starts until the values at its start no longer change. After a round,
   * the next one starts from what both the round's start and its end allow, and a variable the round
   * changed is widened to "unknown" (once): rounds not followed are covered, not assumed away. At least
   * LOOP_ROUNDS rounds (the recognisers' facts settle by then), at most MAX_LOOP_ROUNDS; a loop still
   * changing then leaves with every changed variable unknown.
   */
  private execLoop(node: Node, state: State, frame: Frame): Flow {
    let head: State | null = state;
    const exits: Array<State | null> = [];
    const breaks: State[] = [];
    if (node.type === 'for_statement') {
      const init = node.childForFieldName('initializer');
      if (init) head = init.type === 'declaration' ? this.execDeclaration(init, head, frame) : this.evaluate(init, head, frame).state;
    }
    const condNode = node.childForFieldName('condition');
    const body = node.childForFieldName('body');
    const update = node.childForFieldName('update');
    const isDo = node.type === 'do_statement';
    const isRange = node.type === 'for_range_loop';
    const widened = new Map<string, AbstractValue[]>();
    let settled = false;
    for (let round = 0; round < MAX_LOOP_ROUNDS && head; round++) {
      let enter: State | null = head;
      if (!isDo && condNode) {
        const c = this.condition(condNode, head, frame);
        exits.push(c.else);
        enter = c.then;
      } else if (isRange) {
        // The range may end before any round.
        exits.push(head);
      }
      if (!enter) {
        settled = true;
        break;
      }
      const flow = body ? this.execStatement(body, enter, frame) : normalFlow(enter);
      breaks.push(...flow.breaks);
      let next = this.join([flow.normal, ...flow.continues]);
      if (next && update) next = this.evaluate(update, next, frame).state;
      if (isDo && condNode && next) {
        const c = this.condition(condNode, next, frame);
        exits.push(c.else);
        next = c.then;
      }
      if (!next) {
        settled = true;
        break;
      }
      const joined: State = this.join([head, next])!;
      let start: State = joined;
      let grew = false;
      for (const key of Env.changedKeys(head.env, joined.env)) {
        let values = widened.get(key);
        if (!values) {
          widened.set(key, (values = [unknown('expression', node)]));
          grew = true;
        }
        start = setVar(start, key, values);
      }
      head = start;
      if (!grew && round + 1 >= LOOP_ROUNDS) {
        settled = true;
        break;
      }
    }
    if (!settled && head) {
      // Still changing after the rounds followed: it leaves from the widened start as well.
      if (isDo || isRange) exits.push(head);
      else if (!condNode) exits.push(null);
      else exits.push(this.condition(condNode, head, frame).else);
    }
    return normalFlow(this.join([...exits, ...breaks]));
  }

  // ---- conditions -------------------------------------------------------------------------------------

  /**
   * The paths on which a condition holds and fails. `scoped`: the recognisers that told both branches a
   * fact (an undecided condition they read); where an if's branches meet again, it no longer holds.
   */
  private condition(node: Node | null, state: State, frame: Frame): { then: State | null; else: State | null; scoped: Recogniser[] | undefined } {
    const expr = unwrapCondition(node);
    if (!expr) return { then: state, else: state, scoped: undefined };
    const r = this.evaluate(expr, state, frame);
    const truth = truthOf(r.values);
    let thenState = truth === 'false' ? null : this.refine(expr, r.state, true, frame);
    let elseState = truth === 'true' ? null : this.refine(expr, r.state, false, frame);
    let scoped: Recogniser[] | undefined;
    if (truth !== 'unknown') {
      for (const recogniser of this.recognisers.decidedConditions) {
        const fact = recogniser.onDecidedCondition!(this, expr, r.state, frame);
        if (fact === undefined) continue;
        if (thenState) thenState = this.withFact(thenState, recogniser, fact);
        if (elseState) elseState = this.withFact(elseState, recogniser, fact);
      }
    } else {
      const before = r.state.facts;
      let facts = before;
      for (const recogniser of this.recognisers.conditions) {
        const fact = recogniser.onUndecidedCondition!(this, expr, r.state, frame);
        if (fact === undefined) continue;
        (scoped ??= []).push(recogniser);
        facts = this.withFact({ env: r.state.env, facts }, recogniser, fact).facts;
        // A branch whose refinement changed a fact (a failed start) gets the fact on its own.
        if (thenState && thenState.facts !== before) thenState = this.withFact(thenState, recogniser, fact);
        if (elseState && elseState.facts !== before) elseState = this.withFact(elseState, recogniser, fact);
      }
      // Branches the refinement left alone share one facts list: where they meet untouched, the join keeps it.
      if (scoped) {
        if (thenState && thenState.facts === before) thenState = { env: thenState.env, facts };
        if (elseState && elseState.facts === before) elseState = { env: elseState.env, facts };
      }
    }
    return { then: thenState, else: elseState, scoped };
  }

  /** Narrow the environment by assuming `expr` is true (or false); null when that cannot be. */
  private refine(expr: Node, state: State, assume: boolean, frame: Frame): State | null {
    const e = unwrapCondition(expr) ?? expr;
    if (e.type === 'unary_expression' && e.childForFieldName('operator')?.text === '!') {
      const arg = e.childForFieldName('argument');
      return arg ? this.refine(arg, state, !assume, frame) : state;
    }
    if (e.type === 'binary_expression') {
      const op = e.childForFieldName('operator')?.text;
      const left = e.childForFieldName('left');
      const right = e.childForFieldName('right');
      if (!left || !right) return state;
      if ((op === '&&' && assume) || (op === '||' && !assume)) {
        const s1 = this.refine(left, state, assume, frame);
        return s1 ? this.refine(right, s1, assume, frame) : null;
      }
      if (op === '&&' || op === '||') {
        // Either side may be the one that decided: keep what both allow.
        const a = this.refine(left, state, assume, frame);
        const b = this.refine(right, state, assume, frame);
        return this.join([a, b]);
      }
      if (op === '==' || op === '!=') {
        const equal = (op === '==') === assume;
        const [varNode, constNode] = this.variableKey(left, frame) ? [left, right] : [right, left];
        const key = this.variableKey(varNode, frame);
        const c = singleConstant(this.peekValues(constNode, state, frame));
        if (!key || !c) return state;
        const current = state.env.get(key);
        if (!current) return state;
        const narrowed = equal ? this.pinned(assumeEquals(current, c)) : assumeNotEquals(current, c.value);
        return narrowed.length ? setVar(state, key, narrowed) : null;
      }
      return state;
    }
    if (e.type === 'call_expression' && !assume) {
      const entry = this.recognisers.calls.get(calleeName(e) ?? '');
      if (entry && !entry.value) {
        let s = state;
        for (const r of entry.handlers) if (r.onCallFailed) s = r.onCallFailed(this, e, s, frame);
        return s;
      }
    }
    const key = this.variableKey(e, frame);
    if (key) {
      const current = state.env.get(key);
      if (!current) return state;
      const zero = constant(0, e);
      const narrowed = assume ? assumeNotEquals(current, 0) : assumeEquals(current, zero);
      return narrowed.length ? setVar(state, key, narrowed) : null;
    }
    return state;
  }

  /** The variable an expression names (`rc`, `(rc)`, `(rc = f())`), as a canonical key. */
  private variableKey(node: Node, frame: Frame): string | undefined {
    const e = unwrapCondition(node) ?? node;
    if (e.type === 'identifier') {
      const name = e.text;
      // A pointer to a caller's variable is not the variable: `if (!pSize)` tells nothing about *pSize.
      if (frame.pointees.has(name)) return undefined;
      if (frame.locals.has(name) || this.isParameter(frame, name) || frame.aliases.has(name)) return this.canonical(frame, name);
      return undefined;
    }
    if (e.type === 'pointer_expression' && e.childForFieldName('operator')?.text === '*') {
      // `*pSize` where pSize holds a caller variable's address: that variable.
      const target = unwrapCondition(e.childForFieldName('argument'));
      return target?.type === 'identifier' && frame.pointees.has(target.text) ? frame.aliases.get(target.text) : undefined;
    }
    if (e.type === 'assignment_expression' && e.childForFieldName('operator')?.text === '=') {
      const left = e.childForFieldName('left');
      return left ? this.variableKey(left, frame) : undefined;
    }
    return undefined;
  }

  /** Values of a side-effect-free expression (constants, variables) without recording anything. */
  private peekValues(node: Node, state: State, frame: Frame): AbstractValue[] {
    const e = unwrapCondition(node) ?? node;
    if (e.type === 'number_literal' || e.type === 'identifier' || e.type === 'true' || e.type === 'false' || e.type === 'cast_expression') {
      return this.evaluate(e, state, frame).values;
    }
    return [];
  }

  // ---- expressions ------------------------------------------------------------------------------------

  private evaluate(node: Node, state: State, frame: Frame): { values: AbstractValue[]; state: State } {
    if (!this.tick()) return { values: [unknown('expression', node)], state };
    switch (node.type) {
      case 'number_literal': {
        const n = parseCNumber(node.text);
        return n === undefined ? opaque(node, state) : { values: [constant(n, node)], state };
      }
      case 'true':
        return { values: [constant(1, node, 'TRUE')], state };
      case 'false':
        return { values: [constant(0, node, 'FALSE')], state };
      case 'identifier': {
        const values = this.readIdentifier(node, state, frame);
        if (values !== EXPAND_MACRO) return { values, state };
        return this.evaluateExpansion(node, state, frame);
      }
      case 'parenthesized_expression':
      case 'condition_clause': {
        const inner = unwrapCondition(node);
        return inner && inner.id !== node.id ? this.evaluate(inner, state, frame) : opaque(node, state);
      }
      case 'cast_expression': {
        const value = node.childForFieldName('value');
        return value ? this.evaluate(value, state, frame) : opaque(node, state);
      }
      case 'comma_expression': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        const s = left ? this.evaluate(left, state, frame).state : state;
        return right ? this.evaluate(right, s, frame) : opaque(node, s);
      }
      case 'conditional_expression':
        return this.evaluateConditional(node, state, frame);
      case 'assignment_expression':
        return this.evaluateAssignment(node, state, frame);
      case 'update_expression': {
        const arg = node.childForFieldName('argument');
        if (arg?.type === 'field_expression') {
          const writers = this.recognisers.fieldWrites.get(arg.childForFieldName('field')?.text ?? '');
          if (writers) {
            let s = state;
            for (const r of writers) s = r.onFieldWrite!(this, node, arg, null, node.childForFieldName('operator')?.text ?? '++', s, frame);
            return opaque(node, s);
          }
        }
        const key = arg ? this.variableKey(arg, frame) : undefined;
        if (!key) return opaque(node, arg && isDereference(arg) ? this.forgetEscaped(node, state) : state);
        if (this.isGlobalKey(key)) this.globalsWritten.add(key);
        return opaque(node, setVar(state, key, [unknown('expression', node)]));
      }
      case 'call_expression':
        return this.evaluateCall(node, state, frame);
      case 'field_expression': {
        const member = node.childForFieldName('field')?.text ?? '';
        const readers = this.recognisers.fieldReads.get(member);
        if (readers) {
          for (const r of readers) {
            const values = r.onFieldRead!(this, node, member, state, frame);
            if (values) return { values, state };
          }
        }
        return opaque(node, state);
      }
      case 'unary_expression': {
        const op = node.childForFieldName('operator')?.text;
        const arg = node.childForFieldName('argument');
        if (!arg) return opaque(node, state);
        const r = this.evaluate(arg, state, frame);
        const c = singleConstant(r.values);
        if (op === '!') {
          const t = truthOf(r.values);
          return t === 'unknown' ? opaque(node, r.state) : { values: [constant(t === 'true' ? 0 : 1, node)], state: r.state };
        }
        if (c && op === '-') return { values: [constant(-c.value >>> 0, node)], state: r.state };
        if (c && op === '~') return { values: [constant(~c.value >>> 0, node)], state: r.state };
        return opaque(node, r.state);
      }
      case 'binary_expression':
        return this.evaluateBinary(node, state, frame);
      case 'pointer_expression': {
        const operator = node.childForFieldName('operator')?.text;
        const arg = node.childForFieldName('argument');
        if (operator === '&') {
          this.noteAddressTaken(arg, frame);
          const inner = arg ? this.evaluateAddressed(arg, state, frame) : state;
          return { values: [unknown('expression', node, { excludes: [0] })], state: inner };
        }
        const key = this.variableKey(node, frame);
        const known = key ? state.env.get(key) : undefined;
        if (known) return { values: known, state };
        return this.evaluateChildren(node, state, frame);
      }
      case 'subscript_expression':
      case 'sizeof_expression':
      case 'string_literal':
      case 'concatenated_string':
      case 'char_literal':
      default:
        return this.evaluateChildren(node, state, frame);
      case 'argument_list': {
        let s = state;
        for (const c of node.namedChildren) s = this.evaluate(c, s, frame).state;
        return opaque(node, s);
      }
    }
  }

  /**
   * The expansion of a macro use (a call `NAME(args)` or a name) in place of the code written, unless
   * the name is a function of the file, a call a recogniser knows, a variable, or already being expanded.
   */
  private macroExpansion(use: Node, frame: Frame): { name: string; body: Node } | undefined {
    const name = use.type === 'identifier' ? use.text : calleeName(use);
    if (!name) return undefined;
    const macro: MacroDefinition | undefined = this.index.macros.get(name);
    if (!macro || !macro.body) return undefined;
    if (!!macro.params !== (use.type === 'call_expression')) return undefined;
    if (use.type === 'call_expression' && use.childForFieldName('function')?.type !== 'identifier') return undefined;
    if (this.index.functions.has(name) || this.recognisers.calls.has(name)) return undefined;
    if (use.type === 'identifier' && !this.canonical(frame, name).startsWith('global:')) return undefined;
    if (this.expanding.includes(name) || this.expanding.length >= MAX_EXPANSION_DEPTH) return undefined;
    const body = this.index.macros.expansion(use, macro, use.type === 'call_expression' ? arguments_(use) : undefined);
    return body ? { name, body } : undefined;
  }

  private inExpansion<T>(expansion: { name: string }, run: () => T): T {
    this.expanding.push(expansion.name);
    try {
      return run();
    } finally {
      this.expanding.pop();
    }
  }

  /** A macro use read as a value: the expression its body is, or its statements run and an unknown value. */
  private evaluateExpansion(use: Node, state: State, frame: Frame): { values: AbstractValue[]; state: State } {
    const expansion = this.macroExpansion(use, frame);
    if (!expansion) return opaque(use, state);
    return this.inExpansion(expansion, () => {
      // The parse closes the body with `;`: an empty statement after a body that ended with its own.
      const statements = expansion.body.namedChildren.filter((c) => c.type !== 'comment' && !(c.type === 'expression_statement' && !c.firstNamedChild));
      const only = statements.length === 1 && statements[0].type === 'expression_statement' ? statements[0].firstNamedChild : null;
      if (only) return this.evaluate(only, state, frame);
      const flow = this.execStatement(expansion.body, state, frame);
      return { values: [unknown('expression', use)], state: flow.normal ?? state };
    });
  }

  /** Still run nested calls and assignments for their effects; the value is unknown. */
  private evaluateChildren(node: Node, state: State, frame: Frame): { values: AbstractValue[]; state: State } {
    let s = state;
    for (const c of node.namedChildren) if (c.type.endsWith('_expression') || c.type === 'argument_list') s = this.evaluate(c, s, frame).state;
    return opaque(node, s);
  }

  /** The operand of `&`: its address is taken, not its value (nested calls still run: `&a[f()]`). */
  private evaluateAddressed(node: Node, state: State, frame: Frame): State {
    if (node.type === 'identifier') return state;
    return this.evaluateChildren(node, state, frame).state;
  }

  private readIdentifier(node: Node, state: State, frame: Frame): AbstractValue[] {
    const name = node.text;
    // A pointer to a caller's variable: some address, never NULL.
    if (frame.pointees.has(name)) return [unknown('expression', node, { excludes: [0] })];
    const key = this.canonical(frame, name);
    const known = state.env.get(key);
    if (known) {
      const type = frame.familyTyped ? this.declaredType(frame, name) : undefined;
      if (type !== undefined && isFamilyType(type)) {
        const family = type === 'BOOL' ? 'bool' : 'hresult';
        // What reaches the read decides, not the declaration: NO_ERROR, GetLastError() and InstallResult
        // held in an HRESULT variable are still Win32 codes. Only a value that says nothing of its kind
        // (a bare number, a call the file does not define, an expression) is taken to be of the variable's type.
        return known.map((v) => (takesDeclaredType(v) ? { ...v, family } : v));
      }
      return known;
    }
    const here = node;
    if (!key.startsWith('global:')) return [unknown('expression', here)];
    const named = namedConstant(this.index, name);
    if (named) return [constant(named.value, here, named.name)];
    if (this.index.macros.get(name) && this.macroExpansion(node, frame)) return EXPAND_MACRO;
    // Any other ERROR_* name is a winerror.h failure code: unknown, but never NO_ERROR.
    const isWin32Error = name.startsWith('ERROR_') && name !== 'ERROR_SUCCESS';
    return [unknown('global', here, { name, excludes: isWin32Error ? [0] : [] })];
  }

  private evaluateConditional(node: Node, state: State, frame: Frame): { values: AbstractValue[]; state: State } {
    const c = this.condition(node.childForFieldName('condition'), state, frame);
    const consequence = node.childForFieldName('consequence');
    const alternative = node.childForFieldName('alternative');
    const parts: Array<{ values: AbstractValue[]; state: State }> = [];
    if (c.then && consequence) parts.push(this.evaluate(consequence, c.then, frame));
    if (c.else && alternative) parts.push(this.evaluate(alternative, c.else, frame));
    if (!parts.length) return { values: [unknown('expression', node)], state };
    return { values: unionValues(...parts.map((p) => p.values)), state: this.join(parts.map((p) => p.state))! };
  }

  private evaluateBinary(node: Node, state: State, frame: Frame): { values: AbstractValue[]; state: State } {
    const op = node.childForFieldName('operator')?.text ?? '';
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const here = node;
    if (!left || !right) return { values: [unknown('expression', here)], state };
    if (op === '&&' || op === '||') {
      // Short-circuit: the right side runs only when the left side did not decide.
      const c = this.condition(left, state, frame);
      const goOn = op === '&&' ? c.then : c.else;
      const decided = op === '&&' ? c.else : c.then;
      const rightResult = goOn ? this.evaluate(right, goOn, frame) : undefined;
      const leftTruth = op === '&&' ? 0 : 1;
      const values: AbstractValue[] = [];
      if (decided) values.push(constant(leftTruth, here));
      if (rightResult) {
        const t = truthOf(rightResult.values);
        values.push(...(t === 'unknown' ? [unknown('expression', here)] : [constant(t === 'true' ? 1 : 0, here)]));
      }
      return { values: values.length ? values : [unknown('expression', here)], state: this.join([decided, rightResult?.state ?? null]) ?? state };
    }
    if (op === '&' && this.isCastLike(left, frame)) {
      // `(LPBYTE)&value` reads as `(LPBYTE) & value` to a parser that does not know the type: an address.
      this.noteAddressTaken(right, frame);
      return { values: [unknown('expression', here, { excludes: [0] })], state: this.evaluateAddressed(right, state, frame) };
    }
    const l = this.evaluate(left, state, frame);
    const r = this.evaluate(right, l.state, frame);
    this.noteDispatchComparison(op, left, right, l.values, r.values);
    const lc = singleConstant(l.values);
    const rc = singleConstant(r.values);
    if (lc && rc) {
      let v: number | undefined;
      switch (op) {
        case '==': v = lc.value === rc.value ? 1 : 0; break;
        case '!=': v = lc.value !== rc.value ? 1 : 0; break;
        case '<': v = lc.value < rc.value ? 1 : 0; break;
        case '>': v = lc.value > rc.value ? 1 : 0; break;
        case '<=': v = lc.value <= rc.value ? 1 : 0; break;
        case '>=': v = lc.value >= rc.value ? 1 : 0; break;
        default: v = applyBinary(op, lc.value, rc.value);
      }
      if (v !== undefined) return { values: [constant(v, here)], state: r.state };
    }
    if (op === '==' || op === '!=') {
      // A comparison that the guards already decide (x != 0 where x excludes 0).
      const decided = decideComparison(l.values, r.values);
      if (decided !== undefined) return { values: [constant((decided === (op === '==')) ? 1 : 0, here)], state: r.state };
    }
    return { values: [unknown('expression', here)], state: r.state };
  }

  private noteDispatchComparison(op: string, left: Node, right: Node, lv: AbstractValue[], rv: AbstractValue[]): void {
    if (op !== '==' && op !== '!=') return;
    const pairs: Array<[AbstractValue[], AbstractValue[], Node]> = [[lv, rv, right], [rv, lv, left]];
    for (const [subject, other, otherNode] of pairs) {
      const c = singleConstant(other);
      if (c && this.isDifCode(subject)) this.dispatchLabels.push({ value: c.value, name: c.name, range: otherNode.range });
    }
  }

  private evaluateAssignment(node: Node, state: State, frame: Frame): { values: AbstractValue[]; state: State } {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const op = node.childForFieldName('operator')?.text ?? '=';
    if (!left || !right) return { values: [unknown('expression', node)], state };
    const r = this.evaluate(right, state, frame);
    let s = r.state;
    if (left.type === 'field_expression' || left.type === 'subscript_expression') {
      s = this.fieldWrite(node, left, right, op, s, frame);
      return { values: r.values, state: s };
    }
    if (left.type === 'identifier' && frame.pointees.has(left.text)) {
      // The pointer itself is moved: from here on it designates what the trace cannot tell.
      frame.pointees.delete(left.text);
      frame.aliases.delete(left.text);
      frame.names.delete(left.text);
      return { values: r.values, state: s };
    }
    const key = this.variableKey(left, frame) ?? (left.type === 'identifier' ? this.canonical(frame, left.text) : undefined);
    if (!key) {
      if (isDereference(left)) s = this.forgetEscaped(node, s);
      return { values: r.values, state: s };
    }
    if (this.isGlobalKey(key)) this.globalsWritten.add(key);
    if (op === '=') return { values: r.values, state: setVar(s, key, r.values) };
    const current = s.env.get(key) ?? [unknown('expression', left)];
    const lc = singleConstant(current);
    const rc = singleConstant(r.values);
    const combined = lc && rc ? applyBinary(op.slice(0, -1), lc.value, rc.value) : undefined;
    const values = combined !== undefined ? [constant(combined, node)] : [unknown('expression', node)];
    return { values, state: setVar(s, key, values) };
  }

  /** A write to a struct member (`p.F = x`, `p->F |= x`, `p.F[i] = x`): the recognisers of the member. */
  private fieldWrite(node: Node, left: Node, right: Node, op: string, state: State, frame: Frame): State {
    let target = left;
    while (target.type === 'subscript_expression') target = target.childForFieldName('argument') ?? target;
    if (target.type !== 'field_expression') return state;
    const writers = this.recognisers.fieldWrites.get(target.childForFieldName('field')?.text ?? '');
    if (!writers) return state;
    let s = state;
    for (const r of writers) s = r.onFieldWrite!(this, node, target, right, op, s, frame);
    return s;
  }

  /** `valueUsed` false: the caller drops the call's value, which is then not made (NO_VALUES). */
  private evaluateCall(node: Node, state: State, frame: Frame, valueUsed = true): { values: AbstractValue[]; state: State } {
    // No closures here: a function whose variables a closure captures allocates their context on every
    // call, and this one runs for every call expression of every trace.
    const name = calleeName(node) ?? '';
    if (this.index.macros.hasFunctionLike && this.index.macros.get(name)?.params && this.macroExpansion(node, frame)) return this.evaluateExpansion(node, state, frame);
    const args = arguments_(node);
    if (args.length === 1 && this.index.cplusplus && isNamedCast(node)) return this.evaluate(args[0], state, frame);
    // One lookup per call: most calls are none of the recognisers'.
    const known = this.recognisers.calls.get(name);
    // A C++ lambda of the function (`auto request = [&]() { ... }; request();`) runs in the function's scope;
    // else the file's own definition, else the one other source of its DLL/folder that defines it.
    const lambda = this.index.cplusplus ? lambdasOf(frame.fn).get(name) : undefined;
    const callee = lambda ?? this.index.functions.get(name) ?? this.index.otherFiles?.(name);
    const followed = !known?.value && callee?.body && !this.callStack.includes(name) && this.callStack.length <= MAX_CALL_DEPTH ? callee : undefined;
    // Arguments first, left to right, for their effects. A literal has none, and its value matters only to
    // a function the trace follows (its parameter holds it): elsewhere it is not made (most arguments of
    // most calls, `LogStep(L"...", 4)`).
    let s = state;
    const argValues: AbstractValue[][] = new Array(args.length);
    for (let k = 0; k < args.length; k++) {
      if (!followed && isLiteral(args[k])) {
        argValues[k] = NO_VALUES;
        continue;
      }
      const r = this.evaluate(args[k], s, frame);
      argValues[k] = r.values;
      s = r.state;
    }
    if (known) {
      if (known.value) return { values: valueUsed ? [known.value.callValue!(node, name)] : NO_VALUES, state: s };
      for (const r of known.handlers) s = r.onCall!(this, node, name, args, s, frame);
    }
    if (followed) return this.inline(followed, node, args, argValues, s, frame, followed === lambda ? frame : undefined);
    const unresolved = this.recognisers.unresolvedCalls;
    for (let k = 0; k < unresolved.length; k++) unresolved[k].onUnresolvedCall?.(this, node, name, argValues, frame);
    s = this.outOfSight(node, name, args, s, frame);
    if (!valueUsed) return { values: NO_VALUES, state: s };
    let family: ReturnCodeFamily | undefined;
    for (let k = 0; k < unresolved.length && family === undefined; k++) family = unresolved[k].resultFamily?.(name);
    return { values: [unknown('call', node, { callee: name, family })], state: s };
  }

  /** `enclosing`: the frame a lambda was defined in, whose variables its body names as its own (captured by reference). */
  private inline(callee: FunctionInfo, call: Node, args: readonly Node[], argValues: AbstractValue[][], state: State, frame: Frame, enclosing?: Frame): { values: AbstractValue[]; state: State } {
    const at = call.range.start;
    const inner = this.newFrame(callee, [...frame.callChain, call.range], `${frame.chainKey}>${at.line}:${at.character}`);
    if (enclosing) this.capture(inner, enclosing);
    let s = state;
    callee.params.forEach((p, k) => {
      if (!p.name) return;
      const argVar = args[k] ? addressedVariable(args[k]) : undefined;
      if (argVar && (frame.locals.has(argVar) || this.isParameter(frame, argVar) || frame.aliases.has(argVar))) {
        // A pointer (or the variable itself) is passed: the callee's parameter designates the caller's variable.
        const byAddress = isAddressOf(args[k]) || frame.pointees.has(argVar);
        // A C++ reference parameter is another name of the caller's variable itself.
        if (p.typeName.startsWith('P') || byAddress || (p.byReference && !isAddressOf(args[k]))) inner.aliases.set(p.name, this.canonical(frame, argVar));
        if (byAddress) inner.pointees.add(p.name);
      }
      if (!inner.aliases.has(p.name)) s = setVar(s, this.canonical(inner, p.name), argValues[k] ?? [unknown('parameter', call)]);
    });
    this.callStack.push(callee.name);
    this.cover(callee.body!);
    const flow = this.execStatement(callee.body!, s, inner);
    this.callStack.pop();
    const outs: Array<State | null> = inner.returns.map((r) => r.state);
    if (flow.normal) outs.push(flow.normal);
    const values = inner.returns.length ? unionValues(...inner.returns.map((r) => r.values)) : [unknown('call', call, { callee: callee.name })];
    const after = this.join(outs);
    // A helper that always ends the process (or loops) leaves no state: the caller's path ends too.
    return { values, state: after ?? state };
  }

  /** A lambda's frame names the enclosing frame's variables and parameters it does not declare itself. */
  private capture(inner: Frame, enclosing: Frame): void {
    const own = (name: string) => inner.locals.has(name) || this.isParameter(inner, name);
    const names = [...enclosing.locals.keys(), ...enclosing.fn.params.map((p) => p.name), ...enclosing.aliases.keys()];
    for (const name of names) {
      if (!name || own(name) || inner.aliases.has(name)) continue;
      inner.aliases.set(name, this.canonical(enclosing, name));
      if (enclosing.pointees.has(name)) inner.pointees.add(name);
    }
  }

  /**
   * After a call the trace does not follow: what it may have written is unknown. That is every variable
   * whose address escaped and every global the trace assigned; the recognisers hear of the variables the
   * call was handed (`&params`, `pParams`), whose facts it may have changed out of sight.
   */
  private outOfSight(call: Node, name: string, args: readonly Node[], state: State, frame: Frame): State {
    let s = this.mayWriteByReference(call, name, args, this.forgetEscaped(call, state), frame);
    // Handed a member (`SetFlag(dip.FlagsEx, X)`, `WI_SetFlag(...)`, `SetBits(&dip.FlagsEx, X)`: a macro of a
    // header the project does not have, or a function given its address), the call may write it.
    // The recognisers hear of the variables the call was handed (`&params`, `pParams`).
    const hooks = this.recognisers.outOfSightWrites;
    let handed: string[] | undefined;
    for (const arg of args) {
      if (isLiteral(arg)) continue;
      const member = isAddressOf(arg) ? arg.childForFieldName('argument') : unwrapCondition(arg);
      if (member?.type === 'field_expression' && this.recognisers.fieldWrites.has(member.childForFieldName('field')?.text ?? '')) {
        s = this.fieldWrite(call, member, call, CALL_WRITE, s, frame);
      }
      const v = hooks.length ? addressedVariable(arg) : undefined;
      if (v) (handed ??= []).push(this.canonical(frame, v));
    }
    if (handed) for (const r of hooks) s = r.onOutOfSightWrite!(this, call, name, handed, s, frame);
    return s;
  }

  /**
   * A write the trace cannot place (a call it does not follow, `*p = x` where p is unknown): it may hit
   * any variable whose address escaped and any global the trace assigned.
   */
  private forgetEscaped(node: Node, state: State): State {
    let s = state;
    for (const key of this.escaped) s = forget(s, key, node);
    for (const key of this.globalsWritten) s = forget(s, key, node);
    return s;
  }

  /**
   * C++: a variable passed as it is (`Install(Reboot)`) may bind to a reference parameter and be written.
   * The file's prototype of the callee tells which parameters are references; without one, any may be,
   * except those of the documented Windows APIs, which are C. May be: the variable keeps its values and
   * gains an unknown one (a flag passed to a logging function by value is still the flag afterwards).
   */
  private mayWriteByReference(call: Node, name: string, args: readonly Node[], state: State, frame: Frame): State {
    if (!this.index.cplusplus || args.length === 0 || isDocumentedWindowsApi(name)) return state;
    const prototype = this.index.prototypes.get(name);
    let s = state;
    for (let k = 0; k < args.length; k++) {
      if (prototype && !prototype[k]) continue;
      const arg = unwrapCondition(args[k]);
      if (arg?.type !== 'identifier') continue;
      const key = this.variableKey(arg, frame);
      const current = key ? s.env.get(key) : undefined;
      if (key && current) s = setVar(s, key, unionValues(current, [unknown('expression', call)]));
    }
    return s;
  }

  /** `(NAME)` where NAME is no variable of the frame: a type in parentheses, a cast the parser did not know. */
  private isCastLike(node: Node, frame: Frame): boolean {
    if (node.type !== 'parenthesized_expression') return false;
    const inner = unwrapCondition(node);
    if (inner?.type !== 'identifier') return false;
    const name = inner.text;
    return !(frame.locals.has(name) || this.isParameter(frame, name) || frame.aliases.has(name) || this.globalsWritten.has(`global:${name}`));
  }

  /** `&x`, `&s.member`: x's address escapes. */
  private noteAddressTaken(target: Node | null, frame: Frame): void {
    const name = target ? rootIdentifier(target) : undefined;
    if (name) this.escaped.add(this.canonical(frame, name));
  }

  /**
   * Code the trace runs on a live path (once per trace): a block, or from a statement to its block's end.
   * Only this document's: the editor reads its positions from them, and a helper's code in another file is none.
   */
  private cover(from: Node, to: Node = from): void {
    if (from.anchor.path === undefined && !this.blocks.has(from.id)) this.blocks.set(from.id, { from, to });
  }

  /** Where paths meet: the variables' values and every recogniser's fact merged. */
  private join(states: ReadonlyArray<State | null | undefined>): State | null {
    return joinStates(states, this.recognisers.facts);
  }

  /** Written with loops: every if ends here, and most flows neither break nor continue. */
  private mergeFlows(flows: Flow[]): Flow {
    const normals: Array<State | null> = new Array(flows.length);
    let breaks = NO_STATES;
    let continues = NO_STATES;
    for (let i = 0; i < flows.length; i++) {
      const f = flows[i];
      normals[i] = f.normal;
      if (f.breaks.length) breaks = breaks.length ? [...breaks, ...f.breaks] : f.breaks;
      if (f.continues.length) continues = continues.length ? [...continues, ...f.continues] : f.continues;
    }
    return { normal: this.join(normals), breaks, continues };
  }
}

// ---- helpers over states ---------------------------------------------------------------------------

/** An expression whose value the trace cannot know. (A function, not a closure per evaluation: it is hot.) */
function opaque(here: ValueOrigin, state: State): { values: AbstractValue[]; state: State } {
  return { values: [unknown('expression', here)], state };
}

/** After a write the trace cannot see: the variable holds something unknown (unless it already does). */
function forget(s: State, key: string, origin: ValueOrigin): State {
  const current = s.env.get(key);
  if (!current) return s;
  if (current.length === 1) {
    const v = current[0];
    if (v.kind === 'unknown' && v.source === 'expression' && v.family === undefined && v.excludes.length === 0) return s;
  }
  return setVar(s, key, [unknown('expression', origin)]);
}

/** Declared types whose variables' values take the type's family (see readIdentifier). */
function isFamilyType(typeName: string): boolean {
  return typeName === 'BOOL' || typeName === 'HRESULT';
}

/**
 * A name the file defines as a constant, or one the catalogue knows, with the name a constant made of it
 * carries; null for neither. Looked up once per file: traces read the same few names thousands of times.
 */
function namedConstant(index: FileIndex, name: string): { value: number; name: string } | null {
  let names = namedConstants.get(index);
  if (!names) namedConstants.set(index, (names = new Map()));
  let found = names.get(name);
  if (found === undefined) {
    const defined = index.defines.get(name);
    const value = defined ? defined.value : constantValue(name);
    found = value === undefined ? null : { value, name: defined ? (defined.aliasOf ?? name) : name };
    names.set(name, found);
  }
  return found;
}

const namedConstants = new WeakMap<FileIndex, Map<string, { value: number; name: string } | null>>();

/** Whether a value tells nothing of its kind, so a BOOL or HRESULT variable's type says what it is. */
function takesDeclaredType(v: AbstractValue): boolean {
  if (v.kind === 'constant') return v.name === undefined;
  return v.family === undefined && (v.source === 'call' || v.source === 'expression');
}

/** Literals: no effect, and a value only a followed function's parameter needs. */
function isLiteral(node: Node): boolean {
  switch (node.type) {
    case 'number_literal':
    case 'string_literal':
    case 'concatenated_string':
    case 'char_literal':
    case 'raw_string_literal':
    case 'true':
    case 'false':
    case 'null':
      return true;
    default:
      return false;
  }
}

/** `*p`, `(*p)`: a write through a pointer. */
function isDereference(node: Node): boolean {
  const e = unwrapCondition(node) ?? node;
  return e.type === 'pointer_expression' && e.childForFieldName('operator')?.text === '*';
}

/** `&x`, `(&x)`: the argument passes a variable's address. */
function isAddressOf(node: Node): boolean {
  const e = unwrapCondition(node) ?? node;
  return e.type === 'pointer_expression' && e.childForFieldName('operator')?.text === '&';
}

function setVar(s: State, key: string, values: AbstractValue[]): State {
  const env = s.env.with(key, values);
  return env === s.env ? s : { env, facts: s.facts };
}

/** The values of a variable where paths meet (undefined: a path without it). */
const mergeValues = (values: ReadonlyArray<AbstractValue[] | undefined>) => unionValues(...values.map((v) => v ?? []));

/** Written with loops, not array methods and closures: every branch, loop and call ends in a join. */
function joinStates(states: ReadonlyArray<State | null | undefined>, factRecognisers: readonly Recogniser[]): State | null {
  // Paths that changed nothing (a branch without effects) bring the very same state, and joining a
  // state with itself changes nothing: only states different from the first are collected.
  let first: State | null = null;
  let live: State[] | null = null;
  for (let i = 0; i < states.length; i++) {
    const s = states[i];
    if (!s) continue;
    if (first === null) first = s;
    else if (live !== null) live.push(s);
    else if (s !== first) live = [first, s];
  }
  if (first === null || live === null) return first;
  const envs: Env[] = [];
  let sameFacts = true;
  for (const s of live) {
    envs.push(s.env);
    sameFacts &&= s.facts === first.facts;
  }
  const env = Env.join(envs, mergeValues);
  if (sameFacts) return { env, facts: first.facts };
  const facts: unknown[] = new Array(factRecognisers.length);
  for (let k = 0; k < factRecognisers.length; k++) {
    // A fact no path changed is the very same value on every path: kept as it is.
    const fact = first.facts[k];
    let same = true;
    for (let i = 1; same && i < live.length; i++) same = live[i].facts[k] === fact;
    if (same) {
      facts[k] = fact;
      continue;
    }
    const all: unknown[] = new Array(live.length);
    for (let i = 0; i < live.length; i++) all[i] = live[i].facts[k];
    facts[k] = factRecognisers[k].join!(all);
  }
  return { env, facts };
}

function caseBody(caseNode: Node): Node[] {
  const value = caseNode.childForFieldName('value');
  return caseNode.namedChildren.filter((c) => c.id !== value?.id && c.type !== 'comment');
}

/** The last node of a switch body before the case after `caseNode` (or before the body's end). */
function lastBeforeNextCase(body: Node, caseNode: Node): Node {
  const children = body.namedChildren;
  let k = children.findIndex((c) => c.id === caseNode.id);
  while (k + 1 < children.length && children[k + 1].type !== 'case_statement') k++;
  return children[k] ?? caseNode;
}

/** Whether a goto can jump into the statement (asked for every dead statement of every trace). */
function containsLabel(node: Node): boolean {
  if (node.type === 'expression_statement' || node.type === 'return_statement') return false;
  return node.hasNamedDescendantOfType('labeled_statement');
}

const localsCache = new WeakMap<FunctionInfo, { anchorVersion: number; locals: Map<string, LocalVariable> }>();

/** The C++ lambdas a function names (`auto f = [&](...) { ... };`), as functions to follow, by variable name. */
function lambdasOf(fn: FunctionInfo): Map<string, FunctionInfo> {
  const cached = lambdasCache.get(fn);
  if (cached) return cached;
  const lambdas = new Map<string, FunctionInfo>();
  // Most functions have none: one look at the text decides.
  if (fn.body && fn.body.text.includes('[')) {
    for (const declarator of fn.body.descendantsOfType('init_declarator')) {
      const lambda = declarator.childForFieldName('value');
      if (lambda?.type !== 'lambda_expression') continue;
      const id = declarator.childForFieldName('declarator');
      const body = lambda.childForFieldName('body');
      if (id?.type !== 'identifier' || !body || lambdas.has(id.text)) continue;
      const params = paramsOf(lambda.childForFieldName('declarator')?.childForFieldName('parameters') ?? null);
      lambdas.set(id.text, { id: fn.id, name: id.text, node: lambda, nameNode: id, body, params, returnType: '' });
    }
  }
  lambdasCache.set(fn, lambdas);
  return lambdas;
}

const lambdasCache = new WeakMap<FunctionInfo, Map<string, FunctionInfo>>();

/**
 * The function's local variables, shared by every frame of it (frames only read them). Kept per copy
 * of the function, and made again when the copy moved (the declarations' ranges moved with it).
 */
function localsOf(fn: FunctionInfo): Map<string, LocalVariable> {
  const anchorVersion = fn.node.anchor.version;
  const cached = localsCache.get(fn);
  if (cached && cached.anchorVersion === anchorVersion) return cached.locals;
  const locals = new Map<string, LocalVariable>();
  if (fn.body) {
    for (const decl of fn.body.descendantsOfType('declaration')) {
      const typeNode = decl.childForFieldName('type');
      for (const d of decl.childrenForFieldName('declarator')) {
        const id = declaredName(d);
        if (id && !locals.has(id.text)) locals.set(id.text, { typeName: typeNode ? (lastName(typeNode) ?? typeNode.text) : '', declaration: decl.range });
      }
    }
  }
  localsCache.set(fn, { anchorVersion, locals });
  return locals;
}

