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
import { LineIndex } from '../../model/syntaxTree';
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
}

/** Every (return site, value) pair of the given traces. */
export function returnedValues(traces: HandlerTrace[]): ReturnedValue[] {
  const out: ReturnedValue[] = [];
  for (const t of traces) for (const site of t.returns) for (const value of site.values) out.push({ site, value, cls: returnClassOf(value) });
  return out;
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
export function replaceConstantFix(value: AbstractValue, text: string, newName: string): Fix[] {
  if (value.kind !== 'constant') return [];
  const written = textAt(text, value.origin.range);
  if (!/^[A-Za-z_]\w*$|^(0[xX])?[0-9a-fA-F]+[uUlL]*$/.test(written)) return [];
  return [{ title: `Return ${newName}`, edits: [{ range: value.origin.range, newText: newName }], preferred: true }];
}

export function textAt(text: string, range: Range): string {
  const lines = lineStarts(text);
  const start = (lines[range.start.line] ?? text.length) + range.start.character;
  const end = (lines[range.end.line] ?? text.length) + range.end.character;
  return text.slice(start, end);
}

let lastText: string | undefined;
let lastIndex: LineIndex | undefined;

/** Offsets where each line starts (kept for the last text: rules ask repeatedly about one file). */
export function lineStarts(text: string): number[] {
  if (text !== lastText || !lastIndex) {
    lastText = text;
    lastIndex = new LineIndex(text);
  }
  return lastIndex.starts;
}

/** The indentation of a line. */
export function indentationOf(text: string, line: number): string {
  const starts = lineStarts(text);
  const start = starts[line] ?? 0;
  let end = start;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  return text.slice(start, end);
}

export function lineEnding(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}


export function eventsOf<K extends TraceEvent['kind']>(traces: HandlerTrace[], kind: K): Array<Extract<TraceEvent, { kind: K }>> {
  const seen = new Set<string>();
  const out: Array<Extract<TraceEvent, { kind: K }>> = [];
  for (const t of traces) {
    for (const e of t.events) {
      if (e.kind !== kind) continue;
      const key = `${e.range.start.line}:${e.range.start.character}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(e as Extract<TraceEvent, { kind: K }>);
    }
  }
  return out;
}

/** The position just past the last character of a line (before its line break). */
export function endOfLine(text: string, line: number): { line: number; character: number } {
  const starts = lineStarts(text);
  const start = starts[line] ?? text.length;
  let end = (starts[line + 1] ?? text.length + 1) - 1;
  if (end > text.length) end = text.length;
  while (end > start && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  return { line, character: end - start };
}
