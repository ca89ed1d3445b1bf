/**
 * Context-aware completions for C/C++ installer code:
 *  - inside an installer's dispatch (a switch on its DI_FUNCTION parameter): the finish-install handlers
 *    it does not have yet, written for its kind and with its parameter names;
 *  - at file level: whole class-installer and co-installer entry points;
 *  - in code: the DIF codes, ERROR_DI_* return codes and device-install flags, documented from the catalogue.
 */
import type { Node } from 'web-tree-sitter';
import {
  classifyReturnValue,
  COINSTALLER_CONTEXT_TYPE,
  DEVICE_INSTALL_FLAGS,
  DIF_CODES,
  ENTRY_POINT_PARAM_TYPES,
  formatHex,
  KIND_LABEL,
  RETURN_CODES,
} from '../catalogue';
import type { AnalysisResult, Engine } from '../engine';
import { mayContainInstaller } from '../engine';
import type { EntryPoint } from '../model/types';
import type { InstallerKind, Position, Range, SourceDocument } from '../types';
import { contextAt, parseForFeatures, type PositionContext } from './context';
import {
  DEFAULT_HELPERS,
  entryPointSnippet,
  FINISHINSTALL_DIFS,
  handlerSnippet,
  type FinishInstallDif,
  type InstallerNames,
} from './snippets';

export type SuggestionKind = 'snippet' | 'constant';

export interface CompletionSuggestion {
  label: string;
  kind: SuggestionKind;
  /** One line shown next to the label. */
  detail: string;
  /** Markdown. */
  documentation: string;
  /** Snippet syntax when kind is 'snippet', plain text otherwise. */
  insertText: string;
  /** The text the suggestion replaces (what the user typed of it), ending at the position. */
  replaceRange: Range;
  /** What the client matches the typed text against. */
  filterText: string;
  sortText: string;
  /** The item the list selects when it opens (the first handler this installer is missing). */
  preselect?: boolean;
}

export interface CompletionList {
  items: CompletionSuggestion[];
  /** The list depends on what is typed next (ask again as the user types). */
  isIncomplete: boolean;
}

export interface CompletionOptions {
  /** The engine's analysis of exactly this text, if the caller has one. */
  analysis?: AnalysisResult;
}

const EMPTY: CompletionList = { items: [], isIncomplete: false };

export function completionsAt(engine: Engine, doc: SourceDocument, position: Position, options: CompletionOptions = {}): CompletionList {
  const parsed = parseForFeatures(engine, doc, options.analysis);
  if (!parsed) return EMPTY;
  const typed = typedBefore(doc.text, position);
  const context = contextAt(parsed, typed.range.start.character < position.character ? typed.range.start : position);
  if (isInCommentOrString(context.node) || isInPreprocessorLine(context.node)) return EMPTY;
  const items: CompletionSuggestion[] = [];
  const handlers = context.dispatchSwitch ? handlerSuggestions(context, typed) : [];
  items.push(...handlers);
  if (!context.enclosingFunction && isAtFileLevel(context.node)) items.push(...entryPointSuggestions(typed));
  const installerFile = mayContainInstaller(doc.text);
  const word = typed.word;
  // In files without an installer the constants appear only once what is typed looks like one.
  if (context.enclosingFunction && (installerFile || looksLikeCatalogueName(word))) items.push(...constantSuggestions(wordRange(typed)));
  // Inside a dispatch the handlers' range and filter change as `case` is typed (and the model as the code
  // changes): the editor must ask again at each keystroke rather than filter the list of the first letter.
  return { items, isIncomplete: !installerFile || handlers.length > 0 || context.dispatchSwitch !== undefined };
}

// ---- What the user typed ---------------------------------------------------------------------------

interface Typed {
  /** The identifier being typed ("" if none). */
  word: string;
  /** `case` plus what follows it, when the line so far is a case label being written. */
  caseLabel?: string;
  /** The range of caseLabel if any, else of word. */
  range: Range;
}

function typedBefore(text: string, position: Position): Typed {
  const lineStart = lineOffset(text, position.line);
  const before = text.slice(lineStart, lineStart + position.character);
  const word = /[A-Za-z_]\w*$/.exec(before)?.[0] ?? '';
  const caseLabel = /\bcase\s+[A-Za-z_]*$/.exec(before)?.[0] ?? /\bcase$/.exec(before)?.[0];
  const length = caseLabel?.length ?? word.length;
  return {
    word,
    caseLabel,
    range: { start: { line: position.line, character: position.character - length }, end: position },
  };
}

function wordRange(typed: Typed): Range {
  const end = typed.range.end;
  return { start: { line: end.line, character: end.character - typed.word.length }, end };
}

