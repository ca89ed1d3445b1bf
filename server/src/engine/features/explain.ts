/**
 * "What does this mean here?" for the return code, DIF code or device-install flag at a position, by
 * name or by value (0x2A, 0xE000020E...), in the context the engine sees: which installer runs the code,
 * in which DIF handler, pre- or post-processing. Everything said comes from the catalogue; this file only
 * picks the entries and the context and writes markdown.
 */
import { inUnbuiltArm } from '../model/preprocessor';
import type { Node } from 'web-tree-sitter';
import {
  classifyReturnValue,
  CONTRACT_DOC,
  DEVICE_INSTALL_FLAGS,
  deviceInstallFlag,
  difByNameOrUndefined,
  difNameOf,
  formatHex,
  handlerRole,
  KIND_LABEL,
  RETURN_CODES,
  returnCode,
  returnMeaning,
  wizardPagesMismatch,
  type DeviceInstallFlag,
  type DifCode,
  type FlagField,
  type HandlerRole,
  type ReturnClass,
  type ReturnCode,
  type ReturnCodeFamily,
} from '../catalogue';
import type { AnalysisResult, Engine } from '../engine';
import { parseCNumber } from '../model/fileIndex';
import type { EntryPoint, HandlerTrace, Phase, Tri } from '../model/types';
import type { InstallerKind, Position, Range, SourceDocument } from '../types';
import { contextAt, parseForFeatures, rangeContains, type ParsedDocument, type PositionContext } from './context';

export interface ExplainOptions {
  /** The engine's analysis of exactly this text, if the caller has one (saves a parse). */
  analysis?: AnalysisResult;
  /** Turns a repository-relative path (docs/...) into a link; default: the relative path. */
  docUrl?: (relativePath: string) => string;
}

export interface Explanation {
  markdown: string;
  /** The token explained. */
  range: Range;
}

export function explainAt(engine: Engine, doc: SourceDocument, position: Position, options: ExplainOptions = {}): Explanation | undefined {
  const token = tokenAt(doc.text, position);
  if (!token) return undefined;
  const parsed = parseForFeatures(engine, doc, options.analysis);
  if (!parsed) return undefined;
  const context = contextAt(parsed, token.range.start);
  if (isInStringOrComment(context.node) && token.isNumber) return undefined;
  const subject = identify(token, context, parsed);
  if (!subject) return undefined;
  const docUrl = options.docUrl ?? ((p: string) => p);
  const markdown = render(subject, token, context, parsed, docUrl);
  return { markdown, range: token.range };
}

// ---- The token ----------------------------------------------------------------------------------

interface Token {
  text: string;
  range: Range;
  isNumber: boolean;
}

const TOKEN = /0[xX][0-9A-Fa-f]+[uUlL]*|\d+[uUlL]*|[A-Za-z_]\w*/g;

function tokenAt(text: string, position: Position): Token | undefined {
  const line = lineText(text, position.line);
  if (line === undefined) return undefined;
  for (const m of line.matchAll(TOKEN)) {
    const start = m.index;
    const end = start + m[0].length;
    // The cursor may stand just after the token (hovering its last character, or typing).
    if (position.character < start || position.character > end) continue;
    return {
      text: m[0],
      range: { start: { line: position.line, character: start }, end: { line: position.line, character: end } },
      isNumber: /^\d/.test(m[0]),
    };
  }
  return undefined;
}

function lineText(text: string, line: number): string | undefined {
  let start = 0;
  for (let l = 0; l < line; l++) {
    const next = text.indexOf('\n', start);
    if (next < 0) return undefined;
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? text.length : end).replace(/\r$/, '');
}

function isInStringOrComment(node: Node): boolean {
  for (let n: Node | null = node; n; n = n.parent) {
    if (n.type === 'comment' || n.type === 'string_literal' || n.type === 'char_literal' || n.type === 'raw_string_literal') return true;
  }
  return false;
}

// ---- What the token is --------------------------------------------------------------------------

type Subject =
  | { kind: 'dif'; dif: DifCode; spelled: string }
  | { kind: 'flag'; flag: DeviceInstallFlag; spelled: string; usedIn?: FlagField }
  | { kind: 'return'; code: ReturnCode | undefined; value: number; family: ReturnCodeFamily; spelled: string };

