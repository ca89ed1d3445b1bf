/**
 * A plain-JavaScript copy of the parts of the tree-sitter tree the model reads. The interpreter visits
 * the same function bodies once per DIF code and phase; reading web-tree-sitter nodes crosses into wasm
 * and allocates on every access, so each function is copied once, with one cursor walk, into these
 * objects. They offer the small subset of tree-sitter's Node API the model uses.
 */
import type { Language, Node, TreeCursor } from 'web-tree-sitter';
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
    const row = this.lineOf(offset, 0);
    return { row, column: offset - this.starts[row] };
  }

  /** The line holding `offset`, which is known to be on line `from` or after. */
  lineOf(offset: number, from: number): number {
    const starts = this.starts;
    let lo = from;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
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

  /** The engine range of [relativeStart, relativeEnd): built directly, it is asked for tens of thousands of times per analysis. */
  range(relativeStart: number, relativeEnd: number): Range {
    const startLine = this.lines.lineOf(relativeStart, 0);
    const endLine = this.lines.lineOf(relativeEnd, startLine);
    return { start: this.position(startLine, relativeStart), end: this.position(endLine, relativeEnd) };
  }

  private position(line: number, relative: number): { line: number; character: number } {
    return line === 0
      ? { line: this.startRow, character: this.startColumn + relative }
      : { line: this.startRow + line, character: relative - this.lines.starts[line] };
  }
}

let nextId = 1;

/** Shared by every node without named children (most nodes are leaves): one array fewer per node. */
const NO_CHILDREN: readonly SyntaxNode[] = Object.freeze([]);

export class SyntaxNode {
  readonly id = nextId++;
  /** Named children, in order (anonymous tokens are kept only where a field names them). */
  namedChildren: SyntaxNode[] = NO_CHILDREN as SyntaxNode[];
  /** Children that a field names, as [name, child, name, child...] (few per node: a scan beats a Map). */
  private fields: Array<string | SyntaxNode> | undefined = undefined;
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

  /** Used while copying only. */
  addNamedChild(child: SyntaxNode): void {
    if (this.namedChildren === NO_CHILDREN) this.namedChildren = [child];
    else this.namedChildren.push(child);
  }

  /** Used while copying only. */
  addFieldChild(field: string, child: SyntaxNode): void {
    if (this.fields) this.fields.push(field, child);
    else this.fields = [field, child];
  }

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
  /** The node's range in the document, in engine positions; kept until the anchor moves (traces ask for it again and again). */
  get range(): Range {
    if (this.rangeVersion !== this.anchor.version || !this.rangeCache) {
      this.rangeCache = this.anchor.range(this.relativeStart, this.relativeEnd);
      this.rangeVersion = this.anchor.version;
    }
    return this.rangeCache;
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
    const fields = this.fields;
    if (fields) for (let i = 0; i < fields.length; i += 2) if (fields[i] === name) return fields[i + 1] as SyntaxNode;
    return null;
  }
  childrenForFieldName(name: string): SyntaxNode[] {
    const fields = this.fields;
    const out: SyntaxNode[] = [];
    if (fields) for (let i = 0; i < fields.length; i += 2) if (fields[i] === name) out.push(fields[i + 1] as SyntaxNode);
    return out;
  }
  /** Named descendants of the given type, in text order. */
  descendantsOfType(type: string): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    collectOfType(this, type, out);
    return out;
  }
}

function collectOfType(node: SyntaxNode, type: string, out: SyntaxNode[]): void {
  for (const child of node.namedChildren) {
    if (child.type === type) out.push(child);
    if (child.namedChildren.length) collectOfType(child, type, out);
  }
}

/**
 * Node types that are single tokens in the C and C++ grammars: they never have children, so the walk
 * does not ask the cursor for any (each cursor call crosses into wasm).
 */
const TOKEN_TYPES = new Set(['identifier', 'field_identifier', 'type_identifier', 'namespace_identifier', 'statement_identifier', 'primitive_type', 'number_literal', 'comment', 'true', 'false', 'null']);

/**
 * Literals the model reads only as a whole (their text): their parts (string content, escapes: 5% of an
 * installer's nodes) are not copied. An error inside one is still seen: tree-sitter's hasError says so.
 */
const WHOLE_LITERAL_TYPES = new Set(['string_literal', 'char_literal', 'raw_string_literal', 'system_lib_string']);

