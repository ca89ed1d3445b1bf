/**
 * The trace of every path of an entry point at once, whatever the DIF code and phase (EntryPoint.overall),
 * made from the traces of each code and phase: one event per place and call chain, one return site per
 * return statement. A path of the whole is a path of some code's trace, so nothing is traced twice.
 */
import type { FlagWriteEvent, HandlerTrace, ParamsGetEvent, ProcessStartEvent, ReturnSite, TraceEvent } from './types';
import type { TraceResult } from './interpreter';
import { unionValues } from './values';
import { sameStart } from '../positions';

export function mergeTraces(results: readonly TraceResult[]): HandlerTrace {
  const events: TraceEvent[] = [];
  /** Call chain -> node id -> index in `events`. */
  const eventAt = new Map<string, Map<number, number>>();
  /** Events of `events` that are merged copies (the traces' own are never changed). */
  const copies = new Set<TraceEvent>();
  const returns = new Map<number, ReturnSite>();
  const copiedReturns = new Set<ReturnSite>();
  let fallsOffEnd = false;

  for (const { trace, identities } of results) {
    fallsOffEnd ||= trace.fallsOffEnd;
    for (let i = 0; i < trace.events.length; i++) {
      const chain = identities.eventChains[i];
      let byNode = eventAt.get(chain);
      if (!byNode) eventAt.set(chain, (byNode = new Map()));
      const node = identities.eventNodes[i];
      const at = byNode.get(node);
      const event = trace.events[i];
      if (at === undefined) {
        byNode.set(node, events.length);
        events.push(event);
        continue;
      }
      const merged = mergeEvent(events[at], event, copies);
      if (merged !== events[at]) {
        copies.add(merged);
        events[at] = merged;
      }
    }
    for (const [node, site] of identities.returnSites) {
      const existing = returns.get(node);
      if (!existing) {
        returns.set(node, site);
        continue;
      }
      const merged = copiedReturns.has(existing) ? existing : { ...existing };
      merged.values = unionValues(merged.values, site.values);
      if (merged.pagesAdded !== site.pagesAdded) merged.pagesAdded = 'maybe';
      copiedReturns.add(merged);
      returns.set(node, merged);
    }
  }
  return { dif: undefined, difValue: undefined, phase: 'only', returns: [...returns.values()], events, fallsOffEnd, blocks: [] };
}

/**
 * One event met by two traces: what holds on every path (a check before a flag write) must hold in
 * both, what happens on some path (a save, a missing cbSize, a return before a wait) in either.
 * Returns `into` changed in place if it is already a copy, else a copy.
 */
function mergeEvent(into: TraceEvent, other: TraceEvent, copies: ReadonlySet<TraceEvent>): TraceEvent {
  switch (into.kind) {
    case 'flag-write': {
      const o = other as FlagWriteEvent;
      const checked = into.checked && o.checked;
      const saved = into.saved || o.saved;
      if (checked === into.checked && saved === into.saved) return into;
      const out: FlagWriteEvent = copies.has(into) ? into : { ...into };
      out.checked = checked;
      out.saved = saved;
      return out;
    }
    case 'params-get': {
      if (into.sizeMissing || !(other as ParamsGetEvent).sizeMissing) return into;
      const out: ParamsGetEvent = copies.has(into) ? into : { ...into };
      out.sizeMissing = true;
      return out;
    }
    case 'process-start': {
      const added = (other as ProcessStartEvent).unawaitedReturns.filter((r) => !into.unawaitedReturns.some((q) => sameStart(q, r)));
      if (!added.length) return into;
      const out: ProcessStartEvent = copies.has(into) ? into : { ...into, unawaitedReturns: [...into.unawaitedReturns] };
      out.unawaitedReturns.push(...added);
      return out;
    }
    default:
      // Restarts, saves, wizard pages, opaque calls: nothing about them depends on the path.
      return into;
  }
}
