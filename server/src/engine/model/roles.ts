/**
 * Which functions of a file are installer entry points, decided the way Windows decides, from the
 * strongest evidence at hand (README, "Which function is an installer"):
 *   1. an INF registration names the DLL and the function: registered functions are entry points, and
 *      the other functions of the DLL are not, once a registered one is defined in the DLL's sources;
 *   2. exports: a .def's EXPORTS, `__declspec(dllexport)`, an export macro (FOO_API, FOO_EXPORT);
 *   3. the call graph: a function another function passes its DIF code to is a helper, analysed inside its
 *      caller's trace, not on its own;
 *   4. the signature alone (DI_FUNCTION, HDEVINFO, PSP_DEVINFO_DATA[, PCOINSTALLER_CONTEXT_DATA]), when
 *      nothing else is known (a lone file being typed).
 */
import { KIND_LABEL } from '../catalogue';
import type { EntryPointEvidence } from '../project/evidence';
import { callsOfFunction } from './calls';
import type { EntryPointCandidate, FileIndex, FunctionInfo } from './fileIndex';
import type { PreparedSource } from '../c/prepare';

/** An entry point the evidence keeps, with where its role comes from when not from the signature alone. */
export interface DecidedEntryPoint extends EntryPointCandidate {
  /** "registered as a co-installer in foo.inf:42", "exported in foo.def"; absent: from the signature. */
  roleOrigin?: string;
}

/** A call that passes the caller's DIF code on: `Helper(InstallFunction, ...)`. */
export interface DifCallSite {
  caller: string;
  callee: string;
  /** 0-based row of the call. */
  row: number;
}

/** The calls in `fn` that pass its DI_FUNCTION parameter on; their rows are read each time (a copy is reused where an edit above it moved it). */
function difCallsOf(fn: FunctionInfo): DifCallSite[] {
  return callsOfFunction(fn).passingDifCode.map(({ callee, call }) => ({ caller: fn.name, callee, row: call.startPosition.row }));
}

/** Every call in the file that passes a DIF code from one function to another. */
export function difCallSites(index: FileIndex): DifCallSite[] {
  return [...index.functions.values()].flatMap(difCallsOf);
}

/** `prepared`: the file's prepared text, whose blanked macros tell which functions an export macro marks. */
export function decideEntryPoints(index: FileIndex, evidence: EntryPointEvidence | undefined, prepared?: PreparedSource): DecidedEntryPoint[] {
  const calledHere = new Map<string, DifCallSite>();
  for (const call of difCallSites(index)) if (!calledHere.has(call.callee)) calledHere.set(call.callee, call);
  // Unregistered functions give way only to a registered one that is defined (here or elsewhere in the DLL):
  // when the registered name is missing (renamed, mistyped), the function the author meant stays an entry
  // point (inf-entry-point-missing points to it).
  const registeredDefined =
    !!evidence?.dllRegistered && (evidence.registeredDefinedInDll || [...index.functions.keys()].some((name) => evidence.registered[name]?.explicit));
  const out: DecidedEntryPoint[] = [];
  for (const candidate of index.entryPoints) {
    const decided = decide(candidate, evidence, calledHere, registeredDefined, prepared);
    if (decided) out.push(decided);
  }
  return out;
}

function decide(
  candidate: EntryPointCandidate,
  evidence: EntryPointEvidence | undefined,
  calledHere: Map<string, DifCallSite>,
  registeredDefined: boolean,
  prepared: PreparedSource | undefined,
): DecidedEntryPoint | undefined {
  const name = candidate.fn.name;
  const registered = evidence?.registered[name];
  if (registered) return { ...candidate, roleOrigin: `registered as a ${KIND_LABEL[registered.role]} in ${registered.where}` };
  if (registeredDefined) return undefined;
  if (evidence?.exports?.names.includes(name)) return { ...candidate, roleOrigin: `exported in ${evidence.exports.file}` };
  if (isDeclaredDllExport(candidate.fn)) return { ...candidate, roleOrigin: 'exported with __declspec(dllexport)' };
  const macro = prepared && exportMacroOf(candidate.fn, prepared);
  if (macro) return { ...candidate, roleOrigin: `exported with ${macro}` };
  if (evidence?.exports) return undefined;
  if (calledHere.has(name) || evidence?.calledWithDif[name]) return undefined;
  return candidate;
}

/** `__declspec(dllexport)` among the definition's specifiers (the preparation keeps __declspec). */
function isDeclaredDllExport(fn: FunctionInfo): boolean {
  return fn.node.namedChildren.some((c) => c.type === 'ms_declspec_modifier' && c.text.includes('dllexport'));
}

/** How export macros are usually named: NETCO_API, TOASTER_EXPORT, DLLEXPORT, MY_DLL_EXPORTS. */
function isExportMacroName(name: string): boolean {
  return /(?:^|_)(?:API|EXPORTS?|DLLEXPORT)$/.test(name) || name === 'DLLEXPORT';
}

/**
 * The export macro written before the function (`NETCO_API DWORD CALLBACK Entry(...)`), if any. The
 * preparation blanks such macros (prepare.ts), so they are read from the original text of the blanked spans
 * that stand between the declaration's start and the function's name.
 */
function exportMacroOf(fn: FunctionInfo, prepared: PreparedSource): string | undefined {
  const { source, blanks } = prepared.scan;
  const nameStart = fn.nameNode.startIndex;
  // The blanks are sorted and do not overlap: only those just before the name are read (the file has
  // thousands, and every candidate is asked at every analysis).
  const beforeName = firstBlankFrom(blanks, nameStart);
  // The declaration starts at the node, or earlier where blanked macros and white space precede it.
  let start = fn.node.startIndex;
  for (let k = beforeName - 1; k >= 0; k--) {
    const [s, e] = blanks[k];
    if (e <= start && source.slice(e, start).trim() !== '') break;
    if (e > start && s >= start) continue;
    start = Math.min(start, s);
  }
  for (let k = firstBlankFrom(blanks, start); k < beforeName; k++) {
    const [s, e] = blanks[k];
    if (e > nameStart) continue;
    const name = source.slice(s, e).trim();
    if (isExportMacroName(name)) return name;
  }
  return undefined;
}

/** The index of the first blank that starts at or after `offset` (blanks.length if none). */
function firstBlankFrom(blanks: ReadonlyArray<readonly [number, number]>, offset: number): number {
  let lo = 0;
  let hi = blanks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (blanks[mid][0] < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
