/**
 * Which arms of #if / #ifdef / #elif / #else are built, as far as the project's sources and the user's
 * pins tell (macros.ts): `#if 0` never is; a condition on a name the project defines or #undefs, or
 * one pinned with -D, is decided; a name only the build knows (_WIN64, DBG) leaves it unknown, and the
 * walker then follows both arms as two possible builds. Read by the walker and by the editor's hovers.
 */
import { applyBinary, parseCNumber, type FileIndex } from './fileIndex';
import type { ConditionTruth } from './macros';

/** What this file reads of a node: a model copy or a tree-sitter node. */
interface PreprocessorNode {
  type: string;
  text: string;
  childForFieldName(name: string): PreprocessorNode | null;
  namedChildren: ArrayLike<PreprocessorNode | null>;
}

type Macros = Pick<FileIndex, 'defines' | 'macros'>;

/** Whether an #if / #ifdef / #elif arm is built once reached (an #else always is). */
export function armTruth(node: PreprocessorNode, index: Macros): ConditionTruth {
  if (node.type === 'preproc_else') return 'true';
  if (node.type === 'preproc_ifdef' || node.type === 'preproc_elifdef') {
    const name = node.childForFieldName('name')?.text;
    const defined = name ? index.macros.definedness(name) : 'unknown';
    // The directive is no field: `#ifndef` / `# ifndef` is read from the text before the name.
    const head = node.text.slice(0, 16).replace(/\s+/g, '');
    const negated = head.startsWith('#ifndef') || head.startsWith('#elifndef');
    return negated ? notTruth(defined) : defined;
  }
  const value = conditionValue(node.childForFieldName('condition'), index, 0);
  return value === undefined ? 'unknown' : value !== 0 ? 'true' : 'false';
}

/** Whether code at `node` (a tree-sitter node, with parents) is in an arm that is never built. */
export function inUnbuiltArm(node: { type: string; parent: unknown; id: number } & PreprocessorNode, index: Macros): boolean {
  type Linked = PreprocessorNode & { parent: Linked | null; id: number };
  let child = node as unknown as Linked;
  for (let arm = child.parent; arm; child = arm, arm = arm.parent) {
    if (!arm.type.startsWith('preproc_') || arm.type === 'preproc_def' || arm.type === 'preproc_function_def') continue;
    if (!['preproc_if', 'preproc_ifdef', 'preproc_elif', 'preproc_elifdef', 'preproc_else'].includes(arm.type)) continue;
    const isAlternative = (arm.childForFieldName('alternative') as Linked | null)?.id === child.id;
    const truth = armTruth(arm, index);
    // Inside the arm's own code: dead when it is not built. In its #else/#elif: dead when it is.
    if (isAlternative ? truth === 'true' : truth === 'false') return true;
  }
  return false;
}

function notTruth(t: ConditionTruth): ConditionTruth {
  return t === 'unknown' ? t : t === 'true' ? 'false' : 'true';
}

/**
 * An #if condition's value: numbers, `defined(NAME)`, names (their constant value; 0 for a name the
 * project #undefs), `!`, `&&`, `||` and comparisons; undefined when it is not known.
 */
function conditionValue(node: PreprocessorNode | null, index: Macros, depth: number): number | undefined {
  if (!node || depth > 64) return undefined;
  switch (node.type) {
    case 'number_literal':
      return parseCNumber(node.text);
    case 'parenthesized_expression':
      return conditionValue(node.namedChildren[0] ?? null, index, depth + 1);
    case 'preproc_defined': {
      let name: string | undefined;
      for (let k = 0; k < node.namedChildren.length; k++) if (node.namedChildren[k]?.type === 'identifier') name ??= node.namedChildren[k]!.text;
      const t = name ? index.macros.definedness(name) : 'unknown';
      return t === 'unknown' ? undefined : t === 'true' ? 1 : 0;
    }
    case 'identifier': {
      const defined = index.defines.get(node.text);
      if (defined) return defined.value;
      // C reads a name that is no macro as 0; only a name the project itself #undefs is known to be none.
      return index.macros.definedness(node.text) === 'false' ? 0 : undefined;
    }
    case 'unary_expression': {
      const v = conditionValue(node.childForFieldName('argument'), index, depth + 1);
      const op = node.childForFieldName('operator')?.text;
      if (v === undefined) return undefined;
      return op === '!' ? (v ? 0 : 1) : op === '-' ? -v : op === '~' ? ~v >>> 0 : v;
    }
    case 'binary_expression': {
      const op = node.childForFieldName('operator')?.text ?? '';
      const l = conditionValue(node.childForFieldName('left'), index, depth + 1);
      const r = conditionValue(node.childForFieldName('right'), index, depth + 1);
      // `0 && UNKNOWN` and `1 || UNKNOWN` are decided whatever the unknown side is.
      if (op === '&&') return l === 0 || r === 0 ? 0 : l === undefined || r === undefined ? undefined : 1;
      if (op === '||') return (l !== undefined && l !== 0) || (r !== undefined && r !== 0) ? 1 : l === undefined || r === undefined ? undefined : 0;
      if (l === undefined || r === undefined) return undefined;
      switch (op) {
        case '==': return l === r ? 1 : 0;
        case '!=': return l !== r ? 1 : 0;
        case '<': return l < r ? 1 : 0;
        case '>': return l > r ? 1 : 0;
        case '<=': return l <= r ? 1 : 0;
        case '>=': return l >= r ? 1 : 0;
        default: return applyBinary(op, l, r);
      }
    }
    default:
      return undefined;
  }
}
