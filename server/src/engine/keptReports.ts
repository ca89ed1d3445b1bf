/**
 * C rules run one entry point at a time, with each entry point's reports kept for the next analysis of
 * its document. Typing in one handler of a 100k-line file re-traces one entry point and keeps the
 * others (model/build.ts); running every rule over all of them again was half of each re-analysis.
 *
 * The reports of a rule for one entry point are kept while that entry point is (its traces are the same
 * objects) and its functions stand where they stood (where they moved, only "nothing to report" is
 * kept), and only if the rule read nothing but that entry point: a rule that reads the text or its lines
 * (a fix), or the rest of the model, is run again at every analysis for that entry point. Suppressions, severities, helper-file moves and the order of
 * findings are applied to the reports afterwards, as for any rule (engine.ts).
 */
import { entryPointPlace } from './model/build';
import type { EntryPoint, FileModel, HandlerTrace } from './model/types';
import type { CRuleContext } from './rules/c/context';
import type { Report, RuleDefinition } from './rules/rule';

interface Kept {
  /** Where the entry point's functions stood (entryPointPlace). */
  place: string;
  /** By the rule's index. */
  reports: Array<readonly Report[] | undefined>;
}

/** One analysis's entry point: what is kept for it, and the context its rules are checked in. */
interface Checked {
  kept: Kept;
  analysis: CRuleContext;
  context: CRuleContext;
  /** Whether the rule being checked read more than the entry point (set by the context's getters). */
  readMore: boolean;
}

/** The rules as the engine runs them: the same definitions, each checking entry point by entry point. */
export function withKeptReports(rules: ReadonlyArray<RuleDefinition<CRuleContext>>): Array<RuleDefinition<CRuleContext>> {
  // By the entry point's traces (the same objects while it is kept).
  const kept = new WeakMap<HandlerTrace[], Kept>();
  // By the entry point (new objects at each analysis): made once per analysis, not once per rule.
  const current = new WeakMap<EntryPoint, Checked>();
  const checkedFor = (ep: EntryPoint, analysis: CRuleContext): Checked => {
    let checked = current.get(ep);
    if (!checked || checked.analysis !== analysis) {
      const place = entryPointPlace(ep);
      let entry = kept.get(ep.handlers);
      // Moved: what a rule reported holds ranges of the old place, but nothing reported is still nothing
      // (a rule decides from the traces, where a move changes no place relative to another).
      if (!entry || entry.place !== place) kept.set(ep.handlers, (entry = { place, reports: entry?.reports.map((r) => (r === NONE ? r : undefined)) ?? [] }));
      checked = oneEntryPoint(ep, analysis, entry);
      current.set(ep, checked);
    }
    return checked;
  };
  // One buffer for every check: most find nothing, and share NONE.
  const made: Report[] = [];
  const collect = (r: Report) => made.push(r);
  return rules.map((rule, k) => ({
    ...rule,
    check(context, report) {
      // In the model's order, as the rule itself iterates: findings keep their order.
      for (const ep of context.model.entryPoints) {
        const checked = checkedFor(ep, context);
        let reports = checked.kept.reports[k];
        if (!reports) {
          made.length = 0;
          checked.readMore = false;
          rule.check(checked.context, collect);
          reports = made.length ? made.slice() : NONE;
          if (!checked.readMore) checked.kept.reports[k] = reports;
        }
        for (let i = 0; i < reports.length; i++) report(reports[i]);
      }
    },
  }));
}

const NONE: readonly Report[] = Object.freeze([]);

/** The context of a rule checking one entry point: reading anything else marks what it reports as not to be kept. */
function oneEntryPoint(ep: EntryPoint, analysis: CRuleContext, kept: Kept): Checked {
  const read = <T>(value: T): T => {
    checked.readMore = true;
    return value;
  };
  const model: FileModel = {
    entryPoints: [ep],
    get path() {
      return read(analysis.model.path);
    },
    get index() {
      return read(analysis.model.index);
    },
    get helperCalls() {
      return read(analysis.model.helperCalls);
    },
  };
  // Rules take the lines as they take the model (destructured): what counts is asking them something.
  const lines = new Proxy(analysis.lines, {
    get(target, key) {
      checked.readMore = true;
      return Reflect.get(target, key, target);
    },
  });
  const context: CRuleContext = {
    model,
    lines,
    get path() {
      return read(analysis.path);
    },
    get text() {
      return read(analysis.text);
    },
  };
  const checked: Checked = { kept, analysis, context, readMore: false };
  return checked;
}
