/**
 * What a whole project (the CLI's run, the editor's workspace) says about which function is an installer
 * entry point, beyond the function's own signature: the INFs' registrations, the DLLs' build files and
 * .def exports, and the calls that pass a DIF code from one function to another. The front ends collect
 * it (files.ts / entryPointIndex.ts); the engine reads the part that concerns one file (fileEvidence) when
 * it decides the entry points of that file (model/roles.ts), and the part that concerns one DLL
 * (dllSources) when it checks an INF. Pure data in, pure data out.
 */
import * as path from 'node:path';
import type { InstallerKind } from '../types';
import { parseInf } from '../inf/parser';
import { listInstallerRegistrations } from '../inf/registrations';
import { dllKey, type DllBuildFile } from './buildFiles';

/** An INF registration of an entry point, with where it is written (for messages). */
export interface RegisteredEntryPoint {
  dll: string;
  entryPoint: string;
  role: InstallerKind;
  /** The INF names the entry point (not the role's default). */
  explicit: boolean;
  /** The INF's path and the 1-based line of the registration. */
  infPath: string;
  line: number;
}

/** A function that another function passes its DIF code to: a helper, analysed in its caller's trace. */
export interface DifCall {
  callee: string;
  caller: string;
  path: string;
  /** 1-based line of the call. */
  line: number;
}

export interface ProjectEvidence {
  registrations: RegisteredEntryPoint[];
  buildFiles: DllBuildFile[];
  /** The project's C/C++ source files. */
  sourceFiles: string[];
  difCalls: DifCall[];
  /** Per source file, its functions with an entry point's signature (known once the files are analysed). */
  signatureFunctions?: Record<string, string[]>;
}

/** The registrations an INF makes, for ProjectEvidence. */
export function registrationsOf(infPath: string, infText: string): RegisteredEntryPoint[] {
  return listInstallerRegistrations(parseInf(infText)).map((r) => ({
    dll: dllKey(r.dll),
    entryPoint: r.entryPoint,
    role: r.role,
    explicit: r.explicitEntryPoint,
    infPath,
    line: r.entryRange.start.line + 1,
  }));
}

/** Where a DLL's sources are, and what says so. */
export interface DllSources {
  /** Folders whose sources (at any depth) build the DLL. */
  folders: string[];
  /** Or, when a source file named after the DLL ties it (in a folder it may share with other DLLs' sources), that file. */
  files?: string[];
  /** "coisane/coisane.vcxproj", "folder toastco", "file fabrikamco.c": what ties the DLL to them. */
  origin: string;
}

/**
 * The sources of the DLL an INF registers: the folders of the build files that name it (.vcxproj,
 * `sources`, .def); else a folder of the DLL's name, or a source file of that name, under the INF's folder
 * or next to it. Undefined when none holds a source file of the project: the sources are not at hand.
 */
export function dllSources(project: ProjectEvidence, dllName: string, infPath: string): DllSources | undefined {
  const cache = layoutMemo(project).dllSources;
  const key = `${dllName}|${infPath}`;
  if (!cache.has(key)) cache.set(key, findDllSources(project, dllName, infPath));
  return cache.get(key);
}

/** Answers that depend only on the project's layout: its INFs' registrations, build files and source files. */
interface LayoutMemo {
  dllSources: Map<string, DllSources | undefined>;
  dllOfSource: Map<string, { dll: string; origin: string } | undefined>;
}

/**
 * Asked per registration and source file, again and again: kept while the layout's three lists stay the
 * same objects (the editor keeps them while only its sources' facts, such as DIF calls, change).
 */
function layoutMemo(project: ProjectEvidence): LayoutMemo {
  let byBuildFiles = layoutMemos.get(project.sourceFiles);
  if (!byBuildFiles) layoutMemos.set(project.sourceFiles, (byBuildFiles = new WeakMap()));
  let byRegistrations = byBuildFiles.get(project.buildFiles);
  if (!byRegistrations) byBuildFiles.set(project.buildFiles, (byRegistrations = new WeakMap()));
  let memo = byRegistrations.get(project.registrations);
  if (!memo) byRegistrations.set(project.registrations, (memo = { dllSources: new Map(), dllOfSource: new Map() }));
  return memo;
}

