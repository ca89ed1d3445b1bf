/**
 * A plain-JavaScript copy of the parts of the tree-sitter tree the model reads. The interpreter visits
 * the same function bodies once per DIF code and phase; reading web-tree-sitter nodes crosses into wasm
 * and allocates on every access, so each function is copied once, with one cursor walk, into a NodeTable:
 * a few typed arrays for all its nodes, read through small SyntaxNode handles made as they are reached.
 * They offer the small subset of tree-sitter's Node API the model uses.
 */
import type { Language, Node } from 'web-tree-sitter';
import type { TextSource } from '../c/piecewiseText';
import { openSubtreeCursor, type SubtreeCursor } from '../c/subtreeCursor';
import { TextLines } from '../lines';
import type { Range } from '../types';

export interface Point {
  row: number;
  column: number;
}

/**
 * Where a copied subtree stands in its document. Nodes keep offsets relative to it, so a function
 * whose text is unchanged can be reused by the next analysis after an edit above it: only the
 * anchor moves (see rebase).
 */
export class CopyAnchor {
  readonly lines: TextLines;
  /** Bumped by rebase: what was kept for the old place is made again. */
  version = 0;
  /**
   * The ranges made for the copy's nodes, by node index (NodeTable.range). Traces keep them (events,
   * returns, call chains), and an entry point whose functions only moved keeps its traces (build.ts):
   * rebase moves these very objects, so every range a kept trace holds is where the code is now.
   */
  ranges: Map<number, Range> | undefined = undefined;
  /** The file of a helper followed into another file (engine.ts): its ranges carry it. */
  path: string | undefined = undefined;

  constructor(
    /** The subtree's own text. */
    readonly text: string,
    public startIndex: number,
    public startRow: number,
    public startColumn: number,
  ) {
    this.lines = new TextLines(text);
  }

  /** The document offset of a relative one (`end`: it ends a node). */
  offset(relative: number, _end: boolean): number {
    return this.startIndex + relative;
  }

  rebase(startIndex: number, startRow: number, startColumn: number): void {
    if (startIndex === this.startIndex && startRow === this.startRow && startColumn === this.startColumn) return;
    const rows = startRow - this.startRow;
    const columns = startColumn - this.startColumn;
    // Only the copy's first line moves sideways (see position).
    const move = (p: { line: number; character: number }) => {
      if (p.line === this.startRow) p.character += columns;
      p.line += rows;
    };
    if (rows !== 0 || columns !== 0) {
      for (const range of this.ranges?.values() ?? []) {
        move(range.start);
        move(range.end);
      }
    }
    this.startIndex = startIndex;
    this.startRow = startRow;
    this.startColumn = startColumn;
    this.version++;
  }

  point(relative: number): Point {
    const row = this.lines.lineOf(relative);
    const column = relative - this.lines.starts[row];
    return row === 0 ? { row: this.startRow, column: this.startColumn + column } : { row: this.startRow + row, column };
  }

  /** The engine range of [relativeStart, relativeEnd): built directly, it is asked for tens of thousands of times per analysis. */
  range(relativeStart: number, relativeEnd: number): Range {
    const startLine = this.lines.lineOf(relativeStart, 0);
    const endLine = this.lines.lineOf(relativeEnd, startLine);
    const start = this.position(startLine, relativeStart);
    const end = this.position(endLine, relativeEnd);
    return this.path === undefined ? { start, end } : { start, end, path: this.path };
  }

  private position(line: number, relative: number): { line: number; character: number } {
    return line === 0
      ? { line: this.startRow, character: this.startColumn + relative }
      : { line: this.startRow + line, character: relative - this.lines.starts[line] };
  }
}

/**
 * The anchor of a macro's expansion (model/macros.ts): every node of it stands at the macro use, so a
 * finding about code inside the expansion points at the use the user wrote. The place is read from the
 * use each time (the use's node, whose function may have moved since), and its range is the use's own
 * object, which moves with it.
 */
class PinnedAnchor extends CopyAnchor {
  constructor(text: string, private readonly at: PinnedPlace) {
    super(text, at.startIndex, at.range.start.line, at.range.start.character);
  }

  override offset(_relative: number, end: boolean): number {
    return end ? this.at.endIndex : this.at.startIndex;
  }

  override point(): Point {
    return { row: this.at.range.start.line, column: this.at.range.start.character };
  }

  override range(): Range {
    return this.at.range;
  }
}

/** Where a pinned copy stands: the macro use's range and offsets (its node). */
export interface PinnedPlace {
  range: Range;
  startIndex: number;
  endIndex: number;
}

