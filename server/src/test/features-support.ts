/** Shared by the features-*.test.ts files: the editor fixtures, positions in them, and applying edits. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine, type Position, type SourceDocument, type TextEdit } from '../engine';
import { FIXTURES } from './support/fixtures';

export const EDITOR_FIXTURES = path.join(FIXTURES, 'editor');

let engine: Promise<Engine> | undefined;
export function sharedEngine(): Promise<Engine> {
  engine ??= Engine.create();
  return engine;
}

export function editorFixture(name: string): SourceDocument {
  const file = path.join(EDITOR_FIXTURES, name);
  return { path: file, text: fs.readFileSync(file, 'utf8') };
}

/**
 * The position of the `occurrence`-th (0-based) match of `needle` on a line that also contains
 * `lineHint` (if given), plus `offset` characters into the needle.
 */
export function positionOf(text: string, needle: string, options: { occurrence?: number; offset?: number; lineHint?: string } = {}): Position {
  const lines = text.split('\n');
  let seen = 0;
  for (let line = 0; line < lines.length; line++) {
    if (options.lineHint && !lines[line].includes(options.lineHint)) continue;
    let from = 0;
    for (;;) {
      const at = lines[line].indexOf(needle, from);
      if (at < 0) break;
      if (seen === (options.occurrence ?? 0)) return { line, character: at + (options.offset ?? 0) };
      seen++;
      from = at + 1;
    }
  }
  throw new Error(`"${needle}" (occurrence ${options.occurrence ?? 0}${options.lineHint ? `, line with "${options.lineHint}"` : ''}) not found`);
}

export function offsetAt(text: string, position: Position): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let l = 0; l < position.line; l++) offset += lines[l].length + 1;
  return offset + position.character;
}

/** Applies non-overlapping edits (as an editor would). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start));
  let out = text;
  for (const edit of sorted) out = out.slice(0, offsetAt(out, edit.range.start)) + edit.newText + out.slice(offsetAt(out, edit.range.end));
  return out;
}

/** What an editor does with a snippet: the current line's indentation before every inserted line, tabs as 4 spaces. */
export function indentSnippetText(plain: string, lineIndentation: string): string {
  return plain
    .split('\n')
    .map((l, i) => (i === 0 ? l : lineIndentation + l))
    .join('\n')
    .replace(/\t/g, '    ');
}
