import type { Range } from '../types';

/** A tree-sitter node's range as engine positions (web-tree-sitter columns are UTF-16 units for string input). */
type Positioned = { startPosition: { row: number; column: number }; endPosition: { row: number; column: number }; cachedRange?: Range };

export function rangeOf(node: Positioned): Range {
  // The model's own nodes keep their range: traces ask for it many times.
  if ('cachedRange' in node && node.cachedRange) return node.cachedRange;
  const range = {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
  if ('cachedRange' in node) node.cachedRange = range;
  return range;
}
