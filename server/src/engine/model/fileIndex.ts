/**
 * One pass over a file's tree: every function definition (for following calls to helpers defined in the
 * same file), the object-like #defines (headers differ: real code defines its own fallbacks such as
 * `#define DIF_FINISHINSTALL_ACTION 0x2A`), and the entry points with their kind.
 */
import type { Node as TreeSitterNode, TreeCursor } from 'web-tree-sitter';
import { copySubtree, MAX_SYNTAX_DEPTH, NestingTooDeep, type SyntaxNode as Node } from './syntaxTree';
import { COINSTALLER_CONTEXT_TYPE, constantValue, DIF_PARAM_PLAIN_TYPES, ENTRY_POINT_PARAM_TYPES } from '../catalogue';
import type { InstallerKind } from '../types';
import { declaredName, isPointerDeclarator, isReferenceDeclarator, lastName } from './syntax';
import type { PreparedSource } from '../c/prepare';
import { MacroTable, replacementText, type ExpansionParser, type MacroDefinition, type PinnedDefines, type ProjectMacros } from './macros';

export interface FunctionParam {
  name: string;
  /** The parameter's type as written, with `P` prefixed for a pointer declarator (SP_DEVINFO_DATA * -> PSP_DEVINFO_DATA). */
  typeName: string;
  /** A C++ reference (`BOOL &Reboot`): the callee's writes to it are the caller's variable's. */
  byReference?: boolean;
}

export interface FunctionInfo {
  /**
   * Unique per copy. A copy is reused by the next analysis only when the function's text is unchanged,
   * so the same id means the same text (build.ts keys entry points by it instead of by the text).
   */
  id: number;
  name: string;
  node: Node;
  nameNode: Node;
  body: Node | null;
  params: FunctionParam[];
  returnType: string;
}

export interface EntryPointCandidate {
  fn: FunctionInfo;
  kind: InstallerKind;
}

export interface FileIndex {
  functions: Map<string, FunctionInfo>;
  /**
   * Functions defined in the other sources of the file's DLL or folder, by name (build.ts sets it when the
   * front end gives a lookup): asked only for names the file does not define itself.
   */
  otherFiles?: (name: string) => FunctionInfo | undefined;
  /** The macros whose value is a constant (the file's, its headers', the pinned ones). */
  defines: Map<string, DefinedConstant>;
  /** Every macro the file can use, for expansion and preprocessor conditions. */
  macros: MacroTable;
  entryPoints: EntryPointCandidate[];
  /**
   * Functions the file declares without defining them (`DWORD Install(BOOL &Reboot);`), by name: for each
   * parameter, whether it is a C++ reference. A call the trace does not follow may write those arguments.
   */
  prototypes: Map<string, boolean[]>;
  /** The project headers whose macros the file uses (macroContext.headers). */
  headerFiles?: readonly string[];
  /**
   * The file is C++ (build.ts sets it from the dialect): an argument may bind to a reference parameter, so
   * a call the trace does not follow, of a function with no prototype in the file, may write any variable
   * passed to it; and a function may hold lambdas, which the trace follows.
   */
  cplusplus?: boolean;
}

export interface DefinedConstant {
  value: number;
  /** The catalogue name the macro stands for, if it is an alias of one. */
  aliasOf?: string;
}

interface CachedFunction {
  info: FunctionInfo;
  /** The function's text (its copy's), and where it ended in the prepared text it was indexed in. */
  text: string;
  end: number;
}

/**
 * Functions of a document's previous analysis: reused (moved) when their text is unchanged. Found by
 * position when the text was prepared from that version (outside the edited span nothing changed but
 * offsets), else by their text.
 */
export interface FunctionCache {
  /** The PreparedSource the functions were indexed in. */
  preparedId: number;
  byStart: Map<number, CachedFunction>;
  byText: Map<string, CachedFunction>;
}

export function newFunctionCache(): FunctionCache {
  return { preparedId: 0, byStart: new Map(), byText: new Map() };
}

/** What the file's macros are read with: the project's headers and pins, and a parser for expansions. */
export interface MacroContext {
  /** The macros of the project headers behind the file's `#include "..."` names. */
  headers?: (includes: readonly string[]) => ProjectMacros | undefined;
  pinned?: PinnedDefines;
  parseExpansion?: ExpansionParser;
}

