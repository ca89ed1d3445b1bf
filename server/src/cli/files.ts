/**
 * Which files a run lints: the PATH arguments, folders searched recursively. Symbolic links are
 * followed only while they stay inside the given paths (unless --follow-symlinks), so linting a
 * checkout never wanders into the rest of the disk; every file is linted once, however many links lead to it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { C_FILE_SUFFIXES, INF_FILE_SUFFIXES, buildFileKind, decodeText, describeIoError, isInfFileName, isInside, looksLikeInf } from '../engine';

export { describeIoError, isInside };

export const LINTED_EXTENSIONS: readonly string[] = [...C_FILE_SUFFIXES, ...INF_FILE_SUFFIXES];
const SKIPPED_FOLDER_NAMES = new Set(['node_modules']);

export interface FileDiscovery {
  /** The folder paths are reported relative to (SARIF's %SRCROOT%) and config lookup stops at. */
  root: string;
  /** Absolute paths as reached from the arguments (not resolved through links), in a stable order. */
  files: string[];
  /** Build files (.vcxproj, `sources`, .def) found in the folders: they tie DLLs to their sources (not linted). */
  buildFiles: string[];
  /** Things skipped on purpose that the user should know about (one stderr line each). */
  notices: string[];
  /** Arguments and folders that cannot be read (missing, no permission): the rest is linted, and the run exits with code 2. */
  unreadable: UnreadablePath[];
}

export interface UnreadablePath {
  path: string;
  /** e.g. "cannot read the folder: permission denied". */
  problem: string;
}

export function isLintedFile(filePath: string): boolean {
  return C_FILE_SUFFIXES.includes(path.extname(filePath).toLowerCase()) || isInfFileName(filePath);
}

export function discoverFiles(args: readonly string[], cwd: string, followSymlinks: boolean): FileDiscovery {
  const given = args.map((a) => path.resolve(cwd, a));
  const readable: string[] = [];
  const allowedRealRoots: string[] = [];
  const unreadable: UnreadablePath[] = [];
  for (const p of given) {
    try {
      allowedRealRoots.push(fs.realpathSync(p));
      readable.push(p);
    } catch (err) {
      unreadable.push({ path: p, problem: `cannot read: ${describeIoError(err)}` });
    }
  }
  // A missing PATH must not move the root (and with it where config lookup stops) for the others.
  const discovery: FileDiscovery = { root: commonRoot(readable.length ? readable : given), files: [], buildFiles: [], notices: [], unreadable };

  const walker = new Walker(discovery, allowedRealRoots, followSymlinks);
  for (const p of readable) walker.visitArgument(p);
  return discovery;
}

class Walker {
  private readonly seenFiles = new Set<string>();
  private readonly seenFolders = new Set<string>();

  constructor(
    private readonly discovery: FileDiscovery,
    private readonly allowedRealRoots: readonly string[],
    private readonly followSymlinks: boolean,
  ) {}

  visitArgument(p: string): void {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (err) {
      this.discovery.unreadable.push({ path: p, problem: `cannot read: ${describeIoError(err)}` });
      return;
    }
    if (stat.isDirectory()) {
      this.visitFolder(p);
    } else if (isLintedFile(p) || (stat.isFile() && readsAsInf(p))) {
      // Named on purpose, so kept even if it is no regular file (a FIFO, a link to a device): it is
      // reported as skipped rather than read (see analyzeFile). Only a regular file is sniffed for an INF.
      this.addFile(p);
    } else {
      // Named on purpose, so skipping it would read as a pass in CI: the run is incomplete (exit code 2).
      this.discovery.unreadable.push({ path: p, problem: `cannot lint it: not a C/C++ or INF file (${LINTED_EXTENSIONS.join(' ')}), and its first section is no INF [section]` });
    }
  }

  private visitFolder(folder: string): void {
    let real: string;
    let entries: fs.Dirent[];
    try {
      real = fs.realpathSync(folder);
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch (err) {
      this.discovery.unreadable.push({ path: folder, problem: `cannot read the folder: ${describeIoError(err)}` });
      return;
    }
    if (this.seenFolders.has(real)) return; // a link cycle, or a folder reached twice
    this.seenFolders.add(real);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const child = path.join(folder, entry.name);
      if (entry.isSymbolicLink()) this.visitLink(child, entry.name);
      else if (entry.isDirectory()) {
        if (!isSkippedFolderName(entry.name)) this.visitFolder(child);
      } else if (entry.isFile() && isLintedFile(entry.name)) this.addFile(child);
      else if (entry.isFile() && buildFileKind(entry.name)) this.discovery.buildFiles.push(child);
    }
  }

  private visitLink(link: string, name: string): void {
    let target: string;
    let stat: fs.Stats;
    try {
      target = fs.realpathSync(link);
      stat = fs.statSync(target);
    } catch {
      if (isLintedFile(name)) this.discovery.notices.push(`skipping ${link}: the symbolic link is broken`);
      return;
    }
    const isFolder = stat.isDirectory();
    if (isFolder ? isSkippedFolderName(name) : !(stat.isFile() && isLintedFile(name))) return;
    if (!this.followSymlinks && !this.allowedRealRoots.some((root) => isInside(target, root))) {
      this.discovery.notices.push(`skipping ${link}: the symbolic link leads outside the given paths (use --follow-symlinks to lint it)`);
      return;
    }
    if (isFolder) this.visitFolder(link);
    else this.addFile(link);
  }

  private addFile(file: string): void {
    let real = file;
    try {
      real = fs.realpathSync(file);
    } catch {
      // Reading it will fail and be reported with the file's own name.
    }
    if (this.seenFiles.has(real)) return;
    this.seenFiles.add(real);
    this.discovery.files.push(file);
  }
}

/** A file of another name that is an INF all the same (a template named on the command line). */
function isSkippedFolderName(name: string): boolean {
  return name.startsWith('.') || SKIPPED_FOLDER_NAMES.has(name);
}

function readsAsInf(file: string): boolean {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const head = Buffer.alloc(64 * 1024);
      const length = fs.readSync(fd, head, 0, head.length, 0);
      return looksLikeInf(decodeText(head.subarray(0, length)).text);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}

/** The deepest folder holding every argument (a folder argument holds itself, a file its folder). */
function commonRoot(given: readonly string[]): string {
  const folders = given.map((p) => (isFolder(p) ? p : path.dirname(p)));
  let root = folders[0];
  for (const folder of folders.slice(1)) {
    while (!isInside(folder, root)) {
      const parent = path.dirname(root);
      if (parent === root) break;
      root = parent;
    }
  }
  return root;
}

function isFolder(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
