/**
 * What a DLL's build files say about it: its name and, in a .def, its exports. Read from text (the front
 * ends read the files): a .vcxproj's TargetName / ProjectName, a WDK `sources` file's TARGETNAME, a
 * .def's LIBRARY and EXPORTS. These are small line or tag formats, not C: read them line by line.
 */
import * as path from 'node:path';

/** One DLL as a build file describes it. */
export interface DllBuildFile {
  /** The DLL's name, lower case, without folder and ".dll" (what INF registrations are matched by). */
  dll: string;
  /** The build file's path; its folder holds the DLL's sources. */
  path: string;
  /** The functions a .def exports (their names in the sources), if this is a .def with EXPORTS. */
  exports?: string[];
}

export type BuildFileKind = 'vcxproj' | 'sources' | 'def';

/** Which build file the path names, if any (the CLI and the editor read these besides C/C++ and INF files). */
export function buildFileKind(filePath: string): BuildFileKind | undefined {
  const base = path.basename(filePath).toLowerCase();
  if (base === 'sources') return 'sources';
  const ext = path.extname(base);
  if (ext === '.vcxproj') return 'vcxproj';
  if (ext === '.def') return 'def';
  return undefined;
}

/** The DLL a build file builds; undefined when it builds something else or names nothing readable. */
export function readBuildFile(filePath: string, text: string): DllBuildFile | undefined {
  switch (buildFileKind(filePath)) {
    case 'vcxproj':
      return readVcxproj(filePath, text);
    case 'sources':
      return readSourcesFile(filePath, text);
    case 'def':
      return readDefFile(filePath, text);
    default:
      return undefined;
  }
}

/** "Foo.DLL" / "bin\foo.dll" / "foo" -> "foo". */
export function dllKey(name: string): string {
  const base = name.trim().replace(/^"|"$/g, '').split(/[\\/]/).pop() ?? '';
  return base.replace(/\.dll$/i, '').toLowerCase();
}

function readVcxproj(filePath: string, text: string): DllBuildFile | undefined {
  const type = firstElementText(text, 'ConfigurationType');
  if (type !== undefined && type !== 'DynamicLibrary') return undefined;
  // TargetName is often $(ProjectName) or another property: only a literal name says something.
  const name = [firstElementText(text, 'TargetName'), firstElementText(text, 'ProjectName')].find((n) => n && !n.includes('$('));
  return { dll: dllKey(name ?? path.basename(filePath, path.extname(filePath))), path: filePath };
}

/** The text of the first <tag>...</tag> element (tags of MSBuild files carry no attributes worth reading here). */
function firstElementText(text: string, tag: string): string | undefined {
  const open = text.indexOf(`<${tag}>`);
  if (open < 0) return undefined;
  const start = open + tag.length + 2;
  const close = text.indexOf(`</${tag}>`, start);
  return close < 0 ? undefined : text.slice(start, close).trim();
}

/** A WDK `sources` file: TARGETNAME=name, for TARGETTYPE=DYNLINK (or no type said). */
function readSourcesFile(filePath: string, text: string): DllBuildFile | undefined {
  const values = new Map<string, string>();
  for (const line of text.split(/\r\n|\r|\n/)) {
    const eq = line.indexOf('=');
    if (eq < 0 || line.trimStart().startsWith('#')) continue;
    values.set(line.slice(0, eq).trim().toUpperCase(), line.slice(eq + 1).trim());
  }
  const name = values.get('TARGETNAME');
  const type = values.get('TARGETTYPE');
  if (!name || name.includes('$(') || (type !== undefined && type.toUpperCase() !== 'DYNLINK')) return undefined;
  return { dll: dllKey(name), path: filePath };
}

/**
 * A module-definition file: `LIBRARY name` and an EXPORTS section of `entry[=internal] [@ordinal] [NONAME]
 * [PRIVATE] [DATA]` lines (`;` starts a comment). The exported function is the internal name if given.
 */
function readDefFile(filePath: string, text: string): DllBuildFile | undefined {
  let library: string | undefined;
  const exports: string[] = [];
  let inExports = false;
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.split(';')[0].trim();
    if (!line) continue;
    const words = line.split(/\s+/);
    const keyword = words[0].toUpperCase();
    if (keyword === 'LIBRARY') {
      library = words[1];
      inExports = false;
      continue;
    }
    if (keyword === 'EXPORTS') {
      inExports = true;
      words.shift();
      if (!words.length) continue;
    } else if (/^(NAME|DESCRIPTION|STACKSIZE|SECTIONS|VERSION|HEAPSIZE|STUB|IMPORTS)$/.test(keyword)) {
      inExports = false;
      continue;
    }
    if (!inExports) continue;
    const entry = words[0];
    const eq = entry.indexOf('=');
    const internal = eq < 0 ? entry : entry.slice(eq + 1);
    if (internal && !internal.startsWith('@') && words[1] !== 'DATA') exports.push(internal);
  }
  const dll = dllKey(library ?? path.basename(filePath, path.extname(filePath)));
  return dll ? { dll, path: filePath, exports } : undefined;
}
