/**
 * How the front ends read a project header for the engine (`AnalyzeOptions.includes`): `#include "x.h"`
 * is looked up next to the including file, then in each folder above it up to the project's roots (the
 * paths of a CLI run, the editor's workspace folders), never outside them. Regular files only, at most
 * MAX_HEADER_CHARS, decoded as editors do; each path is read once per resolver (a run, or until the
 * editor says a file changed: `forget`).
 */
import * as path from 'node:path';
import { readProjectFile } from './projectFiles';
import { isInside, MAX_HEADER_CHARS, type IncludedFile, type IncludeResolver } from '../engine';

export interface CachedIncludeResolver {
  resolve: IncludeResolver;
  /** Read this path again next time (it changed on disk or in an editor). */
  forget(filePath: string): void;
}

/** `openText`: the text of a file open in an editor, which wins over the disk's. */
export function createIncludeResolver(roots: () => readonly string[], openText?: (filePath: string) => string | undefined): CachedIncludeResolver {
  const cache = new Map<string, IncludedFile | null>();
  const read = (candidate: string): IncludedFile | undefined => {
    const open = openText?.(candidate);
    if (open !== undefined) return open.length <= MAX_HEADER_CHARS ? { path: candidate, text: open } : undefined;
    const cached = cache.get(candidate);
    if (cached !== undefined) return cached ?? undefined;
    // At most 4 bytes per character in any encoding we decode: a larger file is no header for sure.
    const text = readProjectFile(candidate, MAX_HEADER_CHARS * 4);
    const found: IncludedFile | null = text !== undefined && text.length <= MAX_HEADER_CHARS ? { path: candidate, text } : null;
    cache.set(candidate, found);
    return found ?? undefined;
  };
  const resolve: IncludeResolver = (name, includingPath) => {
    if (!name || path.isAbsolute(name) || name.includes('\0')) return undefined;
    const relative = name.split('\\').join('/');
    const within = roots().filter((root) => isInside(includingPath, root));
    if (!within.length) return undefined;
    for (let folder = path.dirname(includingPath); ; folder = path.dirname(folder)) {
      const candidate = path.resolve(folder, relative);
      if (within.some((root) => isInside(candidate, root))) {
        const header = read(candidate);
        if (header) return header;
      }
      if (!within.some((root) => isInside(path.dirname(folder), root)) || path.dirname(folder) === folder) return undefined;
    }
  };
  return { resolve, forget: (filePath) => cache.delete(filePath) };
}