let nextId = 1;

/** Shared by every node without named children (most nodes are leaves): one array fewer per node. */
const NO_CHILDREN: readonly SyntaxNode[] = Object.freeze([]);

const NAMED = 1;
const HAS_ERROR = 2;
const MISSING = 4;

/**
 * The nodes of one copied subtree (a function), column-wise and in text order (a node's descendants
 * follow it). Typed arrays instead of an object per node: the copy is several times smaller, and the
 * garbage collector neither scans nor moves it.
 */
class NodeTable {
  private typeCounts: Map<string, Int32Array> | undefined = undefined;

  constructor(
    readonly anchor: CopyAnchor,
    readonly types: TypeTable,
    /** Ids of this table's nodes start here (unique in the process, like tree-sitter's node ids). */
    readonly firstId: number,
    /** Grammar type ids (names from `types`): numbers, not an array of strings the collector scans. */
    readonly typeIds: Uint16Array,
    /** Offsets relative to the anchor. */
    readonly starts: Int32Array,
    readonly ends: Int32Array,
    readonly flags: Uint8Array,
    /** Where each node's copied children (named ones, and tokens a field names) are in `kids`, and how many. */
    readonly kidStart: Int32Array,
    readonly kidCount: Int32Array,
    readonly kids: Int32Array,
    /** The field naming each entry of `kids` (0: none). */
    readonly kidFields: Uint16Array,
    /** One past each node's last descendant. */
    readonly subtreeEnd: Int32Array,
  ) {}

  /**
   * A new handle each time, and no child list is kept either: nearly every node is reached during an
   * analysis, and kept handles and lists (4 MB per 10k lines) all lived until it ended, so the
   * young-generation collector copied them again and again. A handle nobody keeps dies young, which costs
   * next to nothing. Handles of the same node are equal by `id`, not by identity.
   */
  node(index: number): SyntaxNode {
    return new SyntaxNode(this, index);
  }

  /**
   * Sliced afresh each time: a cache per node (an array as long as the table, and every string asked for)
   * lived as long as the model, and the young-generation collector copied it again and again; a short
   * string made and dropped costs less than that (measured: 2-3% of a model build).
   */
  text(index: number): string {
    return this.anchor.text.slice(this.starts[index], this.ends[index]);
  }

  /** The node's range in the document, in engine positions; kept (traces ask for it again and again), and moved with the anchor. */
  range(index: number): Range {
    // A map, not an array as long as the table: few of a copy's nodes are ever asked for their range.
    const ranges = (this.anchor.ranges ??= new Map());
    let range = ranges.get(index);
    if (!range) ranges.set(index, (range = this.anchor.range(this.starts[index], this.ends[index])));
    return range;
  }

  namedChildren(index: number): SyntaxNode[] {
    const from = this.kidStart[index];
    const to = from + this.kidCount[index];
    // Counted first: an array grown by push starts with room for 16, and most nodes have 1-3 named children.
    let count = 0;
    for (let k = from; k < to; k++) if (this.flags[this.kids[k]] & NAMED) count++;
    if (count === 0) return NO_CHILDREN as SyntaxNode[];
    const out: SyntaxNode[] = new Array(count);
    for (let k = from, i = 0; k < to; k++) if (this.flags[this.kids[k]] & NAMED) out[i++] = this.node(this.kids[k]);
    return out;
  }

  namedChildCount(index: number): number {
    let count = 0;
    for (let k = this.kidStart[index], to = k + this.kidCount[index]; k < to; k++) if (this.flags[this.kids[k]] & NAMED) count++;
    return count;
  }

  /** The node's `position`-th named child (negative: from the end), without making the list. */
  namedChild(index: number, position: number): SyntaxNode | null {
    const from = this.kidStart[index];
    const to = from + this.kidCount[index];
    if (position >= 0) {
      for (let k = from; k < to; k++) if (this.flags[this.kids[k]] & NAMED && position-- === 0) return this.node(this.kids[k]);
    } else {
      for (let k = to - 1; k >= from; k--) if (this.flags[this.kids[k]] & NAMED && ++position === 0) return this.node(this.kids[k]);
    }
    return null;
  }

  /** Whether a named descendant of the node has this type: one count per type and table, then one subtraction per question. */
  hasNamedDescendantOfType(index: number, type: string): boolean {
    const before = this.namedTypeCounts(type);
    return before[this.subtreeEnd[index]] - before[index + 1] > 0;
  }

