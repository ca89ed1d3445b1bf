/**
 * Where a position stands in installer code, as the editor features need it: which installers run the
 * code there (the enclosing entry point, or the entry points that call the enclosing helper), which DIF
 * handler it is in and whether a co-installer is pre- or post-processing there. The handler and phase
 * are the model's: the traces (one per DIF code and phase) that run the code at the position, so hovers
 * and diagnostics read the dispatch the same way. Shared by explain.ts and completions.ts.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { AnalysisResult, Engine } from '../engine';
import { languageOf } from '../engine';
import { indexFile, type FileIndex, type FunctionInfo } from '../model/fileIndex';
import { calleeName } from '../model/syntax';
import type { EntryPoint, HandlerTrace, Phase } from '../model/types';
import { comparePositions, sameStart } from '../positions';
import type { Position, Range, SourceDocument } from '../types';

/** A parsed C/C++ document with its installer model, for one feature request. */
export interface ParsedDocument {
  doc: SourceDocument;
  /** The web-tree-sitter tree of the document's text: positions are looked up here. */
  tree: Tree;
  analysis: AnalysisResult;
  /** Every function and #define of the file (the model's copies of the nodes). */
  index: FileIndex;
}

/**
 * Parses a C/C++ document for a feature request, reusing the analysis (its tree and index) when the
 * caller has one for exactly this text. Undefined for INF documents.
 */
export function parseForFeatures(engine: Engine, doc: SourceDocument, analysis?: AnalysisResult): ParsedDocument | undefined {
  const language = languageOf(doc);
  if (language === 'inf') return undefined;
  const current = analysis ?? engine.analyze(doc);
  // Files without an installer are not parsed by the analysis; completions still need their tree.
  const parsed = current.parsed ?? engine.parse(doc.text, language);
  const index = current.model?.index ?? indexFile(parsed.tree.rootNode, parsed.prepared);
  return { doc, tree: parsed.tree, analysis: current, index };
}

/** An installer whose code runs at the position, and the helper through which it gets there, if any. */
export interface RunningInstaller {
  entryPoint: EntryPoint;
  /** The helper function enclosing the position, when it is not the entry point itself. */
  viaHelper?: string;
}

export interface HandlerContext {
  /** The DIF codes whose traces run the code here (several for stacked labels, fall-through, shared helpers); empty: every code, or none. */
  difs: string[];
  /** Run for the DIF codes the installer does not handle (the `default:`), and not for every code. */
  inDefault: boolean;
  /** Where the dispatch names those codes (case labels, == tests). */
  labelRanges: Range[];
}

export interface PositionContext {
  /** The innermost node at the position. */
  node: Node;
  enclosingFunction?: FunctionInfo;
  installers: RunningInstaller[];
  handler: HandlerContext;
  /** 'pre' or 'post' where only that pass of a co-installer runs the code; undefined: both, or not a co-installer. */
  phase?: Phase;
  /** The switch on the DIF code (the model's dispatch) whose body holds the position. */
  dispatchSwitch?: Node;
}

export function contextAt(parsed: ParsedDocument, position: Position): PositionContext {
  const root = parsed.tree.rootNode;
  const point = { row: position.line, column: position.character };
  const node = root.descendantForPosition(point) ?? root;
  const enclosingFunction = enclosingFunctionOf(node, parsed.index);
  const installers = enclosingFunction ? installersRunning(enclosingFunction, parsed) : [];
  const { handler, phase } = handlerAndPhaseAt(installers, position);
  const dispatchSwitch = enclosingDispatchSwitch(node, installers);
  return { node, enclosingFunction, installers, handler, phase, dispatchSwitch };
}

function emptyHandler(): HandlerContext {
  return { difs: [], inDefault: false, labelRanges: [] };
}

function enclosingFunctionOf(node: Node, index: FileIndex): FunctionInfo | undefined {
  for (let n: Node | null = node; n; n = n.parent) {
    if (n.type !== 'function_definition') continue;
    for (const fn of index.functions.values()) if (fn.node.startIndex === n.startIndex) return fn;
    return undefined;
  }
  return undefined;
}