export function indexFile(root: TreeSitterNode, prepared: PreparedSource, previous?: FunctionCache, next?: FunctionCache, macroContext: MacroContext = {}): FileIndex {
  const preparedText = prepared.text;
  const functions = new Map<string, FunctionInfo>();
  const ownMacros = new Map<string, MacroDefinition>();
  const undefinedNames = new Set<string>();
  const includes: string[] = [];
  const prototypes = new Map<string, boolean[]>();
  if (next) next.preparedId = prepared.id;
  // Where the previous version's functions stand now: before the edit, unmoved; after it, shifted.
  const edit = previous && prepared.edit?.fromId === previous.preparedId ? prepared.edit : undefined;
  const unchangedAt = (start: number, end: number): CachedFunction | undefined => {
    if (!edit || (end > edit.start && start < edit.newEnd)) return undefined;
    const shift = start >= edit.newEnd ? edit.newEnd - edit.oldEnd : 0;
    const cached = previous!.byStart.get(start - shift);
    return cached?.end === end - shift ? cached : undefined;
  };
  // Function definitions and #defines live outside function bodies: walk everything else with one
  // cursor, and copy each function once (see syntaxTree.ts).
  const cursor: TreeCursor = root.walk();
  const visitOther = (other: TreeCursor, depth: number): void => {
    // Same walk over another cursor (an #else under `#if 0`).
    const saved = active;
    active = other;
    try {
      visit(depth);
    } finally {
      active = saved;
    }
  };
  let active = cursor;
  const visit = (depth: number): void => {
    const cursor = active;
    if (depth > MAX_SYNTAX_DEPTH) throw new NestingTooDeep();
    const type = cursor.nodeType;
    if (type === 'function_definition') {
      const start = cursor.startIndex;
      const end = cursor.endIndex;
      // By position, no text is cut or hashed: most of the work of a re-analysis of a large file.
      const reused = (unchangedAt(start, end) ?? previous?.byText.get(preparedText.slice(start, end)))?.info;
      if (reused && !functions.has(reused.name)) {
        const at = cursor.startPosition;
        reused.node.anchor.rebase(start, at.row, at.column);
      }
      const info = reused ?? functionInfo(copySubtree(cursor.currentNode, preparedText, { depth }));
      if (info && next) {
        // The copy's own text, not a slice of this version's: a slice would keep the whole version alive.
        const entry = { info, text: info.node.anchor.text, end };
        next.byStart.set(start, entry);
        next.byText.set(entry.text, entry);
      }
      // The first definition wins; #ifdef'd alternatives of one function are rare.
      if (info && !functions.has(info.name)) functions.set(info.name, info);
      return;
    }
    if (type === 'declaration') {
      const prototype = prototypeOf(cursor.currentNode);
      if (prototype && !prototypes.has(prototype.name)) prototypes.set(prototype.name, prototype.references);
      return;
    }
    if (type === 'preproc_include') {
      const name = includedName(cursor.currentNode);
      if (name) includes.push(name);
      return;
    }
    if (type === 'preproc_def' || type === 'preproc_function_def' || type === 'preproc_call') {
      collectMacro(copySubtree(cursor.currentNode, preparedText, { depth }), ownMacros, undefinedNames);
      return;
    }
    // Code under `#if 0` is never built: neither its functions nor its macros exist.
    if (type === 'preproc_if' && isLiteralZero(cursor.currentNode.childForFieldName('condition'))) {
      const alternative = cursor.currentNode.childForFieldName('alternative');
      if (!alternative) return;
      const altCursor = alternative.walk();
      try {
        // The #else branch is read like any code (one level deeper).
        visitOther(altCursor, depth + 1);
      } finally {
        altCursor.delete();
      }
      return;
    }
    if (!cursor.nodeIsNamed || type === 'comment' || type === 'string_literal') return;
    if (cursor.gotoFirstChild()) {
      do visit(depth + 1);
      while (cursor.gotoNextSibling());
      cursor.gotoParent();
    }
  };
  try {
    visit(0);
  } finally {
    cursor.delete();
  }
  const projectMacros = includes.length ? macroContext.headers?.(includes) : undefined;
  const macros = macroTable(ownMacros, undefinedNames, projectMacros, macroContext);
  const rawDefines = new Map<string, string>();
  for (const [name, m] of macros.definitions) if (!m.params && m.body) rawDefines.set(name, m.body);
  const defines = evaluateDefines(rawDefines);
  const entryPoints: EntryPointCandidate[] = [];
  for (const fn of functions.values()) {
    const kind = entryPointKind(fn);
    if (kind) entryPoints.push({ fn, kind });
  }
  entryPoints.sort((a, b) => a.fn.node.startIndex - b.fn.node.startIndex);
  const index: FileIndex = { functions, defines, macros, entryPoints, prototypes };
  if (projectMacros) index.headerFiles = projectMacros.files;
  return index;
}

