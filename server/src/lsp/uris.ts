/** Document URIs <-> the paths the engine reports and the language it analyses them as. */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { C_FILE_SUFFIXES, type DocumentLanguage } from '../engine';

/** A file URI's file-system path; for any other scheme (untitled:) the URI itself names the document. */
export function uriToPath(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return fileURLToPath(uri);
  } catch {
    // Not a local file URI (e.g. file://server/share on a non-Windows host): keep a readable name.
    return decodeURIComponent(uri.replace(/^file:\/\//, ''));
  }
}

export function pathToUri(path: string): string {
  if (/^[a-z][\w+.-]*:/i.test(path) && !/^[a-z]:[\\/]/i.test(path)) return path; // already a URI (untitled:...)
  return pathToFileURL(path).href;
}

export function isFileUri(uri: string): boolean {
  return uri.startsWith('file:');
}

/** The engine's language for a VS Code language id; undefined: not ours. */
export function languageFromId(languageId: string): DocumentLanguage | undefined {
  switch (languageId) {
    case 'c':
      return 'c';
    case 'cpp':
      return 'cpp';
    case 'inf':
      return 'inf';
    default:
      return undefined;
  }
}

/** File extensions of the C/C++ sources scanned for entry points. */
/** The editor also watches and scans the rarer header spellings. */
export const C_SOURCE_EXTENSIONS = [...C_FILE_SUFFIXES, '.hh', '.hxx'];
export { INF_FILE_SUFFIXES as INF_EXTENSIONS } from '../engine';
