/**
 * What a co-installer's post-processing pass runs that its pre-processing pass does not: the code its
 * tests of Context->PostProcessing keep for the second pass. A guard that leaves the second pass nothing
 * (`if (!Context->PostProcessing) switch (...) {...}`) or only a pass-through
 * (`if (Context->PostProcessing) return Context->InstallResult;`) keeps no work there.
 */
import type { SyntaxNode as Node } from './syntaxTree';
import type { CoveredCode, EntryPoint } from './types';

/** The first statement of each block only the post-processing pass runs that does some work. */
export function postProcessingOnlyWork(ep: EntryPoint): Node[] {
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
      return node.namedChildren.some(doesWork);
    case 'if_statement': {
      const condition = node.childForFieldName('condition');
      if (condition?.hasNamedDescendantOfType('call_expression')) return true;
      return [node.childForFieldName('consequence'), node.childForFieldName('alternative')].some((n) => !!n && doesWork(n));
    }
    case 'else_clause':
      return node.namedChildren.some(doesWork);
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
