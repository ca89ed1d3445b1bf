/**
 * The installer flow: for one entry point, the sequence Windows runs around finish-install as data, for
 * the flow view to draw. DIF_NEWDEVICEWIZARD_FINISHINSTALL (the installers in Windows' order: co-installers'
 * pre-processing, the class installer, Windows' default processing, co-installers' post-processing) ->
 * is DI_FLAGSEX_FINISHINSTALL_ACTION set and saved? -> DIF_FINISHINSTALL_ACTION -> each return and what
 * Windows does next. Every step says whether THIS installer's code can take it (read from the model: the
 * values each handler trace returns per DIF code and phase, the flag writes, the processes it waits for)
 * and links to the code it stands for. The words come from the catalogue.
 */
import {
  DEVICE_INSTALL_FLAGS,
  DIF_CODES,
  DIF_FINISHINSTALL_ACTION,
  DIF_NEWDEVICEWIZARD_FINISHINSTALL,
  FINISHINSTALL_FLAG,
  KIND_LABEL,
  SET_INSTALL_PARAMS,
  WINDOWS_NEXT_STEP_LABEL,
  handlerRole,
  returnMeaning,
  windowsNextStep,
  type ReturnClass,
  type WindowsNextStep,
} from '../catalogue';
import type { AnalysisResult, Engine } from '../engine';
import type { EntryPoint, FlagWriteEvent, HandlerTrace, Phase, ReturnSite } from '../model/types';
import { returnClassOf } from '../model/values';
import type { InstallerKind, Position, Range, SourceDocument } from '../types';
import { contextAt, parseForFeatures, rangeContains } from './context';
import { RETURN_CLASSES_BY_KIND, returnClassLabel } from './explain';

/** dif: a DIF code Windows sends; installer: this entry point's code; windows: what others (Windows, other installers) run; decision; return; outcome. */
export type FlowStepKind = 'dif' | 'installer' | 'windows' | 'decision' | 'return' | 'outcome';

export interface FlowStep {
  id: string;
  kind: FlowStepKind;
  title: string;
  detail: string;
  /** This installer can take this step (highlighted); false: it cannot (greyed). */
  possible: boolean;
  /** A return the contract does not allow here (returnMeaning's `ok` is false). */
  wrong?: boolean;
  /** The code the step stands for (the view's link). */
  range?: Range;
}

export interface FlowEdge {
  from: string;
  to: string;
  label?: string;
  possible: boolean;
}

export interface InstallerFlow {
  entryPoint: string;
  kind: InstallerKind;
  /** "co-installer FabrikamCoInstaller" and where its role comes from. */
  title: string;
  nameRange: Range;
  /** The model is incomplete (still being typed, or out of budget): possibilities may be missing. */
  incomplete: boolean;
  steps: FlowStep[];
  edges: FlowEdge[];
}

export interface FlowOptions {
  /** The analysis of exactly this text, when the caller has one. */
  analysis?: AnalysisResult;
}

/** The flow of the entry point at the position (the one enclosing it, or calling the helper there; else the file's first). */
export function installerFlowAt(engine: Engine, doc: SourceDocument, position: Position | undefined, options: FlowOptions = {}): InstallerFlow | undefined {
  const analysis = options.analysis ?? engine.analyze(doc);
  const entryPoints = analysis.model?.entryPoints ?? [];
  if (entryPoints.length === 0) return undefined;
  let entryPoint = position ? entryPoints.find((ep) => rangeContains(ep.node.range, position)) : undefined;
  if (!entryPoint && position) {
    const parsed = parseForFeatures(engine, doc, analysis);
    entryPoint = parsed ? contextAt(parsed, position).installers[0]?.entryPoint : undefined;
  }
  return installerFlow(entryPoint ?? entryPoints[0]);
}

const unknownClass = 'unknown';
type FlowClass = ReturnClass | typeof unknownClass;

