/**
 * Prepares C/C++ text for tree-sitter without moving any offset. Windows headers are not available and
 * macros are not expanded, so calling conventions (CALLBACK, WINAPI), SAL annotations (_In_, __inout,
 * _In_reads_(n)), IN/OUT/OPTIONAL and export macros (FOO_API) would otherwise turn entry-point
 * signatures into ERROR nodes. They are replaced by spaces of the same length. Brackets left open at
 * the end of a file being typed are closed after its end, so everything before the damage still parses.
 */
import { closingText, scanTokens } from './lexer';
import { PiecewiseText } from './piecewiseText';
import { commonPrefixLength, commonSuffixLength } from './textDiff';

/** Macros that expand to nothing or to a calling convention in the Windows headers. */
const ANNOTATION_MACROS = new Set([
  'CALLBACK', 'WINAPI', 'WINAPIV', 'APIENTRY', 'PASCAL', 'STDAPICALLTYPE', 'STDMETHODCALLTYPE', 'NTAPI',
  '__stdcall', '_stdcall', '__cdecl', '_cdecl', '__fastcall', '__clrcall', '__thiscall', '__vectorcall',
  'IN', 'OUT', 'OPTIONAL', 'UNALIGNED', '__RPC_FAR', 'FAR', 'NEAR', '__drv_aliasesMem',
]);

const SAL_PREFIXES = ['_In_', '_Out_', '_Inout_', '_Ret_', '_Outptr_', '_Deref_', '_Pre_', '_Post_', '_Field_', '_When_', '_Success_', '_Check_return_', '_Must_inspect_result_', '_Use_decl_annotations_', '_Reserved_', '_Null_', '_Notnull_', '_Maybenull_', '_Printf_format_string_', '_IRQL_', '_Function_class_', '_Frees_ptr_', '_Acquires_', '_Releases_', '_Requires_', '_Analysis_', '_Struct_size_bytes_', '_Strict_type_match_', '_Points_to_data_', '_Literal_', '_Const_', '_Kernel_', '_Dispatch_type_', '_Always_', '_On_failure_', '_Result_', '_Return_type_success_', '_Interlocked_operand_', '__drv_'];
const OLD_SAL = new Set(['__in', '__out', '__inout', '__in_opt', '__out_opt', '__inout_opt', '__reserved', '__deref_out', '__deref_out_opt', '__deref_inout', '__checkReturn', '__success', '__allocator', '__callback', '__format_string', '__nullterminated', '__in_z', '__in_z_opt', '__out_z', '__field_bcount', '__ecount', '__bcount', '__in_ecount', '__in_bcount', '__out_ecount', '__out_bcount', '__inout_ecount', '__inout_bcount', '__in_ecount_opt', '__in_bcount_opt', '__out_ecount_opt', '__out_bcount_opt', '__out_ecount_part', '__out_bcount_part', '__analysis_assume']);

/** Windows and C type names: in a run of identifiers before a declarator, these are the type. */
const KNOWN_TYPES = new Set([
  'DWORD', 'ULONG', 'LONG', 'UINT', 'INT', 'BOOL', 'BOOLEAN', 'HRESULT', 'VOID', 'void', 'int', 'long', 'char', 'short', 'unsigned', 'signed',
  'LRESULT', 'NTSTATUS', 'WORD', 'BYTE', 'PVOID', 'LPVOID', 'HANDLE', 'LPCWSTR', 'LPWSTR', 'LPCSTR', 'LPSTR', 'PCWSTR', 'PWSTR', 'CONFIGRET',
  'DI_FUNCTION', 'HDEVINFO', 'PSP_DEVINFO_DATA', 'PCOINSTALLER_CONTEXT_DATA', 'size_t', 'bool', 'float', 'double',
]);
const C_KEYWORDS = new Set([
  'static', 'extern', 'inline', '__inline', '__forceinline', 'const', 'volatile', 'struct', 'union', 'enum', 'typedef', 'return', 'if', 'else',
  'while', 'for', 'do', 'switch', 'case', 'default', 'break', 'continue', 'goto', 'sizeof', 'register', 'auto', 'virtual', 'class',
  'namespace', 'template', 'typename', 'public', 'private', 'protected', 'friend', 'operator', 'new', 'delete', 'using', 'constexpr',
  'noexcept', 'override', 'final', 'explicit', 'mutable', 'decltype', '__declspec', 'throw', 'try', 'catch', '__try', '__except', '__finally',
]);

export function isAnnotationMacro(name: string): boolean {
  if (ANNOTATION_MACROS.has(name) || OLD_SAL.has(name)) return true;
  if (name.charCodeAt(0) !== 95 /* _ */) return false;
  for (const prefix of SAL_PREFIXES) {
    if (name.startsWith(prefix) || name + '_' === prefix) return true;
  }
  return false;
}

export interface PreparedSource {
  /** Same length as the input up to `originalLength`; closing brackets may follow. */
  text: PiecewiseText;
  originalLength: number;
  /** Unique per result, so an edit can name the one it was made from without keeping it alive. */
  readonly id: number;
  /** What preparing an edited version of the same source reuses (see prepareSource). */
  readonly scan: SourceScan;
  /** Prepared incrementally from result `fromId`: the one span where this text differs from that one's. */
  readonly edit?: TextEdit;
}

