/** The INF rules, in the order their findings are listed. */
import type { RuleDefinition } from '../rule';
import type { InfRuleContext } from './context';

export const INF_RULES: ReadonlyArray<RuleDefinition<InfRuleContext>> = [];
