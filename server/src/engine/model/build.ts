/**
 * Builds the installer model of a file: finds the entry points, discovers which DIF codes each one
 * dispatches on, then traces the handlers the rules need (see interpreter.ts).
 */
import { difNameOf, formatHex } from '../catalogue';
import type { ParsedC } from '../c/parser';
import { rangeOf } from '../c/ranges';
import type { Range } from '../types';
import { indexFile, type EntryPointCandidate, type FileIndex } from './fileIndex';
import { TraceInterpreter, UNHANDLED_DIF_VALUE } from './interpreter';
import type { EntryPoint, FileModel, HandlerTrace, Phase } from './types';

export function buildFileModel(parsed: ParsedC, path: string): FileModel {
  const index = indexFile(parsed.tree.rootNode, parsed.prepared.text);
  return { path, index, entryPoints: index.entryPoints.map((candidate) => buildEntryPoint(candidate, index, parsed.prepared.originalLength)) };
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
    nameRange: rangeOf(fn.nameNode),
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