export interface TextEdit {
  fromId: number;
  start: number;
  oldEnd: number;
  newEnd: number;
}

/**
 * One scan of a source, kept so that after an edit only the part around it is scanned again: from the
 * last clean line start before the edit to the first clean line start after it that was clean before
 * too (from there on, the same text in the same state scans the same).
 */
interface SourceScan {
  source: string;
  /** Spans blanked, sorted, not overlapping. */
  blanks: Array<[number, number]>;
  /**
   * Line starts where the scan's state was clean, ascending: no bracket open, no declaration head
   * pending, nothing blanked or read ahead past them.
   */
  cleanLines: number[];
  unclosed: number[];
  /** Lone carriage returns were replaced before the scan: such a source is always scanned whole. */
  hadLoneCr: boolean;
}

/** Quick pre-check before any string is sliced: annotation macros start with `_` or an upper-case letter. */
function mayBeAnnotation(text: string, start: number, end: number): boolean {
  const c = text.charCodeAt(start);
  return end - start >= 2 && end - start <= 48 && (c === 95 || (c >= 65 && c <= 90));
}

/** A carriage return that is not part of \r\n: a line break of its own (old Mac line ends). */
const LONE_CR = /\r(?!\n)/;

let nextId = 1;

/**
 * Prepares `source`. With the result of preparing an earlier version of the same document, only the
 * part around what changed is scanned again (typing in a 100k-line file re-scans one function).
 */
export function prepareSource(source: string, previous?: PreparedSource): PreparedSource {
  const edited = previous && !previous.scan.hadLoneCr ? prepareEdited(source, previous) : undefined;
  if (edited) return edited;
  // tree-sitter ends lines only at \n, so a `//` comment would run on past a lone \r and rows would
  // disagree with the LSP, the compilers and the rest of the engine, which all end a line there.
  // \r -> \n keeps every offset.
  const hadLoneCr = LONE_CR.test(source);
  const text = hadLoneCr ? source.replace(/\r(?!\n)/g, '\n') : source;
  const scan = scanFrom(text, 0);
  const blanks = nonOverlapping(scan.spans);
  const prepared = blanks.length === 0 && scan.unclosed.length === 0 ? text : blankedSlice(text, 0, text.length, blanks) + closingText(scan.unclosed);
  return { id: nextId++, text: PiecewiseText.of(prepared), originalLength: text.length, scan: { source, blanks, cleanLines: scan.cleanLines, unclosed: scan.unclosed, hadLoneCr } };
}

function prepareEdited(source: string, previous: PreparedSource): PreparedSource | undefined {
  const old = previous.scan;
  const before = old.source;
  const prefix = commonPrefixLength(before, source);
  if (prefix === before.length && prefix === source.length) return { ...previous, id: nextId++, edit: { fromId: previous.id, start: 0, oldEnd: 0, newEnd: 0 } };
  const suffix = commonSuffixLength(before, source, Math.min(before.length, source.length) - prefix);
  const changedEnd = source.length - suffix;
  const delta = source.length - before.length;
  if (hasLoneCr(source, Math.max(0, prefix - 1), Math.min(source.length, changedEnd + 1))) return undefined;
  const restart = old.cleanLines[lastAtOrBefore(old.cleanLines, prefix)] ?? 0;
  const scan = scanFrom(source, restart, (offset) => offset >= changedEnd && old.cleanLines[lastAtOrBefore(old.cleanLines, offset - delta)] === offset - delta);
  const resumed = scan.resyncedAt;
  const rescanned = nonOverlapping(scan.spans);
  const blanks = old.blanks.filter(([, e]) => e <= restart).concat(rescanned);
  const cleanLines = old.cleanLines.filter((o) => o <= restart).concat(scan.cleanLines);
  // Before `restart` and from `resumed` on, the prepared text is the previous one (shifted): only the
  // part between is assembled again, and it replaces the old part without copying the rest.
  let middle = blankedSlice(source, restart, resumed ?? source.length, rescanned);
  let oldMiddleEnd = previous.text.length;
  if (resumed !== undefined) {
    oldMiddleEnd = resumed - delta;
    for (const [s, e] of old.blanks) if (s >= oldMiddleEnd) blanks.push([s + delta, e + delta]);
    for (const o of old.cleanLines) if (o > oldMiddleEnd) cleanLines.push(o + delta);
  } else {
    middle += closingText(scan.unclosed);
  }
  const oldMiddle = previous.text.slice(restart, oldMiddleEnd);
  const unclosed = resumed !== undefined ? old.unclosed : scan.unclosed;
  // Where the prepared texts differ lies inside the middles: the parser's edit, without comparing megabytes.
  const same = commonPrefixLength(oldMiddle, middle);
  const sameAtEnd = commonSuffixLength(oldMiddle, middle, Math.min(oldMiddle.length, middle.length) - same);
  const edit = { fromId: previous.id, start: restart + same, oldEnd: restart + oldMiddle.length - sameAtEnd, newEnd: restart + middle.length - sameAtEnd };
  const text = previous.text.replaced(restart, oldMiddleEnd, middle);
  return { id: nextId++, text, originalLength: source.length, scan: { source, blanks, cleanLines, unclosed, hadLoneCr: false }, edit };
}

