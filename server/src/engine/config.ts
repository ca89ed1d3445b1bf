/**
 * `.finish-install.json`: `{"rules": {"<id>": "off" | "hint" | "information" | "warning" | "error"},
 * "defines": {"<NAME>": "<value>" | <number>}}` (the macros the build defines, pinned like `-D NAME=V`).
 * Parsed as JSON, never evaluated. Problems come back as data (where, which rule, what), so the CLI can
 * print `file:line:col` and the editor can underline the entry; configFiles.ts finds and reads the file.
 */
import type { SeveritySetting } from './types';

export const CONFIG_FILE_NAME = '.finish-install.json';
export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['off', 'hint', 'information', 'warning', 'error'];

export interface LintConfig {
  rules: Record<string, SeveritySetting>;
  /**
   * Macros pinned for the build (`-D NAME[=V]`): an `#if`/`#ifdef` on them takes one arm instead of
   * both, and their value is the macro's. Absent: none pinned.
   */
  defines?: Record<string, string>;
}

/** A macro name as a pin may spell it. */
export function isMacroName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

/** `NAME` or `NAME=VALUE` (as -D takes it) to the name and value ("1" when none is given); undefined when NAME is no macro name. */
export function parseDefine(spec: string): { name: string; value: string } | undefined {
  const equals = spec.indexOf('=');
  const name = (equals >= 0 ? spec.slice(0, equals) : spec).trim();
  if (!isMacroName(name)) return undefined;
  return { name, value: equals >= 0 ? spec.slice(equals + 1).trim() : '1' };
}

export interface ConfigProblem {
  /** Says what is wrong; quotes a rule id or severity the file spells, never other content. */
  message: string;
  /** Where in the text (UTF-16 offset and length; 0 and 0 when the problem is the whole file). */
  offset: number;
  length: number;
  /** The rule id the problem is about, if any. */
  ruleId?: string;
}

export function emptyConfig(): LintConfig {
  return { rules: {} };
}

/**
 * Parses a config file's text. Problems (bad JSON, bad severities, unknown ids) are returned, not
 * thrown; `config` holds the valid entries (a front end decides whether a file with problems applies:
 * see configFiles.ts for the files' policy).
 */
export function parseConfig(text: string, knownRuleIds: ReadonlySet<string>): { config: LintConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const config = emptyConfig();
  let root: JsonValue;
  try {
    root = new JsonReader(text).document();
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    problems.push({ message: `not valid JSON: ${error.reason}`, offset: error.offset, length: error.offset < text.length ? 1 : 0 });
    return { config, problems };
  }
  if (root.kind !== 'object') {
    problems.push({ message: 'expected a JSON object with a "rules" object', offset: root.offset, length: 1 });
    return { config, problems };
  }
  // As JSON.parse: of repeated names the last counts.
  const defines = [...root.members].reverse().find((m) => m.key === 'defines');
  if (defines) readDefines(text, defines, config, problems);
  const rules = [...root.members].reverse().find((m) => m.key === 'rules');
  if (!rules) return { config, problems };
  if (rules.value.kind !== 'object') {
    problems.push({ message: '"rules" must be an object mapping rule ids to severities', offset: rules.keyOffset, length: rules.keyLength });
    return { config, problems };
  }
  for (const { key: id, keyOffset, keyLength, value } of rules.value.members) {
    if (!knownRuleIds.has(id)) {
      problems.push({ message: `unknown rule id "${id}"`, offset: keyOffset, length: keyLength, ruleId: id });
      continue;
    }
    if (value.kind !== 'string' || !SEVERITY_SETTINGS.includes(value.value as SeveritySetting)) {
      problems.push({ message: `rule "${id}": severity must be one of ${SEVERITY_SETTINGS.join(', ')}`, offset: value.offset, length: value.length, ruleId: id });
      continue;
    }
    config.rules[id] = value.value as SeveritySetting;
  }
  return { config, problems };
}

/** `"defines": {"NAME": "value" | number}`: valid entries into config.defines, the others as problems. */
function readDefines(text: string, member: JsonMember, config: LintConfig, problems: ConfigProblem[]): void {
  if (member.value.kind !== 'object') {
    problems.push({ message: '"defines" must be an object mapping macro names to values', offset: member.keyOffset, length: member.keyLength });
    return;
  }
  for (const { key: name, keyOffset, keyLength, value } of member.value.members) {
    if (!isMacroName(name)) {
      problems.push({ message: `"defines": "${name}" is not a macro name`, offset: keyOffset, length: keyLength });
      continue;
    }
    const raw = value.kind === 'string' ? value.value : text.slice(value.offset, value.offset + value.length);
    if (value.kind !== 'string' && !/^-?\d+$/.test(raw)) {
      problems.push({ message: `"defines": the value of ${name} must be a string or a whole number`, offset: value.offset, length: value.length });
      continue;
    }
    (config.defines ??= {})[name] = raw;
  }
}

