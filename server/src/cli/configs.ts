/**
 * Which `.finish-install.json` applies to a file: the one given with --config, or else the nearest one
 * from the file's folder up to the run's root. Every config is read and checked before any file is
 * linted, so a typo in a config stops the run (exit 2) instead of silently linting with defaults.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAME, RULE_IDS, parseConfig, type LintConfig } from '../engine';
import { decodeText } from './decode';
import { describeIoError, isInside } from './files';

export interface ConfigAssignment {
  /** The config for each linted file (absent: engine defaults). */
  configOf: Map<string, LintConfig>;
  /** Config files that could not be read or are invalid; non-empty means exit code 2. */
  problems: string[];
}

export function assignConfigs(files: readonly string[], root: string, cwd: string, configFile: string | undefined): ConfigAssignment {
  const assignment: ConfigAssignment = { configOf: new Map(), problems: [] };
  const loaded = new Map<string, LintConfig | undefined>();
  const load = (configPath: string): LintConfig | undefined => {
    if (!loaded.has(configPath)) loaded.set(configPath, loadConfig(configPath, assignment.problems));
    return loaded.get(configPath);
  };

  if (configFile !== undefined) {
    const config = load(path.resolve(cwd, configFile));
    if (config) for (const file of files) assignment.configOf.set(file, config);
    return assignment;
  }
  const nearestInFolder = new Map<string, string | undefined>();
  for (const file of files) {
    const configPath = nearestConfig(path.dirname(file), root, nearestInFolder);
    const config = configPath ? load(configPath) : undefined;
    if (config) assignment.configOf.set(file, config);
  }
  return assignment;
}

function nearestConfig(folder: string, root: string, cache: Map<string, string | undefined>): string | undefined {
  if (cache.has(folder)) return cache.get(folder);
  const candidate = path.join(folder, CONFIG_FILE_NAME);
  const parent = path.dirname(folder);
  let found: string | undefined;
  if (isRegularFile(candidate)) found = candidate;
  else if (folder !== root && parent !== folder && isInside(parent, root)) found = nearestConfig(parent, root, cache);
  cache.set(folder, found);
  return found;
}

function loadConfig(configPath: string, problems: string[]): LintConfig | undefined {
  let text: string;
  try {
    text = decodeText(fs.readFileSync(configPath)).text;
  } catch (err) {
    problems.push(`cannot read config ${configPath}: ${describeIoError(err)}`);
    return undefined;
  }
  const parsed = parseConfig(text, RULE_IDS);
  for (const problem of parsed.problems) problems.push(`invalid config ${configPath}: ${problem.message}`);
  return parsed.problems.length ? undefined : parsed.config;
}

function isRegularFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
