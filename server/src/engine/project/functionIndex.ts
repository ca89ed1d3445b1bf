/**
 * The project's functions by name, for following a call into a helper defined in another source file of
 * the same DLL (or, when no build file or registration ties the file to a DLL, of the same folder). The
 * front ends own the files (the CLI's named files, the editor's workspace and open documents) and hand
 * `read`; the index reads each file's top-level definitions with the token scanner (no parse: indexing a
 * driver tree must stay cheap) and the engine parses a file only when a trace actually enters it.
 */
import * as path from 'node:path';
import { scanTokens } from '../c/lexer';
import { C_FILE_SUFFIXES } from '../c/parser';
import { dllOfSource, type ProjectEvidence } from './evidence';

/** What an analysis may follow a call into: handed to Engine.analyze by a front end. */
export interface HelperLookup {
  /**
   * The one other source file of the analysed file's DLL (else folder) that defines `name`, with its
   * text. Undefined when none does, and when more than one does: an ambiguous name is not followed, since
   * tracing the wrong definition could report a mistake the code does not make.
   */
  definingFile(name: string): { path: string; text: string } | undefined;
}

/** Files whose names a definition would be written in (headers may hold inline helpers). */
const SOURCE_EXTENSIONS = new Set(C_FILE_SUFFIXES);

const NOT_FUNCTIONS = new Set(['if', 'while', 'for', 'switch', 'return', 'sizeof', 'catch', 'do', 'else']);

const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const OPEN_BRACE = 123;

/**
 * Names of the functions a file defines at file level: an identifier, its parameter list, then `{`
 * (after at most qualifiers such as `const` or an annotation macro). Preprocessor lines, comments and
 * strings are skipped by the scanner. A declaration (`;`) or an initializer (`=`) is not a definition.
 * Over-reading a name only makes it ambiguous (not followed), never followed wrongly.
 */
export function definedFunctionNames(text: string): string[] {
  const names: string[] = [];
  let lastStart = -1;
  let lastEnd = -1;
  let candidate: string | undefined;
  let closed = false;
  scanTokens(text, {
    identifier(start, end, depth) {
      if (depth !== 0) return;
      lastStart = start;
      lastEnd = end;
    },
    other(_start, char, depth) {
      if (char === OPEN_PAREN && depth === 0) {
        candidate = lastStart >= 0 ? text.slice(lastStart, lastEnd) : undefined;
        lastStart = -1;
        closed = false;
        return;
      }
      if (char === CLOSE_PAREN && depth === 0) {
        closed = candidate !== undefined;
        return;
      }
      if (depth !== 0) return;
      if (char === OPEN_BRACE && closed && candidate && !NOT_FUNCTIONS.has(candidate)) names.push(candidate);
      candidate = undefined;
      closed = false;
      lastStart = -1;
    },
  });
  return names;
}

/**
 * The other source files an analysis of `file` may follow calls into: those of the same DLL when the
 * project ties `file` to one (build files, registrations: evidence.ts), else those of its folder.
 */
export function helperSourcesOf(project: ProjectEvidence, file: string): string[] {
  return helperGroupOf(project, file).filter((other) => other !== file);
}

/**
 * The group helperSourcesOf draws from (it may include `file`): the same array for every file of the
 * group while the project stays the same, so a front end can index each group once.
 */
export function helperGroupOf(project: ProjectEvidence, file: string): readonly string[] {
  const groups = groupsOf(project);
  return groups.byDll.get(groups.dllOf(file) ?? '') ?? groups.byFolder.get(path.dirname(file)) ?? [];
}

interface SourceGroups {
  dllOf(file: string): string | undefined;
  /** Sources of each DLL the project ties sources to, and of each folder (for sources of no known DLL). */
  byDll: Map<string, string[]>;
  byFolder: Map<string, string[]>;
}

/** Kept while the project stays the same (asked once per analysed file). */
const groupsCache = new WeakMap<ProjectEvidence, SourceGroups>();

