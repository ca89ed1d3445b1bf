/**
 * How the front ends read the project's other files for the engine (a helper's source, a header, an INF
 * or build file read for evidence): regular files only (a FIFO would block the read, a link to a device
 * never end it), bounded in size, decoded as editors do. Undefined when the file cannot be used.
 */
import * as fs from 'node:fs';
import { decodeText } from '../engine';

/** INFs, build files and helper sources are small; a larger one (generated, or not what its name says) adds nothing. */
export const MAX_PROJECT_FILE_BYTES = 4 * 1024 * 1024;

/** What reading a project file gave: its text, or why there is none (missing: it was deleted meanwhile). */
export type ProjectFileRead = { text: string } | { unusable: 'not-a-file' | 'too-large' } | { missing: true } | { error: unknown };

export function readProjectFileOrWhyNot(file: string, maxBytes = MAX_PROJECT_FILE_BYTES): ProjectFileRead {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return { unusable: 'not-a-file' };
    if (stat.size > maxBytes) return { unusable: 'too-large' };
    return { text: decodeText(fs.readFileSync(file)).text };
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? { missing: true } : { error };
  }
}

export function readProjectFile(file: string, maxBytes = MAX_PROJECT_FILE_BYTES): string | undefined {
  const read = readProjectFileOrWhyNot(file, maxBytes);
  return 'text' in read ? read.text : undefined;
}