/** `DWORD Install(HDEVINFO Set, BOOL &Reboot);`: the name, and which parameters are references. */
function prototypeOf(declaration: TreeSitterNode): { name: string; references: boolean[] } | undefined {
  let declarator = declaration.childForFieldName('declarator');
  while (declarator && declarator.type !== 'function_declarator') declarator = declarator.childForFieldName('declarator');
  const name = declarator?.childForFieldName('declarator');
  const list = declarator?.childForFieldName('parameters');
  if (!name || !list || (name.type !== 'identifier' && name.type !== 'qualified_identifier')) return undefined;
  const references = list.namedChildren.filter((p) => p?.type === 'parameter_declaration').map((p) => isReferenceDeclarator(p!.childForFieldName('declarator')));
  return { name: lastName(name) ?? name.text, references };
}

/** What collectMacro reads of a node: a copy, or a tree-sitter node of a header. */
interface MacroNode {
  type: string;
  text: string;
  childForFieldName(name: string): MacroNode | null;
  namedChildren: ArrayLike<MacroNode | null>;
}

/** A #define, a function-like #define or an #undef, added to the file's macros (the first definition wins). */
export function collectMacro(node: MacroNode, definitions: Map<string, MacroDefinition>, undefinedNames: Set<string>): void {
  if (node.type === 'preproc_call') {
    if (node.childForFieldName('directive')?.text !== '#undef') return;
    const name = node.childForFieldName('argument')?.text.trim();
    if (name && !definitions.has(name)) undefinedNames.add(name);
    return;
  }
  const name = node.childForFieldName('name')?.text;
  if (!name || definitions.has(name)) return;
  const body = replacementText(node.childForFieldName('value')?.text ?? '');
  const paramList = node.type === 'preproc_function_def' ? node.childForFieldName('parameters') : null;
  const params = paramList ? Array.from(paramList.namedChildren).filter((p) => p?.type === 'identifier').map((p) => p!.text) : undefined;
  // `...` makes a variadic macro, whose arguments this substitution does not count: left unexpanded.
  if (paramList && paramList.text.includes('...')) return;
  definitions.set(name, params ? { name, params, body } : { name, body });
}

/** The name of `#include "name"` (system includes `<name>` are not the project's). */
export function includedName(node: TreeSitterNode): string | undefined {
  const path = node.childForFieldName('path');
  if (path?.type !== 'string_literal') return undefined;
  return path.namedChildren.find((c) => c?.type === 'string_content')?.text;
}

/** `#if 0`: code that is never built (neither its functions nor its macros exist). */
export function isLiteralZero(node: TreeSitterNode | Node | null): boolean {
  let n = node;
  while (n && n.type === 'parenthesized_expression') n = n.namedChildren[0] ?? null;
  return n?.type === 'number_literal' && parseCNumber(n.text) === 0;
}

/** The file's macros over its headers', the pins over both. */
function macroTable(own: Map<string, MacroDefinition>, ownUndefined: Set<string>, project: ProjectMacros | undefined, context: MacroContext): MacroTable {
  const definitions = new Map(own);
  for (const [name, m] of project?.definitions ?? []) if (!definitions.has(name) && !ownUndefined.has(name)) definitions.set(name, m);
  const undefinedNames = new Set(ownUndefined);
  for (const name of project?.undefined ?? []) if (!definitions.has(name)) undefinedNames.add(name);
  const pinned = new Map(Object.entries(context.pinned ?? {}));
  for (const [name, value] of pinned) {
    definitions.set(name, { name, body: value });
    undefinedNames.delete(name);
  }
  return new MacroTable(definitions, undefinedNames, pinned, context.parseExpansion);
}

let nextFunctionId = 1;

