/** Set facts merged where paths meet (shared by the recognisers that keep sets). */

/** What some path holds: the union (the first set itself when every set is empty). */
export function unionOfSets<T>(sets: readonly ReadonlySet<T>[]): ReadonlySet<T> {
  if (sets.every((s) => s.size === 0)) return sets[0];
  const out = new Set<T>();
  for (const set of sets) for (const item of set) out.add(item);
  return out;
}

/** What every path holds: the intersection. */
export function intersectionOfSets<T>(sets: readonly ReadonlySet<T>[]): ReadonlySet<T> {
  const out = new Set<T>();
  for (const item of sets[0]) if (sets.every((s) => s.has(item))) out.add(item);
  return out;
}

export const NO_ITEMS: ReadonlySet<never> = new Set<never>();
