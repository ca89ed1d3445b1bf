/** Where two versions of a text differ: the lengths of their common prefix and suffix. */

/** Strings are compared a block at a time (a native comparison) before the block that differs is walked. */
const COMPARE_BLOCK = 4096;

export function commonPrefixLength(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let at = 0;
  while (at + COMPARE_BLOCK <= max && a.substring(at, at + COMPARE_BLOCK) === b.substring(at, at + COMPARE_BLOCK)) at += COMPARE_BLOCK;
  while (at < max && a.charCodeAt(at) === b.charCodeAt(at)) at++;
  return at;
}

/** At most `max` characters, so that the suffix never overlaps the common prefix. */
export function commonSuffixLength(a: string, b: string, max: number): number {
  let n = 0;
  while (n + COMPARE_BLOCK <= max && a.substring(a.length - n - COMPARE_BLOCK, a.length - n) === b.substring(b.length - n - COMPARE_BLOCK, b.length - n)) n += COMPARE_BLOCK;
  while (n < max && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
}
