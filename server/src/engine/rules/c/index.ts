/** The C/C++ rules, in the order their findings are listed. */
import type { RuleDefinition } from '../rule';
import type { CRuleContext } from './context';

export const C_RULES: ReadonlyArray<RuleDefinition<CRuleContext>> = [];
