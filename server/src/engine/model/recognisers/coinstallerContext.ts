/**
 * A co-installer's context: Context->PostProcessing is the phase the trace is of (0 in pre-processing, 1
 * in post-processing), Context->InstallResult the class installer's result. Collects where the
 * co-installer tests PostProcessing (postProcessingTestsOf), which tells the model to trace a post pass.
 */
import { COINSTALLER_CONTEXT_FIELDS, COINSTALLER_CONTEXT_STRUCT } from '../../catalogue';
import type { Range } from '../../types';
import type { Frame, TraceInterpreter, TraceResult } from '../interpreter';
import type { Recogniser } from '../recogniser';
import { constant, unknown } from '../values';

export const coinstallerContext: Recogniser = {
  name: 'coinstaller-context',
  fieldReads: Object.values(COINSTALLER_CONTEXT_FIELDS),
  newTraceData: (): Range[] => [],
  onFieldRead(w, read, member, _state, frame) {
    const object = read.childForFieldName('argument');
    if (object?.type !== 'identifier' || !isContextParameter(w, object.text, frame)) return undefined;
    if (member === COINSTALLER_CONTEXT_FIELDS.installResult) return [unknown('install-result', read)];
    w.dataOf<Range[]>(coinstallerContext).push(read.range);
    const phase = w.request.phase;
    return [phase === 'only' ? unknown('expression', read) : constant(phase === 'post' ? 1 : 0, read)];
  },
};

/** Where the trace's code tests Context->PostProcessing. */
export function postProcessingTestsOf(result: TraceResult): Range[] {
  return (result.traceData.get(coinstallerContext) as Range[] | undefined) ?? [];
}

function isContextParameter(w: TraceInterpreter, name: string, frame: Frame): boolean {
  if (frame.id === 0) return name === w.request.contextParam;
  const p = frame.fn.params.find((q) => q.name === name);
  return !!p && p.typeName.includes(COINSTALLER_CONTEXT_STRUCT);
}