function groupsOf(project: ProjectEvidence): SourceGroups {
  let groups = groupsCache.get(project);
  if (groups) return groups;
  const dlls = new Map<string, string | undefined>();
  const dllOf = (file: string) => {
    if (!dlls.has(file)) dlls.set(file, dllOfSource(project, file)?.dll);
    return dlls.get(file);
  };
  // Without build files or registrations no source has a DLL: skip asking for each.
  const anyDll = project.buildFiles.length > 0 || project.registrations.length > 0;
  groups = { dllOf: (file) => (anyDll ? dllOf(file) : undefined), byDll: new Map(), byFolder: new Map() };
  for (const file of project.sourceFiles) {
    if (!SOURCE_EXTENSIONS.has(path.extname(file).toLowerCase())) continue;
    const dll = groups.dllOf(file);
    const [map, key] = dll ? [groups.byDll, dll] : [groups.byFolder, path.dirname(file)];
    const list = map.get(key);
    if (list) list.push(file);
    else map.set(key, [file]);
  }
  groupsCache.set(project, groups);
  return groups;
}

/**
 * Function names per file. The front end tells it a file's new text (`update`: an edited document, a file
 * the background scan read) or that the file changed on disk (`forget`); a file it was never told about is
 * read with `read` when first asked. Only the names are kept, and the text of the files a lookup found a
 * definition in (the engine compares it with the text its parsed copies were made from).
 */
export class ProjectFunctionIndex {
  private readonly names = new Map<string, ReadonlySet<string>>();
  private readonly texts = new Map<string, string>();

  constructor(private readonly read: (file: string) => string | undefined) {}

  /** The file's text is now `text`. */
  update(file: string, text: string): void {
    this.names.set(file, new Set(definedFunctionNames(text)));
    if (this.texts.has(file)) this.texts.set(file, text);
  }

  /** Forget what was read from `file` (changed on disk, or gone): read again when next asked. */
  forget(file: string): void {
    this.names.delete(file);
    this.texts.delete(file);
  }

  /** Whether the index holds the file's names (read or told). */
  has(file: string): boolean {
    return this.names.has(file);
  }

  /** The functions `file` defines. */
  namesIn(file: string): ReadonlySet<string> {
    const known = this.names.get(file);
    if (known) return known;
    const text = this.read(file);
    if (text === undefined) return new Set();
    this.update(file, text);
    return this.names.get(file)!;
  }

  /** A lookup over `candidates` (helperSourcesOf) for one analysis. */
  lookupFor(candidates: readonly string[]): HelperLookup {
    return {
      definingFile: (name) => {
        let found: string | undefined;
        for (const file of candidates) {
          if (!this.namesIn(file).has(name)) continue;
          // Defined twice among the candidates: ambiguous, not followed (see HelperLookup).
          if (found) return undefined;
          found = file;
        }
        if (found === undefined) return undefined;
        let text = this.texts.get(found);
        if (text === undefined) {
          text = this.read(found);
          if (text === undefined) return undefined;
          this.texts.set(found, text);
        }
        return { path: found, text };
      },
    };
  }
}

/**
 * The functions a group of files defines (definitionsIn): plain data that a worker thread can be handed
 * instead of reading and scanning the files itself (see lookupInDefinitions).
 */
export interface HelperDefinitions {
  /** The files that define a function. */
  files: string[];
  /** Each name's definers, as positions in `files` (most names have one). */
  byName: Map<string, number | number[]>;
}

/** What `files` define, each read once with `read` and nothing kept of it but the names. */
export function definitionsIn(files: readonly string[], read: (file: string) => string | undefined): HelperDefinitions {
  const definitions: HelperDefinitions = { files: [], byName: new Map() };
  for (const file of files) {
    const text = read(file);
    const names = new Set(text === undefined ? [] : definedFunctionNames(text));
    if (!names.size) continue;
    const at = definitions.files.push(file) - 1;
    for (const name of names) {
      const definers = definitions.byName.get(name);
      if (definers === undefined) definitions.byName.set(name, at);
      else if (typeof definers === 'number') definitions.byName.set(name, [definers, at]);
      else definers.push(at);
    }
  }
  return definitions;
}

/**
 * The lookup for an analysis of `file` over the definitions of its group (helperGroupOf): the answers
 * lookupFor gives over the group's other files, with `read` called only for the file a name is found in.
 */
export function lookupInDefinitions(definitions: HelperDefinitions, file: string, read: (file: string) => string | undefined): HelperLookup {
  return {
    definingFile: (name) => {
      const at = definitions.byName.get(name);
      if (at === undefined) return undefined;
      const definers = (typeof at === 'number' ? [at] : at).map((k) => definitions.files[k]).filter((other) => other !== file);
      // None, or ambiguous (see HelperLookup).
      if (definers.length !== 1) return undefined;
      const text = read(definers[0]);
      return text === undefined ? undefined : { path: definers[0], text };
    },
  };
}
