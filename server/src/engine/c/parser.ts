/**
 * Loads tree-sitter and the C and C++ grammars once per process and parses prepared source.
 * The wasm files are looked up next to the bundled code first (grammars/), then in node_modules.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Edit, Language, Parser, type Tree } from 'web-tree-sitter';
import { prepareSource, type PreparedSource } from './prepare';
import { commonPrefixLength, commonSuffixLength } from './textDiff';
import { useRuntime } from './subtreeCursor';

export type CDialect = 'c' | 'cpp';

export interface CParsers {
  /** Compiles a dialect's grammar if it is not loaded yet (at most once per process; later calls share it). */
  load(dialect: CDialect): Promise<void>;
  /**
   * Parses `text`. With a `documentKey`, the tree of that document's previous parse is reused
   * (tree-sitter's incremental parse over the changed span), which keeps re-analysis while typing fast;
   * older trees are then freed. So a keyed result's tree stays valid while its document is parsed at most
   * once more (and is not forgotten); an unkeyed result's tree belongs to the caller.
   * Throws GrammarNotLoaded if the dialect's grammar was never loaded.
   */
  parse(text: string, dialect: CDialect, documentKey?: string): ParsedC;
  /** Drops what is kept for a document. */
  forget(documentKey: string): void;
}

export interface ParsedC {
  tree: Tree;
  prepared: PreparedSource;
  dialect: CDialect;
}

const wasmFiles = {
  runtime: ['web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm'],
  c: ['tree-sitter-c.wasm', 'tree-sitter-c/tree-sitter-c.wasm'],
  cpp: ['tree-sitter-cpp.wasm', 'tree-sitter-cpp/tree-sitter-cpp.wasm'],
} as const;

function locate([bundledName, modulePath]: readonly [string, string]): string {
  for (const dir of [path.join(__dirname, 'grammars'), path.join(__dirname, '..', 'grammars')]) {
    const candidate = path.join(dir, bundledName);
    if (fs.existsSync(candidate)) return candidate;
  }
  return require.resolve(modulePath);
}

/** A parse asked for a grammar that nobody loaded: a caller forgot to await `load`. */
export class GrammarNotLoaded extends Error {
  constructor(readonly dialect: CDialect) {
    super(`the ${dialect === 'c' ? 'C' : 'C++'} grammar is not loaded (await Engine.load first)`);
  }
}

let runtime: Promise<void> | undefined;
const parsers = new Map<CDialect, Parser>();
const loadingParsers = new Map<CDialect, Promise<void>>();

/**
 * Loads one grammar once per process. Each is compiled on first need: the C++ grammar is 3.4 MB of
 * wasm, about 0.2 s to compile, which a session editing only .c files never pays.
 */
function loadParser(dialect: CDialect): Promise<void> {
  let loading = loadingParsers.get(dialect);
  if (!loading) {
    loading = (async () => {
      const runtimePath = locate(wasmFiles.runtime);
      runtime ??= (async () => {
        // Emscripten puts the runtime's exports on the options object (subtreeCursor.ts calls some directly).
        const module = { locateFile: () => runtimePath };
        await Parser.init(module);
        useRuntime(module);
      })();
      await runtime;
      const parser = new Parser();
      parser.setLanguage(await Language.load(locate(wasmFiles[dialect])));
      parsers.set(dialect, parser);
    })();
    // A failed load can be retried by the next caller.
    loading.catch(() => loadingParsers.delete(dialect));
    loadingParsers.set(dialect, loading);
  }
  return loading;
}

let shared: CParsers | undefined;

