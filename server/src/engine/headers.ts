/**
 * The macros of the project headers a C/C++ file includes (`#include "x.h"`, never `<x.h>`: the
 * SDK's headers are what the catalogue knows). The engine never reads the disk: the front end hands it
 * an IncludeResolver (the CLI reads next to the file and up to the paths of the run, the language
 * server the workspace). Bounded in depth, count and size, cycle-safe, and each header is parsed once
 * per text (the cache below).
 */
import type { Node as TreeSitterNode } from 'web-tree-sitter';
import type { ParsedC } from './c/parser';
import { collectMacro, includedName, isLiteralZero } from './model/fileIndex';
import { MAX_SYNTAX_DEPTH } from './model/syntaxTree';
import type { MacroDefinition, ProjectMacros } from './model/macros';

export interface IncludedFile {
  /** Where the header was found (the key of its cache entry and the base of its own includes). */
  path: string;
  text: string;
}

/** The header `#include "name"` in the file at `includingPath` means, or undefined when the project has none. */
export type IncludeResolver = (name: string, includingPath: string) => IncludedFile | undefined;

/** How deep includes are followed, how many headers one file reads, and the largest header read. */
const MAX_INCLUDE_DEPTH = 8;
const MAX_HEADERS = 64;
export const MAX_HEADER_CHARS = 1024 * 1024;
const CACHED_HEADERS = 256;

interface HeaderFacts {
  text: string;
  definitions: Map<string, MacroDefinition>;
  undefinedNames: Set<string>;
  includes: string[];
}

export class HeaderMacros {
  private readonly cache = new Map<string, HeaderFacts>();

  constructor(private readonly parse: (text: string) => ParsedC) {}

  /** The macros of the headers a file includes (`includes`: its `#include "..."` names), directly or not; undefined when none is found. */
  projectMacros(includes: readonly string[], filePath: string, resolve: IncludeResolver): ProjectMacros | undefined {
    const definitions = new Map<string, MacroDefinition>();
    const undefinedNames = new Set<string>();
    const seen = new Set<string>();
    // Breadth first, in include order: a name's first definition wins, as the compiler's would.
    let level: Array<{ name: string; from: string }> = includes.map((name) => ({ name, from: filePath }));
    for (let depth = 0; depth < MAX_INCLUDE_DEPTH && level.length && seen.size < MAX_HEADERS; depth++) {
      const next: typeof level = [];
      for (const { name, from } of level) {
        if (seen.size >= MAX_HEADERS) break;
        let header: IncludedFile | undefined;
        try {
          header = resolve(name, from);
        } catch {
          header = undefined; // a resolver that fails reads as a header the project does not have
        }
        if (!header || seen.has(header.path) || header.text.length > MAX_HEADER_CHARS) continue;
        seen.add(header.path);
        const facts = this.factsOf(header);
        for (const [macro, m] of facts.definitions) if (!definitions.has(macro)) definitions.set(macro, m);
        for (const macro of facts.undefinedNames) undefinedNames.add(macro);
        for (const include of facts.includes) next.push({ name: include, from: header.path });
      }
      level = next;
    }
    for (const name of definitions.keys()) undefinedNames.delete(name);
    return seen.size ? { definitions, undefined: undefinedNames, files: [...seen] } : undefined;
  }

  private factsOf(header: IncludedFile): HeaderFacts {
    const cached = this.cache.get(header.path);
    if (cached && cached.text === header.text) return cached;
    const facts: HeaderFacts = { text: header.text, definitions: new Map(), undefinedNames: new Set(), includes: [] };
    if (!header.text.includes('\u0000')) {
      const parsed = this.parse(header.text);
      try {
        const root = parsed.tree.rootNode;
        for (const node of builtDirectives(root)) {
          if (node.type === 'preproc_include') {
            const name = includedName(node);
            if (name) facts.includes.push(name);
          } else collectMacro(node, facts.definitions, facts.undefinedNames);
        }
      } finally {
        parsed.tree.delete();
      }
    }
    this.cache.delete(header.path);
    this.cache.set(header.path, facts);
    if (this.cache.size > CACHED_HEADERS) this.cache.delete(this.cache.keys().next().value!);
    return facts;
  }
}

const DIRECTIVES = new Set(['preproc_def', 'preproc_function_def', 'preproc_call', 'preproc_include']);

/**
 * A header's #defines, #undefs and #includes in order, none under `#if 0` (as the file's own are read,
 * fileIndex.ts): code that is never built defines nothing and includes nothing.
 */
function builtDirectives(root: TreeSitterNode): TreeSitterNode[] {
  const out: TreeSitterNode[] = [];
  const visit = (node: TreeSitterNode, depth: number): void => {
    if (depth > MAX_SYNTAX_DEPTH) return;
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (DIRECTIVES.has(child.type)) out.push(child);
      else if (child.type === 'preproc_if' && isLiteralZero(child.childForFieldName('condition'))) {
        const alternative = child.childForFieldName('alternative');
        if (alternative) visit(alternative, depth + 1);
      } else if (child.namedChildCount) visit(child, depth + 1);
    }
  };
  visit(root, 0);
  return out;
}
