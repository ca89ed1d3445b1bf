/**
 * Prepares C/C++ text for tree-sitter without moving any offset. Windows headers are not available and
 * macros are not expanded, so calling conventions (CALLBACK, WINAPI), SAL annotations (_In_, __inout,
 * _In_reads_(n)), IN/OUT/OPTIONAL and export macros (FOO_API) would otherwise turn entry-point
 * signatures into ERROR nodes. They are replaced by spaces of the same length. Brackets left open at
 * the end of a file being typed are closed after its end, so everything before the damage still parses.
 */
import { closingText, scanTokens } from './lexer';

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
  text: string;
  originalLength: number;
}

/** Quick pre-check before any string is sliced: annotation macros start with `_` or an upper-case letter. */
function mayBeAnnotation(text: string, start: number, end: number): boolean {
  const c = text.charCodeAt(start);
  return end - start >= 2 && end - start <= 48 && (c === 95 || (c >= 65 && c <= 90));
}

/** A carriage return that is not part of \r\n: a line break of its own (old Mac line ends). */
const LONE_CR = /\r(?!\n)/;

export function prepareSource(source: string): PreparedSource {
  // tree-sitter ends lines only at \n, so a `//` comment would run on past a lone \r and rows would
  // disagree with the LSP, the compilers and the rest of the engine, which all end a line there.
  // \r -> \n keeps every offset.
  const text = LONE_CR.test(source) ? source.replace(/\r(?!\n)/g, '\n') : source;
  const spans: Array<[number, number]> = [];
  // Identifiers at file level since the last token that is not an identifier or `*`: a declaration's head.
  let run: Array<[number, number]> = [];
  let skipUntil = -1;
  const unclosed = scanTokens(text, {
    identifier(start, end, depth) {
      if (start < skipUntil) return;
      if (mayBeAnnotation(text, start, end)) {
        const name = text.slice(start, end);
        if (isAnnotationMacro(name)) {
          let blankEnd = end;
          // A SAL annotation with arguments, e.g. _In_reads_bytes_(size): blank the parenthesised part too.
          if (name.charCodeAt(0) === 95) {
            const open = skipSpaces(text, end);
            if (text.charCodeAt(open) === 40) {
              const close = matchingParen(text, open);
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
  });
  if (spans.length === 0 && unclosed.length === 0) return { text, originalLength: text.length };
  spans.sort((a, b) => a[0] - b[0]);
  const parts: string[] = [];
  let at = 0;
  for (const [s, e] of spans) {
    if (s < at) continue;
    parts.push(text.slice(at, s), blankText(text, s, e));
    at = e;
  }
  parts.push(text.slice(at), closingText(unclosed));
  return { text: parts.join(''), originalLength: text.length };
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

function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40) depth++;
    else if (c === 41 && --depth === 0) return i;
    else if (c === 10 && depth > 0 && i - open > 400) return -1;
  }
  return -1;
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
