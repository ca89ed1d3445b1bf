/**
 * Where a position stands in installer code, as the editor features need it: which installers run the
 * code there (the enclosing entry point, or the entry points that call the enclosing helper), which DIF
 * handler it is in (case labels of a switch on the DI_FUNCTION parameter, or an if / else-if on it), and
 * whether a co-installer is pre- or post-processing there. Read from the tree and the installer model;
 * shared by explain.ts and completions.ts.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { COINSTALLER_CONTEXT_FIELDS, difByNameOrUndefined, difNameOf, ENTRY_POINT_PARAM_TYPES, formatHex } from '../catalogue';
import type { AnalysisResult, Engine } from '../engine';
import { languageOf } from '../engine';
import { indexFile, parseCNumber, type FileIndex, type FunctionInfo } from '../model/fileIndex';
import { calleeName, unwrapCondition } from '../model/syntax';
import type { EntryPoint, Phase } from '../model/types';
import { comparePositions } from '../positions';
import type { Position, Range, SourceDocument } from '../types';

/** A parsed C/C++ document with its installer model, for one feature request. */
export interface ParsedDocument {
  doc: SourceDocument;
  /** The web-tree-sitter tree of the document's text: positions are looked up here. */
  tree: Tree;
  analysis: AnalysisResult;
  /** Every function and #define of the file (the model's copies of the nodes). */
  index: FileIndex;
}

/**
 * Parses a C/C++ document for a feature request, reusing the analysis (its tree and index) when the
 * caller has one for exactly this text. Undefined for INF documents.
 */
export function parseForFeatures(engine: Engine, doc: SourceDocument, analysis?: AnalysisResult): ParsedDocument | undefined {
  const language = languageOf(doc);
  if (language === 'inf') return undefined;
  const current = analysis ?? engine.analyze(doc);
  // Files without an installer are not parsed by the analysis; completions still need their tree.
  const parsed = current.parsed ?? engine.parse(doc.text, language);
  const index = current.model?.index ?? indexFile(parsed.tree.rootNode, parsed.prepared);
  return { doc, tree: parsed.tree, analysis: current, index };
}

/** An installer whose code runs at the position, and the helper through which it gets there, if any. */
export interface RunningInstaller {
  entryPoint: EntryPoint;
  /** The helper function enclosing the position, when it is not the entry point itself. */
  viaHelper?: string;
}

export interface HandlerContext {
  /** DIF code names of the enclosing handler (several for stacked case labels); empty: not in one. */
  difs: string[];
  /** In the `default:` of the DI_FUNCTION switch: the DIF codes the installer does not handle. */
  inDefault: boolean;
  /** Where the handler's labels / tests are written. */
  labelRanges: Range[];
}

export interface PositionContext {
  /** The innermost node at the position. */
  node: Node;
  enclosingFunction?: FunctionInfo;
  installers: RunningInstaller[];
  handler: HandlerContext;
  /** 'pre' or 'post' inside a co-installer's PostProcessing test (or after an early return from it); undefined: not known. */
  phase?: Phase;
  /** The switch on the DI_FUNCTION parameter whose body holds the position. */
  dispatchSwitch?: Node;
}

export function contextAt(parsed: ParsedDocument, position: Position): PositionContext {
  const root = parsed.tree.rootNode;
  const point = { row: position.line, column: position.character };
  const node = root.descendantForPosition(point) ?? root;
  const enclosingFunction = enclosingFunctionOf(node, parsed.index);
  const installers = enclosingFunction ? installersRunning(enclosingFunction, parsed) : [];
  const difParam = enclosingFunction ? difParameterOf(enclosingFunction, installers) : undefined;
  const dispatchSwitch = difParam ? enclosingDispatchSwitch(node, difParam) : undefined;
  const handler = difParam ? handlerAt(node, position, difParam, dispatchSwitch, parsed) : emptyHandler();
  const phase = installers.some((i) => i.entryPoint.kind === 'co-installer') ? phaseAt(node) : undefined;
  return { node, enclosingFunction, installers, handler, phase, dispatchSwitch };
}

function emptyHandler(): HandlerContext {
  return { difs: [], inDefault: false, labelRanges: [] };
}

function enclosingFunctionOf(node: Node, index: FileIndex): FunctionInfo | undefined {
  for (let n: Node | null = node; n; n = n.parent) {
    if (n.type !== 'function_definition') continue;
    for (const fn of index.functions.values()) if (fn.node.startIndex === n.startIndex) return fn;
    return undefined;
  }
  return undefined;
}

