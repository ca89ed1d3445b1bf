/**
 * The INF reader: one pass over the text that splits it into sections and entries, fields on unquoted
 * commas, keys on the first unquoted `=`, joins `\` continuation lines, and records comments; then a
 * second pass that substitutes `%token%`s from [Strings] (which may come last in the file).
 *
 * It follows SetupAPI's reading of the "General Syntax Rules for INF Files": `;` starts a comment
 * outside quotes, `""` inside quotes and `%%` anywhere stand for `"` and `%`, blanks around a field are
 * not part of it, a `\` that ends a line's code continues the entry on the next line. It never throws:
 * lines it cannot read become InfSyntaxProblems, which the inf-syntax rule reports.
 */
import type { Position, Range } from '../types';
import { OpeningBanner } from './documents';
import type { CommentText } from '../suppressions';
import type { InfEntry, InfModel, InfSection, InfSegment, InfStringDefinition, InfSyntaxProblem, InfTokenReference, InfValue } from './model';

/** A piece of a field before [Strings] is known. */
type RawPart =
  | { kind: 'literal'; text: string; line: number; character: number }
  | { kind: 'escape'; text: string; line: number; character: number }
  | { kind: 'token'; name: string; line: number; character: number };

interface RawField {
  parts: RawPart[];
  raw: string;
  quoted: boolean;
  /** Where the first and after the last content character are (numbers: no object per character). */
  startLine: number;
  startChar: number;
  endLine: number;
  endChar: number;
  /** Where an empty field stands (the delimiter that ends it). */
  emptyLine: number;
  emptyChar: number;
  /** Runs of blanks seen since the last content: kept only if more content follows (undefined: none). */
  pendingBlank: Array<{ line: number; from: number; to: number }> | undefined;
}

const NO_TOKENS: readonly InfTokenReference[] = Object.freeze([]);

interface RawEntry {
  key?: RawField;
  fields: RawField[];
  start?: Position;
  endLine: number;
  endChar: number;
  section?: InfSection;
  /** [Strings] sections keep their values verbatim: no token substitution there. */
  verbatim: boolean;
}

interface PhysicalLine {
  text: string;
}

const QUOTE = 0x22;
const SEMICOLON = 0x3b;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const EQUALS = 0x3d;
const PERCENT = 0x25;

/** Blanks around fields; a BOM counts as one (it can only be at the very start). */
function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0c || c === 0x0b || c === 0xa0 || c === 0xfeff;
}

/** Characters that end a run of ordinary unquoted text. */
function endsPlainRun(c: number): boolean {
  return c === QUOTE || c === SEMICOLON || c === BACKSLASH || c === COMMA || c === EQUALS || c === PERCENT || isBlank(c);
}