interface ScanResult {
  spans: Array<[number, number]>;
  cleanLines: number[];
  unclosed: number[];
  /** Where `stopAt` ended the scan, if it did. */
  resyncedAt?: number;
}

/** Scans from `from` (a clean line start) to the end, or to the first clean line start `stopAt` accepts. */
function scanFrom(text: string, from: number, stopAt?: (offset: number) => boolean): ScanResult {
  const spans: Array<[number, number]> = [];
  const cleanLines: number[] = [];
  let resyncedAt: number | undefined;
  // Identifiers at file level since the last token that is not an identifier or `*`: a declaration's head.
  let run: Array<[number, number]> = [];
  let skipUntil = -1;
  // The farthest offset a decision looked at (a SAL annotation's parentheses): no clean line before it.
  let readUntil = -1;
  const unclosed = scanTokens(
    text,
    {
      identifier(start, end, depth) {
        if (start < skipUntil) return;
        if (mayBeAnnotation(text, start, end)) {
          const name = text.slice(start, end);
          if (isAnnotationMacro(name)) {
            let blankEnd = end;
            // A SAL annotation with arguments, e.g. _In_reads_bytes_(size): blank the parenthesised part too.
            if (name.charCodeAt(0) === 95) {
              const open = skipSpaces(text, end);
              readUntil = Math.max(readUntil, open + 1);
              if (text.charCodeAt(open) === 40) {
                const { close, lookedUntil } = matchingParen(text, open);
                readUntil = Math.max(readUntil, lookedUntil);
                if (close > 0) blankEnd = close + 1;
              }
            }
            spans.push([start, blankEnd]);
            skipUntil = blankEnd;
            return;
          }
        }
        if (depth !== 0) return;
        if (C_KEYWORDS.has(text.slice(start, end))) {
          run = [];
          return;
        }
        run.push([start, end]);
      },
      other(start, char, depth) {
        if (start < skipUntil || depth !== 0) return;
        if (char === 40 /* ( */ && run.length >= 3) spans.push(...exportMacroSpans(text, run));
        if (char !== 42 /* * */) run = [];
      },
      lineStart(offset, depth) {
        if (depth !== 0 || run.length !== 0 || skipUntil > offset || readUntil > offset) return false;
        cleanLines.push(offset);
        if (stopAt?.(offset)) {
          resyncedAt = offset;
          return true;
        }
        return false;
      },
    },
    from,
  );
  return { spans, cleanLines, unclosed, resyncedAt };
}

function nonOverlapping(spans: Array<[number, number]>): Array<[number, number]> {
  spans.sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  let at = 0;
  for (const span of spans) {
    if (span[0] < at) continue;
    out.push(span);
    at = span[1];
  }
  return out;
}

/** text[from, to) with the blanks in it (sorted, inside the range) replaced by spaces. */
function blankedSlice(text: string, from: number, to: number, blanks: Array<[number, number]>): string {
  if (blanks.length === 0) return text.slice(from, to);
  const parts: string[] = [];
  let at = from;
  for (const [s, e] of blanks) {
    parts.push(text.slice(at, s), blankText(text, s, e));
    at = e;
  }
  parts.push(text.slice(at, to));
  return parts.join('');
}

function hasLoneCr(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) !== 10) return true;
  return false;
}

/** Index of the last element <= value in an ascending array, or -1. */
function lastAtOrBefore(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= value) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Spaces for [start, end), keeping line breaks so that line numbers do not move. */
function blankText(text: string, start: number, end: number): string {
  const piece = text.slice(start, end);
  return piece.includes('\n') || piece.includes('\r') ? piece.replace(/[^\r\n]/g, ' ') : ' '.repeat(end - start);
}

function skipSpaces(text: string, i: number): number {
  while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return i;
}

/** The `)` closing the `(` at `open` (-1 if none near), and how far the search read. */
function matchingParen(text: string, open: number): { close: number; lookedUntil: number } {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40) depth++;
    else if (c === 41 && --depth === 0) return { close: i, lookedUntil: i + 1 };
    else if (c === 10 && depth > 0 && i - open > 400) return { close: -1, lookedUntil: i + 1 };
  }
  return { close: -1, lookedUntil: text.length };
}

/**
 * Generic recovery for export macros (NETCO_API DWORD Entry(...)): at file level, a run of three or more
 * plain identifiers before "(" holds a type, the declarator's name and macros. Keep the name and the
 * type (known type names, else the identifier just before the name) and blank the rest.
 */
function exportMacroSpans(text: string, run: Array<[number, number]>): Array<[number, number]> {
  const before = run.slice(0, -1);
  const isType = ([s, e]: [number, number]) => KNOWN_TYPES.has(text.slice(s, e));
  const anyKnownType = before.some(isType);
  return before.filter((t, k) => !(anyKnownType ? isType(t) : k === before.length - 1));
}