function functionInfo(node: Node): FunctionInfo | undefined {
  let declarator = node.childForFieldName('declarator');
  // Unwrap pointer/reference return types: `PVOID *f(...)`.
  while (declarator && declarator.type !== 'function_declarator') declarator = declarator.childForFieldName('declarator');
  if (!declarator) return undefined;
  const nameHolder = declarator.childForFieldName('declarator');
  if (!nameHolder) return undefined;
  const name = lastName(nameHolder);
  if (!name) return undefined;
  const nameNode = nameHolder.type === 'qualified_identifier' ? (nameHolder.childForFieldName('name') ?? nameHolder) : nameHolder;
  const params = paramsOf(declarator.childForFieldName('parameters'));
  const returnTypeNode = node.childForFieldName('type');
  return { id: nextFunctionId++, name, node, nameNode, body: node.childForFieldName('body'), params, returnType: returnTypeNode ? typeName(returnTypeNode) : '' };
}

/** The parameters of a parameter list (a function's, a lambda's). */
export function paramsOf(list: Node | null): FunctionParam[] {
  const params: FunctionParam[] = [];
  for (const p of list?.namedChildren ?? []) {
    if (p.type !== 'parameter_declaration') continue;
    const typeNode = p.childForFieldName('type');
    const decl = p.childForFieldName('declarator');
    // A trailing comma (as in the WDK's own class-installer example) leaves an empty, MISSING parameter.
    if ((!typeNode || typeNode.isMissing) && !decl) continue;
    const id = declaredName(decl);
    const base = typeNode ? typeName(typeNode) : '';
    const param: FunctionParam = { name: id?.text ?? '', typeName: isPointerDeclarator(decl) ? 'P' + base : base };
    if (isReferenceDeclarator(decl)) param.byReference = true;
    params.push(param);
  }
  return params;
}

function typeName(typeNode: Node): string {
  // `struct _SP_DEVINFO_DATA` -> `SP_DEVINFO_DATA`; qualified names -> their last part.
  if (typeNode.type === 'struct_specifier') {
    const n = typeNode.childForFieldName('name')?.text ?? '';
    return n.replace(/^_+/, '');
  }
  return lastName(typeNode) ?? typeNode.text;
}

/** Contract, "Who is who": the three SetupAPI parameters, plus PCOINSTALLER_CONTEXT_DATA for co-installers. */
function entryPointKind(fn: FunctionInfo): InstallerKind | undefined {
  const types = fn.params.map((p) => p.typeName);
  if (types.length < 3 || types.length > 4) return undefined;
  if (types.length === 4 && types[3] !== COINSTALLER_CONTEXT_TYPE) return undefined;
  // The context parameter makes the signature a co-installer's even with the code declared DWORD or UINT.
  const codeTypeFits = types[0] === ENTRY_POINT_PARAM_TYPES[0] || (types.length === 4 && DIF_PARAM_PLAIN_TYPES.has(types[0]));
  if (!codeTypeFits) return undefined;
  for (let i = 1; i < ENTRY_POINT_PARAM_TYPES.length; i++) if (types[i] !== ENTRY_POINT_PARAM_TYPES[i]) return undefined;
  return types.length === 3 ? 'class-installer' : 'co-installer';
}

/**
 * Evaluates object-like macros whose body is a constant expression over numbers and known names:
 * `0x2A`, `(0x2AL)`, `ERROR_DI_DO_DEFAULT`, `(APPLICATION_ERROR_MASK|ERROR_SEVERITY_ERROR|0x20E)`.
 */
function evaluateDefines(raw: Map<string, string>): Map<string, DefinedConstant> {
  const out = new Map<string, DefinedConstant>();
  const resolving = new Set<string>();
  const resolve = (name: string): DefinedConstant | undefined => {
    if (out.has(name)) return out.get(name);
    const body = raw.get(name);
    if (body === undefined || resolving.has(name)) return undefined;
    resolving.add(name);
    const value = evaluateMacroBody(body, (ref) => {
      const known = constantValue(ref);
      if (known !== undefined) return known;
      return resolve(ref)?.value;
    });
    resolving.delete(name);
    if (value === undefined) return undefined;
    const trimmed = stripParens(body);
    const aliasOf = constantValue(trimmed) !== undefined ? trimmed : out.get(trimmed)?.aliasOf;
    const defined: DefinedConstant = { value, aliasOf };
    out.set(name, defined);
    return defined;
  };
  for (const name of raw.keys()) resolve(name);
  return out;
}