/** Resolves once the given grammars are loaded; every call shares the same parsers and their trees. */
export async function loadCParsers(dialects: readonly CDialect[] = ['c', 'cpp']): Promise<CParsers> {
  await Promise.all(dialects.map(loadParser));
  shared ??= (() => {
    // A tree lives in wasm memory, which the JS garbage collector does not see: left to finalisers,
    // trees pile up faster than they are freed (about 30 KB a keystroke) until the wasm heap is full and
    // tree-sitter aborts. So the engine owns the trees of keyed parses: it keeps a document's last
    // TREES_PER_DOCUMENT trees (the newest for the next incremental parse; the one before for a caller
    // still reading the previous result) and frees older ones, and all of them when the document is
    // forgotten or falls out of the KEPT_DOCUMENTS most recently parsed.
    const kept = new Map<string, ParsedC[]>();
    const drop = (key: string) => {
      for (const p of kept.get(key) ?? []) p.tree.delete();
      kept.delete(key);
    };
    return {
      load: loadParser,
      parse(text: string, dialect: CDialect, documentKey?: string): ParsedC {
        const parser = parsers.get(dialect);
        if (!parser) throw new GrammarNotLoaded(dialect);
        const history = documentKey ? (kept.get(documentKey) ?? []) : [];
        const last = history[history.length - 1];
        // The previous version's scan: only the part around the edit is prepared again.
        const prepared = prepareSource(text, last?.prepared);
        let tree: Tree | null = null;
        if (last && last.dialect === dialect) {
          const oldTree = editedCopy(last, prepared);
          try {
            tree = parser.parse(inputOf(prepared), oldTree);
          } catch {
            tree = null; // an incremental parse that fails falls back to a full one below
          } finally {
            oldTree.delete();
          }
        }
        tree ??= parser.parse(inputOf(prepared));
        if (!tree) throw new Error('tree-sitter returned no tree');
        const parsed = { tree, prepared, dialect };
        if (documentKey) {
          history.push(parsed);
          while (history.length > TREES_PER_DOCUMENT) history.shift()!.tree.delete();
          // Most recently parsed last, so the least recent document is dropped first.
          kept.delete(documentKey);
          kept.set(documentKey, history);
          if (kept.size > KEPT_DOCUMENTS) drop(kept.keys().next().value!);
        }
        return parsed;
      },
      forget(documentKey: string): void {
        drop(documentKey);
      },
    };
  })();
  return shared;
}

/** How many documents keep trees for incremental re-parsing, and how many trees each. */
const KEPT_DOCUMENTS = 32;
const TREES_PER_DOCUMENT = 2;

/**
 * A copy of the previous tree told where the text changed: the one span between the longest common
 * prefix and suffix of the old and new text. (The previous tree itself stays as it was: the previous
 * analysis may still be read.)
 */
function editedCopy(last: ParsedC, prepared: PreparedSource): Tree {
  const oldText = last.prepared.text;
  const newText = prepared.text;
  // Prepared from the last version, the new text says where it differs; otherwise compare.
  let { start, oldEnd, newEnd } = prepared.edit?.fromId === last.prepared.id ? prepared.edit : { start: -1, oldEnd: 0, newEnd: 0 };
  if (start < 0) {
    const oldWhole = oldText.toString();
    const newWhole = newText.toString();
    start = commonPrefixLength(oldWhole, newWhole);
    const suffix = commonSuffixLength(oldWhole, newWhole, Math.min(oldWhole.length, newWhole.length) - start);
    oldEnd = oldWhole.length - suffix;
    newEnd = newWhole.length - suffix;
  }
  // The texts are the same up to `start`: its point is found once (the lines before it are most of the
  // work in a large file), the ends from there.
  const startPosition = oldText.pointAfter(0, start, { row: 0, column: 0 });
  const tree = last.tree.copy();
  tree.edit(new Edit({
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition,
    oldEndPosition: oldText.pointAfter(start, oldEnd, startPosition),
    newEndPosition: newText.pointAfter(start, newEnd, startPosition),
  }));
  return tree;
}

/**
 * What the parser reads: the prepared text piece by piece, none of them copied, in short chunks.
 * web-tree-sitter copies up to 5K characters of each chunk into wasm memory, one by one, and a re-parse
 * asks for a chunk wherever it resumes after a subtree it reuses: with whole pieces, re-parsing a
 * 100k-line file after one edit copied megabytes (11 ms; 4.5 with these). A full parse reads the text
 * once either way.
 */
function inputOf(prepared: PreparedSource): (index: number) => string {
  const text = prepared.text;
  return (index) => text.chunk(index, PARSER_CHUNK);
}

const PARSER_CHUNK = 256;

/** File-name endings of the C and C++ sources and headers a run lints and helpers are looked up in. */
export const C_FILE_SUFFIXES: readonly string[] = ['.c', '.cc', '.cpp', '.cxx', '.h', '.hpp'];

/** .c files are C; headers and C++ files use the C++ grammar, which also reads C headers. */
export function dialectOf(filePath: string): CDialect {
  return path.extname(filePath).toLowerCase() === '.c' ? 'c' : 'cpp';
}
