/**
 * Builds the installer model of a file: finds the entry points, and traces each one per DIF code it
 * dispatches on (and for the codes it does not), per phase (see interpreter.ts).
 */
import { difNameOf, formatHex } from '../catalogue';
import type { ParsedC } from '../c/parser';
import { comparePositions, sameStart } from '../positions';
import type { Range } from '../types';
import { indexFile, newFunctionCache, type FileIndex, type FunctionCache, type FunctionInfo, type MacroContext } from './fileIndex';
import { TraceInterpreter, UNHANDLED_DIF_VALUE, type TraceResult } from './interpreter';
import { mergeTraces } from './mergeTraces';
import { postProcessingTestsOf } from './recognisers/coinstallerContext';
import { callsOfFunction, namedCallsOf } from './calls';
import { decideEntryPoints, type DecidedEntryPoint } from './roles';
import type { EntryPointEvidence } from '../project/evidence';
import type { EntryPoint, FileModel, HandlerTrace, HelperCall, Phase } from './types';

/**
 * Entry points of the previous analysis of a document, by a key that changes whenever anything their
 * traces depend on changes: the text of the entry point and of every function it can call, and the
 * file's #defines. While a user types in one handler, the other entry points are reused, wherever the
 * edit moved them: the ranges their traces hold move with their functions' copies (CopyAnchor.rebase).
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

/**
 * `evidence`: what the project says about the file's functions (model/roles.ts); without it, the signature
 * decides. `macroContext`: headers, pins, expansions (fileIndex.ts). `otherFiles`: functions of the DLL's
 * other sources by name (their copies carry their file's path on their anchors, engine.ts); without it,
 * only helpers of this file are followed.
 */
export function buildFileModel(
  parsed: ParsedC,
  path: string,
  previousCache?: ModelCache,
  nextCache?: ModelCache,
  evidence?: EntryPointEvidence,
  macroContext?: MacroContext,
  otherFiles?: (name: string) => FunctionInfo | undefined,
): FileModel {
  const index = indexFile(parsed.tree.rootNode, parsed.prepared, previousCache?.functions, nextCache?.functions, macroContext);
  if (otherFiles) index.otherFiles = otherFiles;
  if (parsed.dialect === 'cpp') index.cplusplus = true;
  const previous = previousCache?.entryPoints;
  const next = nextCache?.entryPoints;
  // The macros decide expansions and #if arms; their text (not only the constants' values) is in the key.
  const definesKey = [...index.defines].map(([name, d]) => `${name}=${d.value}`).join(';') + index.macros.key();
  const callees = calleesFor(index);
  const reached = new Set<FunctionInfo>();
  const entryPoints = decideEntryPoints(index, evidence, parsed.prepared).map((candidate) => {
    const reachable = reachableFunctions(candidate.fn, callees);
    for (const fn of reachable) reached.add(fn);
    const key = `${definesKey}|${reachable.map((fn) => fn.id).join('|')}|${candidate.fn.node.endIndex > parsed.prepared.originalLength}|${candidate.roleOrigin ?? ''}`;
    const reused = previous?.get(key);
    // The same texts (the same copies, moved where they stand now): the traces still hold.
    const entryPoint = reused ? { ...reused, node: candidate.fn.node } : buildEntryPoint(candidate, index, parsed.prepared.originalLength);
    next?.set(key, entryPoint);
    reachedBy.set(entryPoint.handlers, reachable);
    return entryPoint;
  });
  return { path, index, entryPoints, helperCalls: otherFiles ? helperCallsOf(reached, callees) : [] };
}

/** The functions each entry point can reach, as of the analysis that last built or kept it (by its traces). */
const reachedBy = new WeakMap<HandlerTrace[], FunctionInfo[]>();

/**
 * Where the entry point's functions in this file stand (start line and column of each): the same while
 * edits move none of them.
 */
export function entryPointPlace(ep: EntryPoint): string {
  let place = '';
  for (const fn of reachedBy.get(ep.handlers) ?? []) if (fileOf(fn) === undefined) place += `${fn.node.anchor.startRow}:${fn.node.anchor.startColumn};`;
  return place;
}

/** The file of a function copy followed into another source (undefined: this file). */
export function fileOf(fn: FunctionInfo): string | undefined {
  return fn.node.anchor.path;
}

/**
 * The calls this file's reachable code makes to functions of other files: where a finding inside such a
 * function is shown in this file (engine.ts).
 */
function helperCallsOf(reached: ReadonlySet<FunctionInfo>, callees: Callees): HelperCall[] {
  const out: HelperCall[] = [];
  const seen = new Set<number>();
  for (const fn of reached) {
    if (fileOf(fn) !== undefined || !callsOfFunction(fn).names.some((name) => isInOtherFile(callees.resolve(name)))) continue;
    for (const { call, name } of namedCallsOf(fn)) {
      const callee = callees.resolve(name);
      if (!callee || !isInOtherFile(callee) || seen.has(call.startIndex)) continue;
      seen.add(call.startIndex);
      out.push({ call: call.range, callee: callee.name, path: fileOf(callee)!, definition: callee.node.range });
    }
  }
  return out.sort((a, b) => byStart(a.call, b.call));
}

function isInOtherFile(fn: FunctionInfo | undefined): boolean {
  return fn !== undefined && fileOf(fn) !== undefined;
}

