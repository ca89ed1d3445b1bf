/**
 * Builds the installer model of a file: finds the entry points, discovers which DIF codes each one
 * dispatches on, then traces the handlers the rules need (see interpreter.ts).
 */
import { difNameOf, formatHex } from '../catalogue';
import type { ParsedC } from '../c/parser';
import type { Range } from '../types';
import { indexFile, newFunctionCache, type EntryPointCandidate, type FileIndex, type FunctionCache, type FunctionInfo } from './fileIndex';
import { calleeName } from './syntax';
import { TraceInterpreter, UNHANDLED_DIF_VALUE } from './interpreter';
import type { EntryPoint, FileModel, HandlerTrace, Phase } from './types';

/**
 * Entry points of the previous analysis of a document, by a key that changes whenever anything their
 * traces depend on changes: the text and position of the entry point and of every function it can call,
 * and the file's #defines. While a user types in one handler, the other entry points are reused.
 */
export type EntryPointCache = Map<string, EntryPoint>;

/** What one analysis of a document leaves for the next: its functions' copies and its entry points. */
export interface ModelCache {
  functions: FunctionCache;
  entryPoints: EntryPointCache;
}

export function newModelCache(): ModelCache {
  return { functions: newFunctionCache(), entryPoints: new Map() };
}

export function buildFileModel(parsed: ParsedC, path: string, previousCache?: ModelCache, nextCache?: ModelCache): FileModel {
  const index = indexFile(parsed.tree.rootNode, parsed.prepared, previousCache?.functions, nextCache?.functions);
  const previous = previousCache?.entryPoints;
  const next = nextCache?.entryPoints;
  const definesKey = [...index.defines].map(([name, d]) => `${name}=${d.value}`).join(';');
  const entryPoints = index.entryPoints.map((candidate) => {
    const key = `${definesKey}|${reachableFunctions(candidate.fn, index).map(functionKey).join('|')}|${candidate.fn.node.endIndex > parsed.prepared.originalLength}`;
    const reused = previous?.get(key);
    // Same text at the same place: the traces and their ranges still hold; only the nodes are new.
    const entryPoint = reused ? { ...reused, node: candidate.fn.node } : buildEntryPoint(candidate, index, parsed.prepared.originalLength);
    next?.set(key, entryPoint);
    return entryPoint;
  });
  return { path, index, entryPoints };
}

const calledNamesCache = new WeakMap<FunctionInfo, string[]>();

/** Names the function calls (kept per function copy: copies are reused across analyses). */
function calledNames(fn: FunctionInfo): string[] {
  let names = calledNamesCache.get(fn);
  if (!names) {
    names = [...new Set((fn.body?.descendantsOfType('call_expression') ?? []).map((c) => calleeName(c)).filter((n): n is string => !!n))];
    calledNamesCache.set(fn, names);
  }
  return names;
}

/** The function's text (by its copy's id: a reused copy has the same text) and where it stands. */
function functionKey(fn: FunctionInfo): string {
  const start = fn.node.startPosition;
  return `${fn.id}@${start.row}:${start.column}`;
}

/** The function and every same-file function it can call, directly or not. */
function reachableFunctions(fn: FunctionInfo, index: FileIndex): FunctionInfo[] {
  const seen = new Map<string, FunctionInfo>([[fn.name, fn]]);
  const queue = [fn];
  while (queue.length) {
    const current = queue.pop()!;
    for (const name of calledNames(current)) {
      const callee = index.functions.get(name);
      if (callee && !seen.has(callee.name)) {
        seen.set(callee.name, callee);
        queue.push(callee);
      }
    }
  }
  return [...seen.values()];
}

function buildEntryPoint({ fn, kind }: EntryPointCandidate, index: FileIndex, originalLength: number): EntryPoint {
  const [difParam, deviceInfoSet, deviceInfoData, contextParam] = fn.params.map((p) => p.name);
  const params = { difCode: difParam, deviceInfoSet, deviceInfoData, context: kind === 'co-installer' ? contextParam : undefined };
  const trace = (dif: string | undefined, difValue: number | undefined, phase: Phase) =>
    new TraceInterpreter(index, { entry: fn, dif, difValue, phase, difParam, contextParam: params.context }).run();

  // Discovery: every branch at once, the DIF code unknown.
  const discovery = trace(undefined, undefined, 'only');
  const dispatch = new Map<string, Range[]>();
  const dispatchValues = new Map<string, number>();
  for (const label of discovery.dispatchLabels) {
    const name = difNameOf(label.value) ?? label.name ?? formatHex(label.value);
    dispatch.set(name, [...(dispatch.get(name) ?? []), label.range]);
    dispatchValues.set(name, label.value);
  }
  // A co-installer that never tests Context->PostProcessing behaves the same in both passes.
  const phases: Phase[] = kind === 'class-installer' ? ['only'] : discovery.postProcessingTests.length ? ['pre', 'post'] : ['pre'];
  const handlers: HandlerTrace[] = [];
  // A function whose end was supplied by closing the brackets of a file being typed is not finished yet.
  let incomplete = discovery.exhausted || fn.node.endIndex > originalLength;
  const difsToTrace = [...dispatchValues];
  for (const phase of phases) {
    for (const [name, value] of difsToTrace) {
      const r = trace(name, value, phase);
      incomplete ||= r.exhausted;
      handlers.push(r.trace);
    }
    const other = trace(undefined, UNHANDLED_DIF_VALUE, phase);
    incomplete ||= other.exhausted;
    handlers.push(other.trace);
  }
  return {
    name: fn.name,
    kind,
    node: fn.node,
    nameRange: fn.nameNode.range,
    params,
    dispatch,
    handlers,
    overall: discovery.trace,
    incomplete,
    postProcessingTests: dedupeRanges(discovery.postProcessingTests),
  };
}

function dedupeRanges(ranges: Range[]): Range[] {
  const seen = new Set<string>();
  return ranges.filter((r) => {
    const k = `${r.start.line}:${r.start.character}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
