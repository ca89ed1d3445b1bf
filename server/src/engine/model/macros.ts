/**
 * The macros a file's code may use: its own #defines, those of the project's headers it includes
 * (handed in by the front end through the engine, see engine.ts), and the names the user pins for the
 * build (`-D NAME[=V]`, `defines` in .finish-install.json / finishInstall.defines). The walker asks it
 * for two things: the expansion of a macro use, and whether a preprocessor condition is decided.
 *
 * Expansion, decided deliberately: a use `NAME(args)` (or an object-like `NAME` whose body is no
 * constant) is expanded by substituting the arguments' text for the parameters' tokens and parsing the
 * result once per use, with every node of the copy placed at the use (a pinned anchor, syntaxTree.ts).
 * Binding the parameters to argument *values* instead would hide the arguments' syntax from the
 * recognisers, which read it (`&dip` tells which params a SetupDiSetDeviceInstallParams saves; a field
 * name tells which flag is written); and evaluating a `return` inside the body has to return from the
 * caller, which running the parsed body in the caller's frame gives for free. Ranges never point into
 * the expansion: the user sees the macro use they wrote.
 */
import { scanTokens } from '../c/lexer';
import type { PinnedPlace, SyntaxNode as Node } from './syntaxTree';

export interface MacroDefinition {
  name: string;
  /** The parameters of a function-like macro; undefined for an object-like one. */
  params?: string[];
  /** The replacement text (line continuations removed). */
  body: string;
}

/** What the project (headers, pins) says about macros, on top of a file's own #defines. */
export interface ProjectMacros {
  /** #defines of the included project headers, the first definition of a name winning. */
  definitions: ReadonlyMap<string, MacroDefinition>;
  /** Names a header #undefs (and never defines). */
  undefined: ReadonlySet<string>;
  /** The headers read, directly included or not: a change to one may change the macros. */
  files: readonly string[];
}

/** `-D NAME[=V]` pins: a name pinned to a value (default "1") is defined; the build's own guess is not asked. */
export type PinnedDefines = Readonly<Record<string, string>>;

/** Parses a replacement's text as a block of statements (a compound_statement), every node placed at `at`; undefined when it does not parse. */
export type ExpansionParser = (text: string, at: PinnedPlace) => Node | undefined;

export type ConditionTruth = 'true' | 'false' | 'unknown';

/** Longest replacement text that is expanded (a macro holding a whole function is not a shortcut). */
const MAX_EXPANSION_LENGTH = 4096;

export class MacroTable {
  private readonly expansions = new Map<number, Node | null>();
  /**
   * Whether any function-like / object-like macro has a replacement to expand: most files have none of
   * the first kind, and the walker then asks nothing at each call (every statement of a trace is one).
   */
  readonly hasFunctionLike: boolean;
  readonly hasObjectLike: boolean;

  constructor(
    /** The file's own macros, then the headers', then the pins, merged with pins winning. */
    readonly definitions: ReadonlyMap<string, MacroDefinition>,
    /** Names #undef'd by the file or its headers and defined by neither. */
    readonly undefinedNames: ReadonlySet<string>,
    /** Names the user pinned, with their value. */
    readonly pinned: ReadonlyMap<string, string>,
    private readonly parse: ExpansionParser | undefined,
  ) {
    let functionLike = false;
    let objectLike = false;
    for (const macro of definitions.values()) {
      if (!macro.body) continue;
      if (macro.params) functionLike = true;
      else objectLike = true;
    }
    this.hasFunctionLike = functionLike;
    this.hasObjectLike = objectLike;
  }

  get(name: string): MacroDefinition | undefined {
    return this.definitions.get(name);
  }

  /** Whether the name is defined in the build: decided by a pin or by the project's own sources. */
  definedness(name: string): ConditionTruth {
    if (this.pinned.has(name) || this.definitions.has(name)) return 'true';
    if (this.undefinedNames.has(name)) return 'false';
    return 'unknown';
  }

  /**
   * The parsed expansion of a use of `macro` (a compound statement), the arguments' text substituted;
   * undefined when the use cannot be expanded (wrong argument count, `#`/`##` in the body, no parse).
   * One copy per use, kept for every trace of the analysis (their events are keyed by its node ids).
   */
  expansion(use: Node, macro: MacroDefinition, args: readonly Node[] | undefined): Node | undefined {
    const cached = this.expansions.get(use.id);
    if (cached !== undefined) return cached ?? undefined;
    const text = this.parse && substitute(macro, args?.map((a) => a.text));
    // Placed at the use's node: it moves with the use (syntaxTree.ts, PinnedAnchor).
    const node = text !== undefined ? this.parse!(text, use) : undefined;
    this.expansions.set(use.id, node ?? null);
    return node;
  }

  /** A key that changes whenever an expansion or a decided condition could (for build.ts's reuse). */
  key(): string {
    let key = '';
    for (const [name, m] of this.definitions) key += `${name}(${m.params?.join(',') ?? ''})=${m.body};`;
    for (const name of this.undefinedNames) key += `!${name};`;
    return key;
  }
}

/** The replacement with each parameter token replaced by its argument's text (C's substitution, without `#` and `##`). */
export function substitute(macro: MacroDefinition, args: readonly string[] | undefined): string | undefined {
  const body = macro.body;
  if (body.length > MAX_EXPANSION_LENGTH) return undefined;
  const params = macro.params;
  if (params) {
    const given = args ?? [];
    // `F()` passes no argument to a macro of no parameter.
    if (given.length !== params.length && !(params.length === 0 && given.length === 0)) return undefined;
  }
  // Stringizing and pasting make tokens this substitution does not: such a macro stays unexpanded.
  if (body.includes('#')) return undefined;
  let out = '';
  let last = 0;
  scanTokens(body, {
    identifier(start, end) {
      if (!params) return;
      const k = params.indexOf(body.slice(start, end));
      if (k < 0) return;
      out += body.slice(last, start) + args![k];
      last = end;
    },
    other() {},
  });
  return out + body.slice(last);
}

/** A #define's replacement text as the compiler reads it: line continuations joined, surrounding space cut. */
export function replacementText(raw: string): string {
  return raw.split('\\\r\n').join(' ').split('\\\n').join(' ').trim();
}