const layoutMemos = new WeakMap<readonly string[], WeakMap<readonly DllBuildFile[], WeakMap<readonly RegisteredEntryPoint[], LayoutMemo>>>();

function findDllSources(project: ProjectEvidence, dllName: string, infPath: string): DllSources | undefined {
  const dll = dllKey(dllName);
  if (!dll) return undefined;
  const built = project.buildFiles.filter((b) => b.dll === dll).map((b) => path.dirname(b.path));
  const withSources = unique(built).filter((folder) => project.sourceFiles.some((s) => isInside(s, folder)));
  if (withSources.length) {
    const names = project.buildFiles.filter((b) => b.dll === dll && withSources.includes(path.dirname(b.path))).map((b) => buildFileName(b.path));
    return { folders: withSources, origin: unique(names).join(', ') };
  }
  if (built.length) return undefined;
  const infFolder = path.dirname(infPath);
  const near = (folder: string) => isInside(folder, infFolder) || path.dirname(folder) === path.dirname(infFolder);
  const folders = unique(
    project.sourceFiles.flatMap((s) => ancestorsNamed(path.dirname(s), dll, infFolder)).filter(near),
  );
  if (folders.length) return { folders, origin: `folder ${path.basename(folders[0])}` };
  const files = project.sourceFiles.filter((s) => baseName(s) === dll && near(path.dirname(s)));
  if (files.length) return { folders: [], files, origin: `file ${path.basename(files[0])}` };
  return undefined;
}

export function isInDllSources(sources: DllSources, file: string): boolean {
  return sources.files ? sources.files.includes(file) : sources.folders.some((folder) => isInside(file, folder));
}

/** What the project says about the functions of one source file (see model/roles.ts). */
export interface EntryPointEvidence {
  /** The DLL the file belongs to, and what says so. */
  dll?: { name: string; origin: string };
  /** Functions of this file's DLL the INFs register, by name (when the file's DLL is unknown: named explicitly for a DLL whose sources are unknown). */
  registered: Record<string, { role: InstallerKind; where: string; explicit: boolean }>;
  /** Some function of this file's DLL is registered by name. */
  dllRegistered: boolean;
  /**
   * A function of this file's DLL that an INF names is defined in the DLL's sources (in another file, as
   * far as the project knows): the DLL's other functions are no entry points. The engine sees its own file.
   */
  registeredDefinedInDll: boolean;
  /** The DLL's .def exports, if it has a .def. */
  exports?: { names: string[]; file: string };
  /** Functions other files pass their DIF code to, with where. */
  calledWithDif: Record<string, string>;
}

/**
 * The evidence for one file; its JSON is a cache key (same evidence, same entry points). `candidates`:
 * the file's functions with an entry point's signature, when known (only calls to those matter).
 */
export function fileEvidence(project: ProjectEvidence, file: string, candidates?: readonly string[]): EntryPointEvidence {
  const evidence: EntryPointEvidence = { registered: {}, dllRegistered: false, registeredDefinedInDll: false, calledWithDif: {} };
  const dll = dllOfSource(project, file);
  if (dll) evidence.dll = { name: dll.dll, origin: dll.origin };
  const sourcesKnown = new Map<string, boolean>();
  for (const r of project.registrations) {
    const key = `${r.dll}|${r.infPath}`;
    if (!sourcesKnown.has(key)) sourcesKnown.set(key, dllSources(project, r.dll, r.infPath) !== undefined);
    // A file of no known DLL takes a registration only by an explicit name, of a DLL whose sources are unknown.
    const applies = dll ? r.dll === dll.dll : r.explicit && !sourcesKnown.get(key);
    if (!applies) continue;
    // Only a name the INF writes out excludes the DLL's other functions: a forgotten entry name (the default
    // applies) is the classic slip, and the function the author meant stays an entry point.
    if (dll && r.explicit) evidence.dllRegistered = true;
    evidence.registered[r.entryPoint] ??= { role: r.role, where: `${path.basename(r.infPath)}:${r.line}`, explicit: r.explicit };
  }
  if (dll && evidence.dllRegistered) evidence.registeredDefinedInDll = registeredDefinedIn(project, dll.dll, file);
  const def = dll && project.buildFiles.find((b) => b.dll === dll.dll && b.exports && isInside(file, path.dirname(b.path)));
  if (def && def.exports) evidence.exports = { names: def.exports, file: path.basename(def.path) };
  for (const call of project.difCalls) {
    // The file's own calls are the engine's to see.
    if (call.path === file || (candidates && !candidates.includes(call.callee))) continue;
    evidence.calledWithDif[call.callee] ??= `${call.caller} in ${path.basename(call.path)}:${call.line}`;
  }
  return evidence;
}

