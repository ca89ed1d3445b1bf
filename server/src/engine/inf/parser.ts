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
import type { CommentText } from '../suppressions';
import type { InfEntry, InfModel, InfSection, InfSegment, InfStringDefinition, InfSyntaxProblem, InfTokenReference, InfValue } from './model';

/** A piece of a field before [Strings] is known. */
type RawPart =
  | { kind: 'literal'; text: string; start: Position }
  | { kind: 'escape'; text: string; range: Range }
  | { kind: 'token'; name: string; range: Range };

interface RawField {
  parts: RawPart[];
  raw: string;
  quoted: boolean;
  start?: Position;
  end?: Position;
  /** Where an empty field stands (the delimiter that ends it). */
  emptyAt: Position;
  /** Blanks seen since the last content character: kept only if more content follows. */
  pendingBlank: Array<{ char: string; at: Position }>;
}

interface RawEntry {
  key?: RawField;
  fields: RawField[];
  start?: Position;
  end?: Position;
  section?: InfSection;
  /** [Strings] sections keep their values verbatim: no token substitution there. */
  verbatim: boolean;
}

interface PhysicalLine {
  text: string;
}

const BLANK = /[ \t\f\v\u00a0\ufeff]/;
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
    model.problems.push({ range: point(0, 0), message: `The INF reader stopped early (${String(error)}); findings may be incomplete.` });
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
    while (col < text.length && BLANK.test(text[col])) col++;
    if (col >= text.length) return false;
    if (text[col] === ';') {
      this.comment(line, col);
      return false;
    }
    if (text[col] === '[') {
      this.header(line, col);
      return false;
    }
    this.entry = { fields: [], verbatim: this.sectionVerbatim, section: this.section };
    this.field = newField({ line, character: col });
    return this.scanEntry(line, col);
  }

  private header(line: number, open: number): void {
    const text = this.lines[line].text;
    const close = text.indexOf(']', open + 1);
    let nameEnd = close;
    if (close < 0) {
      const semicolon = text.indexOf(';', open + 1);
      nameEnd = semicolon < 0 ? text.length : semicolon;
      this.problem(line, open, trimEnd(text, nameEnd), 'Section header is missing its closing "]"; Windows cannot read this section.');
    } else {
      const after = text.indexOf(';', close + 1);
      if (after >= 0) this.comment(line, after);
    }
    let nameStart = open + 1;
    while (nameStart < nameEnd && BLANK.test(text[nameStart])) nameStart++;
    let end = trimEnd(text, nameEnd);
    if (end < nameStart) end = nameStart;
    // A quoted section name ("General Syntax Rules": names with blanks may be quoted) is the name inside.
    let name = text.slice(nameStart, end);
    if (name.length >= 2 && name.startsWith('"') && name.endsWith('"')) name = name.slice(1, -1);
    if (name.length === 0) this.problem(line, open, close < 0 ? nameEnd : close + 1, 'Empty section name: the lines that follow belong to no section Windows can find.');
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

  /** Scans one physical line of the current entry from col. Returns whether the entry continues on the next line. */
  private scanEntry(line: number, col: number): boolean {
    const text = this.lines[line].text;
    const entry = this.entry!;
    let inQuote = false;
    let quoteStart = 0;
    for (let i = col; i < text.length; i++) {
      const c = text[i];
      const at: Position = { line, character: i };
      if (inQuote) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            this.escape('"', line, i, i + 2);
            i++;
          } else {
            this.content('"', at, undefined);
            inQuote = false;
          }
        } else if (c === '%' && !entry.verbatim) {
          i = this.percent(line, i);
        } else {
          this.content(c, at, c);
        }
        continue;
      }
      if (c === '"') {
        inQuote = true;
        quoteStart = i;
        this.field!.quoted = true;
        this.content('"', at, undefined);
      } else if (c === ';') {
        this.comment(line, i);
        return false;
      } else if (c === '\\' && restIsBlankOrComment(text, i + 1)) {
        const semicolon = text.indexOf(';', i + 1);
        if (semicolon >= 0) this.comment(line, semicolon);
        return true;
      } else if (c === ',') {
        this.endField(at);
        this.field = newField({ line, character: i + 1 });
      } else if (c === '=' && !entry.key && entry.fields.length === 0) {
        this.endField(at);
        entry.key = entry.fields.pop();
        this.field = newField({ line, character: i + 1 });
      } else if (c === '%' && !entry.verbatim) {
        i = this.percent(line, i);
      } else if (BLANK.test(c)) {
        this.field!.pendingBlank.push({ char: c, at });
      } else {
        this.content(c, at, c);
      }
    }
    if (inQuote) {
      this.problem(line, quoteStart, text.length, 'Unterminated string: the closing " is missing, so Windows reads the rest of the line, commas and all, as one string.');
    }
    return false;
  }

  /** `%%` or `%name%` at i; returns the index of the last character consumed. */
  private percent(line: number, i: number): number {
    const text = this.lines[line].text;
    if (text[i + 1] === '%') {
      this.escape('%', line, i, i + 2);
      return i + 1;
    }
    let j = i + 1;
    while (j < text.length && !NOT_IN_TOKEN.test(text[j])) j++;
    if (j < text.length && text[j] === '%' && j > i + 1) {
      const range = span(line, i, j + 1);
      this.addContent(text.slice(i, j + 1), range.start, range.end, { kind: 'token', name: text.slice(i + 1, j), range });
      return j;
    }
    this.content('%', { line, character: i }, '%');
    return i;
  }

  private escape(char: string, line: number, from: number, to: number): void {
    const range = span(line, from, to);
    this.addContent(this.lines[line].text.slice(from, to), range.start, range.end, { kind: 'escape', text: char, range });
  }

  /** One source character; `value` is what it contributes to the field's text (undefined: nothing, e.g. a quote). */
  private content(source: string, at: Position, value: string | undefined): void {
    const part: RawPart | undefined = value === undefined ? undefined : { kind: 'literal', text: value, start: at };
    this.addContent(source, at, { line: at.line, character: at.character + source.length }, part);
  }

  private addContent(source: string, start: Position, end: Position, part: RawPart | undefined): void {
    const field = this.field!;
    const entry = this.entry!;
    if (field.start === undefined) {
      field.pendingBlank = [];
      field.start = start;
    } else {
      // Blanks between two pieces of content belong to the field.
      for (const blank of field.pendingBlank) {
        field.raw += blank.char;
        appendLiteral(field.parts, blank.char, blank.at);
      }
      field.pendingBlank = [];
    }
    field.raw += source;
    field.end = end;
    if (part) {
      if (part.kind === 'literal') appendLiteral(field.parts, part.text, part.start);
      else field.parts.push(part);
    }
    if (entry.start === undefined) entry.start = start;
    entry.end = end;
  }

  private endField(at: Position): void {
    const field = this.field!;
    field.emptyAt = at;
    field.pendingBlank = [];
    this.entry!.fields.push(field);
  }

  private finishEntry(): void {
    const entry = this.entry;
    if (!entry) return;
    const last = this.field!;
    const endOfCode = entry.end ?? last.emptyAt;
    // A trailing empty field stands right after the comma that opened it.
    this.endField(last.start === undefined ? last.emptyAt : last.end!);
    this.entry = undefined;
    this.field = undefined;
    if (!entry.section) {
      const start = entry.start ?? endOfCode;
      this.model.problems.push({
        range: { start, end: entry.end ?? start },
        message: 'This line comes before the first [section] header, so Windows ignores it.',
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

  private problem(line: number, from: number, to: number, message: string): void {
    this.model.problems.push({ range: span(line, from, Math.max(from, to)), message });
  }
}

function newField(at: Position): RawField {
  return { parts: [], raw: '', quoted: false, emptyAt: at, pendingBlank: [] };
}

/** Literal characters that follow each other on one line become one part (one segment later). */
function appendLiteral(parts: RawPart[], text: string, start: Position): void {
  const last = parts[parts.length - 1];
  if (
    last &&
    last.kind === 'literal' &&
    last.start.line === start.line &&
    last.start.character + last.text.length === start.character
  ) {
    last.text += text;
    return;
  }
  parts.push({ kind: 'literal', text, start });
}

function restIsBlankOrComment(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    if (text[i] === ';') return true;
    if (!BLANK.test(text[i])) return false;
  }
  return true;
}

function trimEnd(text: string, end: number): number {
  while (end > 0 && BLANK.test(text[end - 1])) end--;
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
  const isDefault = (name: string) => name.toLowerCase() === 'strings';
  // Default [Strings] first: it wins over every locale section for analysis.
  const ordered = [...entries.filter((e) => e.section && isDefault(e.section.name)), ...entries.filter((e) => e.section && !isDefault(e.section.name))];
  for (const entry of ordered) {
    if (!entry.verbatim || !entry.key || !entry.section) continue;
    const name = literalText(entry.key);
    const key = name.toLowerCase();
    if (!name || model.strings.has(key)) continue;
    const value = entry.fields.map(literalText).join(',');
    const start = entry.key.start ?? entry.key.emptyAt;
    model.strings.set(key, { name, value, section: entry.section.name, range: { start, end: entry.end ?? start } } satisfies InfStringDefinition);
  }
}

function literalText(field: RawField): string {
  return field.parts.map((p) => (p.kind === 'token' ? `%${p.name}%` : p.text)).join('');
}

function resolveEntry(raw: RawEntry, model: InfModel): InfEntry {
  const values = raw.fields.map((f) => resolveField(f, model));
  // A line with only a key and `=` has no values; a line without `=` always has at least one field.
  const start = raw.start ?? raw.fields[0]?.emptyAt ?? { line: 0, character: 0 };
  const entry: InfEntry = { values, range: { start, end: raw.end ?? start }, section: raw.section?.name ?? '' };
  if (raw.key) entry.key = resolveField(raw.key, model);
  if (raw.key && values.length === 1 && values[0].raw === '' && raw.fields[0].start === undefined) entry.values = [];
  return entry;
}

function resolveField(field: RawField, model: InfModel): InfValue {
  let text = '';
  const segments: InfSegment[] = [];
  const tokens: InfTokenReference[] = [];
  for (const part of field.parts) {
    if (part.kind === 'literal') {
      const range = { start: part.start, end: { line: part.start.line, character: part.start.character + part.text.length } };
      segments.push({ textStart: text.length, length: part.text.length, range, kind: 'literal' });
      text += part.text;
    } else if (part.kind === 'escape') {
      segments.push({ textStart: text.length, length: part.text.length, range: part.range, kind: 'escape' });
      text += part.text;
    } else {
      const definition = model.strings.get(part.name.toLowerCase());
      // Numeric tokens are DIRIDs (%11% = System32); Windows expands them itself, the text keeps them.
      const isDirid = /^-?\d+$/.test(part.name);
      const replacement = definition ? definition.value : `%${part.name}%`;
      tokens.push({ name: part.name, range: part.range, defined: !!definition || isDirid });
      segments.push({ textStart: text.length, length: replacement.length, range: part.range, kind: 'token' });
      text += replacement;
    }
  }
  const start = field.start ?? field.emptyAt;
  return { raw: field.raw, text, range: { start, end: field.end ?? start }, quoted: field.quoted, tokens, segments };
}