/**
 * For one analysis: the function a name calls (this file's, else another file's), and the functions a
 * function calls, each looked up once. Every entry point's reachable set is asked for at every analysis.
 */
interface Callees {
  resolve(name: string): FunctionInfo | undefined;
  of(fn: FunctionInfo): FunctionInfo[];
}

function calleesFor(index: FileIndex): Callees {
  const byName = new Map<string, FunctionInfo | undefined>();
  const byFunction = new Map<FunctionInfo, FunctionInfo[]>();
  const resolve = (name: string): FunctionInfo | undefined => {
    if (byName.has(name)) return byName.get(name);
    const fn = index.functions.get(name) ?? index.otherFiles?.(name);
    byName.set(name, fn);
    return fn;
  };
  return {
    resolve,
    of(fn) {
      let out = byFunction.get(fn);
      if (!out) {
        out = [];
        for (const name of callsOfFunction(fn).names) {
          const callee = resolve(name);
          if (callee) out.push(callee);
        }
        byFunction.set(fn, out);
      }
      return out;
    },
  };
}

/** The function and every function it can call (in this file, or followed into another), directly or not. */
function reachableFunctions(fn: FunctionInfo, callees: Callees): FunctionInfo[] {
  const seen = new Map<string, FunctionInfo>([[fn.name, fn]]);
  const queue = [fn];
  while (queue.length) {
    const current = queue.pop()!;
    for (const callee of callees.of(current)) {
      if (!seen.has(callee.name)) {
        seen.set(callee.name, callee);
        queue.push(callee);
      }
    }
  }
  return [...seen.values()];
}

function buildEntryPoint({ fn, kind, roleOrigin }: DecidedEntryPoint, index: FileIndex, originalLength: number): EntryPoint {
  const [difParam, deviceInfoSet, deviceInfoData, contextParam] = fn.params.map((p) => p.name);
  const params = { difCode: difParam, deviceInfoSet, deviceInfoData, context: kind === 'co-installer' ? contextParam : undefined };
  const trace = (dif: string | undefined, difValue: number, phase: Phase) =>
    new TraceInterpreter(index, { entry: fn, dif, difValue, phase, difParam, contextParam: params.context }).run();

  // The codes the dispatch names are found by the traces themselves: the trace of the codes it does not
  // name meets every test on the way to its default; a code found is traced in turn (and may lead to more,
  // e.g. a switch reached only for some codes). A co-installer that tests Context->PostProcessing gets a
  // post-processing pass too; one that never does behaves the same in both.
  const phases: Phase[] = [kind === 'class-installer' ? 'only' : 'pre'];
  const traced = new Map<string, TraceResult>();
  const labels: TraceResult['dispatchLabels'] = [];
  const dispatchValues = new Map<string, number>();
  const postProcessingTests: Range[] = [];
  const traceKey = (phase: Phase, dif: string | undefined) => `${phase}|${dif ?? ''}`;
  for (let grew = true; grew; ) {
    grew = false;
    if (kind === 'co-installer' && postProcessingTests.length && !phases.includes('post')) phases.push('post');
    for (const phase of phases) {
      for (const [dif, value] of [[undefined, UNHANDLED_DIF_VALUE] as const, ...dispatchValues]) {
        const key = traceKey(phase, dif);
        if (traced.has(key)) continue;
        const result = trace(dif, value, phase);
        traced.set(key, result);
        grew = true;
        postProcessingTests.push(...postProcessingTestsOf(result));
        for (const label of result.dispatchLabels) {
          labels.push(label);
          if (!dispatchValues.has(labelName(label))) dispatchValues.set(labelName(label), label.value);
        }
      }
    }
  }
  const dispatch = new Map<string, Range[]>();
  for (const label of labels.filter((l) => l.range.path === undefined).sort((a, b) => byStart(a.range, b.range))) {
    const ranges = dispatch.get(labelName(label)) ?? [];
    if (!ranges.some((r) => sameStart(r, label.range))) ranges.push(label.range);
    dispatch.set(labelName(label), ranges);
  }
  // Per phase, the codes in the order the dispatch names them, then every other code.
  const results = phases.flatMap((phase) => [...dispatch.keys(), undefined].map((dif) => traced.get(traceKey(phase, dif))!));
  return {
    name: fn.name,
    kind,
    roleOrigin,
    node: fn.node,
    nameRange: fn.nameNode.range,
    params,
    dispatch,
    handlers: results.map((r) => r.trace),
    overall: mergeTraces(results),
    // A function whose end was supplied by closing the brackets of a file being typed is not finished yet.
    incomplete: fn.node.endIndex > originalLength || results.some((r) => r.exhausted),
    postProcessingTests: dedupeRanges(postProcessingTests.filter(inThisFile)).sort(byStart),
    dispatchSwitches: dedupeRanges(results.flatMap((r) => r.dispatchSwitches).filter(inThisFile)).sort(byStart),
  };
}

function inThisFile(range: Range): boolean {
  return range.path === undefined;
}

/** The catalogue's name of the code, else the name the code used, else its value ("0x2A"). */
function labelName(label: { value: number; name?: string }): string {
  return difNameOf(label.value) ?? label.name ?? formatHex(label.value);
}

/** Document order (by start): the order the dispatch is written in, whichever trace met a label first. */
function byStart(a: Range, b: Range): number {
  return comparePositions(a.start, b.start);
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