function stripParens(text: string): string {
  let t = text.trim();
  while (t.startsWith('(') && t.endsWith(')')) t = t.slice(1, -1).trim();
  return t;
}

/** A tiny evaluator for macro bodies: numbers, names, parentheses, casts to integer types, | & + - << >> ~. */
export function evaluateMacroBody(body: string, lookup: (name: string) => number | undefined): number | undefined {
  const tokens = tokenizeMacro(body);
  if (!tokens) return undefined;
  let pos = 0;
  const peek = () => tokens[pos];
  const primary = (): number | undefined => {
    const t = tokens[pos++];
    if (t === undefined) return undefined;
    if (t === '(') {
      // A cast such as (DWORD) is skipped; otherwise a parenthesised expression.
      if (/^[A-Za-z_]\w*$/.test(tokens[pos] ?? '') && tokens[pos + 1] === ')' && lookup(tokens[pos]) === undefined) {
        pos += 2;
        return primary();
      }
      const v = expr();
      if (tokens[pos++] !== ')') return undefined;
      return v;
    }
    if (t === '~') {
      const v = primary();
      return v === undefined ? undefined : ~v >>> 0;
    }
    if (t === '-') {
      const v = primary();
      return v === undefined ? undefined : -v;
    }
    const n = parseCNumber(t);
    if (n !== undefined) return n;
    if (/^[A-Za-z_]\w*$/.test(t)) return lookup(t);
    return undefined;
  };
  const expr = (): number | undefined => {
    let left = primary();
    while (left !== undefined && ['|', '&', '+', '-', '<<', '>>', '^'].includes(peek() ?? '')) {
      const op = tokens[pos++];
      const right = primary();
      if (right === undefined) return undefined;
      left = applyBinary(op, left, right);
    }
    return left;
  };
  const value = expr();
  return pos === tokens.length ? value : undefined;
}

function tokenizeMacro(body: string): string[] | undefined {
  const tokens: string[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    if (c === ' ' || c === '\t' || c === '\\' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '/' && body[i + 1] === '/') break;
    if (c === '/' && body[i + 1] === '*') {
      const end = body.indexOf('*/', i + 2);
      i = end < 0 ? body.length : end + 2;
      continue;
    }
    if ((c === '<' || c === '>') && body[i + 1] === c) {
      tokens.push(c + c);
      i += 2;
      continue;
    }
    if ('()|&+-~^'.includes(c)) {
      tokens.push(c);
      i++;
      continue;
    }
    let j = i;
    while (j < body.length && /[\w.]/.test(body[j])) j++;
    if (j === i) return undefined;
    tokens.push(body.slice(i, j));
    i = j;
  }
  return tokens;
}

export function applyBinary(op: string, a: number, b: number): number | undefined {
  switch (op) {
    case '|': return (a | b) >>> 0;
    case '&': return (a & b) >>> 0;
    case '^': return (a ^ b) >>> 0;
    case '+': return (a + b) >>> 0;
    case '-': return (a - b) >>> 0;
    case '<<': return (a << b) >>> 0;
    case '>>': return a >>> b;
    default: return undefined;
  }
}

/** C integer literals: decimal, hex, octal, binary, with u/l suffixes. */
export function parseCNumber(text: string): number | undefined {
  // Most literals are plain decimals (0, 1, sizes): read without building strings (every trace reads them).
  let decimal = 0;
  let digits = 0;
  for (; digits < text.length; digits++) {
    const digit = text.charCodeAt(digits) - 48;
    if (digit < 0 || digit > 9) break;
    decimal = decimal * 10 + digit;
  }
  // Up to 9 digits the sum is exact; longer ones take the general path below, as before.
  if (digits === text.length && digits > 0 && digits <= 9 && (digits === 1 || text.charCodeAt(0) !== 48)) return decimal;
  let t = text.replace(/['_]/g, '');
  t = t.replace(/[uUlL]+$/, '');
  let v: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) v = parseInt(t.slice(2), 16);
  else if (/^0[bB][01]+$/.test(t)) v = parseInt(t.slice(2), 2);
  else if (/^0[0-7]*$/.test(t)) v = parseInt(t, 8);
  else if (/^[1-9]\d*$/.test(t)) v = parseInt(t, 10);
  else return undefined;
  return Number.isFinite(v) ? v >>> 0 : undefined;
}
