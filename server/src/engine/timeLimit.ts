/**
 * A wall-clock limit for one analysis. Analysis is synchronous (the language server's thread waits for
 * it), so it cannot be interrupted from outside: Engine.analyze sets a deadline, the interpreter's step
 * counter (the one loop every trace goes through) asks `checkTimeLimit()`, and past the deadline an
 * AnalysisTimeout unwinds the whole analysis, which the engine reports as a skipped file.
 */

/** Thrown past the deadline; Engine.analyze turns it into a file-skipped finding. */
export class AnalysisTimeout extends Error {
  constructor(readonly limitMs: number) {
    super(`analysis gave up after ${limitMs} ms`);
    this.name = 'AnalysisTimeout';
  }
}

/** Date.now() costs ~30 ns; looking once per this many steps keeps the check out of profiles. */
const STEPS_BETWEEN_CHECKS = 1024;

let deadline = Number.POSITIVE_INFINITY;
let limitMs = 0;
let stepsUntilCheck = STEPS_BETWEEN_CHECKS;

/** Runs `work` with a deadline `ms` from now (nested calls keep the outer deadline if it is earlier). */
export function runWithTimeLimit<T>(ms: number, work: () => T): T {
  const savedDeadline = deadline;
  const savedLimit = limitMs;
  const ownDeadline = Date.now() + ms;
  if (ownDeadline < deadline) {
    deadline = ownDeadline;
    limitMs = ms;
  }
  try {
    return work();
  } finally {
    deadline = savedDeadline;
    limitMs = savedLimit;
  }
}

/** Throws AnalysisTimeout once the current analysis is past its deadline (no-op outside one). */
export function checkTimeLimit(): void {
  if (--stepsUntilCheck > 0) return;
  stepsUntilCheck = STEPS_BETWEEN_CHECKS;
  if (Date.now() > deadline) throw new AnalysisTimeout(limitMs);
}