/**
 * What a walk needs to know about a grammar's node types, by type id: names (tree-sitter keeps them in
 * an array) and whether a type is named (a wasm call, asked once per type and grammar).
 */
class TypeTable {
  private readonly namedById: Array<boolean | undefined> = [];
  private readonly tokenById: Array<boolean | undefined> = [];
  private readonly wholeLiteralById: Array<boolean | undefined> = [];

  constructor(private readonly language: Language) {}

  name(id: number): string {
    return this.language.types[id] || 'ERROR';
  }
  isNamed(id: number): boolean {
    return (this.namedById[id] ??= this.language.nodeTypeIsNamed(id));
  }
  fieldName(id: number): string {
    return this.language.fields[id] ?? '';
  }
  isToken(id: number): boolean {
    return (this.tokenById[id] ??= this.isNamed(id) && TOKEN_TYPES.has(this.name(id)));
  }
  isWholeLiteral(id: number): boolean {
    return (this.wholeLiteralById[id] ??= this.isNamed(id) && WHOLE_LITERAL_TYPES.has(this.name(id)));
  }
}

const typeTables = new WeakMap<Language, TypeTable>();

function typeTableOf(language: Language): TypeTable {
  let table = typeTables.get(language);
  if (!table) {
    table = new TypeTable(language);
    typeTables.set(language, table);
  }
  return table;
}

/** Copies the subtree at `node` (one cursor walk), anchored where it stands in `documentText`. */
export function copySubtree(node: Node, documentText: string): SyntaxNode {
  const start = node.startIndex;
  const position = node.startPosition;
  const anchor = new CopyAnchor(detachedSlice(documentText, start, node.endIndex), start, position.row, position.column);
  const cursor = node.walk();
  try {
    // Most functions hold no ERROR or MISSING node anywhere (one call says so): then none is looked for.
    return copyAt({ cursor, anchor, base: start, types: typeTableOf(node.tree.language), mayHaveErrors: node.hasError }, cursor.nodeTypeId);
  } finally {
    cursor.delete();
  }
}

/**
 * A copy of text[start, end) that does not keep `text` alive. V8 makes a slice of a long string a view
 * into it: a function copy reused for hundreds of edits would keep the whole document text of the
 * version it was made from, one per copy.
 */
function detachedSlice(text: string, start: number, end: number): string {
  return (' ' + text.slice(start, end)).slice(1);
}

interface Walk {
  cursor: TreeCursor;
  anchor: CopyAnchor;
  base: number;
  types: TypeTable;
  /** tree-sitter's hasError of the copied subtree: false means no node in it is ERROR or MISSING. */
  mayHaveErrors: boolean;
}

/**
 * Copies the cursor's node. Every cursor call crosses into wasm, so the walk asks as little as it can:
 * the type id (names and named-ness come from the TypeTable), the field id, the offsets, and whether a
 * node is MISSING only where it can be (missing nodes are empty).
 */
function copyAt(walk: Walk, typeId: number): SyntaxNode {
  const { cursor, types } = walk;
  const start = cursor.startIndex;
  const end = cursor.endIndex;
  const missing = walk.mayHaveErrors && start === end && cursor.nodeIsMissing;
  const type = types.name(typeId);
  const copy = new SyntaxNode(type, start - walk.base, end - walk.base, missing, walk.anchor);
  copy.hasError = type === 'ERROR' || missing;
  if (types.isToken(typeId)) return copy;
  if (types.isWholeLiteral(typeId)) {
    if (walk.mayHaveErrors && cursor.currentNode.hasError) copy.hasError = true;
    return copy;
  }
  if (!cursor.gotoFirstChild()) return copy;
  do {
    const fieldId = cursor.currentFieldId;
    const childTypeId = cursor.nodeTypeId;
    const named = types.isNamed(childTypeId);
    if (!named && !fieldId) {
      // Anonymous tokens (punctuation, keywords) are not copied, but a MISSING one is an error.
      if (walk.mayHaveErrors && cursor.nodeIsMissing) copy.hasError = true;
      continue;
    }
    const child = copyAt(walk, childTypeId);
    if (child.hasError) copy.hasError = true;
    if (named) copy.addNamedChild(child);
    if (fieldId) copy.addFieldChild(types.fieldName(fieldId), child);
  } while (cursor.gotoNextSibling());
  cursor.gotoParent();
  return copy;
}