/** Characters a %token% name may not contain; anything else between two `%` on a line is a name. */
const NOT_IN_TOKEN = /[\s",;=%]/;

export function parseInf(text: string): InfModel {
  const lines = splitLines(text);
  const model: InfModel = { comments: [], sections: [], strings: new Map(), problems: [], lineCount: lines.length };
  const rawEntries: RawEntry[] = [];
  try {
    new Reader(lines, model, rawEntries).read();
    collectStrings(model, rawEntries);
    for (const raw of rawEntries) {
      const entry = resolveEntry(raw, model);
      if (raw.section) raw.section.entries.push(entry);
    }
  } catch (error) {
    // Unreachable by design (the fuzz tests hold it to that); if it ever happens, keep what was read.
    model.problems.push({ kind: 'reader', range: point(0, 0), message: `The INF reader stopped early (${String(error)}); findings may be incomplete.` });
  }
  return model;
}

function splitLines(text: string): PhysicalLine[] {
  const out: PhysicalLine[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */ || c === 13 /* \r */) {
      out.push({ text: text.slice(start, i) });
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  out.push({ text: text.slice(start) });
  return out;
}

class Reader {
  private section: InfSection | undefined;
  private sectionVerbatim = false;
  private readonly banner = new OpeningBanner();
  private entry: RawEntry | undefined;
  private field: RawField | undefined;

  constructor(
    private readonly lines: PhysicalLine[],
    private readonly model: InfModel,
    private readonly entries: RawEntry[],
  ) {}

  read(): void {
    for (let line = 0; line < this.lines.length; line++) {
      const continues = this.entry ? this.scanEntry(line, 0) : this.readLine(line);
      if (!continues) this.finishEntry();
    }
    this.finishEntry();
    this.closeSection(this.lines.length - 1);
  }

  /** A line that does not continue an entry. Returns whether it ends with a continuation. */
  private readLine(line: number): boolean {
    const text = this.lines[line].text;
    let col = 0;
    while (col < text.length && isBlank(text.charCodeAt(col))) col++;
    if (col >= text.length) return false;
    // Windows skips text before the first section; the banner of Microsoft's samples is such text.
    if (!this.section && this.banner.takes(text) && text[col] !== ';') return false;
    if (text[col] === ';') {
      this.comment(line, col);
      return false;
    }
    if (text[col] === '[') {
      this.header(line, col);
      return false;
    }
    this.entry = { fields: [], verbatim: this.sectionVerbatim, section: this.section, endLine: -1, endChar: 0 };
    this.field = newField(line, col);
    return this.scanEntry(line, col);
  }

  private header(line: number, open: number): void {
    const text = this.lines[line].text;
    const close = text.indexOf(']', open + 1);
    let nameEnd = close;
    if (close < 0) {
      const semicolon = text.indexOf(';', open + 1);
      nameEnd = semicolon < 0 ? text.length : semicolon;
      this.problem('header', line, open, trimEnd(text, nameEnd), 'Section header is missing its closing "]"; Windows cannot read this section.');
    } else {
      const after = text.indexOf(';', close + 1);
      if (after >= 0) this.comment(line, after);
    }
    let nameStart = open + 1;
    while (nameStart < nameEnd && isBlank(text.charCodeAt(nameStart))) nameStart++;
    let end = trimEnd(text, nameEnd);
    if (end < nameStart) end = nameStart;
    // A quoted section name ("General Syntax Rules": names with blanks may be quoted) is the name inside.
    let name = text.slice(nameStart, end);
    if (name.length >= 2 && name.startsWith('"') && name.endsWith('"')) name = name.slice(1, -1);
    if (name.length === 0) this.problem('header', line, open, close < 0 ? nameEnd : close + 1, 'Empty section name: the lines that follow belong to no section Windows can find.');
    this.closeSection(line - 1);
    const headerEnd = close < 0 ? end : close + 1;
    const section: InfSection = {
      name,
      nameRange: span(line, nameStart, end),
      headerRange: span(line, open, headerEnd),
      entries: [],
      range: span(line, open, text.length),
    };
    this.model.sections.push(section);
    this.section = section;
    this.sectionVerbatim = /^strings(\..*)?$/i.test(name);
  }

  private closeSection(lastLine: number): void {
    if (!this.section || lastLine < this.section.range.start.line) return;
    this.section.range = { start: this.section.range.start, end: { line: lastLine, character: this.lines[lastLine].text.length } };
  }

  /**
   * Scans one physical line of the current entry from col, a run of ordinary characters at a time.
   * Returns whether the entry continues on the next line.
   */
  private scanEntry(line: number, col: number): boolean {
    const text = this.lines[line].text;
    const length = text.length;
    const verbatim = this.entry!.verbatim;
    let inQuote = false;
    let quoteStart = 0;
    let i = col;
    while (i < length) {
      const c = text.charCodeAt(i);
      if (inQuote) {
        if (c === QUOTE) {
          if (text.charCodeAt(i + 1) === QUOTE) {
            this.escape('"', line, i, i + 2);
            i += 2;
          } else {
            this.content(line, i, i + 1, false);
            inQuote = false;
            i++;
          }
        } else if (c === PERCENT && !verbatim) {
          i = this.percent(line, i);
        } else {
          // Everything up to the next quote (or %) is text, blanks, commas and semicolons included.
          let j = i + 1;
          while (j < length) {
            const d = text.charCodeAt(j);
            if (d === QUOTE || (d === PERCENT && !verbatim)) break;
            j++;
          }
          this.content(line, i, j, true);
          i = j;
        }
        continue;
      }
      switch (c) {
        case QUOTE:
          inQuote = true;
          quoteStart = i;
          this.field!.quoted = true;
          this.content(line, i, i + 1, false);
          i++;
          continue;
        case SEMICOLON:
          this.comment(line, i);
          return false;
        case BACKSLASH:
          if (restIsBlankOrComment(text, i + 1)) {
            const semicolon = text.indexOf(';', i + 1);
            if (semicolon >= 0) this.comment(line, semicolon);
            return true;
          }
          this.content(line, i, i + 1, true);
          i++;
          continue;
        case COMMA:
          this.endField(line, i);
          this.field = newField(line, i + 1);
          i++;
          continue;
        case EQUALS:
          if (!this.entry!.key && this.entry!.fields.length === 0) {
            this.endField(line, i);
            this.entry!.key = this.entry!.fields.pop();
            this.field = newField(line, i + 1);
          } else {
            this.content(line, i, i + 1, true);
          }
          i++;
          continue;
        case PERCENT:
          i = verbatim ? (this.content(line, i, i + 1, true), i + 1) : this.percent(line, i);
          continue;
      }
      if (isBlank(c)) {
        let j = i + 1;
        while (j < length && isBlank(text.charCodeAt(j))) j++;
        (this.field!.pendingBlank ??= []).push({ line, from: i, to: j });
        i = j;
        continue;
      }
      let j = i + 1;
      while (j < length && !endsPlainRun(text.charCodeAt(j))) j++;
      this.content(line, i, j, true);
      i = j;
    }
    if (inQuote) {
      this.problem('unterminated-string', line, quoteStart, length, 'Unterminated string: the closing " is missing, so Windows reads the rest of the line, commas and all, as one string.');
    }
    return false;
  }

  /** `%%` or `%name%` at i; returns the index after what it consumed. */
  private percent(line: number, i: number): number {
    const text = this.lines[line].text;
    if (text.charCodeAt(i + 1) === PERCENT) {
      this.escape('%', line, i, i + 2);
      return i + 2;
    }
    let j = i + 1;
    while (j < text.length && !NOT_IN_TOKEN.test(text[j])) j++;
    if (j < text.length && text.charCodeAt(j) === PERCENT && j > i + 1) {
      this.addContent(line, i, j + 1, { kind: 'token', name: text.slice(i + 1, j), line, character: i });
      return j + 1;
    }
    this.content(line, i, i + 1, true);
    return i + 1;
  }

  private escape(char: string, line: number, from: number, to: number): void {
    this.addContent(line, from, to, { kind: 'escape', text: char, line, character: from });
  }

  /** Source characters [from, to) of a line; `isText`: they are also the field's text (a quote is not). */
  private content(line: number, from: number, to: number, isText: boolean): void {
    this.addContent(line, from, to, isText ? 'literal' : undefined);
  }

  private addContent(line: number, from: number, to: number, part: RawPart | 'literal' | undefined): void {
    const field = this.field!;
    const entry = this.entry!;
    const text = this.lines[line].text;
    if (field.startLine < 0) {
      field.pendingBlank = undefined;
      field.startLine = line;
      field.startChar = from;
    } else if (field.pendingBlank) {
      // Blanks between two pieces of content belong to the field.
      for (const blank of field.pendingBlank) {
        const blanks = this.lines[blank.line].text.slice(blank.from, blank.to);
        field.raw += blanks;
        appendLiteral(field.parts, blanks, blank.line, blank.from);
      }
      field.pendingBlank = undefined;
    }
    field.raw += text.slice(from, to);
    field.endLine = line;
    field.endChar = to;
    if (part === 'literal') appendLiteral(field.parts, text.slice(from, to), line, from);
    else if (part) field.parts.push(part);
    if (entry.start === undefined) entry.start = { line, character: from };
    entry.endLine = line;
    entry.endChar = to;
  }

  private endField(line: number, character: number): void {
    const field = this.field!;
    field.emptyLine = line;
    field.emptyChar = character;
    field.pendingBlank = undefined;
    this.entry!.fields.push(field);
  }

  private finishEntry(): void {
    const entry = this.entry;
    if (!entry) return;
    const last = this.field!;
    // A trailing empty field stands right after the comma that opened it.
    if (last.startLine < 0) this.endField(last.emptyLine, last.emptyChar);
    else this.endField(last.endLine, last.endChar);
    this.entry = undefined;
    this.field = undefined;
    if (!entry.section) {
      const start = entry.start ?? { line: last.emptyLine, character: last.emptyChar };
      const directive = entry.key !== undefined;
      this.model.problems.push({
        kind: directive ? 'directive-before-first-section' : 'text-before-first-section',
        range: { start, end: entry.endLine < 0 ? start : { line: entry.endLine, character: entry.endChar } },
        message: directive
          ? 'This directive comes before the first [section] header, so Windows ignores it: it has no effect.'
          : 'This line comes before the first [section] header, so Windows ignores it. Make it a ; comment.',
      });
      return;
    }
    this.entries.push(entry);
  }

  private comment(line: number, semicolon: number): void {
    const text = this.lines[line].text;
    this.model.comments.push({
      text: text.slice(semicolon + 1),
      textStart: { line, character: semicolon + 1 },
      range: span(line, semicolon, text.length),
    });
  }

  private problem(kind: InfSyntaxProblem['kind'], line: number, from: number, to: number, message: string): void {
    this.model.problems.push({ kind, range: span(line, from, Math.max(from, to)), message });
  }
}

function newField(line: number, character: number): RawField {
  return { parts: [], raw: '', quoted: false, startLine: -1, startChar: 0, endLine: -1, endChar: 0, emptyLine: line, emptyChar: character, pendingBlank: undefined };
}

/** Literal characters that follow each other on one line become one part (one segment later). */
function appendLiteral(parts: RawPart[], text: string, line: number, character: number): void {
  const last = parts[parts.length - 1];
  if (last && last.kind === 'literal' && last.line === line && last.character + last.text.length === character) {
    last.text += text;
    return;
  }
  parts.push({ kind: 'literal', text, line, character });
}

function restIsBlankOrComment(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === SEMICOLON) return true;
    if (!isBlank(c)) return false;
  }
  return true;
}

