/**
 * Code lenses for C/C++ installer code, read from the installer model: above each entry point its role,
 * where the role comes from and a one-line finish-install status; above each DIF handler what it returns,
 * in the contract's words (catalogue.ts: returnMeaning, RETURN_CLASS_LABEL).
 */
import {
  DIF_FINISHINSTALL_ACTION,
  FINISH_INSTALL_STEP_LABEL,
  FINISHINSTALL_FLAG,
  handlerRole,
  KIND_LABEL,
  RETURN_CLASS_LABEL,
  returnMeaning,
  type ReturnClass,
} from '../catalogue';
import type { AnalysisResult } from '../engine';
import { returnClassOf } from '../model/values';
import type { AbstractValue, EntryPoint, FlagWriteEvent, HandlerTrace, Phase } from '../model/types';
import type { Range } from '../types';

export interface InstallerLens {
  /** Where the lens stands (the entry point's name, or the handler's first label). */
  range: Range;
  title: string;
  /** The entry point the lens is about (its name's range is where the lens command leads). */
  entryPoint: string;
  entryPointRange: Range;
}

/** Marks of the status line: done, missing, or not known from this file (a call out of sight may do it). */
const DONE = '✓';
const MISSING = '✗';
const UNKNOWN = '?';

export function codeLenses(analysis: AnalysisResult): InstallerLens[] {
  const lenses: InstallerLens[] = [];
  for (const ep of analysis.model?.entryPoints ?? []) {
    const at = (range: Range, title: string): InstallerLens => ({ range, title, entryPoint: ep.name, entryPointRange: ep.nameRange });
    lenses.push(at(ep.nameRange, entryPointTitle(ep)));
    for (const [dif, labels] of ep.dispatch) {
      const title = handlerTitle(ep, dif);
      if (title && labels.length) lenses.push(at(labels[0], title));
    }
  }
  return lenses;
}

/** "co-installer · registered in fabrikam.inf:46 · finish-install: flag set ✓ saved ✓ action ✓ waits ✗" */
export function entryPointTitle(ep: EntryPoint): string {
  return [KIND_LABEL[ep.kind], roleSource(ep), `finish-install: ${finishInstallStatus(ep)}`].join(' · ');
}

/** Where the role comes from, without repeating the role: "registered in foo.inf:42", "exported in foo.def", "signature". */
export function roleSource(ep: EntryPoint): string {
  if (!ep.roleOrigin) return 'signature';
  return ep.roleOrigin.replace(`as a ${KIND_LABEL[ep.kind]} `, '');
}

export function finishInstallStatus(ep: EntryPoint): string {
  const events = ep.overall.events;
  const outOfSight = ep.incomplete || events.some((e) => e.kind === 'opaque-call');
  const flagWrites = events.filter((e): e is FlagWriteEvent => e.kind === 'flag-write' && e.flag.name === FINISHINSTALL_FLAG && e.field === e.flag.field);
  const mark = (done: boolean) => (done ? DONE : outOfSight ? UNKNOWN : MISSING);
  const steps = [
    `${FINISH_INSTALL_STEP_LABEL.flagSet} ${mark(flagWrites.length > 0)}`,
    `${FINISH_INSTALL_STEP_LABEL.saved} ${mark(flagWrites.some((e) => e.saved))}`,
    `${FINISH_INSTALL_STEP_LABEL.action} ${mark(ep.dispatch.has(DIF_FINISHINSTALL_ACTION))}`,
  ];
  // Waiting matters only where the action starts a process.
  const starts = events.filter((e) => e.kind === 'process-start');
  if (starts.length) steps.push(`${FINISH_INSTALL_STEP_LABEL.waits} ${starts.every((e) => e.unawaitedReturns.length === 0) ? DONE : MISSING}`);
  return steps.join(' ');
}

/** "DIF_FINISHINSTALL_ACTION → NO_ERROR (done) | Win32 error (retry at next enumeration)"; per pass when a co-installer's passes differ. */
export function handlerTitle(ep: EntryPoint, dif: string): string | undefined {
  const traces = ep.handlers.filter((t) => t.dif === dif);
  if (!traces.length) return undefined;
  const byPhase = traces.map((t) => ({ phase: t.phase, text: returnsInWords(ep, t) }));
  const same = byPhase.every((p) => p.text === byPhase[0].text);
  const body = same ? byPhase[0].text : byPhase.map((p) => `${PHASE_WORDS[p.phase]}: ${p.text}`).join(' · ');
  return `${dif} → ${body}`;
}

const PHASE_WORDS: Record<Phase, string> = { pre: 'pre-processing', post: 'post-processing', only: '' };

function returnsInWords(ep: EntryPoint, trace: HandlerTrace): string {
  const role = handlerRole(trace.dif, trace.dif !== undefined);
  const seen = new Map<string, string>();
  for (const site of trace.returns) {
    for (const value of site.values) {
      const cls = lensClassOf(value);
      if (!cls) {
        const spelled = value.kind === 'unknown' && value.callee ? `${value.callee}(...)` : 'computed value';
        seen.set(spelled, spelled);
        continue;
      }
      const meaning = returnMeaning(ep.kind, role, cls);
      seen.set(cls, `${RETURN_CLASS_LABEL[cls]} (${meaning.short})${meaning.ok ? '' : ' ✘'}`);
    }
  }
  if (trace.fallsOffEnd) seen.set('falls-off-end', 'no return');
  return seen.size ? [...seen.values()].join(' | ') : 'no return';
}

/** As the rules classify a returned value; an unknown the guards prove non-zero is a Win32 error code too. */
function lensClassOf(value: AbstractValue): ReturnClass | undefined {
  const cls = returnClassOf(value);
  if (cls || value.kind === 'constant') return cls;
  return value.excludes.includes(0) ? 'win32-error' : undefined;
}

