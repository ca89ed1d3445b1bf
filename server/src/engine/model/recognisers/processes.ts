/**
 * Fact: the processes started on the path and not yet waited for. Records each start, and on it the
 * returns reached before a wait (unawaitedReturns). A start whose failure the path tested started nothing.
 */
import { PROCESS_START_CALLS, PROCESS_WAIT_CALLS } from '../../catalogue';
import type { Range } from '../../types';
import type { Recogniser } from '../recogniser';
import { calleeName } from '../syntax';
import type { ProcessStartEvent } from '../types';
import { NO_ITEMS, unionOfSets } from './sets';

export const processes: Recogniser<ReadonlySet<ProcessStartEvent>> = {
  name: 'processes',
  calls: [...PROCESS_START_CALLS, ...PROCESS_WAIT_CALLS],
  initialFact: NO_ITEMS,
  join: unionOfSets,
  onCall(w, call, name, _args, state, frame) {
    if (PROCESS_WAIT_CALLS.has(name)) return w.withFact(state, processes, new Set());
    const event = w.event<ProcessStartEvent>(call, frame, () => ({ kind: 'process-start', range: call.range, callChain: frame.callChain, callee: name, unawaitedReturns: [] }));
    return w.withFact(state, processes, new Set([...w.fact(state, processes), event]));
  },
  onCallFailed(w, call, state) {
    // The start failed on this branch: there is no process to wait for.
    if (!PROCESS_START_CALLS.has(calleeName(call) ?? '')) return state;
    const failed = call.range;
    return w.withFact(state, processes, new Set([...w.fact(state, processes)].filter((p) => !sameRange(p.range, failed))));
  },
  onReturn(w, site, _isNew, state) {
    for (const p of w.fact(state, processes)) p.unawaitedReturns.push(site.range);
  },
};

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