function identify(token: Token, context: PositionContext, parsed: ParsedDocument): Subject | undefined {
  const usedIn = flagFieldAround(context.node);
  if (!token.isNumber) {
    const byName = subjectByName(token.text, token.text, usedIn);
    if (byName) return byName;
    // The file's own #define standing for a catalogue name (`#define MY_ACTION DIF_FINISHINSTALL_ACTION`).
    const defined = parsed.index.defines.get(token.text);
    if (defined?.aliasOf) return subjectByName(defined.aliasOf, token.text, usedIn);
    if (defined) return subjectByValue(defined.value, token, context, parsed, usedIn);
    return undefined;
  }
  const value = parseCNumber(token.text);
  if (value === undefined) return undefined;
  return subjectByValue(value, token, context, parsed, usedIn);
}

function subjectByName(name: string, spelled: string, usedIn: FlagField | undefined): Subject | undefined {
  const dif = difByNameOrUndefined(name);
  if (dif) return { kind: 'dif', dif, spelled };
  const flag = deviceInstallFlag(name);
  if (flag) return { kind: 'flag', flag, spelled, usedIn };
  const code = returnCode(name);
  if (code) return { kind: 'return', code, value: code.value, family: code.family, spelled };
  return undefined;
}

/** A number (or a macro of the file's own) is read by where it stands. */
function subjectByValue(value: number, token: Token, context: PositionContext, parsed: ParsedDocument, usedIn: FlagField | undefined): Subject | undefined {
  // `#define DIF_FINISHINSTALL_ACTION 0x2A`: the value of a catalogue name.
  const definedName = definedNameAround(context.node);
  if (definedName) {
    const byName = subjectByName(definedName, token.text, usedIn);
    if (byName && byName.kind !== 'return') return byName;
    if (byName) return { kind: 'return', code: byName.code, value, family: byName.family, spelled: token.text };
  }
  if (context.handler.labelRanges.some((r) => rangeContains(r, token.range.start)) || isDifComparison(context, token)) {
    const dif = difByNameOrUndefined(difNameOf(value) ?? '');
    if (dif) return { kind: 'dif', dif, spelled: token.text };
  }
  if (usedIn) {
    const flag = DEVICE_INSTALL_FLAGS.find((f) => f.value === value && f.field === usedIn);
    if (flag) return { kind: 'flag', flag, spelled: token.text, usedIn };
  }
  if (isReturned(context.node) || tracedReturns(parsed, token.range.start).length > 0 || isDistinctiveReturnCode(value)) {
    const code = namedReturnCode(value);
    return { kind: 'return', code, value, family: 'win32', spelled: token.text };
  }
  return undefined;
}

/** ERROR_DI_* values are unmistakable wherever they are written; 0 and 1 are not. */
function isDistinctiveReturnCode(value: number): boolean {
  return RETURN_CODES.some((r) => r.family === 'setupapi' && r.value === value >>> 0);
}

function namedReturnCode(value: number): ReturnCode | undefined {
  return (
    RETURN_CODES.find((r) => r.value === value >>> 0 && r.family === 'setupapi') ??
    RETURN_CODES.find((r) => r.value === value >>> 0 && r.family === 'win32')
  );
}

function definedNameAround(node: Node): string | undefined {
  for (let n: Node | null = node; n; n = n.parent) {
    if (n.type === 'preproc_def') return n.childForFieldName('name')?.text;
    if (n.type.endsWith('_statement') || n.type === 'function_definition') return undefined;
  }
  return undefined;
}

function isDifComparison(context: PositionContext, token: Token): boolean {
  const difParam = context.installers.find((i) => !i.viaHelper)?.entryPoint.params.difCode;
  if (!difParam) return false;
  for (let n: Node | null = context.node; n; n = n.parent) {
    if (n.type === 'binary_expression') {
      const op = n.childForFieldName('operator')?.type;
      if (op !== '==' && op !== '!=') return false;
      const sides = [n.childForFieldName('left'), n.childForFieldName('right')];
      return sides.some((s) => s?.type === 'identifier' && s.text === difParam) && !sides.some((s) => s?.text === token.text && s.type === 'identifier');
    }
    if (n.type.endsWith('_statement')) return false;
  }
  return false;
}

