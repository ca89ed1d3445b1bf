/** Every rule the engine knows, C and INF. */
import { C_RULES } from './c';
import { INF_RULES } from './inf';
import { META_RULES } from './meta';
import type { RuleDefinition } from './rule';


export const ALL_RULES: ReadonlyArray<RuleDefinition<any>> = [...C_RULES, ...INF_RULES, ...META_RULES];
export const RULES_BY_ID: ReadonlyMap<string, RuleDefinition<any>> = new Map(ALL_RULES.map((r) => [r.id, r]));
export const RULE_IDS: ReadonlySet<string> = new Set(RULES_BY_ID.keys());

/** Where a rule's documentation lives, relative to the repository root. */
export function ruleDocPath(id: string): string {
  return `docs/rules/${id}.md`;
}
