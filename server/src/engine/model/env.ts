/**
 * The interpreter's environment: the abstract values of the variables on one path, as a persistent map.
 * Binding a variable makes a new environment and leaves the old one as it was, since other paths (the
 * other branch of an if, the other cases of a switch) still hold it.
 */
import type { AbstractValue } from './types';

type Values = AbstractValue[];

/** Bindings kept beside the shared base; the next one after these folds them all into a new base. */
const MAX_RECENT = 8;

const NO_KEYS: readonly string[] = Object.freeze([]);
const NO_BINDINGS: readonly Values[] = Object.freeze([]);

/**
 * A base map shared with the environments it was derived from, plus the few bindings made since. Copying
 * a whole Map for every assignment was about a seventh of what an analysis allocated; now an assignment
 * copies at most MAX_RECENT bindings, and the base is copied once every MAX_RECENT assignments.
 */
export class Env {
  private constructor(
    private readonly base: ReadonlyMap<string, Values>,
    /** Variables bound since the base was made (each once), and their values, index for index. */
    private readonly recentKeys: readonly string[],
    private readonly recentValues: readonly Values[],
  ) {}

  static of(bindings: Iterable<readonly [string, Values]>): Env {
    return new Env(new Map(bindings), NO_KEYS, NO_BINDINGS);
  }

  get(key: string): Values | undefined {
    const keys = this.recentKeys;
    for (let i = 0; i < keys.length; i++) if (keys[i] === key) return this.recentValues[i];
    return this.base.get(key);
  }

  /** This environment with `key` bound to `values` (itself if it already is). */
  with(key: string, values: Values): Env {
    if (this.get(key) === values) return this;
    const i = this.recentKeys.indexOf(key);
    if (i >= 0) {
      const recentValues = this.recentValues.slice();
      recentValues[i] = values;
      return new Env(this.base, this.recentKeys, recentValues);
    }
    if (this.recentKeys.length < MAX_RECENT) return new Env(this.base, [...this.recentKeys, key], [...this.recentValues, values]);
    return Env.folded(this.base, [...this.recentKeys, key], [...this.recentValues, values]);
  }

  /**
   * The environment where the paths holding `envs` meet: every variable of every path, with `merge` of
   * its values on each path (undefined where a path has no binding). Variables whose values are the very
   * same array on every path keep it without a merge.
   */
  static join(envs: readonly Env[], merge: (values: ReadonlyArray<Values | undefined>) => Values): Env {
    const first = envs[0];
    if (envs.every((e) => e === first)) return first;
    const joined = (key: string) => Env.joinedValues(envs, key, merge);
    // Environments derived from one base differ only in their recent bindings.
    if (envs.every((e) => e.base === first.base)) {
      const keys: string[] = [];
      for (const e of envs) for (const k of e.recentKeys) if (!keys.includes(k)) keys.push(k);
      const values = keys.map(joined);
      return keys.length <= MAX_RECENT ? new Env(first.base, keys, values) : Env.folded(first.base, keys, values);
    }
    const map = new Map<string, Values>();
    for (const e of envs) {
      for (const k of e.recentKeys) if (!map.has(k)) map.set(k, joined(k));
      for (const k of e.base.keys()) if (!map.has(k)) map.set(k, joined(k));
    }
    return new Env(map, NO_KEYS, NO_BINDINGS);
  }

  /** The variables whose values in `to` are not the very same as in `from` (bound in either). */
  static changedKeys(from: Env, to: Env): string[] {
    if (from === to) return [];
    const out: string[] = [];
    const seen = new Set<string>();
    const check = (k: string) => {
      if (seen.has(k)) return;
      seen.add(k);
      if (from.get(k) !== to.get(k)) out.push(k);
    };
    to.recentKeys.forEach(check);
    from.recentKeys.forEach(check);
    // Environments derived from one base differ only in their recent bindings.
    if (from.base !== to.base) {
      for (const k of to.base.keys()) check(k);
      for (const k of from.base.keys()) check(k);
    }
    return out;
  }

  /** Most variables are untouched on every path: the very same array, nothing to merge. */
  private static joinedValues(envs: readonly Env[], key: string, merge: (values: ReadonlyArray<Values | undefined>) => Values): Values {
    const firstValues = envs[0].get(key);
    let same = firstValues !== undefined;
    for (let i = 1; same && i < envs.length; i++) same = envs[i].get(key) === firstValues;
    return same ? firstValues! : merge(envs.map((e) => e.get(key)));
  }

  private static folded(base: ReadonlyMap<string, Values>, keys: readonly string[], values: readonly Values[]): Env {
    const map = new Map(base);
    keys.forEach((k, i) => map.set(k, values[i]));
    return new Env(map, NO_KEYS, NO_BINDINGS);
  }
}