/** Builds the graph; steps and edges are added in Windows' order, which the view keeps. */
export function installerFlow(ep: EntryPoint): InstallerFlow {
  const steps: FlowStep[] = [];
  const edges: FlowEdge[] = [];
  const step = (s: FlowStep): string => (steps.push(s), s.id);
  const edge = (from: string, to: string, possible: boolean, label?: string) => edges.push({ from, to, possible, label });
  const co = ep.kind === 'co-installer';
  const difStep = (id: string, dif: string, possible: boolean) =>
    step({ id, kind: 'dif', title: dif, detail: DIF_CODES.find((d) => d.name === dif)?.summary ?? '', possible, range: ep.dispatch.get(dif)?.[0] });

  /** One pass of the entry point over a DIF code: its box, a box per return class, edges to what Windows does next. */
  const pass = (stage: string, dif: string, phase: Phase, possible: boolean, next: (n: WindowsNextStep) => string): Set<WindowsNextStep> => {
    const role = handlerRole(dif, ep.dispatch.has(dif));
    const trace = traceFor(ep, dif, phase);
    const id = step({
      id: `${stage}:${phase}`,
      kind: 'installer',
      title: `${ep.name}${phase === 'only' ? '' : phase === 'pre' ? ': pre-processing' : ': post-processing'}`,
      detail: passDetail(ep, dif, trace),
      possible,
      range: (phase === 'post' ? ep.postProcessingTests[0] : undefined) ?? ep.dispatch.get(dif)?.[0] ?? ep.nameRange,
    });
    const sites = returnsByClass(trace);
    const classes: FlowClass[] = [...RETURN_CLASSES_BY_KIND[ep.kind].filter((c) => relevantClass(ep.kind, phase, c)), ...[...sites.keys()].filter((c) => c === 'not-win32' || c === unknownClass)];
    const taken = new Set<WindowsNextStep>();
    for (const cls of new Set([...classes, ...sites.keys()])) {
      const site = sites.get(cls)?.[0];
      const returns = possible && site !== undefined;
      const meaning = cls === unknownClass ? undefined : returnMeaning(ep.kind, role, cls);
      const returnId = step({
        id: `${id}:${cls}`,
        kind: 'return',
        title: cls === unknownClass ? 'returns a value the analysis cannot tell' : `returns ${returnClassLabel(cls).replace(/`/g, '')}`,
        detail: meaning?.text ?? 'Windows reads it as a Win32 code: what follows depends on its value.',
        possible: returns,
        wrong: meaning ? !meaning.ok : undefined,
        range: site?.valueRange,
      });
      edge(id, returnId, returns);
      const nextSteps = cls === unknownClass ? (['no-error', 'win32-error'] as const).map((c) => windowsNextStep(ep.kind, role, c)) : [windowsNextStep(ep.kind, role, cls)];
      for (const n of nextSteps) {
        // A post-processing pass asking for post-processing again is not called again: Windows goes on.
        const after = phase === 'post' && n === 'post-processing' ? 'continue' : n;
        if (returns) taken.add(after);
        edge(returnId, next(after), returns);
      }
    }
    return taken;
  };

  /** Outcome boxes of a stage, made on first use; marked possible once a possible edge reaches them. */
  const outcomes = (stage: string) => {
    const made = new Map<WindowsNextStep, string>();
    return (n: WindowsNextStep): string => {
      let id = made.get(n);
      if (!id) made.set(n, (id = step({ id: `${stage}:${n}`, kind: 'outcome', title: WINDOWS_NEXT_STEP_LABEL[n], detail: '', possible: false })));
      return id;
    };
  };
  const others = (id: string, title: string, possible: boolean) => step({ id, kind: 'windows', title, detail: '', possible });

  /** Both DIF codes have the same shape; only where 'continue' leads differs. */
  const stage = (stageId: string, dif: string, possible: boolean, after: string | undefined): Set<WindowsNextStep> => {
    const outcome = outcomes(stageId);
    const taken = new Set<WindowsNextStep>();
    const start = difStep(stageId, dif, possible);
    const classRun = others(`${stageId}:class`, co ? 'Class installer, then Windows\' default processing' : 'Co-installers: pre-processing', possible);
    if (co) {
      edge(start, `${stageId}:pre`, possible);
      const pre = pass(stageId, dif, 'pre', possible, (n) => (n === 'continue' || n === 'post-processing' ? classRun : outcome(n)));
      pre.forEach((n) => taken.add(n));
      const postPossible = pre.has('post-processing');
      const postId = `${stageId}:post`;
      edge(classRun, postId, postPossible, 'post-processing requested');
      const post = pass(stageId, dif, 'post', postPossible, (n) => (n === 'continue' && after ? after : outcome(n)));
      post.forEach((n) => taken.add(n));
      if (after) edge(classRun, after, pre.has('continue'));
      else edge(classRun, outcome('done'), pre.has('continue'));
    } else {
      edge(start, classRun, possible);
      edge(classRun, `${stageId}:only`, possible);
      // After the action (no `after`) every return ends the flow; in the wizard, the co-installers' post-processing follows.
      const coPost = after ? others(`${stageId}:copost`, 'Co-installers: post-processing', false) : undefined;
      const defaults = after ? others(`${stageId}:default`, WINDOWS_NEXT_STEP_LABEL['default-processing'], false) : undefined;
      const only = pass(stageId, dif, 'only', possible, (n) => (n === 'continue' && coPost ? coPost : n === 'default-processing' && defaults ? defaults : outcome(n)));
      only.forEach((n) => taken.add(n));
      if (coPost && defaults && after) {
        edge(defaults, coPost, only.has('default-processing'));
        edge(coPost, after, only.has('continue') || only.has('default-processing'));
      }
    }
    return taken;
  };

  // DIF_NEWDEVICEWIZARD_FINISHINSTALL, then the flag decision, then DIF_FINISHINSTALL_ACTION.
  const decisionId = 'flag';
  stage('wizard', DIF_NEWDEVICEWIZARD_FINISHINSTALL, true, decisionId);
  const wizardTraces = ep.handlers.filter((t) => t.dif === DIF_NEWDEVICEWIZARD_FINISHINSTALL || (t.dif === undefined && !ep.dispatch.has(DIF_NEWDEVICEWIZARD_FINISHINSTALL)));
  const postReached = edges.some((e) => e.to === 'wizard:post' && e.possible);
  const reachableTraces = wizardTraces.filter((t) => t.phase !== 'post' || postReached);
  const flag = flagDecision(reachableTraces, wizardTraces);
  step({ id: decisionId, kind: 'decision', title: `${FINISHINSTALL_FLAG} set and saved?`, detail: flag.detail, possible: true, range: flag.range });
  const noAction = step({ id: 'no-action', kind: 'outcome', title: `No ${DIF_FINISHINSTALL_ACTION}: this installer's finish-install work never runs`, detail: '', possible: true });
  edge(decisionId, noAction, true, 'no');
  edge(decisionId, 'action', flag.setAndSaved, 'yes');
  stage('action', DIF_FINISHINSTALL_ACTION, flag.setAndSaved, undefined);

  // An outcome is possible when a possible edge reaches it.
  for (const e of edges) if (e.possible) markPossible(steps, e.to, true);
  return {
    entryPoint: ep.name,
    kind: ep.kind,
    title: `${KIND_LABEL[ep.kind]} ${ep.name}${ep.roleOrigin ? ` (${ep.roleOrigin})` : ''}`,
    nameRange: ep.nameRange,
    incomplete: ep.incomplete,
    steps,
    edges,
  };
}

function markPossible(steps: FlowStep[], id: string, possible: boolean): void {
  const s = steps.find((x) => x.id === id);
  if (s && possible) s.possible = true;
}

/** The classes worth a box in this pass: post-processing is asked for in pre-processing only. */
function relevantClass(kind: InstallerKind, phase: Phase, cls: ReturnClass): boolean {
  if (kind === 'co-installer') return cls !== 'do-default' && !(phase === 'post' && cls === 'postprocessing-required');
  return cls !== 'postprocessing-required';
}

/** The trace of the DIF code in that phase: its handler's, or the "every other code" trace when it has none. */
function traceFor(ep: EntryPoint, dif: string, phase: Phase): HandlerTrace | undefined {
  return ep.handlers.find((t) => t.dif === dif && t.phase === phase) ?? ep.handlers.find((t) => t.dif === undefined && t.phase === phase);
}

function returnsByClass(trace: HandlerTrace | undefined): Map<FlowClass, ReturnSite[]> {
  const out = new Map<FlowClass, ReturnSite[]>();
  for (const site of trace?.returns ?? []) {
    for (const value of site.values) {
      const cls = returnClassOf(value) ?? unknownClass;
      const list = out.get(cls) ?? [];
      if (!list.includes(site)) list.push(site);
      out.set(cls, list);
    }
  }
  return out;
}

/** What the pass does besides returning: whether it handles the code, and whether it waits for the processes it starts. */
function passDetail(ep: EntryPoint, dif: string, trace: HandlerTrace | undefined): string {
  const parts = [ep.dispatch.has(dif) ? `Handles ${dif}.` : `Does not handle ${dif}: its code for every other DIF code runs.`];
  for (const event of trace?.events ?? []) {
    if (event.kind !== 'process-start') continue;
    parts.push(event.unawaitedReturns.length ? `Starts ${event.callee} (line ${event.range.start.line + 1}) and returns without waiting for it.` : `Starts ${event.callee} (line ${event.range.start.line + 1}) and waits for it.`);
  }
  return parts.join(' ');
}

interface FlagDecision {
  setAndSaved: boolean;
  detail: string;
  range?: Range;
}

/** Whether a reachable wizard pass sets the finish-install flag in FlagsEx and saves it, and what the code does instead. */
function flagDecision(reachable: HandlerTrace[], all: HandlerTrace[]): FlagDecision {
  const writesIn = (traces: HandlerTrace[]) => traces.flatMap((t) => t.events).filter((e): e is FlagWriteEvent => e.kind === 'flag-write' && e.flag.name === FINISHINSTALL_FLAG);
  const writes = writesIn(reachable);
  const line = (e: { range: Range }) => `line ${e.range.start.line + 1}`;
  const good = writes.find((w) => w.field === 'FlagsEx' && w.saved);
  if (good) return { setAndSaved: true, detail: `Set in FlagsEx and saved (${line(good)}).`, range: good.range };
  const opaque = reachable.flatMap((t) => t.events).find((e) => e.kind === 'opaque-call');
  if (opaque && opaque.kind === 'opaque-call') return { setAndSaved: true, detail: `${opaque.callee} (${line(opaque)}) is not in this file and may set and save it.`, range: opaque.range };
  const problems: string[] = [];
  const save = [...SET_INSTALL_PARAMS][0];
  const noVcp = DEVICE_INSTALL_FLAGS.find((f) => f.field === 'Flags' && f.value === DEVICE_INSTALL_FLAGS.find((g) => g.name === FINISHINSTALL_FLAG)?.value);
  const candidates = writes.length ? writes : writesIn(all);
  for (const w of candidates) {
    if (w.field !== 'FlagsEx') problems.push(`Written into Flags (${line(w)}): that sets ${noVcp?.name ?? 'another flag'}.`);
    if (!w.saved) problems.push(`Not saved with ${save} after ${line(w)}.`);
  }
  if (candidates.length && !writes.length) problems.push('The pass that writes it is never run.');
  const detail = candidates.length ? problems.join(' ') : 'This installer does not set it.';
  return { setAndSaved: false, detail, range: candidates[0]?.range };
}