function trimEnd(text: string, end: number): number {
  while (end > 0 && isBlank(text.charCodeAt(end - 1))) end--;
  return end;
}

function span(line: number, from: number, to: number): Range {
  return { start: { line, character: from }, end: { line, character: to } };
}

function point(line: number, character: number): Range {
  return { start: { line, character }, end: { line, character } };
}

// ---- [Strings] and substitution ----------------------------------------------------------------

function collectStrings(model: InfModel, entries: RawEntry[]): void {
  const isDefault = (e: RawEntry) => e.section!.name.toLowerCase() === 'strings';
  // Default [Strings] first: it wins over every locale section for analysis.
  const stringEntries = entries.filter((e) => e.verbatim && e.key && e.section);
  const ordered = [...stringEntries.filter(isDefault), ...stringEntries.filter((e) => !isDefault(e))];
  for (const entry of ordered) {
    if (!entry.key || !entry.section) continue;
    const name = literalText(entry.key);
    const key = name.toLowerCase();
    if (!name || model.strings.has(key)) continue;
    const value = entry.fields.map(literalText).join(',');
    const start = fieldStart(entry.key);
    model.strings.set(key, { name, value, section: entry.section.name, range: { start, end: entryEnd(entry) ?? start } } satisfies InfStringDefinition);
  }
}

