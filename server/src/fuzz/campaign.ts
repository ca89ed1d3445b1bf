/**
 * A fuzz campaign: fast-check drives mutated seeds (and some seedless "soup") through checkDocument.
 * Shared by the `npm run fuzz` CLI (long runs) and fuzz.test.ts (a short seeded run in the test suite).
 */
import fc from 'fast-check';
import type { DocumentLanguage, Engine, EntryPointSummary } from '../engine';
import { extremeCases, type ExtremeCase } from './extremes';
import { fuzzInputArbitrary, soupArbitrary, type FuzzInput } from './mutations';
import { checkDocument, PropertyViolation, type CheckOptions, type Violation } from './properties';
import { seedsOf } from './seeds';

/** Bounds, documented in docs/robustness.md. Generous: the machines running them are often busy. */
export const TIME_LIMIT_MS = {
  /** One analysis of a mutated fixture (at most some tens of KB; typically well under 100 ms). */
  mutated: 5_000,
  /** One analysis of a 10k-deep or 100k-long extreme input. */
  extreme: 15_000,
  /** One analysis of a 50 MB input with the size limit raised. */
  big: 60_000,
};

export interface CampaignOptions {
  runs: number;
  seed: number;
  /** fast-check's replay path of a failure (with its seed). */
  path?: string;
  languages: DocumentLanguage[];
  timeLimitMs: number;
  suppressionChecks: number;
  determinism: boolean;
  maxMutations: number;
  /** Shrink a failure to a minimal input (slower, much more readable). */
  shrink: boolean;
  /** Stop after this long, counting the runs done as passed. */
  interruptAfterMs?: number;
  onProgress?: (runsDone: number) => void;
}

export interface CampaignResult {
  failed: boolean;
  interrupted: boolean;
  runs: number;
  shrinks: number;
  seed: number;
  path?: string;
  counterexample?: FuzzInput;
  violations?: Violation[];
  error?: unknown;
}

export interface FuzzCase {
  input: FuzzInput;
  /** INF inputs: analysed with the entry points of the C seeds (the cross-file rules) or without. */
  crossCheck: boolean;
}

/** The entry points found in the C/C++ seeds, for the INF rules that cross-check registrations. */
export function seedEntryPoints(engine: Engine): EntryPointSummary[] {
  const out: EntryPointSummary[] = [];
  for (const seed of seedsOf(['c', 'cpp'])) out.push(...engine.analyze({ path: seed.name, text: seed.text }).entryPoints);
  return out;
}

export function fuzzCaseArbitrary(languages: DocumentLanguage[], maxMutations: number): fc.Arbitrary<FuzzCase> {
  // C seeds are also read as C++ and the other way round, so either C language brings in both.
  const wantsC = languages.some((l) => l !== 'inf');
  const seeds = seedsOf([...(wantsC ? (['c', 'cpp'] as const) : []), ...(languages.includes('inf') ? (['inf'] as const) : [])]);
  const seeded = fuzzInputArbitrary(seeds, maxMutations).filter((input) => languages.includes(input.language));
  const soup = fc.constantFrom(...languages).chain((language) => soupArbitrary(language));
  return fc.record({ input: fc.oneof({ arbitrary: seeded, weight: 9 }, { arbitrary: soup, weight: 1 }), crossCheck: fc.boolean() });
}

const EXTENSION: Record<DocumentLanguage, string> = { c: 'c', cpp: 'cpp', inf: 'inf' };

export function checkFuzzCase(engine: Engine, fuzzCase: FuzzCase, options: Omit<CheckOptions, 'entryPoints' | 'stablePath'>, entryPoints: EntryPointSummary[]): Violation[] {
  const { input } = fuzzCase;
  const base = input.seed.replace(/[^\w.-]+/g, '_');
  return checkDocument(
    engine,
    { path: `fuzz/${base}.${EXTENSION[input.language]}`, text: input.text, language: input.language },
    { ...options, entryPoints: fuzzCase.crossCheck ? entryPoints : undefined },
  );
}

export function runCampaign(engine: Engine, options: CampaignOptions): CampaignResult {
  const entryPoints = seedEntryPoints(engine);
  const checkOptions = { timeLimitMs: options.timeLimitMs, suppressionChecks: options.suppressionChecks, determinism: options.determinism };
  let runsDone = 0;
  const property = fc.property(fuzzCaseArbitrary(options.languages, options.maxMutations), (fuzzCase) => {
    runsDone++;
    if (runsDone % 50 === 0) options.onProgress?.(runsDone);
    const violations = checkFuzzCase(engine, fuzzCase, checkOptions, entryPoints);
    if (violations.length) throw new PropertyViolation(violations);
  });
  const details = fc.check(property, {
    seed: options.seed,
    numRuns: options.runs,
    path: options.path,
    endOnFailure: !options.shrink,
    interruptAfterTimeLimit: options.interruptAfterMs,
    markInterruptAsFailure: false,
  });
  const error = details.errorInstance;
  return {
    failed: details.failed,
    interrupted: details.interrupted,
    runs: details.numRuns,
    shrinks: details.numShrinks,
    seed: details.seed,
    path: details.counterexamplePath ?? undefined,
    counterexample: details.counterexample?.[0].input,
    violations: error instanceof PropertyViolation ? error.violations : undefined,
    error: error instanceof PropertyViolation ? undefined : error,
  };
}

export interface ExtremeResult {
  name: string;
  elapsedMs: number;
  length: number;
  violations: Violation[];
  skipped?: string;
}

/** Runs the extreme inputs (nesting, huge counts, 50 MB lines) through the same properties. */
export function runExtremes(engine: Engine, cases: ExtremeCase[], onResult?: (r: ExtremeResult) => void): ExtremeResult[] {
  const results: ExtremeResult[] = [];
  for (const c of cases) {
    const text = c.build();
    const start = performance.now();
    let skipped: string | undefined;
    const violations = checkDocument(
      engine,
      { path: `extreme/${c.name.replace(/[^\w.-]+/g, '_')}.${EXTENSION[c.language]}`, text, language: c.language },
      {
        timeLimitMs: c.big ? TIME_LIMIT_MS.big : TIME_LIMIT_MS.extreme,
        maxFileSizeKB: c.maxFileSizeKB,
        // Big inputs: one analysis is the test; nesting: also the determinism and suppression checks.
        determinism: !c.big,
        suppressionChecks: c.big ? 0 : 1,
        onFirstResult: (r) => (skipped = r.skipped),
      },
    );
    const result = { name: c.name, elapsedMs: performance.now() - start, length: text.length, violations, skipped };
    results.push(result);
    onResult?.(result);
  }
  return results;
}

export { extremeCases };
