/**
 * Prepares C/C++ text for tree-sitter without moving any offset. Windows headers are not available and
 * macros are not expanded, so calling conventions (CALLBACK, WINAPI), SAL annotations (_In_, __inout,
 * _In_reads_(n)), IN/OUT/OPTIONAL and export macros (FOO_API) would otherwise turn entry-point
 * signatures into ERROR nodes. They are replaced by spaces of the same length. Brackets left open at
 * the end of a file being typed are closed after its end, so everything before the damage still parses.
 */
import { closingText, scan, type Token } from './lexer';

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

/** Blank the given [start, end) spans in a char array. */
function blank(chars: string[], start: number, end: number): void {
  for (let k = start; k < end; k++) {
    const ch = chars[k];
    if (ch !== '\n' && ch !== '\r') chars[k] = ' ';
  }
}

export function prepareSource(text: string): PreparedSource {
  const { tokens, unclosed } = scan(text);
  const spans: Array<[number, number]> = [];
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t];
    if (tok.kind !== 'identifier') continue;
    const name = text.slice(tok.start, tok.end);
    if (!isAnnotationMacro(name)) continue;
    let end = tok.end;
    // A SAL annotation with arguments, e.g. _In_reads_bytes_(size): blank the parenthesised part too.
    const next = tokens[t + 1];
    if (name.startsWith('_') && next && text[next.start] === '(' && next.start === skipSpaces(text, tok.end)) {
      const close = matchingClose(tokens, t + 1, text);
      if (close >= 0) {
        end = tokens[close].end;
        t = close;
      }
    }
    spans.push([tok.start, end]);
  }
  const exportMacroSpans = findExportMacros(text, tokens, spans);
  if (spans.length === 0 && exportMacroSpans.length === 0 && unclosed.length === 0) {
    return { text, originalLength: text.length };
  }
  const chars = text.split('');
  for (const [s, e] of spans) blank(chars, s, e);
  for (const [s, e] of exportMacroSpans) blank(chars, s, e);
  return { text: chars.join('') + closingText(unclosed), originalLength: text.length };
}

function skipSpaces(text: string, i: number): number {
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}

function matchingClose(tokens: Token[], openIndex: number, text: string): number {
  const depth = tokens[openIndex].depth;
  for (let k = openIndex + 1; k < tokens.length; k++) {
    if (tokens[k].depth === depth && text[tokens[k].start] === ')') return k;
  }
  return -1;
}

/**
 * Generic recovery for export macros (NETCO_API DWORD Entry(...)): at file level, a run of three or more
 * plain identifiers before "(" holds a type, the declarator's name and macros. Keep the name and the
 * type (a known type name, else the identifier just before the name) and blank the rest.
 */
function findExportMacros(text: string, tokens: Token[], blanked: Array<[number, number]>): Array<[number, number]> {
  const isBlanked = new Set(blanked.map(([s]) => s));
  const out: Array<[number, number]> = [];
  let run: Token[] = [];
  for (const tok of tokens) {
    if (tok.kind === 'identifier' && tok.depth === 0) {
      if (isBlanked.has(tok.start)) continue;
      const name = text.slice(tok.start, tok.end);
      if (C_KEYWORDS.has(name)) {
        run = [];
        continue;
      }
      run.push(tok);
      continue;
    }
    if (text[tok.start] === '(' && tok.depth === 0 && run.length >= 3) {
      const before = run.slice(0, -1);
      const isType = (t: Token) => KNOWN_TYPES.has(text.slice(t.start, t.end));
      const anyKnownType = before.some(isType);
      before.forEach((t, k) => {
        const keep = anyKnownType ? isType(t) : k === before.length - 1;
        if (!keep) out.push([t.start, t.end]);
      });
    }
    if (!(tok.kind === 'punct' && text[tok.start] === '*')) run = [];
  }
  return out;
}

