/**
 * Abstract values: what an expression can evaluate to, as far as the return-code contract cares.
 * A value is either a known constant (with the name the code used) or an unknown with the values the
 * guards on its path rule out.
 */
import { classifyReturnValue, returnCode, type ReturnClass, type ReturnCodeFamily } from '../catalogue';
import type { AbstractValue, ConstantValue, UnknownSource, UnknownValue, ValueOrigin } from './types';

/** Beyond this many alternatives a value set collapses to "unknown": precision is not worth the cost. */
export const MAX_VALUES = 24;

export function constant(value: number, origin: ValueOrigin, name?: string): ConstantValue {
  const family: ReturnCodeFamily = (name && returnCode(name)?.family) || 'win32';
  return { kind: 'constant', value: value >>> 0 === value ? value : value >>> 0, name, family, origin };
}

export function unknown(source: UnknownSource, origin: ValueOrigin, extra?: Partial<UnknownValue>): UnknownValue {
  // Made for most evaluated expressions: no spread when there is nothing to add.
  return extra ? { kind: 'unknown', source, excludes: [], origin, ...extra } : { kind: 'unknown', source, excludes: [], origin };
}

/** Whether two values are the same alternative: same kind and meaning, written at the same place. */
function sameValue(a: AbstractValue, b: AbstractValue): boolean {
  if (a === b) return true;
  if (a.origin.startIndex !== b.origin.startIndex) return false;
  if (a.kind === 'constant') return b.kind === 'constant' && a.value === b.value && a.family === b.family;
  if (b.kind !== 'unknown' || a.source !== b.source || (a.callee ?? a.name ?? '') !== (b.callee ?? b.name ?? '') || a.family !== b.family) return false;
  if (a.excludes.length !== b.excludes.length) return false;
  for (let i = 0; i < a.excludes.length; i++) if (a.excludes[i] !== b.excludes[i]) return false;
  return true;
}

/**
 * Every alternative of the sets, once; a duplicate takes the place of the first of its kind. Compared pair
 * by pair, not by a key string per value: the result never holds more than MAX_VALUES + 1 values.
 */
export function unionValues(...sets: AbstractValue[][]): AbstractValue[] {
  const out: AbstractValue[] = [];
  for (const set of sets) {
    for (const v of set) {
      let k = 0;
      while (k < out.length && !sameValue(out[k], v)) k++;
      out[k] = v;
      if (out.length > MAX_VALUES) return [unknown('expression', out[0].origin)];
    }
  }
  return out;
}

/** Keep what can equal `c` (an unknown becomes the constant, at its own origin). */
export function assumeEquals(values: AbstractValue[], c: ConstantValue): AbstractValue[] {
  const out: AbstractValue[] = [];
  for (const v of values) {
    if (v.kind === 'constant') {
      if (v.value === c.value) out.push(v);
    } else if (!v.excludes.includes(c.value)) {
      out.push({ kind: 'constant', value: c.value, name: c.name, family: v.family ?? c.family, origin: v.origin });
    }
  }
  return out;
}

/** Drop what equals `c`; unknowns remember that they are not `c`. */
export function assumeNotEquals(values: AbstractValue[], c: number): AbstractValue[] {
  const out: AbstractValue[] = [];
  for (const v of values) {
    if (v.kind === 'constant') {
      if (v.value !== c) out.push(v);
    } else {
      out.push(v.excludes.includes(c) ? v : { ...v, excludes: [...v.excludes, c] });
    }
  }
  return out;
}

export type Truth = 'true' | 'false' | 'unknown';

export function truthOf(values: AbstractValue[]): Truth {
  if (values.length === 0) return 'unknown';
  let anyTrue = false;
  let anyFalse = false;
  for (const v of values) {
    if (v.kind === 'constant') {
      if (v.value !== 0) anyTrue = true;
      else anyFalse = true;
    } else if (v.excludes.includes(0)) {
      anyTrue = true;
    } else {
      return 'unknown';
    }
  }
  if (anyTrue && anyFalse) return 'unknown';
  return anyTrue ? 'true' : 'false';
}

export function singleConstant(values: AbstractValue[]): ConstantValue | undefined {
  if (values.length === 0) return undefined;
  const first = values[0];
  if (first.kind !== 'constant') return undefined;
  return values.every((v) => v.kind === 'constant' && v.value === first.value) ? first : undefined;
}

/**
 * The contract class of a returned value, or undefined when it cannot be known (rules stay silent then).
 * GetLastError() after a failed call, and any unknown the guards prove non-zero, count as Win32 errors.
 */
export function returnClassOf(v: AbstractValue): ReturnClass | undefined {
  if (v.kind === 'constant') return classifyReturnValue(v.value, v.family);
  if (v.family === 'bool' || v.family === 'hresult') return 'not-win32';
  if (v.source === 'last-error') return 'win32-error';
  if (v.source === 'global' && v.name?.startsWith('ERROR_') && v.excludes.includes(0)) return 'win32-error';
  return undefined;
}

/** Whether `a == b` is decided by what the guards know (e.g. `err != NO_ERROR` where err excludes 0). */
export function decideComparison(a: AbstractValue[], b: AbstractValue[]): boolean | undefined {
  const decide = (subject: AbstractValue[], c: number): boolean | undefined => {
    if (subject.length === 0) return undefined;
    if (subject.every((v) => (v.kind === 'constant' ? v.value !== c : v.excludes.includes(c)))) return false;
    if (subject.every((v) => v.kind === 'constant' && v.value === c)) return true;
    return undefined;
  };
  const cb = singleConstant(b);
  if (cb) {
    const d = decide(a, cb.value);
    if (d !== undefined) return d;
  }
  const ca = singleConstant(a);
  return ca ? decide(b, ca.value) : undefined;
}