  /** For each node index i, how many named nodes of the type come before it. */
  private namedTypeCounts(type: string): Int32Array {
    this.typeCounts ??= new Map();
    let counts = this.typeCounts.get(type);
    if (!counts) {
      const { typeIds, flags, types } = this;
      counts = new Int32Array(typeIds.length + 1);
      for (let i = 0; i < typeIds.length; i++) counts[i + 1] = counts[i] + (flags[i] & NAMED && types.name(typeIds[i]) === type ? 1 : 0);
      this.typeCounts.set(type, counts);
    }
    return counts;
  }

  fieldChild(index: number, name: string): SyntaxNode | null {
    const k = this.nextOfField(index, this.types.fieldId(name), this.kidStart[index]);
    return k < 0 ? null : this.node(this.kids[k]);
  }

  fieldChildren(index: number, name: string): SyntaxNode[] {
    const field = this.types.fieldId(name);
    const out: SyntaxNode[] = [];
    for (let k = this.nextOfField(index, field, this.kidStart[index]); k >= 0; k = this.nextOfField(index, field, k + 1)) out.push(this.node(this.kids[k]));
    return out;
  }

  /** The first entry of `kids` from `k` on that is the node's child under `field`; -1 if none (or field 0: no such field). */
  private nextOfField(index: number, field: number, k: number): number {
    if (!field) return -1;
    for (const end = this.kidStart[index] + this.kidCount[index]; k < end; k++) if (this.kidFields[k] === field) return k;
    return -1;
  }
}

/** A node of a NodeTable: one small object, made each time the model reaches the node (compare by `id`). */
export class SyntaxNode {
  constructor(
    private readonly table: NodeTable,
    private readonly index: number,
  ) {}

