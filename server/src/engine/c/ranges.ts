import type { Range } from '../types';

/** A tree-sitter node's range as engine positions (web-tree-sitter columns are UTF-16 units for string input). */
type Positioned = { startPosition: { row: number; column: number }; endPosition: { row: number; column: number } };

export function rangeOf(node: Positioned): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}
