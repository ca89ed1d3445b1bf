/**
 * Which `.finish-install.json` applies to a file, and reading it safely. One resolver for every front end:
 * the nearest file named so, from the file's folder up to a boundary (the editor's workspace folder, the
 * CLI's run root), wins. A config is read only if it is a regular file of at most MAX_CONFIG_FILE_BYTES
 * that resolves (through any links) inside that boundary: a workspace is untrusted input, and a FIFO,
 * `/dev/zero` or a link to a file elsewhere must neither block, exhaust memory nor leak content.
 *
 * The policy for problems (the same in the CLI and the editor): a file with any problem - unreadable,
 * not JSON, an unknown rule id, a bad severity - is not used at all; its problems are reported with
 * their position.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAME, parseConfig, type ConfigProblem, type LintConfig } from './config';
import { decodeText } from './decode';
import { describeIoError, isInside } from './files';
import { RULE_IDS } from './rules';

/** Far above any real config (a line per rule is about 2 KB). */
export const MAX_CONFIG_FILE_BYTES = 64 * 1024;

export interface ConfigFile {
  path: string;
  /** The decoded text, when the file was read (for turning problem offsets into positions). */
  text?: string;
  /** Present only when the file has no problems. Without `text`, the file was not read and the problems say why. */
  config?: LintConfig;
  problems: ConfigProblem[];
}

/**
 * The nearest `.finish-install.json` from `folder` up to `boundary` (both included), or undefined. Any
 * entry of that name counts, even one that is not a regular file: it is then refused with a problem
 * rather than silently passed over for a config further up.
 */
export function findConfigFile(folder: string, boundary: string): string | undefined {
  for (let dir = folder; ; dir = path.dirname(dir)) {
    if (!isInside(dir, boundary)) return undefined;
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    if (exists(candidate)) return candidate;
    if (dir === boundary || path.dirname(dir) === dir) return undefined;
  }
}

/**
 * Reads and checks a config file. With `boundary`, the file must resolve inside it; without (a file the
 * user named on the command line), anywhere. Never throws and never blocks on special files.
 */
export function readConfigFile(configPath: string, boundary?: string): ConfigFile {
  const refuse = (message: string): ConfigFile => ({ path: configPath, problems: [{ message, offset: 0, length: 0 }] });
  if (boundary !== undefined) {
    let real: string;
    let realBoundary: string;
    try {
      real = fs.realpathSync(configPath);
      realBoundary = fs.realpathSync(boundary);
    } catch (error) {
      return refuse(describeIoError(error));
    }
    if (!isInside(real, realBoundary)) return refuse(`it is a link to a place outside ${boundary}`);
  }
  let bytes: Buffer;
  try {
    bytes = readBoundedRegularFile(configPath);
  } catch (error) {
    return refuse(error instanceof ConfigFileRefused ? error.message : describeIoError(error));
  }
  const text = decodeText(bytes).text;
  const { config, problems } = parseConfig(text, RULE_IDS);
  return problems.length ? { path: configPath, text, problems } : { path: configPath, text, config, problems };
}

/**
 * The config of each file, resolved once per folder and read once per config file. The CLI keeps one
 * for a run; the language server keeps one and forgets what its file watcher reports.
 */
export class ConfigResolver {
  private readonly nearest = new Map<string, string | undefined>();
  private readonly files = new Map<string, ConfigFile>();

  /** The config file that applies to `filePath` (undefined: none, defaults apply). */
  fileFor(filePath: string, boundary: string): ConfigFile | undefined {
    const folder = path.dirname(filePath);
    const key = `${boundary}\0${folder}`;
    if (!this.nearest.has(key)) this.nearest.set(key, findConfigFile(folder, boundary));
    const configPath = this.nearest.get(key);
    return configPath === undefined ? undefined : this.read(configPath, boundary);
  }

  /** A config file given explicitly (--config): read without a boundary. */
  read(configPath: string, boundary?: string): ConfigFile {
    let file = this.files.get(configPath);
    if (!file) {
      file = readConfigFile(configPath, boundary);
      this.files.set(configPath, file);
    }
    return file;
  }

  /** Every config file read so far. */
  readFiles(): ConfigFile[] {
    return [...this.files.values()];
  }

  /** Something on disk changed: look again. */
  forget(): void {
    this.nearest.clear();
    this.files.clear();
  }
}

class ConfigFileRefused extends Error {}

/**
 * Opens without blocking (a FIFO would wait for a writer), then checks what was opened: a regular file
 * no larger than the limit, read up to one byte past the limit in case it grew meanwhile.
 */
function readBoundedRegularFile(filePath: string): Buffer {
  const fd = fs.openSync(filePath, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new ConfigFileRefused('it is not a regular file');
    if (stat.size > MAX_CONFIG_FILE_BYTES) throw new ConfigFileRefused(`it is larger than ${MAX_CONFIG_FILE_BYTES / 1024} KB`);
    const buffer = Buffer.alloc(MAX_CONFIG_FILE_BYTES + 1);
    let length = 0;
    for (let n = 1; n > 0 && length < buffer.length; length += n) n = fs.readSync(fd, buffer, length, buffer.length - length, null);
    if (length > MAX_CONFIG_FILE_BYTES) throw new ConfigFileRefused(`it is larger than ${MAX_CONFIG_FILE_BYTES / 1024} KB`);
    return buffer.subarray(0, length);
  } finally {
    fs.closeSync(fd);
  }
}

function exists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}
