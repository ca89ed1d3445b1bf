/**
 * Lookups over a parsed INF: sections by name (case-insensitive, same-named sections merged as
 * Windows merges them), directives of a section, [Version] values, platform decorations, and ranges
 * inside a value's text.
 */
import { PLATFORM_DECORATIONS, STAMPINF_PLATFORM_DECORATION } from '../catalogue';
import type { Position, Range } from '../types';
import type { InfEntry, InfModel, InfSection, InfValue } from './model';

export class InfIndex {
  private readonly byName = new Map<string, InfSection[]>();

  constructor(readonly model: InfModel) {
    for (const section of model.sections) {
      const key = section.name.toLowerCase();
      const list = this.byName.get(key);
      if (list) list.push(section);
      else this.byName.set(key, [section]);
    }
  }

  /** Every section with this name (usually one). */
  sections(name: string): InfSection[] {
    return this.byName.get(name.toLowerCase()) ?? [];
  }

  has(name: string): boolean {
    return this.byName.has(name.toLowerCase());
  }

  /** The first section with this name, for positions in messages. */
  first(name: string): InfSection | undefined {
    return this.sections(name)[0];
  }

  entries(name: string): InfEntry[] {
    return this.sections(name).flatMap((s) => s.entries);
  }

  /** The entries `directive = ...` of a section. */
  directives(sectionName: string, directive: string): InfEntry[] {
    return this.entries(sectionName).filter((e) => keyIs(e, directive));
  }

  /** The non-empty values of every `directive = ...` in a section, in order. */
  directiveValues(sectionName: string, directive: string): InfValue[] {
    return this.directives(sectionName, directive).flatMap((e) => e.values.filter((v) => v.text.trim() !== ''));
  }

  /** `[Version] key = value` (first value), e.g. ClassGuid. */
  version(key: string): InfValue | undefined {
    return this.directives('Version', key)[0]?.values[0];
  }

  /** Whether any section pulls in sections of other INFs (Include=), which this file cannot see. */
  usesInclude(): boolean {
    return this.model.sections.some((s) => s.entries.some((e) => keyIs(e, 'Include')));
  }
}

const indexes = new WeakMap<InfModel, InfIndex>();

/** The index of a model, built once and shared by every rule that asks. */
export function infIndex(model: InfModel): InfIndex {
  let index = indexes.get(model);
  if (!index) {
    index = new InfIndex(model);
    indexes.set(model, index);
  }
  return index;
}

export function keyIs(entry: InfEntry, name: string): boolean {
  return entry.key !== undefined && entry.key.text.trim().toLowerCase() === name.toLowerCase();
}

export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

// ---- Platform decorations ------------------------------------------------------------------------

/** Windows' decorations, and the one an .inx carries until stampinf replaces it. */
const DECORATIONS = [...PLATFORM_DECORATIONS, STAMPINF_PLATFORM_DECORATION];
const decorationByLower = new Map<string, string>(DECORATIONS.map((d) => [d.toLowerCase(), d]));

/** Splits "X.NTamd64" into { base: "X", decoration: "NTamd64" }; undecorated names have no decoration. */
export function splitPlatform(name: string): { base: string; decoration?: string } {
  const dot = name.lastIndexOf('.');
  if (dot > 0) {
    const decoration = decorationByLower.get(name.slice(dot + 1).toLowerCase());
    if (decoration) return { base: name.slice(0, dot), decoration: name.slice(dot + 1) };
  }
  return { base: name };
}

/** "X" and its platform-decorated variants that exist as sections ("X", "X.NT", "X.NTamd64", ...). */
export function existingPlatformVariants(index: InfIndex, base: string): string[] {
  const names = [base, ...DECORATIONS.map((d) => `${base}.${d}`)];
  return names.filter((n) => index.has(n)).map((n) => index.first(n)!.name);
}

// ---- Positions inside values ---------------------------------------------------------------------

/**
 * The document range of value.text[start, end). Literal characters map exactly; a piece that came from
 * an escape or a %token% maps to the whole escape or token.
 */
export function rangeInValue(value: InfValue, start: number, end: number): Range {
  if (value.segments.length === 0) return value.range;
  const from = positionAt(value, start, 'start');
  const to = end > start ? positionAt(value, end - 1, 'end') : from;
  return { start: from, end: to };
}

function positionAt(value: InfValue, offset: number, side: 'start' | 'end'): Position {
  for (const segment of value.segments) {
    if (offset < segment.textStart || offset >= segment.textStart + segment.length) continue;
    if (segment.kind !== 'literal') {
      return { line: segment.line, character: segment.character + (side === 'start' ? 0 : segment.sourceLength) };
    }
    return { line: segment.line, character: segment.character + (offset - segment.textStart) + (side === 'end' ? 1 : 0) };
  }
  return side === 'start' ? value.range.start : value.range.end;
}

/** Whether the part of the text in [start, end) was written literally (no %token% in it), so an edit there is safe. */
export function isLiteralSpan(value: InfValue, start: number, end: number): boolean {
  return value.segments.every((s) => s.kind !== 'token' || s.textStart + s.length <= start || s.textStart >= end);
}

/** The file name at the end of a path ("%11%\\a.dll" -> "a.dll"). */
export function baseFileName(path: string): string {
  const cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return path.slice(cut + 1).trim();
}
