/** What several C rules share: picking traces, naming values, building fixes and messages. */
import {
  DIF_FINISHINSTALL_ACTION,
  DIF_NEWDEVICEWIZARD_FINISHINSTALL,
  formatHex,
  handlerRole,
  KIND_LABEL,
  returnCodeName,
  returnMeaning,
  type ReturnClass,
} from '../../catalogue';
import type { AbstractValue, EntryPoint, HandlerTrace, ReturnSite, TraceEvent } from '../../model/types';
import type { TextLines } from '../../lines';
import { returnClassOf } from '../../model/values';
import { sameStart } from '../../positions';
import type { Fix, Range, RelatedLocation } from '../../types';

export function tracesFor(ep: EntryPoint, dif: string): HandlerTrace[] {
  return ep.handlers.filter((h) => h.dif === dif);
}

/** The traces of DIF codes the entry point does not handle. */
export function unhandledTraces(ep: EntryPoint): HandlerTrace[] {
  return ep.handlers.filter((h) => h.dif === undefined);
}

export function handles(ep: EntryPoint, dif: string): boolean {
  return ep.dispatch.has(dif);
}

export const isWizardFinishInstall = (dif: string | undefined) => dif === DIF_NEWDEVICEWIZARD_FINISHINSTALL;
export const isFinishInstallAction = (dif: string | undefined) => dif === DIF_FINISHINSTALL_ACTION;

/** "co-installer CoInstaller", or "co-installer CoInstaller (registered as a co-installer in foo.inf:42)" when the role came from more than the signature. */
export function who(ep: EntryPoint): string {
  return `${KIND_LABEL[ep.kind]} ${ep.name}${ep.roleOrigin ? ` (${ep.roleOrigin})` : ''}`;
}

/** How a value is spelled in messages: its name, or its number in hex and the name Windows gives it. */
export function spell(v: AbstractValue): string {
  if (v.kind === 'unknown') return v.source === 'last-error' ? 'GetLastError()' : v.callee ? `${v.callee}(...)` : (v.name ?? 'a computed value');
  if (v.name) return v.name;
  const name = returnCodeName(v.value);
  return name.startsWith('0x') ? name : `${formatHex(v.value)} (${name})`;
}

/** The meaning text for a returned value in a handler, from the catalogue. */
export function meaningOf(ep: EntryPoint, dif: string | undefined, cls: ReturnClass): string {
  return returnMeaning(ep.kind, handlerRole(dif, dif !== undefined), cls).text;
}

export interface ReturnedValue {
  site: ReturnSite;
  value: AbstractValue;
  cls: ReturnClass | undefined;
  /** The DIF codes of the traces that reach it (undefined: the codes the installer does not handle), in trace order. */
  difs: Array<string | undefined>;
}

/**
 * Every (return site, value) pair of the given traces, once: a return after a switch is reached by
 * every handler, and one mistake there is one finding (naming the DIF codes through `difs`).
 */
export function returnedValues(traces: HandlerTrace[]): ReturnedValue[] {
  const byPlace = new Map<string, ReturnedValue>();
  for (const t of traces) {
    for (const { key, site, value, cls } of placedValues(t)) {
      const seen = byPlace.get(key);
      if (!seen) byPlace.set(key, { site, value, cls, difs: [t.dif] });
      else if (!seen.difs.includes(t.dif)) seen.difs.push(t.dif);
    }
  }
  return [...byPlace.values()];
}

interface PlacedValue {
  /** Where the return and the value are (file, line and character), and the value's class: one finding's worth. */
  key: string;
  site: ReturnSite;
  value: AbstractValue;
  cls: ReturnClass | undefined;
}

const placedValuesCache = new WeakMap<HandlerTrace, PlacedValue[]>();

/**
 * A trace's returned values with their keys, made once per trace: most rules ask for every entry
 * point's, at every analysis, and an entry point that did not change keeps its traces.
 */
function placedValues(trace: HandlerTrace): PlacedValue[] {
  let placed = placedValuesCache.get(trace);
  if (!placed) {
    placed = [];
    for (const site of trace.returns) {
      const at = site.range;
      for (const value of site.values) {
        const cls = returnClassOf(value);
        const v = value.kind === 'constant' ? value.origin.range : site.valueRange;
        placed.push({ key: `${at.path ?? ''}@${at.start.line}:${at.start.character}|${v.path ?? ''}@${v.start.line}:${v.start.character}|${cls}`, site, value, cls });
      }
    }
    placedValuesCache.set(trace, placed);
  }
  return placed;
}

/** "DIF_INSTALLDEVICE, DIF_REMOVE and DIF codes it does not handle" for the DIF codes of a ReturnedValue. */
export function difPhrase(difs: Array<string | undefined>): string {
  const names = [...difs.filter((d): d is string => d !== undefined), ...(difs.includes(undefined) ? ['DIF codes it does not handle'] : [])];
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** A finding about a returned value points at the constant where it is written; the return is related. */
export function valueRange(r: ReturnedValue): Range {
  return r.value.kind === 'constant' ? r.value.origin.range : r.site.valueRange;
}

export function relatedReturn(r: ReturnedValue, ep: EntryPoint): RelatedLocation[] {
  const out: RelatedLocation[] = [];
  if (!sameStart(valueRange(r), r.site.valueRange)) out.push({ range: r.site.range, message: `returned by ${ep.name} here` });
  return out;
}

export function relatedChain(chain: Range[]): RelatedLocation[] {
  return chain.map((range) => ({ range, message: 'called from here' }));
}

/** Replace a constant spelled in the code with another name, when the constant is written right there. */
export function replaceConstantFix(value: AbstractValue, lines: TextLines, newName: string): Fix[] {
  if (value.kind !== 'constant') return [];
  const written = lines.textAt(value.origin.range);
  if (!/^[A-Za-z_]\w*$|^(0[xX])?[0-9a-fA-F]+[uUlL]*$/.test(written)) return [];
  return [{ title: `Return ${newName}`, edits: [{ range: value.origin.range, newText: newName }], preferred: true }];
}

export function eventsOf<K extends TraceEvent['kind']>(traces: HandlerTrace[], kind: K): Array<Extract<TraceEvent, { kind: K }>> {
  const seen = new Set<string>();
  const out: Array<Extract<TraceEvent, { kind: K }>> = [];
  for (const t of traces) {
    for (const e of t.events) {
      if (e.kind !== kind) continue;
      // One per place; a write of a flag held in a parameter writes a different flag per call of its helper.
      const key = `${e.range.start.line}:${e.range.start.character}${e.kind === 'flag-write' ? `:${e.flag.name}` : ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(e as Extract<TraceEvent, { kind: K }>);
    }
  }
  return out;
}