/**
 * The names registeredDefinedIn looks for in signatureFunctions: the entry points the INFs name. Before
 * a file is analysed, a front end may guess its part of signatureFunctions as those of these names the
 * file defines (its analysis then says which have an entry point's signature).
 */
export function explicitlyRegisteredNames(project: ProjectEvidence): ReadonlySet<string> {
  return new Set(project.registrations.filter((r) => r.explicit).map((r) => r.entryPoint));
}

/** Whether another source file of the DLL defines a function that an INF names explicitly for it. */
function registeredDefinedIn(project: ProjectEvidence, dll: string, file: string): boolean {
  const named = new Set(project.registrations.filter((r) => r.dll === dll && r.explicit).map((r) => r.entryPoint));
  for (const [other, functions] of Object.entries(project.signatureFunctions ?? {})) {
    if (other === file || !functions.some((f) => named.has(f))) continue;
    if (dllOfSource(project, other)?.dll === dll) return true;
  }
  return false;
}

/** The DLL a source file builds into: the nearest build file above it, else a registration's DLL whose sources hold it. */
export function dllOfSource(project: ProjectEvidence, file: string): { dll: string; origin: string } | undefined {
  const cache = layoutMemo(project).dllOfSource;
  if (!cache.has(file)) cache.set(file, findDllOfSource(project, file));
  return cache.get(file);
}

function findDllOfSource(project: ProjectEvidence, file: string): { dll: string; origin: string } | undefined {
  let best: DllBuildFile | undefined;
  for (const b of project.buildFiles) {
    if (!isInside(file, path.dirname(b.path))) continue;
    if (!best || path.dirname(b.path).length > path.dirname(best.path).length) best = b;
  }
  if (best) return { dll: best.dll, origin: buildFileName(best.path) };
  for (const r of project.registrations) {
    const sources = dllSources(project, r.dll, r.infPath);
    if (sources && isInDllSources(sources, file)) return { dll: r.dll, origin: sources.origin };
  }
  return undefined;
}

/** `folder` and its ancestors up to (not above) `stop`'s parent, those named `name` (case-insensitive). */
function ancestorsNamed(folder: string, name: string, stop: string): string[] {
  const out: string[] = [];
  const limit = path.dirname(stop);
  for (let f = folder; isInside(f, limit) && f !== limit; f = path.dirname(f)) {
    if (path.basename(f).toLowerCase() === name) out.push(f);
    if (path.dirname(f) === f) break;
  }
  return out;
}

/** "vendorco/vendorco.vcxproj": a build file with its folder (a `sources` file says little on its own). */
function buildFileName(file: string): string {
  return `${path.basename(path.dirname(file))}/${path.basename(file)}`;
}

function baseName(file: string): string {
  return path.basename(file, path.extname(file)).toLowerCase();
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** `child` is `parent` or lies below it (both normalized, as the front ends give them: a prefix test, asked often). */
function isInside(child: string, parent: string): boolean {
  if (!child.startsWith(parent)) return false;
  return child.length === parent.length || child[parent.length] === path.sep || parent.endsWith(path.sep);
}