  get id(): number {
    return this.table.firstId + this.index;
  }
  get type(): string {
    return this.table.types.name(this.table.typeIds[this.index]);
  }
  get anchor(): CopyAnchor {
    return this.table.anchor;
  }
  get hasError(): boolean {
    return (this.table.flags[this.index] & HAS_ERROR) !== 0;
  }
  get isMissing(): boolean {
    return (this.table.flags[this.index] & MISSING) !== 0;
  }
  /** Named children, in order (anonymous tokens are kept only where a field names them). */
  get namedChildren(): SyntaxNode[] {
    return this.table.namedChildren(this.index);
  }
  get startIndex(): number {
    return this.table.anchor.offset(this.table.starts[this.index], false);
  }
  get endIndex(): number {
    return this.table.anchor.offset(this.table.ends[this.index], true);
  }
  get text(): string {
    return this.table.text(this.index);
  }
  get startPosition(): Point {
    return this.table.anchor.point(this.table.starts[this.index]);
  }
  get endPosition(): Point {
    return this.table.anchor.point(this.table.ends[this.index]);
  }
  get range(): Range {
    return this.table.range(this.index);
  }
  get namedChildCount(): number {
    return this.table.namedChildCount(this.index);
  }
  get firstNamedChild(): SyntaxNode | null {
    return this.table.namedChild(this.index, 0);
  }
  get lastNamedChild(): SyntaxNode | null {
    return this.table.namedChild(this.index, -1);
  }
  namedChild(index: number): SyntaxNode | null {
    return index < 0 ? null : this.table.namedChild(this.index, index);
  }
  childForFieldName(name: string): SyntaxNode | null {
    return this.table.fieldChild(this.index, name);
  }
  childrenForFieldName(name: string): SyntaxNode[] {
    return this.table.fieldChildren(this.index, name);
  }
  hasNamedDescendantOfType(type: string): boolean {
    return this.table.hasNamedDescendantOfType(this.index, type);
  }
  /** Named descendants of the given type, in text order. */
  descendantsOfType(type: string): SyntaxNode[] {
    const { typeIds, flags, types } = this.table;
    const out: SyntaxNode[] = [];
    const end = this.table.subtreeEnd[this.index];
    for (let i = this.index + 1; i < end; i++) if (flags[i] & NAMED && types.name(typeIds[i]) === type) out.push(this.table.node(i));
    return out;
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
  private readonly fieldIds = new Map<string, number>();

  constructor(private readonly language: Language) {}

  name(id: number): string {
    return this.language.types[id] || 'ERROR';
  }
  isNamed(id: number): boolean {
    return (this.namedById[id] ??= this.language.nodeTypeIsNamed(id));
  }
  /** 0 for a name the grammar has no field for. */
  fieldId(name: string): number {
    let id = this.fieldIds.get(name);
    if (id === undefined) {
      id = Math.max(0, this.language.fields.indexOf(name));
      this.fieldIds.set(name, id);
    }
    return id;
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

/**
 * How deep the model follows syntax: everything after the copy (the traces, the rules) recurses over the
 * copied nodes, so past this depth a file is skipped, the same way in every process. Without a limit the
 * skip came from a stack overflow, whose depth depends on how much of the engine the JIT has compiled:
 * one file was analysed or skipped by chance. Measured in fresh processes, the most stack-hungry shape
 * (a chain of 1000+ binary operators) overflows between 1400 and 1500 levels; every shape of 300 levels
 * is at most 905 deep.
 */
export const MAX_SYNTAX_DEPTH = 1000;

export class NestingTooDeep extends Error {
  constructor() {
    super(`the code is nested more than ${MAX_SYNTAX_DEPTH} syntax levels deep`);
  }
}

export interface CopyOptions {
  /** How deep `node` itself stands (the walk that found it counts the levels above). */
  depth?: number;
  /** For tests, which compare the copy through web-tree-sitter's public API with the default. */
  open?: (node: Node) => SubtreeCursor;
  /** Every node of the copy stands here (a macro's expansion, placed at its use). */
  pinnedTo?: PinnedPlace;
}

/** Copies the subtree at `node` (one cursor walk), anchored where it stands in `documentText`. */
export function copySubtree(node: Node, documentText: TextSource, { depth = 0, open = openSubtreeCursor, pinnedTo }: CopyOptions = {}): SyntaxNode {
  const start = node.startIndex;
  const position = node.startPosition;
  const text = detachedSlice(documentText, start, node.endIndex);
  const anchor = pinnedTo ? new PinnedAnchor(text, pinnedTo) : new CopyAnchor(text, start, position.row, position.column);
  const types = typeTableOf(node.tree.language);
  // Most functions hold no ERROR or MISSING node anywhere (one call says so): then none is looked for.
  const mayHaveErrors = node.hasError;
  const cursor = open(node);
  const walk: Walk = { cursor, base: start, types, mayHaveErrors, out: scratch };
  scratch.reset();
  try {
    copyAt(walk, cursor.typeId(), NAMED, depth);
  } finally {
    cursor.close();
  }
  return scratch.table(anchor, types).node(0);
}

/**
 * A copy of text[start, end) that does not keep `text` alive. V8 makes a slice of a long string a view
 * into it: a function copy reused for hundreds of edits would keep the whole document text of the
 * version it was made from, one per copy.
 */
function detachedSlice(text: TextSource, start: number, end: number): string {
  return (' ' + text.slice(start, end)).slice(1);
}

/** Growable columns the walk writes into; one set per process, cut to size into each NodeTable. */
class TableBuilder {
  count = 0;
  typeIds = new Uint16Array(1024);
  starts = new Int32Array(1024);
  ends = new Int32Array(1024);
  flags = new Uint8Array(1024);
  kidStart = new Int32Array(1024);
  kidCount = new Int32Array(1024);
  subtreeEnd = new Int32Array(1024);
  kidsLength = 0;
  kids = new Int32Array(1024);
  kidFields = new Uint16Array(1024);
  /** Children waiting for their parent to finish, as (node, field) pairs. */
  pendingLength = 0;
  pending = new Int32Array(1024);

  reset(): void {
    this.count = 0;
    this.kidsLength = 0;
    this.pendingLength = 0;
  }

  add(typeId: number, start: number, end: number, flags: number): number {
    const index = this.count++;
    if (index === this.starts.length) {
      const size = index * 2;
      this.typeIds = grown(this.typeIds, size);
      this.starts = grown(this.starts, size);
      this.ends = grown(this.ends, size);
      this.flags = grown(this.flags, size);
      this.kidStart = grown(this.kidStart, size);
      this.kidCount = grown(this.kidCount, size);
      this.subtreeEnd = grown(this.subtreeEnd, size);
    }
    this.typeIds[index] = typeId;
    this.starts[index] = start;
    this.ends[index] = end;
    this.flags[index] = flags;
    this.kidCount[index] = 0;
    this.subtreeEnd[index] = index + 1;
    return index;
  }

  pushPending(node: number, field: number): void {
    if (this.pendingLength + 2 > this.pending.length) this.pending = grown(this.pending, this.pending.length * 2);
    this.pending[this.pendingLength++] = node;
    this.pending[this.pendingLength++] = field;
  }

  /** The pending children from `mark` on belong to `parent`: they become its kids. */
  adoptPending(parent: number, mark: number): void {
    const count = (this.pendingLength - mark) / 2;
    if (this.kidsLength + count > this.kids.length) {
      const size = Math.max(this.kids.length * 2, this.kidsLength + count);
      this.kids = grown(this.kids, size);
      this.kidFields = grown(this.kidFields, size);
    }
    this.kidStart[parent] = this.kidsLength;
    this.kidCount[parent] = count;
    for (let p = mark; p < this.pendingLength; p += 2) {
      this.kids[this.kidsLength] = this.pending[p];
      this.kidFields[this.kidsLength] = this.pending[p + 1];
      this.kidsLength++;
    }
    this.pendingLength = mark;
    this.subtreeEnd[parent] = this.count;
  }

  /**
   * The columns cut to size, all in one buffer: a buffer per column (eleven per function) made the
   * allocator and the collector's bookkeeping of buffers a visible part of each copy.
   */
  table(anchor: CopyAnchor, types: TypeTable): NodeTable {
    const n = this.count;
    const k = this.kidsLength;
    const firstId = nextId;
    nextId += n;
    // 4-byte columns first, then the 2-byte ones, then the bytes: every view starts aligned.
    const buffer = new ArrayBuffer(4 * (5 * n + k) + 2 * (n + k) + n);
    let at = 0;
    const int32 = (from: Int32Array, length: number) => {
      const view = new Int32Array(buffer, at, length);
      view.set(from.subarray(0, length));
      at += 4 * length;
      return view;
    };
    const uint16 = (from: Uint16Array, length: number) => {
      const view = new Uint16Array(buffer, at, length);
      view.set(from.subarray(0, length));
      at += 2 * length;
      return view;
    };
    const starts = int32(this.starts, n);
    const ends = int32(this.ends, n);
    const kidStart = int32(this.kidStart, n);
    const kidCount = int32(this.kidCount, n);
    const subtreeEnd = int32(this.subtreeEnd, n);
    const kids = int32(this.kids, k);
    const typeIds = uint16(this.typeIds, n);
    const kidFields = uint16(this.kidFields, k);
    const flags = new Uint8Array(buffer, at, n);
    flags.set(this.flags.subarray(0, n));
    return new NodeTable(anchor, types, firstId, typeIds, starts, ends, flags, kidStart, kidCount, kids, kidFields, subtreeEnd);
  }
}

function grown<T extends Int32Array | Uint8Array | Uint16Array>(array: T, size: number): T {
  const bigger = new (array.constructor as new (size: number) => T)(size);
  bigger.set(array);
  return bigger;
}

const scratch = new TableBuilder();

interface Walk {
  cursor: SubtreeCursor;
  base: number;
  types: TypeTable;
  /** tree-sitter's hasError of the copied subtree: false means no node in it is ERROR or MISSING. */
  mayHaveErrors: boolean;
  out: TableBuilder;
}

/**
 * Copies the cursor's node; returns its index. Every cursor call crosses into wasm, so the walk asks as
 * little as it can: the type id (names and named-ness come from the TypeTable), the field id, the
 * offsets, and whether a node is MISSING only where it can be (missing nodes are empty).
 */
function copyAt(walk: Walk, typeId: number, named: number, depth: number): number {
  if (depth > MAX_SYNTAX_DEPTH) throw new NestingTooDeep();
  const { cursor, types, out } = walk;
  const start = cursor.startIndex();
  const end = cursor.endIndex();
  const missing = walk.mayHaveErrors && start === end && cursor.isMissing();
  const type = types.name(typeId);
  const index = out.add(typeId, start - walk.base, end - walk.base, named | (missing ? MISSING | HAS_ERROR : 0) | (type === 'ERROR' ? HAS_ERROR : 0));
  if (types.isToken(typeId)) return index;
  if (types.isWholeLiteral(typeId)) {
    if (walk.mayHaveErrors && cursor.hasError()) out.flags[index] |= HAS_ERROR;
    return index;
  }
  if (!cursor.gotoFirstChild()) return index;
  const mark = out.pendingLength;
  let hasError = false;
  do {
    const fieldId = cursor.fieldId();
    const childTypeId = cursor.typeId();
    const childNamed = types.isNamed(childTypeId);
    if (!childNamed && !fieldId) {
      // Anonymous tokens (punctuation, keywords) are not copied, but a MISSING one is an error.
      if (walk.mayHaveErrors && cursor.isMissing()) hasError = true;
      continue;
    }
    const child = copyAt(walk, childTypeId, childNamed ? NAMED : 0, depth + 1);
    if (out.flags[child] & HAS_ERROR) hasError = true;
    out.pushPending(child, fieldId);
  } while (cursor.gotoNextSibling());
  cursor.gotoParent();
  out.adoptPending(index, mark);
  if (hasError) out.flags[index] |= HAS_ERROR;
  return index;
}
