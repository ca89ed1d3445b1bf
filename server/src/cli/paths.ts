/**
 * The CLI's path arithmetic, written against a path flavour (node:path by default) so that tests can
 * run the Windows rules (path.win32: drive letters, backslashes, UNC shares, names that differ only in
 * case) on any machine. Everything that compares, shortens or turns a path into a URI goes through here.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

import { isInside, type PathFlavor } from '../engine';

export { isInside, type PathFlavor };

/** Relative to `cwd` when inside it (clickable in terminals and editors), absolute otherwise. */
export function relativeOrAbsolute(cwd: string, file: string, flavor: PathFlavor = path): string {
  return isInside(file, cwd, flavor) ? flavor.relative(cwd, file) || flavor.basename(file) : file;
}

/** `file:///C:/src/a.c`, `file://server/share/a.c` on Windows; `file:///home/a.c` elsewhere. */
export function fileUri(file: string, flavor: PathFlavor = path): string {
  return pathToFileURL(file, { windows: flavor.sep === '\\' }).href;
}

/** A folder's URI ends with `/`, so that relative URIs resolve inside it (SARIF's originalUriBaseIds). */
export function folderUri(folder: string, flavor: PathFlavor = path): string {
  const href = fileUri(folder, flavor);
  // Node writes a drive root `C:\` as `file:///C://`.
  return href.endsWith('/') ? href.replace(/^(file:\/\/\/[A-Za-z]:)\/\/$/, '$1/') : href + '/';
}

/**
 * A relative URI reference (`drivers/fabrikam/FabrikamCo.c`) for a file inside `root`, with `/` whatever
 * the platform's separator and each segment percent-encoded; undefined outside `root`.
 */
export function relativeUri(root: string, file: string, flavor: PathFlavor = path): string | undefined {
  if (!isInside(file, root, flavor)) return undefined;
  return flavor.relative(root, file).split(flavor.sep).map(encodeURIComponent).join('/');
}
