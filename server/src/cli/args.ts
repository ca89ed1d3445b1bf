/** Command-line arguments to options. Problems are returned as messages for main() to print with exit code 2. */
import { parseDefine } from '../engine';

export const OUTPUT_FORMATS = ['text', 'json', 'sarif', 'visualstudio'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface CliOptions {
  format: OutputFormat;
  configFile?: string;
  maxFileSizeKB?: number;
  followSymlinks: boolean;
  /** Most analysis threads to use; absent: one per CPU. */
  jobs?: number;
  /** Macros pinned with -D, over the `defines` of every config. */
  defines?: Record<string, string>;
  paths: string[];
}

export type ParsedArguments =
  | { kind: 'run'; options: CliOptions }
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'usage-error'; message: string };

export const USAGE = `Usage: finish-install-lint [options] PATH...

Checks Windows class installers and co-installers (C/C++) and their INF files against the
finish-install contract. PATH is a file or a folder; folders are searched for
.c .cc .cpp .cxx .h .hpp .inf .inx files (node_modules and dot-folders are skipped).

Options:
  --format text|json|sarif|visualstudio
                             output format (default: text); visualstudio: the
                             path(line,col): warning CODE: message form MSBuild and
                             Visual Studio's Error List read
  --config FILE              use this .finish-install.json for every file; by default each file
                             uses the nearest .finish-install.json between its folder and the
                             folder given on the command line
  --max-file-size-kb N       skip files larger than N KB (default: 2048)
  --follow-symlinks          follow symbolic links that lead outside the given paths
  --jobs N                   analyse on at most N threads (default: one per CPU; small runs use one)
  -D NAME[=VALUE]            pin a macro the build defines (VALUE defaults to 1): an #if/#ifdef on
                             it takes one arm; without, a name only the build knows (_WIN64, DBG)
                             has both arms checked as two possible builds. Repeatable; -DNAME works
  -h, --help                 show this help
  -v, --version              show the version

Exit codes: 0 no errors found, 1 errors found, 2 usage, configuration or I/O error.
`;

const OPTIONS_WITH_VALUE = new Set(['--format', '--config', '--max-file-size-kb', '--jobs']);

export function parseArguments(argv: readonly string[]): ParsedArguments {
  const options: CliOptions = { format: 'text', followSymlinks: false, paths: [] };
  let onlyPathsFollow = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (onlyPathsFollow || !arg.startsWith('-') || arg === '-') {
      options.paths.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPathsFollow = true;
      continue;
    }
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    if (arg === '-v' || arg === '--version') return { kind: 'version' };
    if (arg === '--follow-symlinks') {
      options.followSymlinks = true;
      continue;
    }
    if (arg.startsWith('-D')) {
      // -D NAME, -DNAME, -D NAME=V, -DNAME=V, as compilers take it.
      let spec = arg.slice(2);
      if (spec === '') {
        if (i + 1 >= argv.length) return usageError('-D needs a macro name');
        spec = argv[++i];
      }
      const define = parseDefine(spec);
      if (!define) return usageError(`-D needs NAME or NAME=VALUE with a macro name, not "${spec}"`);
      (options.defines ??= {})[define.name] = define.value;
      continue;
    }
    const equals = arg.indexOf('=');
    const name = equals >= 0 ? arg.slice(0, equals) : arg;
    if (!OPTIONS_WITH_VALUE.has(name)) return usageError(`unknown option ${name}`);
    let value: string;
    if (equals >= 0) {
      value = arg.slice(equals + 1);
    } else {
      if (i + 1 >= argv.length) return usageError(`${name} needs a value`);
      value = argv[++i];
    }
    const problem = applyValue(options, name, value);
    if (problem) return usageError(problem);
  }
  if (options.paths.length === 0) return usageError('no PATH given');
  return { kind: 'run', options };
}

function applyValue(options: CliOptions, name: string, value: string): string | undefined {
  switch (name) {
    case '--format':
      if (!(OUTPUT_FORMATS as readonly string[]).includes(value)) return `--format must be one of ${OUTPUT_FORMATS.join(', ')}, not "${value}"`;
      options.format = value as OutputFormat;
      return undefined;
    case '--config':
      if (value === '') return '--config needs a file name';
      options.configFile = value;
      return undefined;
    case '--max-file-size-kb': {
      const kb = Number(value);
      if (value.trim() === '' || !Number.isFinite(kb) || kb <= 0) return `--max-file-size-kb must be a positive number, not "${value}"`;
      options.maxFileSizeKB = kb;
      return undefined;
    }
    case '--jobs': {
      const jobs = Number(value);
      if (value.trim() === '' || !Number.isInteger(jobs) || jobs <= 0) return `--jobs must be a positive whole number, not "${value}"`;
      options.jobs = jobs;
      return undefined;
    }
    default:
      return `unknown option ${name}`;
  }
}

function usageError(message: string): ParsedArguments {
  return { kind: 'usage-error', message };
}