function lineOffset(text: string, line: number): number {
  let offset = 0;
  for (let l = 0; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return offset;
}

function looksLikeCatalogueName(word: string): boolean {
  if (word.length < 2) return false;
  const upper = word.toUpperCase();
  return catalogueNames().some((n) => n.startsWith(upper));
}

function catalogueNames(): string[] {
  return [...DIF_CODES.map((d) => d.name), ...setupApiReturnCodes().map((r) => r.name), ...DEVICE_INSTALL_FLAGS.map((f) => f.name)];
}

function setupApiReturnCodes() {
  return RETURN_CODES.filter((r) => r.family === 'setupapi');
}

// ---- Where the position is -------------------------------------------------------------------------

function isInCommentOrString(node: Node): boolean {
  for (let n: Node | null = node; n; n = n.parent) {
    if (n.type === 'comment' || n.type === 'string_literal' || n.type === 'char_literal' || n.type === 'raw_string_literal') return true;
  }
  return false;
}

function isInPreprocessorLine(node: Node): boolean {
  for (let n: Node | null = node; n; n = n.parent) {
    if (n.type === 'preproc_def' || n.type === 'preproc_include' || n.type === 'preproc_function_def' || n.type === 'preproc_call') return true;
  }
  return false;
}

/** Between top-level declarations (or in a half-typed one), not inside any function or type body. */
function isAtFileLevel(node: Node): boolean {
  for (let n: Node | null = node; n; n = n.parent) {
    if (n.type === 'translation_unit') return true;
    if (n.type === 'compound_statement' || n.type === 'field_declaration_list' || n.type === 'enumerator_list' || n.type === 'parameter_list') return false;
    if (n.type === 'declaration_list') return true; // inside a C++ namespace or extern "C" block
  }
  return true;
}

// ---- Handlers inside the dispatch ---------------------------------------------------------------

function handlerSuggestions(context: PositionContext, typed: Typed): CompletionSuggestion[] {
  const fn = context.enclosingFunction;
  if (!fn) return [];
  const own = context.installers.find((i) => !i.viaHelper);
  const installer = own ?? context.installers[0];
  if (!installer) return [];
  const { kind } = installer.entryPoint;
  const names: InstallerNames = own
    ? { ...own.entryPoint.params }
    : {
        difCode: paramOfType(fn.params, ENTRY_POINT_PARAM_TYPES[0]) ?? 'InstallFunction',
        deviceInfoSet: paramOfType(fn.params, ENTRY_POINT_PARAM_TYPES[1]) ?? 'DeviceInfoSet',
        deviceInfoData: paramOfType(fn.params, ENTRY_POINT_PARAM_TYPES[2]) ?? 'DeviceInfoData',
        context: paramOfType(fn.params, COINSTALLER_CONTEXT_TYPE),
      };
  const handled = new Set(context.installers.flatMap((i) => [...i.entryPoint.dispatch.keys()]));
  const helpers = DEFAULT_HELPERS;
  const range = typed.range;
  return FINISHINSTALL_DIFS.filter((dif) => !handled.has(dif)).map((dif, i) => {
    const insertText = handlerSnippet(dif, {
      kind,
      names,
      helpers,
      postProcessingRequested: requestsPostProcessing(installer.entryPoint),
      preProcessingOnly: context.phase === 'pre',
    });
    return {
      label: `case ${dif}`,
      kind: 'snippet' as const,
      detail: `Finish-install handler for this ${KIND_LABEL[kind]} (${installer.entryPoint.name})`,
      documentation: handlerDocumentation(dif, kind),
      insertText,
      replaceRange: range,
      // While `case` is being typed ("c", "ca"...) the label is what it matches; else the DIF code's name.
      filterText: typed.caseLabel !== undefined || 'case'.startsWith(typed.word) ? `case ${dif}` : dif,
      sortText: `0${i}`,
      preselect: i === 0,
    };
  });
}

/** Whether the installer returns ERROR_DI_POSTPROCESSING_REQUIRED anywhere (and so is called a second time). */
function requestsPostProcessing(ep: EntryPoint): boolean {
  return [ep.overall, ...ep.handlers].some((trace) =>
    trace.returns.some((site) => site.values.some((v) => v.kind === 'constant' && classifyReturnValue(v.value, v.family) === 'postprocessing-required')),
  );
}

function paramOfType(params: Array<{ name: string; typeName: string }>, type: string): string | undefined {
  return params.find((p) => p.typeName === type)?.name || undefined;
}

function handlerDocumentation(dif: FinishInstallDif, kind: InstallerKind): string {
  const summary = DIF_CODES.find((d) => d.name === dif)?.summary ?? '';
  return `Adds a ${dif} handler written for a ${KIND_LABEL[kind]}.\n\n${summary}`;
}

// ---- Entry points at file level ----------------------------------------------------------------------

function entryPointSuggestions(typed: Typed): CompletionSuggestion[] {
  const kinds: InstallerKind[] = ['class-installer', 'co-installer'];
  return kinds.map((kind, i) => ({
    label: `${KIND_LABEL[kind]} entry point`,
    kind: 'snippet' as const,
    detail: `Finish-install ${KIND_LABEL[kind]} (both finish-install DIF codes)`,
    documentation:
      `A ${KIND_LABEL[kind]} entry point that handles ${FINISHINSTALL_DIFS.join(' and ')} as the contract says, ` +
      'with stubs for the check and the action it calls.',
    insertText: entryPointSnippet(kind),
    replaceRange: wordRange(typed),
    filterText: `${kind.replace('-', '')} ${KIND_LABEL[kind]}`,
    sortText: `1${i}`,
  }));
}

// ---- Constants ---------------------------------------------------------------------------------------

function constantSuggestions(range: Range): CompletionSuggestion[] {
  const out: CompletionSuggestion[] = [];
  const add = (name: string, what: string, value: number, summary: string, order: string) =>
    out.push({
      label: name,
      kind: 'constant',
      detail: `${what} ${formatHex(value)} (${value >>> 0})`,
      documentation: summary,
      insertText: name,
      replaceRange: range,
      filterText: name,
      sortText: `2${order}${name}`,
    });
  for (const d of DIF_CODES) add(d.name, 'DIF code', d.value, d.summary, FINISHINSTALL_DIFS.includes(d.name as FinishInstallDif) ? '0' : '1');
  for (const r of setupApiReturnCodes()) add(r.name, 'return code', r.value, r.summary, '0');
  for (const f of DEVICE_INSTALL_FLAGS) add(f.name, `${f.field} bit`, f.value, f.summary, '0');
  return out;
}