/** The enclosing entry point, or every entry point from which calls (through helpers) reach the function. */
function installersRunning(fn: FunctionInfo, parsed: ParsedDocument): RunningInstaller[] {
  const entryPoints = parsed.analysis.model?.entryPoints ?? [];
  const own = entryPoints.find((ep) => ep.name === fn.name);
  if (own) return [{ entryPoint: own }];
  const callees = new Map<string, Set<string>>();
  const calleesOf = (name: string): Set<string> => {
    let set = callees.get(name);
    if (!set) {
      set = new Set();
      const body = parsed.index.functions.get(name)?.body;
      for (const call of body?.descendantsOfType('call_expression') ?? []) {
        const callee = calleeName(call);
        if (callee && parsed.index.functions.has(callee)) set.add(callee);
      }
      callees.set(name, set);
    }
    return set;
  };
  const out: RunningInstaller[] = [];
  for (const ep of entryPoints) {
    const seen = new Set<string>([ep.name]);
    const queue = [ep.name];
    while (queue.length) {
      const current = queue.shift()!;
      if (calleesOf(current).has(fn.name)) {
        out.push({ entryPoint: ep, viaHelper: fn.name });
        break;
      }
      for (const next of calleesOf(current)) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
  }
  return out;
}

/** The DI_FUNCTION parameter's name: the entry point's, or a helper's parameter of that type. */
function difParameterOf(fn: FunctionInfo, installers: RunningInstaller[]): string | undefined {
  const own = installers.find((i) => !i.viaHelper);
  if (own) return own.entryPoint.params.difCode;
  return fn.params.find((p) => p.typeName === ENTRY_POINT_PARAM_TYPES[0])?.name || undefined;
}

function mentionsIdentifier(node: Node | null, name: string): boolean {
  if (!node) return false;
  if (node.type === 'identifier' && node.text === name) return true;
  return node.descendantsOfType('identifier').some((id) => id.text === name);
}

function enclosingDispatchSwitch(node: Node, difParam: string): Node | undefined {
  for (let n: Node | null = node; n && n.type !== 'function_definition'; n = n.parent) {
    if (n.type !== 'switch_statement') continue;
    const condition = unwrapCondition(n.childForFieldName('condition'));
    if (condition && mentionsIdentifier(condition, difParam)) return n;
  }
  return undefined;
}

function handlerAt(node: Node, position: Position, difParam: string, dispatchSwitch: Node | undefined, parsed: ParsedDocument): HandlerContext {
  if (dispatchSwitch) {
    const fromSwitch = caseHandlerAt(dispatchSwitch, position, parsed);
    if (fromSwitch) return fromSwitch;
  }
  return ifHandlerAt(node, difParam, parsed) ?? emptyHandler();
}

function isDefaultCase(caseNode: Node): boolean {
  return caseNode.firstChild?.type === 'default';
}

/** Statements of a case_statement after its label. */
function caseBody(caseNode: Node): Node[] {
  const value = caseNode.childForFieldName('value');
  return caseNode.namedChildren.filter((c) => c.type !== 'comment' && (!value || c.startIndex !== value.startIndex));
}

/** The case the position is in: the last case label before it, with the labels stacked on top of it. */
function caseHandlerAt(dispatchSwitch: Node, position: Position, parsed: ParsedDocument): HandlerContext | undefined {
  const body = dispatchSwitch.childForFieldName('body');
  if (!body) return undefined;
  const cases = body.namedChildren.filter((c) => c.type === 'case_statement');
  let at = -1;
  for (let i = 0; i < cases.length; i++) {
    const start = cases[i].startPosition;
    if (start.row < position.line || (start.row === position.line && start.column <= position.character)) at = i;
  }
  if (at < 0) return undefined;
  const stacked = [cases[at]];
  for (let i = at - 1; i >= 0 && caseBody(cases[i]).length === 0; i--) stacked.unshift(cases[i]);
  const handler = emptyHandler();
  for (const c of stacked) {
    if (isDefaultCase(c)) {
      handler.inDefault = true;
      continue;
    }
    const value = c.childForFieldName('value');
    if (!value) continue;
    const name = difNameOfLabel(value, parsed);
    if (name) handler.difs.push(name);
    handler.labelRanges.push(rangeOfNode(value));
  }
  return handler;
}

/** `if (InstallFunction == DIF_X || InstallFunction == DIF_Y)` consequences, innermost first. */
function ifHandlerAt(node: Node, difParam: string, parsed: ParsedDocument): HandlerContext | undefined {
  for (let n: Node | null = node; n && n.parent && n.type !== 'function_definition'; n = n.parent) {
    const parent = n.parent;
    if (parent.type !== 'if_statement' || parent.childForFieldName('consequence')?.startIndex !== n.startIndex) continue;
    const tests = equalityTests(unwrapCondition(parent.childForFieldName('condition')), difParam);
    if (tests.length === 0) continue;
    const handler = emptyHandler();
    for (const other of tests) {
      const name = difNameOfLabel(other, parsed);
      if (name) handler.difs.push(name);
      handler.labelRanges.push(rangeOfNode(other));
    }
    return handler;
  }
  return undefined;
}

/** The other operands of `difParam == X` tests joined by ||. */
function equalityTests(condition: Node | null, difParam: string): Node[] {
  if (!condition || condition.type !== 'binary_expression') return [];
  const operator = condition.childForFieldName('operator')?.type;
  const left = unwrapCondition(condition.childForFieldName('left'));
  const right = unwrapCondition(condition.childForFieldName('right'));
  if (operator === '||') return [...equalityTests(left, difParam), ...equalityTests(right, difParam)];
  if (operator !== '==' || !left || !right) return [];
  if (left.type === 'identifier' && left.text === difParam) return [right];
  if (right.type === 'identifier' && right.text === difParam) return [left];
  return [];
}

/**
 * The DIF code a case label or comparison names: the model's reading of the dispatch first (it knows the
 * file's own #defines), then the catalogue by name or value.
 */
function difNameOfLabel(label: Node, parsed: ParsedDocument): string | undefined {
  const range = rangeOfNode(label);
  for (const ep of parsed.analysis.model?.entryPoints ?? []) {
    for (const [name, ranges] of ep.dispatch) if (ranges.some((r) => rangesOverlap(r, range))) return name;
  }
  return difNameOfExpression(label.text.trim(), parsed.index);
}

export function difNameOfExpression(text: string, index: FileIndex): string | undefined {
  const bare = text.replace(/^\(+|\)+$/g, '').trim();
  if (difByNameOrUndefined(bare)) return bare;
  const defined = index.defines.get(bare);
  const value = defined?.value ?? parseCNumber(bare);
  if (value === undefined) return undefined;
  return difNameOf(value) ?? (defined?.aliasOf && difByNameOrUndefined(defined.aliasOf) ? defined.aliasOf : formatHex(value));
}

// ---- Pre- / post-processing ---------------------------------------------------------------------

/** Reads a condition as a test of Context->PostProcessing: true when it holds in post-processing. */
function postProcessingPolarity(condition: Node | null): boolean | undefined {
  const c = unwrapCondition(condition);
  if (!c) return undefined;
  if (isPostProcessingField(c)) return true;
  if (c.type === 'unary_expression' && c.childForFieldName('operator')?.type === '!') {
    const inner = postProcessingPolarity(c.childForFieldName('argument'));
    return inner === undefined ? undefined : !inner;
  }
  if (c.type === 'binary_expression') {
    const operator = c.childForFieldName('operator')?.type;
    if (operator !== '==' && operator !== '!=') return undefined;
    const left = unwrapCondition(c.childForFieldName('left'));
    const right = unwrapCondition(c.childForFieldName('right'));
    const [field, other] = left && isPostProcessingField(left) ? [left, right] : right && isPostProcessingField(right) ? [right, left] : [null, null];
    if (!field || !other) return undefined;
    const truthy = /^(TRUE|true|1)$/.test(other.text) ? true : /^(FALSE|false|0)$/.test(other.text) ? false : undefined;
    if (truthy === undefined) return undefined;
    return operator === '==' ? truthy : !truthy;
  }
  return undefined;
}

function isPostProcessingField(node: Node): boolean {
  return node.type === 'field_expression' && node.childForFieldName('field')?.text === COINSTALLER_CONTEXT_FIELDS.postProcessing;
}

/** Whether a statement always ends in a return (an early-exit branch). */
function alwaysReturns(statement: Node | null): boolean {
  if (!statement) return false;
  if (statement.type === 'return_statement') return true;
  if (statement.type === 'compound_statement') {
    const last = statement.namedChildren.filter((c) => c.type !== 'comment').at(-1) ?? null;
    return alwaysReturns(last);
  }
  if (statement.type === 'if_statement') {
    const alternative = statement.childForFieldName('alternative');
    const elseBody = alternative?.type === 'else_clause' ? alternative.namedChildren[0] ?? null : alternative;
    return alwaysReturns(statement.childForFieldName('consequence')) && alwaysReturns(elseBody);
  }
  return false;
}

function phaseAt(node: Node): Phase | undefined {
  for (let n: Node | null = node; n && n.parent && n.type !== 'function_definition'; n = n.parent) {
    const parent = n.parent;
    if (parent.type === 'if_statement') {
      const polarity = postProcessingPolarity(parent.childForFieldName('condition'));
      if (polarity !== undefined) {
        if (parent.childForFieldName('consequence')?.startIndex === n.startIndex) return polarity ? 'post' : 'pre';
        if (n.type === 'else_clause') return polarity ? 'pre' : 'post';
      }
    }
    // `if (Context->PostProcessing) return ...;` earlier in the same block: the code after it is the other phase.
    if (parent.type === 'compound_statement' || parent.type === 'case_statement') {
      for (let s = n.previousNamedSibling; s; s = s.previousNamedSibling) {
        if (s.type !== 'if_statement' || s.childForFieldName('alternative')) continue;
        const polarity = postProcessingPolarity(s.childForFieldName('condition'));
        if (polarity !== undefined && alwaysReturns(s.childForFieldName('consequence'))) return polarity ? 'pre' : 'post';
      }
    }
  }
  return undefined;
}

// ---- Small helpers ----------------------------------------------------------------------------------

export function rangeOfNode(node: Node): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

export function rangesOverlap(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.end) <= 0 && comparePositions(b.start, a.end) <= 0;
}

export function rangeContains(range: Range, position: Position): boolean {
  return comparePositions(range.start, position) <= 0 && comparePositions(position, range.end) <= 0;
}
