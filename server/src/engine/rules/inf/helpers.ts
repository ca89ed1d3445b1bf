/** Small shared pieces of the INF rules: how they name things in messages, and common edits. */
import { CLASS_COINSTALLERS_KEY } from '../../catalogue';
import type { AddRegLine } from '../../inf/addreg';
import type { InfSection } from '../../inf/model';
import { registrationScope, type InstallerRegistration } from '../../inf/registrations';
import type { EntryPointSummary, Range, RelatedLocation, TextEdit } from '../../types';
import { dllSources, isInDllSources } from '../../project/evidence';
import type { InfRuleContext } from './context';

/** "[Name]" */
export function bracket(name: string): string {
  return `[${name}]`;
}

/** "[A]", "[A] and [B]", "[A], [B] and [C]" */
export function bracketList(names: string[]): string {
  const b = names.map(bracket);
  return b.length <= 1 ? b.join('') : `${b.slice(0, -1).join(', ')} and ${b[b.length - 1]}`;
}

/** The registry value a registration line writes, as messages name it. */
export function valueDescription(line: AddRegLine): string {
  const name = line.valueName?.text.trim() ?? '';
  return registrationScope(line) === 'class-co-installer' ? `the class co-installer list ${name} under HKLM\\${CLASS_COINSTALLERS_KEY}` : name;
}

export function relatedSection(section: InfSection, message: string): RelatedLocation {
  return { range: section.headerRange, message };
}

/** The range to point at for the flags of an AddReg line: the field, or where the empty field stands. */
export function flagsRange(line: AddRegLine): Range {
  return line.flags ? line.flags.range : line.valueName ? { start: line.valueName.range.end, end: line.valueName.range.end } : line.entry.range;
}

/** An edit that deletes whole lines [fromLine, toLine] (inclusive) of a document with lineCount lines. */
export function deleteLines(fromLine: number, toLine: number, lineCount: number, lastLineLength: number): TextEdit {
  const end = toLine + 1 < lineCount ? { line: toLine + 1, character: 0 } : { line: toLine, character: lastLineLength };
  return { range: { start: { line: fromLine, character: 0 }, end }, newText: '' };
}

/**
 * The edit that makes a registration name `entryPoint`: replaces the written entry name, or rewrites a
 * string without one as "dll,entryPoint". Undefined when the string comes from a %token% (the edit would
 * have to go to [Strings], where other lines may share the token).
 */
export function registerEntryEdit(r: InstallerRegistration, entryPoint: string): TextEdit | undefined {
  if (r.values.some((v) => v.tokens.length > 0)) return undefined;
  if (r.explicitEntryPoint) return { range: r.entryRange, newText: entryPoint };
  return { range: r.valueRange, newText: `"${r.dll},${entryPoint}"` };
}

/** The entry points a registration is checked against, and how messages name where they were looked for. */
export interface RegisteredDllSources {
  entryPoints: EntryPointSummary[];
  /** "the analysed sources", or "the sources of coisane.dll (found by coisane/coisane.vcxproj)". */
  description: string;
}

/**
 * The entry points of the registered DLL's own sources (project/evidence.ts ties DLLs to sources);
 * undefined when nothing can be checked: no sources analysed, or the DLL's sources are not among them
 * (a DLL built elsewhere, or one of Microsoft's own co-installers).
 */
export function registeredDllSources({ entryPoints, project, path }: InfRuleContext, r: InstallerRegistration): RegisteredDllSources | undefined {
  if (!entryPoints) return undefined;
  if (!project) return { entryPoints, description: 'the analysed sources' };
  const sources = dllSources(project, r.dll, path);
  if (!sources) return undefined;
  return { entryPoints: entryPoints.filter((e) => isInDllSources(sources, e.path)), description: `the sources of ${r.dll} (found by ${sources.origin})` };
}
