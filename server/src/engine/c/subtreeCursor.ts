/**
 * A cursor over one subtree, asked only what the syntax-tree copy needs (model/syntaxTree.ts).
 *
 * web-tree-sitter's TreeCursor writes its four handles into wasm memory before every call and reads
 * them back after every move, through generic getValue/setValue: in a 10k-line analysis that was about
 * 25 ms of the copy's 54. The runtime's own wasm functions keep the cursor in its transfer buffer
 * between calls (each move writes the moved cursor back there), so a walk that makes no other
 * web-tree-sitter call meanwhile can write the handles once, call those functions directly, and read
 * the handles back once at the end. That is DirectCursor. It relies on the runtime's exports, checked
 * when the runtime loads (useRuntime); without them every walk uses the public API (PublicCursor), and
 * a test copies the same trees both ways and compares them.
 */
import type { Node, TreeCursor } from 'web-tree-sitter';

export interface SubtreeCursor {
  typeId(): number;
  /** 0: the node is not under a field of its parent. */
  fieldId(): number;
  startIndex(): number;
  endIndex(): number;
  isMissing(): boolean;
  /** tree-sitter's hasError of the current node. */
  hasError(): boolean;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
  /** Frees the cursor; it must be called, once. */
  close(): void;
}

/** The runtime's exports a DirectCursor calls (web-tree-sitter's own names for them). */
interface RuntimeExports {
  _ts_init(): number;
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_current_field_id_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
  _ts_tree_cursor_current_node_is_missing_wasm(tree: number): number;
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
  getValue(address: number, type: 'i32'): number;
  setValue(address: number, value: number, type: 'i32'): void;
}

const REQUIRED_EXPORTS: ReadonlyArray<keyof RuntimeExports> = [
  '_ts_init',
  '_ts_tree_cursor_current_node_type_id_wasm',
  '_ts_tree_cursor_current_field_id_wasm',
  '_ts_tree_cursor_start_index_wasm',
  '_ts_tree_cursor_end_index_wasm',
  '_ts_tree_cursor_current_node_is_missing_wasm',
  '_ts_tree_cursor_goto_first_child_wasm',
  '_ts_tree_cursor_goto_next_sibling_wasm',
  '_ts_tree_cursor_goto_parent_wasm',
  'getValue',
  'setValue',
];

/** What web-tree-sitter's objects hold at run time (not in its typings): the cursor's handles, the tree's address. */
interface CursorInternals {
  handles: number[];
}
interface TreeInternals {
  0: number;
}

let runtime: { exports: RuntimeExports; transferBuffer: number } | undefined;

/**
 * Called with the object given to Parser.init once it resolved: emscripten puts the runtime's exports on
 * it. Without all of them, walks keep to the public API (usesDirectCursors says which).
 */
export function useRuntime(module: object): void {
  const exports = module as Partial<RuntimeExports>;
  if (!REQUIRED_EXPORTS.every((name) => typeof exports[name] === 'function')) return;
  const full = exports as RuntimeExports;
  // ts_init only writes the language versions into the transfer buffer and returns its address.
  const transferBuffer = full._ts_init();
  if (Number.isInteger(transferBuffer) && transferBuffer > 0) runtime = { exports: full, transferBuffer };
}

/** Whether walks call the runtime directly (useRuntime found its exports). */
export function usesDirectCursors(): boolean {
  return runtime !== undefined;
}

/** A cursor at `node`; no other web-tree-sitter call may be made until it is closed. */
export function openSubtreeCursor(node: Node): SubtreeCursor {
  const cursor = node.walk();
  const handles = (cursor as unknown as CursorInternals).handles;
  if (runtime && Array.isArray(handles) && handles.length === 4) return new DirectCursor(cursor, handles, runtime.exports, runtime.transferBuffer, (node.tree as unknown as TreeInternals)[0]);
  return new PublicCursor(cursor);
}

/** Always through web-tree-sitter's public API (tests compare the two). */
export function openPublicSubtreeCursor(node: Node): SubtreeCursor {
  return new PublicCursor(node.walk());
}

class DirectCursor implements SubtreeCursor {
  constructor(
    private readonly cursor: TreeCursor,
    private readonly handles: number[],
    private readonly wasm: RuntimeExports,
    private readonly transferBuffer: number,
    private readonly tree: number,
  ) {
    this.writeHandles();
  }

  typeId(): number {
    return this.wasm._ts_tree_cursor_current_node_type_id_wasm(this.tree);
  }
  fieldId(): number {
    return this.wasm._ts_tree_cursor_current_field_id_wasm(this.tree);
  }
  startIndex(): number {
    return this.wasm._ts_tree_cursor_start_index_wasm(this.tree);
  }
  endIndex(): number {
    return this.wasm._ts_tree_cursor_end_index_wasm(this.tree);
  }
  isMissing(): boolean {
    return this.wasm._ts_tree_cursor_current_node_is_missing_wasm(this.tree) === 1;
  }
  hasError(): boolean {
    // Rare (only inside functions with syntax errors): through the public API, which uses the buffer.
    this.readHandles();
    const hasError = this.cursor.currentNode.hasError;
    this.writeHandles();
    return hasError;
  }
  gotoFirstChild(): boolean {
    return this.wasm._ts_tree_cursor_goto_first_child_wasm(this.tree) === 1;
  }
  gotoNextSibling(): boolean {
    return this.wasm._ts_tree_cursor_goto_next_sibling_wasm(this.tree) === 1;
  }
  gotoParent(): boolean {
    return this.wasm._ts_tree_cursor_goto_parent_wasm(this.tree) === 1;
  }
  close(): void {
    // Moves may have reallocated the cursor's stack: delete what the buffer holds now.
    this.readHandles();
    this.cursor.delete();
  }

  private writeHandles(): void {
    for (let i = 0; i < 4; i++) this.wasm.setValue(this.transferBuffer + 4 * i, this.handles[i], 'i32');
  }
  private readHandles(): void {
    for (let i = 0; i < 4; i++) this.handles[i] = this.wasm.getValue(this.transferBuffer + 4 * i, 'i32');
  }
}

class PublicCursor implements SubtreeCursor {
  constructor(private readonly cursor: TreeCursor) {}

  typeId(): number {
    return this.cursor.nodeTypeId;
  }
  fieldId(): number {
    return this.cursor.currentFieldId;
  }
  startIndex(): number {
    return this.cursor.startIndex;
  }
  endIndex(): number {
    return this.cursor.endIndex;
  }
  isMissing(): boolean {
    return this.cursor.nodeIsMissing;
  }
  hasError(): boolean {
    return this.cursor.currentNode.hasError;
  }
  gotoFirstChild(): boolean {
    return this.cursor.gotoFirstChild();
  }
  gotoNextSibling(): boolean {
    return this.cursor.gotoNextSibling();
  }
  gotoParent(): boolean {
    return this.cursor.gotoParent();
  }
  close(): void {
    this.cursor.delete();
  }
}
