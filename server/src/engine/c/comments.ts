import type { Node } from 'web-tree-sitter';
import type { CommentText } from '../suppressions';
import { rangeOf } from './ranges';

/** Every comment in the tree, with its markers stripped (for suppression comments). */
export function collectComments(root: Node, text: string): CommentText[] {
  const out: CommentText[] = [];
  for (const node of root.descendantsOfType('comment')) {
    const raw = node.text;
    const block = raw.startsWith('/*');
    const body = block ? raw.slice(2, raw.endsWith('*/') ? -2 : undefined) : raw.slice(2);
    out.push({
      text: body,
      textStart: { line: node.startPosition.row, character: node.startPosition.column + 2 },
      range: rangeOf(node),
    });
  }
  void text;
  return out;
}