/** The enclosing entry point, or every entry point from which calls (through helpers) reach the function. */
function installersRunning(fn: FunctionInfo, parsed: ParsedDocument): RunningInstaller[] {
  const entryPoints = parsed.analysis.model?.entryPoints ?? [];
  const own = entryPoints.find((ep) => ep.name === fn.name);
  if (own) return [{ entryPoint: own }];
  const callees = new Map<string, Set<string>>();
  const calleesOf = (name: string): Set<string> => {
    let set = callees.get(name);
    if (!set) {
      set = new Set();
      const body = parsed.index.functions.get(name)?.body;
      for (const call of body?.descendantsOfType('call_expression') ?? []) {
        const callee = calleeName(call);
        if (callee && parsed.index.functions.has(callee)) set.add(callee);
      }
      callees.set(name, set);
    }
    return set;
  };
  const out: RunningInstaller[] = [];
  for (const ep of entryPoints) {
    const seen = new Set<string>([ep.name]);
    const queue = [ep.name];
    while (queue.length) {
      const current = queue.shift()!;
      if (calleesOf(current).has(fn.name)) {
        out.push({ entryPoint: ep, viaHelper: fn.name });
        break;
      }
      for (const next of calleesOf(current)) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
  }
  return out;
}

/** The switch on the DIF code (as the model's traces found it) whose body holds the node. */
function enclosingDispatchSwitch(node: Node, installers: RunningInstaller[]): Node | undefined {
  for (let n: Node | null = node; n && n.type !== 'function_definition'; n = n.parent) {
    if (n.type !== 'switch_statement') continue;
    const range = rangeOfNode(n);
    if (installers.some((i) => i.entryPoint.dispatchSwitches.some((r) => sameStart(r, range)))) return n;
  }
  return undefined;
}

/**
 * The handler and phase at the position, from the traces that run the code there: the innermost code
 * any trace runs that holds the position, and the traces that run it. Code every trace of a phase runs
 * (before the dispatch, a helper called for every code) is in no particular handler.
 */
// No syntactic fallback: parseForFeatures always has the analysis of exactly this text, and a file
// without an installer has no handler to be in.
function handlerAndPhaseAt(installers: RunningInstaller[], position: Position): { handler: HandlerContext; phase?: Phase } {
  const handler = emptyHandler();
  const phases = new Set<Phase | undefined>();
  for (const { entryPoint } of installers) {
    const running = tracesRunning(entryPoint, position);
    if (!running) continue;
    const tracedPhases = new Set(entryPoint.handlers.map((t) => t.phase));
    for (const phase of tracedPhases) {
      const here = running.filter((t) => t.phase === phase);
      if (here.length === 0 || here.length === entryPoint.handlers.filter((t) => t.phase === phase).length) continue;
      for (const trace of here) {
        if (trace.dif === undefined) handler.inDefault = true;
        else if (!handler.difs.includes(trace.dif)) handler.difs.push(trace.dif);
      }
    }
    // A co-installer traced in both phases: the phase is known where only one of them runs the code.
    if (entryPoint.kind === 'co-installer' && tracedPhases.has('post')) {
      const runningPhases = new Set(running.map((t) => t.phase));
      phases.add(runningPhases.size === 1 ? [...runningPhases][0] : undefined);
    }
  }
  for (const { entryPoint } of installers) for (const dif of handler.difs) handler.labelRanges.push(...(entryPoint.dispatch.get(dif) ?? []));
  return { handler, phase: phases.size === 1 ? [...phases][0] : undefined };
}

/** The traces of the entry point that run the innermost covered code holding the position (undefined: none does). */
function tracesRunning(entryPoint: EntryPoint, position: Position): HandlerTrace[] | undefined {
  let innermost: { id: number; range: Range } | undefined;
  for (const trace of entryPoint.handlers) {
    for (const { from, to } of trace.blocks) {
      const range = { start: from.range.start, end: to.range.end };
      if (!rangeContains(range, position)) continue;
      // Covered code nests: the innermost starts last (or, starting together, ends first).
      const order = innermost ? comparePositions(range.start, innermost.range.start) : 1;
      if (order > 0 || (order === 0 && comparePositions(range.end, innermost!.range.end) < 0)) innermost = { id: from.id, range };
    }
  }
  if (!innermost) return undefined;
  const id = innermost.id;
  return entryPoint.handlers.filter((t) => t.blocks.some((b) => b.from.id === id));
}

// ---- Small helpers ----------------------------------------------------------------------------------

export function rangeOfNode(node: Node): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

export function rangeContains(range: Range, position: Position): boolean {
  // A range in another file (a helper followed there) holds no position of this document.
  if (range.path !== undefined) return false;
  return comparePositions(range.start, position) <= 0 && comparePositions(position, range.end) <= 0;
}