function literalText(field: RawField): string {
  return field.parts.map((p) => (p.kind === 'token' ? `%${p.name}%` : p.text)).join('');
}

function resolveEntry(raw: RawEntry, model: InfModel): InfEntry {
  const values = raw.fields.map((f) => resolveField(f, model));
  // A line with only a key and `=` has no values; a line without `=` always has at least one field.
  const start = raw.start ?? (raw.fields[0] ? fieldStart(raw.fields[0]) : { line: 0, character: 0 });
  const entry: InfEntry = { values, range: { start, end: entryEnd(raw) ?? start }, section: raw.section?.name ?? '' };
  if (raw.key) entry.key = resolveField(raw.key, model);
  if (raw.key && values.length === 1 && raw.fields[0].startLine < 0) entry.values = [];
  return entry;
}

function resolveField(field: RawField, model: InfModel): InfValue {
  let text = '';
  const segments: InfSegment[] = [];
  let tokens: InfTokenReference[] | undefined;
  for (const part of field.parts) {
    if (part.kind === 'literal') {
      segments.push({ textStart: text.length, length: part.text.length, kind: 'literal', line: part.line, character: part.character, sourceLength: part.text.length });
      text += part.text;
    } else if (part.kind === 'escape') {
      segments.push({ textStart: text.length, length: 1, kind: 'escape', line: part.line, character: part.character, sourceLength: 2 });
      text += part.text;
    } else {
      const definition = model.strings.get(part.name.toLowerCase());
      // Numeric tokens are DIRIDs (%11% = System32); Windows expands them itself, the text keeps them.
      const isDirid = /^-?\d+$/.test(part.name);
      const replacement = definition ? definition.value : `%${part.name}%`;
      const sourceLength = part.name.length + 2;
      (tokens ??= []).push({ name: part.name, range: span(part.line, part.character, part.character + sourceLength), defined: !!definition || isDirid });
      segments.push({ textStart: text.length, length: replacement.length, kind: 'token', line: part.line, character: part.character, sourceLength });
      text += replacement;
    }
  }
  const start = fieldStart(field);
  const end = field.endLine < 0 ? start : { line: field.endLine, character: field.endChar };
  return { raw: field.raw, text, range: { start, end }, quoted: field.quoted, tokens: tokens ?? NO_TOKENS, segments };
}

function fieldStart(field: RawField): Position {
  return field.startLine < 0 ? { line: field.emptyLine, character: field.emptyChar } : { line: field.startLine, character: field.startChar };
}

function entryEnd(entry: RawEntry): Position | undefined {
  return entry.endLine < 0 ? undefined : { line: entry.endLine, character: entry.endChar };
}
