/**
 * What a rule is. One rule per file (rules/c/<id>.ts, rules/inf/<id>.ts), each exporting one
 * RuleDefinition with its id, default severity, docs (rendered into docs/rules/<id>.md) and check.
 */
import type { Fix, Range, RelatedLocation, Severity } from '../types';

export interface RuleDocs {
  /** What the rule checks, in one or two sentences. */
  what: string;
  /** Why it matters: what Windows does when the contract is broken. */
  why: string;
  /** The section of docs/finish-install-contract.md the rule rests on, e.g. "Return codes". */
  contractSection: string;
  /** The WDK page(s) the contract section paraphrases. */
  wdk: string[];
  /** A short offending example (C or INF, as the rule's language). */
  bad: string;
  /** The same example, fixed. */
  good: string;
  /** What the quick fix does, where there is one. */
  quickFix?: string;
}

export interface Report {
  range: Range;
  message: string;
  /**
   * For a rule whose findings differ in consequence: this one's severity, when milder than the rule's
   * default. A severity the user configures for the rule still applies to every finding.
   */
  severity?: Severity;
  related?: RelatedLocation[];
  fixes?: Fix[];
}

export interface RuleDefinition<Context> {
  id: string;
  /** 'any': a finding the engine itself reports (suppression comments, skipped files). */
  language: 'c' | 'inf' | 'any';
  defaultSeverity: Severity;
  /** One line, for the rule table and SARIF's shortDescription. */
  title: string;
  docs: RuleDocs;
  check(context: Context, report: (finding: Report) => void): void;
}
