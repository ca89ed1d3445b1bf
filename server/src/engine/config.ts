/**
 * `.finish-install.json` at a folder root: `{"rules": {"<id>": "off" | "hint" | "information" | "warning" | "error"}}`.
 * Parsed as JSON, never evaluated. Every front end (CLI, language server) reads it through here.
 */
import type { SeveritySetting } from './types';

export const CONFIG_FILE_NAME = '.finish-install.json';
export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['off', 'hint', 'information', 'warning', 'error'];

export interface LintConfig {
  rules: Record<string, SeveritySetting>;
}

export interface ConfigProblem {
  message: string;
}

export function emptyConfig(): LintConfig {
  return { rules: {} };
}

/** Parses a config file's text; problems (bad JSON, bad severities, unknown ids) are returned, not thrown. */
export function parseConfig(text: string, knownRuleIds: ReadonlySet<string>): { config: LintConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const config = emptyConfig();
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    problems.push({ message: `not valid JSON: ${(err as Error).message}` });
    return { config, problems };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push({ message: 'expected a JSON object with a "rules" object' });
    return { config, problems };
  }
  const rules = (raw as { rules?: unknown }).rules;
  if (rules === undefined) return { config, problems };
  if (typeof rules !== 'object' || rules === null || Array.isArray(rules)) {
    problems.push({ message: '"rules" must be an object mapping rule ids to severities' });
    return { config, problems };
  }
  for (const [id, value] of Object.entries(rules as Record<string, unknown>)) {
    if (!knownRuleIds.has(id)) {
      problems.push({ message: `unknown rule id "${id}"` });
      continue;
    }
    if (typeof value !== 'string' || !SEVERITY_SETTINGS.includes(value as SeveritySetting)) {
      problems.push({ message: `rule "${id}": severity must be one of ${SEVERITY_SETTINGS.join(', ')}` });
      continue;
    }
    config.rules[id] = value as SeveritySetting;
  }
  return { config, problems };
}

/** Later configs win (e.g. the editor's settings over the folder's file). */
export function mergeConfigs(...configs: Array<LintConfig | undefined>): LintConfig {
  const merged = emptyConfig();
  for (const c of configs) if (c) Object.assign(merged.rules, c.rules);
  return merged;
}