/** Later configs win (e.g. the editor's settings over the folder's file). */
export function mergeConfigs(...configs: Array<LintConfig | undefined>): LintConfig {
  const merged = emptyConfig();
  for (const c of configs) {
    if (!c) continue;
    Object.assign(merged.rules, c.rules);
    if (c.defines) merged.defines = { ...merged.defines, ...c.defines };
  }
  return merged;
}

// ---- JSON with offsets ------------------------------------------------------------------------------
// JSON.parse knows no positions, and its error messages quote the text: a small strict reader instead.

type JsonValue =
  | { kind: 'object'; offset: number; length: number; members: JsonMember[] }
  | { kind: 'string'; offset: number; length: number; value: string }
  | { kind: 'other'; offset: number; length: number };

interface JsonMember {
  key: string;
  keyOffset: number;
  keyLength: number;
  value: JsonValue;
}

class JsonSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {
    super(reason);
  }
}

/** Deeper nesting than any config needs is refused rather than recursed into. */
const MAX_JSON_DEPTH = 64;

class JsonReader {
  private at = 0;

  constructor(private readonly text: string) {}

  document(): JsonValue {
    if (this.text.charCodeAt(0) === 0xfeff) this.at = 1;
    const value = this.value(0);
    this.skipSpace();
    if (this.at < this.text.length) this.fail('unexpected text after the end');
    return value;
  }

  private value(depth: number): JsonValue {
    if (depth > MAX_JSON_DEPTH) this.fail('nested too deeply');
    this.skipSpace();
    const start = this.at;
    const c = this.text[this.at];
    if (c === '{') return this.object(depth);
    if (c === '[') {
      this.at++;
      this.skipSpace();
      if (this.text[this.at] === ']') this.at++;
      else {
        for (;;) {
          this.value(depth + 1);
          this.skipSpace();
          if (this.eat(']')) break;
          this.expect(',');
        }
      }
      return { kind: 'other', offset: start, length: this.at - start };
    }
    if (c === '"') {
      const value = this.string();
      return { kind: 'string', offset: start, length: this.at - start, value };
    }
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(this.text.slice(this.at, this.at + 64));
    if (!literal) this.fail(this.at >= this.text.length ? 'unexpected end' : 'unexpected character');
    this.at += literal![0].length;
    return { kind: 'other', offset: start, length: this.at - start };
  }

  private object(depth: number): JsonValue {
    const start = this.at++;
    const members: JsonMember[] = [];
    this.skipSpace();
    if (!this.eat('}')) {
      for (;;) {
        this.skipSpace();
        const keyOffset = this.at;
        if (this.text[this.at] !== '"') this.fail(this.at >= this.text.length ? 'unexpected end' : 'expected a quoted name');
        const key = this.string();
        const keyLength = this.at - keyOffset;
        this.skipSpace();
        this.expect(':');
        members.push({ key, keyOffset, keyLength, value: this.value(depth + 1) });
        this.skipSpace();
        if (this.eat('}')) break;
        this.expect(',');
      }
    }
    return { kind: 'object', offset: start, length: this.at - start, members };
  }

  private string(): string {
    const start = this.at++;
    for (;;) {
      const c = this.text.charCodeAt(this.at);
      if (this.at >= this.text.length) this.fail('unterminated string', start);
      if (c === 0x22) break;
      if (c < 0x20) this.fail('control character in a string');
      if (c === 0x5c) {
        const escape = this.text[this.at + 1];
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.at + 2, this.at + 6))) this.fail('bad \\u escape');
          this.at += 6;
        } else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) this.at += 2;
        else this.fail('bad escape');
      } else this.at++;
    }
    this.at++;
    return JSON.parse(this.text.slice(start, this.at)) as string;
  }

  private skipSpace(): void {
    while (this.at < this.text.length && ' \t\r\n'.includes(this.text[this.at])) this.at++;
  }

  private eat(c: string): boolean {
    if (this.text[this.at] !== c) return false;
    this.at++;
    return true;
  }

  private expect(c: string): void {
    if (!this.eat(c)) this.fail(this.at >= this.text.length ? 'unexpected end' : `expected '${c}'`);
  }

  private fail(reason: string, offset = this.at): never {
    throw new JsonSyntaxError(reason, offset);
  }
}
