/** Paths and I/O errors, as every front end words them. */
import * as path from 'node:path';

/** node:path, path.posix or path.win32: tests run the Windows rules on any machine. */
export type PathFlavor = typeof path.posix;

/**
 * `child` is `parent` or lies below it. path.win32.relative compares case-insensitively and across
 * `/` and `\`, which is what Windows does; a file on another drive comes back absolute.
 */
export function isInside(child: string, parent: string, flavor: PathFlavor = path): boolean {
  const relative = flavor.relative(parent, child);
  return relative === '' || (relative !== '..' && !relative.startsWith('..' + flavor.sep) && !flavor.isAbsolute(relative));
}

/** An I/O error in words for a user (the common codes), else the error's own message. */
export function describeIoError(error: unknown): string {
  switch ((error as NodeJS.ErrnoException)?.code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      return (error as Error)?.message ?? String(error);
  }
}
