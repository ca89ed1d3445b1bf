import type { CoveredCode, EntryPoint } from '../../model/types';
import type { RuleDefinition } from '../rule';
import type { CRuleContext } from './context';
import { returnedValues, who } from './helpers';

export const postprocessingUnreachable: RuleDefinition<CRuleContext> = {
  id: 'postprocessing-unreachable',
  language: 'c',
  defaultSeverity: 'error',
  title: 'A co-installer has a post-processing branch but never requests post-processing',
  docs: {
    what:
      'Reports a co-installer that tests Context->PostProcessing, keeps work for the post-processing pass (a call, a write to a structure), and never returns ERROR_DI_POSTPROCESSING_REQUIRED. A test that only guards the first pass (`if (!Context->PostProcessing) { ... }` with nothing else for the second) or only passes the result through (`if (Context->PostProcessing) return Context->InstallResult;`) is not reported.',
    why: 'Windows calls a co-installer a second time, with PostProcessing TRUE, only if its first pass returned ERROR_DI_POSTPROCESSING_REQUIRED. Without that request the post-processing branch is dead code and its work never happens.',
    contractSection: 'Return codes (post-processing paragraph)',
    wdk: ['Co-installer Interface', 'Co-installer Operation'],
    bad: `case DIF_NEWDEVICEWIZARD_FINISHINSTALL:
    if (Context->PostProcessing) {
        RequestFinishInstallAction(DeviceInfoSet, DeviceInfoData);   // never runs
        return Context->InstallResult;
    }
    return NO_ERROR;`,
    good: `case DIF_NEWDEVICEWIZARD_FINISHINSTALL:
    if (Context->PostProcessing) {
        RequestFinishInstallAction(DeviceInfoSet, DeviceInfoData);
        return Context->InstallResult;
    }
    return ERROR_DI_POSTPROCESSING_REQUIRED;`,
  },
  check({ model }, report) {
    for (const ep of model.entryPoints) {
      if (ep.kind !== 'co-installer' || ep.incomplete || ep.postProcessingTests.length === 0) continue;
      const values = returnedValues([ep.overall]);
      // A value we cannot see into (an external call) might be the request: stay silent then.
      if (values.some((r) => r.value.kind === 'unknown' && (r.value.source === 'call' || r.value.source === 'global') && r.cls === undefined)) continue;
      if (values.some((r) => r.cls === 'postprocessing-required')) continue;
      // A guard of the first pass, or a pass-through, loses nothing when the second pass never comes.
      const postOnlyWork = postProcessingOnlyWork(ep);
      if (postOnlyWork.length === 0) continue;
      report({
        range: ep.postProcessingTests[0],
        message: `The ${who(ep)} tests Context->PostProcessing but never returns ERROR_DI_POSTPROCESSING_REQUIRED: Windows never calls it for post-processing, so the code it keeps for that pass never runs.`,
        related: postOnlyWork.map((statement) => ({ range: statement.range, message: 'runs only in post-processing, which never comes' })),
      });
    }
  },
};

// ---- What only the post-processing pass runs --------------------------------------------------------
// The code a co-installer's tests of Context->PostProcessing keep for the second pass. A guard that leaves
// the second pass nothing (`if (!Context->PostProcessing) switch (...) {...}`) or only a pass-through
// (`if (Context->PostProcessing) return Context->InstallResult;`) keeps no work there.

type Node = CoveredCode['from'];

/** The first statement of each block only the post-processing pass runs that does some work. */
function postProcessingOnlyWork(ep: EntryPoint): Node[] {
  const preProcessing = new Set<number>();
  for (const h of ep.handlers) if (h.phase === 'pre') for (const b of h.blocks) preProcessing.add(b.from.id);
  const seen = new Set<number>();
  const work: Node[] = [];
  for (const h of ep.handlers) {
    if (h.phase !== 'post') continue;
    for (const block of h.blocks) {
      if (preProcessing.has(block.from.id) || seen.has(block.from.id)) continue;
      seen.add(block.from.id);
      const first = coveredStatements(block).find(doesWork);
      if (first) work.push(first);
    }
  }
  return work;
}

/** A block, or a statement and the ones after it up to the end of the block that holds them. */
function coveredStatements({ from, to }: CoveredCode): Node[] {
  if (from.id === to.id || !(to.startIndex <= from.startIndex && from.endIndex <= to.endIndex)) return [from];
  return to.namedChildren.filter((c) => c.startIndex >= from.startIndex);
}

/**
 * Whether running the statement changes anything beyond the value the co-installer returns: a call, or
 * a write to anything but a plain variable (`params.FlagsEx |= ...`). Leaving (return, break, goto),
 * remembering a result in a variable and comments are not work.
 */
function doesWork(node: Node): boolean {
  switch (node.type) {
    case 'comment':
    case 'break_statement':
    case 'continue_statement':
    case 'goto_statement':
      return false;
    case 'return_statement':
    case 'declaration':
      return node.hasNamedDescendantOfType('call_expression');
    case 'compound_statement':
    case 'labeled_statement':
    case 'else_clause':
      return node.namedChildren.some(doesWork);
    case 'if_statement': {
      const condition = node.childForFieldName('condition');
      if (condition?.hasNamedDescendantOfType('call_expression')) return true;
      return [node.childForFieldName('consequence'), node.childForFieldName('alternative')].some((n) => !!n && doesWork(n));
    }
    case 'expression_statement': {
      const expr = node.firstNamedChild;
      if (!expr) return false;
      if (expr.type === 'assignment_expression') {
        const target = expr.childForFieldName('left');
        return target?.type !== 'identifier' || expr.hasNamedDescendantOfType('call_expression');
      }
      return ['call_expression', 'update_expression'].includes(expr.type) || expr.hasNamedDescendantOfType('call_expression') || expr.hasNamedDescendantOfType('assignment_expression') || expr.hasNamedDescendantOfType('update_expression');
    }
    default:
      return true;
  }
}
