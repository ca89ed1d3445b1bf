/**
 * Which `.finish-install.json` applies to each file: the one given with --config, or else the nearest one
 * from the file's folder up to the run's root (the engine's ConfigResolver, as in the editor). Every
 * config is read and checked before any file is linted, so a problem in a config stops the run (exit 2)
 * instead of silently linting with defaults.
 */
import * as path from 'node:path';
import { ConfigResolver, TextLines, type ConfigFile, type LintConfig } from '../engine';

export interface ConfigAssignment {
  /** The config for each linted file (absent: engine defaults). */
  configOf: Map<string, LintConfig>;
  /** Config files that could not be read or are invalid; non-empty means exit code 2. */
  problems: string[];
}

export function assignConfigs(files: readonly string[], root: string, cwd: string, configFile: string | undefined): ConfigAssignment {
  const assignment: ConfigAssignment = { configOf: new Map(), problems: [] };
  const resolver = new ConfigResolver();
  const configOfFile = (file: string): ConfigFile | undefined => (configFile !== undefined ? resolver.read(path.resolve(cwd, configFile)) : resolver.fileFor(file, root));
  if (configFile !== undefined) configOfFile('');
  for (const file of files) {
    const config = configOfFile(file)?.config;
    if (config) assignment.configOf.set(file, config);
  }
  for (const read of resolver.readFiles()) assignment.problems.push(...describeProblems(read));
  return assignment;
}

/** `invalid config FILE:LINE:COL: message`, or `cannot read config FILE: reason` for a file not read. */
function describeProblems(file: ConfigFile): string[] {
  if (file.text === undefined) return file.problems.map((p) => `cannot read config ${file.path}: ${p.message}`);
  const lines = new TextLines(file.text);
  return file.problems.map((p) => {
    const at = lines.positionAt(p.offset);
    return `invalid config ${file.path}:${at.line + 1}:${at.character + 1}: ${p.message}`;
  });
}