/** `params.FlagsEx |= X`, `params.Flags & X`: the SP_DEVINSTALL_PARAMS field the flag is used with. */
function flagFieldAround(node: Node): FlagField | undefined {
  let expression: Node | null = null;
  for (let n: Node | null = node; n; n = n.parent) {
    if (n.type.endsWith('_statement') || n.type === 'declaration' || n.type === 'init_declarator' || n.type === 'function_definition') break;
    if (n.type === 'parenthesized_expression' && n.parent?.type.endsWith('_statement')) break;
    expression = n;
  }
  if (!expression) return undefined;
  const fields = expression.descendantsOfType('field_identifier').map((f) => f.text);
  if (fields.includes('FlagsEx')) return 'FlagsEx';
  if (fields.includes('Flags')) return 'Flags';
  return undefined;
}

function isReturned(node: Node): boolean {
  for (let n: Node | null = node; n; n = n.parent) {
    if (n.type === 'return_statement') return true;
    // `Result = ERROR_DI_DO_DEFAULT;` / `DWORD Result = NO_ERROR;` feed a return later.
    if (n.type === 'assignment_expression' || n.type === 'init_declarator') return true;
    if (n.type.endsWith('_statement') || n.type === 'function_definition') return false;
  }
  return false;
}

// ---- Where a returned value ends up, according to the model ------------------------------------

interface ReturnContext {
  entryPoint: EntryPoint;
  viaHelper?: string;
  dif: string | undefined;
  role: HandlerRole;
  phase: Phase | undefined;
  /** Whether the paths to the return added finish-install wizard pages (traced returns only). */
  pagesAdded?: Tri;
}

/** Handler traces whose returns carry the value written at the position. */
function tracedReturns(parsed: ParsedDocument, position: Position): ReturnContext[] {
  const out: ReturnContext[] = [];
  for (const ep of parsed.analysis.model?.entryPoints ?? []) {
    for (const trace of ep.handlers) {
      // The value written at the position is among those returned (not merely inside the returned
      // expression: `err == NO_ERROR ? ERROR_DI_DO_DEFAULT : err` returns no NO_ERROR).
      const sites = trace.returns.filter((site) => site.values.some((v) => v.kind === 'constant' && rangeContains(v.origin.range, position)));
      if (sites.length) out.push({ ...traceContext(ep, trace), pagesAdded: mergedPages(sites.map((s) => s.pagesAdded)) });
    }
  }
  return out;
}

function mergedPages(values: Tri[]): Tri {
  return values.every((v) => v === values[0]) ? values[0] : 'maybe';
}

function traceContext(ep: EntryPoint, trace: HandlerTrace): ReturnContext {
  const handled = trace.dif !== undefined && ep.dispatch.has(trace.dif);
  return { entryPoint: ep, dif: trace.dif, role: handlerRole(trace.dif, handled), phase: trace.phase };
}

/** Without a trace: the syntactic handler and phase around the position. */
function syntacticContexts(context: PositionContext): ReturnContext[] {
  const out: ReturnContext[] = [];
  for (const { entryPoint, viaHelper } of context.installers) {
    const phase = entryPoint.kind === 'class-installer' ? 'only' : context.phase;
    const difs: Array<string | undefined> = context.handler.difs.length ? context.handler.difs : [undefined];
    for (const dif of difs) out.push({ entryPoint, viaHelper, dif, role: handlerRole(dif, dif !== undefined), phase });
  }
  return out;
}

// ---- Markdown -----------------------------------------------------------------------------------

const CONTRACT_SECTIONS = { constants: 'Constants', protocol: 'The protocol', returnCodes: 'Return codes', traps: 'Traps worth a rule, a hover or a test' };

function render(subject: Subject, token: Token, context: PositionContext, parsed: ParsedDocument, docUrl: (p: string) => string): string {
  switch (subject.kind) {
    case 'dif':
      return renderDif(subject.dif, token, context, docUrl);
    case 'flag':
      return renderFlag(subject.flag, subject.spelled, subject.usedIn, context, docUrl);
    case 'return':
      return renderReturn(subject, token, context, parsed, docUrl);
  }
}

