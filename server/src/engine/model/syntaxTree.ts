/**
 * A plain-JavaScript copy of the parts of the tree-sitter tree the model reads. The interpreter visits
 * the same function bodies once per DIF code and phase; reading web-tree-sitter nodes crosses into wasm
 * and allocates on every access, so each function is copied once, with one cursor walk, into these
 * objects. They offer the small subset of tree-sitter's Node API the model uses.
 */
import type { Node, TreeCursor } from 'web-tree-sitter';
import type { Range } from '../types';

export interface Point {
  row: number;
  column: number;
}

/** Line starts of a text, for turning offsets into (row, column) on demand. */
export class LineIndex {
  /** Offsets where each line starts. */
  readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) this.starts.push(i + 1);
    }
  }

  point(offset: number): Point {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { row: lo, column: offset - starts[lo] };
  }
}

/**
 * Where a copied subtree stands in its document. Nodes keep offsets relative to it, so a function
 * whose text is unchanged can be reused by the next analysis after an edit above it: only the
 * anchor moves (see rebase).
 */
export class CopyAnchor {
  readonly lines: LineIndex;
  /** Bumped by rebase, so ranges cached for the old place are not used. */
  version = 0;

  constructor(
    /** The subtree's own text. */
    readonly text: string,
    public startIndex: number,
    public startRow: number,
    public startColumn: number,
  ) {
    this.lines = new LineIndex(text);
  }

  rebase(startIndex: number, startRow: number, startColumn: number): void {
    if (startIndex === this.startIndex && startRow === this.startRow && startColumn === this.startColumn) return;
    this.startIndex = startIndex;
    this.startRow = startRow;
    this.startColumn = startColumn;
    this.version++;
  }

  point(relative: number): Point {
    const p = this.lines.point(relative);
    return p.row === 0 ? { row: this.startRow, column: this.startColumn + p.column } : { row: this.startRow + p.row, column: p.column };
  }
}

let nextId = 1;

export class SyntaxNode {
  readonly id = nextId++;
  /** Named children, in order (anonymous tokens are kept only where a field names them). */
  readonly namedChildren: SyntaxNode[] = [];
  fields: Map<string, SyntaxNode[]> | undefined;
  hasError = false;
  private rangeCache: Range | undefined = undefined;
  private rangeVersion = -1;

  constructor(
    readonly type: string,
    /** Offsets relative to the anchor. */
    private readonly relativeStart: number,
    private readonly relativeEnd: number,
    readonly isMissing: boolean,
    readonly anchor: CopyAnchor,
  ) {}

  get startIndex(): number {
    return this.anchor.startIndex + this.relativeStart;
  }
  get endIndex(): number {
    return this.anchor.startIndex + this.relativeEnd;
  }
  get text(): string {
    return this.anchor.text.slice(this.relativeStart, this.relativeEnd);
  }
  get startPosition(): Point {
    return this.anchor.point(this.relativeStart);
  }
  get endPosition(): Point {
    return this.anchor.point(this.relativeEnd);
  }
  /** Filled by rangeOf on first use; forgotten when the anchor moves. */
  get cachedRange(): Range | undefined {
    return this.rangeVersion === this.anchor.version ? this.rangeCache : undefined;
  }
  set cachedRange(range: Range | undefined) {
    this.rangeCache = range;
    this.rangeVersion = this.anchor.version;
  }
  get namedChildCount(): number {
    return this.namedChildren.length;
  }
  get firstNamedChild(): SyntaxNode | null {
    return this.namedChildren[0] ?? null;
  }
  get lastNamedChild(): SyntaxNode | null {
    return this.namedChildren[this.namedChildren.length - 1] ?? null;
  }
  namedChild(index: number): SyntaxNode | null {
    return this.namedChildren[index] ?? null;
  }
  childForFieldName(name: string): SyntaxNode | null {
    return this.fields?.get(name)?.[0] ?? null;
  }
  childrenForFieldName(name: string): SyntaxNode[] {
    return this.fields?.get(name) ?? [];
  }
  descendantsOfType(types: string | string[]): SyntaxNode[] {
    const wanted = typeof types === 'string' ? [types] : types;
    const out: SyntaxNode[] = [];
    const stack: SyntaxNode[] = [...this.namedChildren].reverse();
    while (stack.length) {
      const n = stack.pop()!;
      if (wanted.includes(n.type)) out.push(n);
      for (let i = n.namedChildren.length - 1; i >= 0; i--) stack.push(n.namedChildren[i]);
    }
    return out;
  }
}

/** Copies the subtree at `node` (one cursor walk), anchored where it stands in `documentText`. */
export function copySubtree(node: Node, documentText: string): SyntaxNode {
  const start = node.startIndex;
  const position = node.startPosition;
  const anchor = new CopyAnchor(documentText.slice(start, node.endIndex), start, position.row, position.column);
  const cursor = node.walk();
  try {
    return copyAt(cursor, anchor, start);
  } finally {
    cursor.delete();
  }
}

function copyAt(cursor: TreeCursor, anchor: CopyAnchor, base: number): SyntaxNode {
  const copy = new SyntaxNode(cursor.nodeType, cursor.startIndex - base, cursor.endIndex - base, cursor.nodeIsMissing, anchor);
  copy.hasError = copy.type === 'ERROR' || copy.isMissing;
  if (cursor.gotoFirstChild()) {
    do {
      const field = cursor.currentFieldName;
      const named = cursor.nodeIsNamed;
      if (!named && !field) {
        if (cursor.nodeIsMissing) copy.hasError = true;
        continue;
      }
      const child = copyAt(cursor, anchor, base);
      if (child.hasError) copy.hasError = true;
      if (named) copy.namedChildren.push(child);
      if (field) {
        copy.fields ??= new Map();
        const list = copy.fields.get(field);
        if (list) list.push(child);
        else copy.fields.set(field, [child]);
      }
    } while (cursor.gotoNextSibling());
    cursor.gotoParent();
  }
  return copy;
}