function heading(name: string, spelled: string, what: string, value: number): string {
  const numbers = `\`${formatHex(value)}\` (${value >>> 0})`;
  const title = spelled === name ? `**${name}**` : `\`${spelled}\` is **${name}**`;
  return `${title} — ${what}, ${numbers}`;
}

function contractLink(section: string, docUrl: (p: string) => string): string {
  return `[Finish-install contract: ${section}](${docUrl(CONTRACT_DOC)}#${slug(section)})`;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
function slug(title: string): string {
  return title.toLowerCase().replace(/[^\w\s-]/g, '').trim().replace(/\s/g, '-');
}

function installerLabel(ep: EntryPoint, viaHelper?: string): string {
  return `${KIND_LABEL[ep.kind]} \`${ep.name}\`${ep.roleOrigin ? ` (${ep.roleOrigin})` : ''}${viaHelper ? ` (through \`${viaHelper}\`)` : ''}`;
}

function handlerLabel(dif: string | undefined, role: HandlerRole): string {
  if (dif) return `${dif} handler`;
  return role === 'unhandled' ? 'DIF codes it does not handle' : 'this handler';
}

function phaseLabel(phase: Phase | undefined): string {
  return phase === 'pre' ? ', pre-processing' : phase === 'post' ? ', post-processing' : '';
}

function verdict(ok: boolean): string {
  return ok ? '✔' : '✘';
}

function renderReturn(
  subject: Extract<Subject, { kind: 'return' }>,
  token: Token,
  context: PositionContext,
  parsed: ParsedDocument,
  docUrl: (p: string) => string,
): string {
  const { code, value, family } = subject;
  const name = code?.name ?? formatHex(value);
  const lines = [heading(name, subject.spelled, code ? `${familyLabel(code.family)}` : 'return value', value)];
  if (code) lines.push('', code.summary);
  const cls = classifyReturnValue(value, family);
  const traced = tracedReturns(parsed, token.range.start);
  // A verdict follows the values that reach the entry point's return, as the rules do: a value no trace
  // returns (a helper's BOOL the caller tests, a comparison inside a return) gets none. Only while an
  // entry point is being typed (its model incomplete) is the code around the position read instead, and
  // never in an arm that is never built (`#if 0`).
  const contexts = traced.length
    ? traced
    : isReturned(context.node) && !inUnbuiltArm(context.node, parsed.index)
      ? syntacticContexts(context).filter((c) => c.entryPoint.incomplete)
      : [];
  const here = uniqueLines(
    contexts.map((c) => {
      const where = `- ${installerLabel(c.entryPoint, c.viaHelper)}, ${handlerLabel(c.dif, c.role)}${phaseLabel(c.phase)}`;
      // As wizard-return-code reads it: a class installer's NO_ERROR claims pages, its ERROR_DI_DO_DEFAULT denies them.
      const pages = c.entryPoint.kind === 'class-installer' && c.role === 'wizard-finishinstall' && c.pagesAdded ? wizardPagesMismatch(cls, c.pagesAdded) : undefined;
      if (pages) return `${where}: ${verdict(false)} returned ${pages.problem}; return ${pages.expected}.`;
      const meaning = returnMeaning(c.entryPoint.kind, c.role, cls);
      return `${where}: ${verdict(meaning.ok)} ${meaning.text}`;
    }),
  );
  if (here.length) lines.push('', '**Returned here:**', ...here);
  else if (isReturned(context.node) && context.installers.length) {
    const installers = uniqueLines(context.installers.map((i) => installerLabel(i.entryPoint)));
    lines.push('', `Not returned to Windows: no path carries this value to the return of ${installers.join(' or ')}.`);
  }
  lines.push('', contractLink(CONTRACT_SECTIONS.returnCodes, docUrl));
  return lines.join('\n');
}

function familyLabel(family: ReturnCodeFamily): string {
  switch (family) {
    case 'win32':
      return 'Win32 error code';
    case 'setupapi':
      return 'SetupAPI return code';
    case 'bool':
      return 'BOOL value';
    case 'hresult':
      return 'HRESULT';
  }
}

/** The return classes worth listing for a handler, in the order an installer would consider them. */
export const RETURN_CLASSES_BY_KIND: Record<InstallerKind, ReturnClass[]> = {
  'class-installer': ['do-default', 'no-error', 'win32-error', 'postprocessing-required'],
  'co-installer': ['no-error', 'postprocessing-required', 'win32-error', 'do-default'],
};

/** How a return class is written: its catalogue name, or "a Win32 error code". */
export function returnClassLabel(cls: ReturnClass): string {
  if (cls === 'win32-error') return 'a Win32 error code';
  const code = RETURN_CODES.find((r) => (r.family === 'win32' || r.family === 'setupapi') && classifyReturnValue(r.value, r.family) === cls);
  return code ? `\`${code.name}\`` : cls;
}

function renderDif(dif: DifCode, token: Token, context: PositionContext, docUrl: (p: string) => string): string {
  const lines = [heading(dif.name, token.text, 'DIF code', dif.value), '', dif.summary];
  const role = handlerRole(dif.name, true);
  // In the handler of this code, or on the case label / comparison that opens it.
  const handledHere = context.installers.filter(
    (i) => context.handler.difs.includes(dif.name) || (i.entryPoint.dispatch.get(dif.name) ?? []).some((r) => rangeContains(r, token.range.start)),
  );
  const kinds: Array<{ kind: InstallerKind; label: string }> = handledHere.length
    ? handledHere.map((i) => ({ kind: i.entryPoint.kind, label: `Handled here by ${installerLabel(i.entryPoint, i.viaHelper)}${phaseLabel(context.phase)}` }))
    : (['class-installer', 'co-installer'] as const).map((kind) => ({ kind, label: `A ${KIND_LABEL[kind]} handling it` }));
  for (const { kind, label } of uniqueBy(kinds, (k) => k.label)) {
    lines.push('', `**${label}** returns:`);
    for (const cls of RETURN_CLASSES_BY_KIND[kind]) {
      const meaning = returnMeaning(kind, role, cls);
      lines.push(`- ${returnClassLabel(cls)}: ${verdict(meaning.ok)} ${meaning.text}`);
    }
  }
  lines.push('', contractLink(CONTRACT_SECTIONS.protocol, docUrl));
  return lines.join('\n');
}

function renderFlag(flag: DeviceInstallFlag, spelled: string, usedIn: FlagField | undefined, context: PositionContext, docUrl: (p: string) => string): string {
  const lines = [heading(flag.name, spelled, `a ${flag.field} bit of SP_DEVINSTALL_PARAMS`, flag.value), '', flag.summary];
  if (!/^\d/.test(spelled) && spelled !== flag.name && deviceInstallFlag(spelled) === flag) {
    lines.push('', `\`${spelled}\` is not a name the Windows headers define; they call this flag \`${flag.name}\`.`);
  }
  if (usedIn && usedIn !== flag.field) {
    const actual = DEVICE_INSTALL_FLAGS.find((f) => f.value === flag.value && f.field === usedIn);
    lines.push(
      '',
      `**Here it is written into \`${usedIn}\`**, not \`${flag.field}\`` +
        (actual ? `: in ${usedIn} this bit is \`${actual.name}\`. ${actual.summary}` : '.'),
    );
  }
  const handler = context.handler.difs.length
    ? `, ${handlerLabel(context.handler.difs.join(' / '), 'other-handled')}`
    : context.handler.inDefault
      ? `, ${handlerLabel(undefined, 'unhandled')}`
      : '';
  const where = context.installers.map(
    (i) => `- ${installerLabel(i.entryPoint, i.viaHelper)}${handler}${phaseLabel(i.entryPoint.kind === 'class-installer' ? 'only' : context.phase)}`,
  );
  if (where.length) lines.push('', '**Used here in:**', ...uniqueLines(where));
  lines.push('', contractLink(usedIn && usedIn !== flag.field ? CONTRACT_SECTIONS.traps : CONTRACT_SECTIONS.constants, docUrl));
  return lines.join('\n');
}

function uniqueLines(lines: string[]): string[] {
  return [...new Set(lines)];
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
