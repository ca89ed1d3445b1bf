/**
 * AddReg lines (`reg-root, [subkey], [value-entry-name], [flags], [value] [,value]...`, WDK "INF AddReg
 * Directive") and the sections that AddReg and CopyFiles directives name.
 */
import { addRegFlag } from '../catalogue';
import type { InfEntry, InfSection, InfValue } from './model';
import { baseFileName, infIndex, type InfIndex } from './query';
import type { InfModel } from './model';

export interface AddRegLine {
  entry: InfEntry;
  /** The AddReg section the line is in. */
  section: InfSection;
  root: InfValue;
  subkey?: InfValue;
  valueName?: InfValue;
  flags?: InfValue;
  /** The value fields after the flags: one string for REG_SZ, each a string of the list for REG_MULTI_SZ. */
  data: InfValue[];
  /** The flags as a number (0 when the field is empty or absent); undefined when they cannot be read. */
  flagsValue: number | undefined;
}

export function readAddRegLine(entry: InfEntry, section: InfSection): AddRegLine | undefined {
  // `key = value` lines are not registry lines (a stray directive, or a malformed line).
  if (entry.key || entry.values.length === 0) return undefined;
  const [root, subkey, valueName, flags, ...data] = entry.values;
  return { entry, section, root, subkey, valueName, flags, data, flagsValue: flags ? parseAddRegFlags(flags.text) : 0 };
}

/**
 * Reads an AddReg flags field: hexadecimal with 0x, decimal, or FLG_ADDREG_* names joined with `|`
 * (the names are what setupapi.h calls the bits; some INFs substitute them through [Strings]).
 */
export function parseAddRegFlags(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return 0;
  let result = 0;
  for (const part of trimmed.split('|')) {
    const term = part.trim();
    let value: number | undefined;
    if (/^0x[0-9a-f]+$/i.test(term)) value = parseInt(term.slice(2), 16);
    else if (/^\d+$/.test(term)) value = parseInt(term, 10);
    else value = addRegFlag(term)?.value;
    if (value === undefined || !Number.isFinite(value) || value > 0xffffffff) return undefined;
    result = (result | value) >>> 0;
  }
  return result;
}

/** Every AddReg line of the sections a section's AddReg directives name. */
export function addRegLinesOf(index: InfIndex, installSection: string): AddRegLine[] {
  const out: AddRegLine[] = [];
  for (const value of index.directiveValues(installSection, 'AddReg')) {
    for (const section of index.sections(value.text.trim())) {
      for (const entry of section.entries) {
        const line = readAddRegLine(entry, section);
        if (line) out.push(line);
      }
    }
  }
  return out;
}

/** Every AddReg line in the INF, with the install sections whose AddReg directives name its section. */
export function allAddRegLines(model: InfModel): Array<{ line: AddRegLine; installSections: string[] }> {
  const index = infIndex(model);
  const referrers = new Map<string, string[]>();
  // directiveValues already merges same-named sections: ask once per name, not once per section.
  const namesSeen = new Set<string>();
  for (const section of model.sections) {
    const name = section.name.toLowerCase();
    if (namesSeen.has(name)) continue;
    namesSeen.add(name);
    for (const value of index.directiveValues(section.name, 'AddReg')) {
      const key = value.text.trim().toLowerCase();
      const list = referrers.get(key) ?? [];
      if (!list.some((n) => n.toLowerCase() === section.name.toLowerCase())) list.push(section.name);
      referrers.set(key, list);
    }
  }
  const out: Array<{ line: AddRegLine; installSections: string[] }> = [];
  for (const [key, installSections] of referrers) {
    for (const section of index.sections(key)) {
      for (const entry of section.entries) {
        const line = readAddRegLine(entry, section);
        if (line) out.push({ line, installSections });
      }
    }
  }
  // Registry lines in sections no AddReg names are still registry lines (an editor shows them too).
  for (const section of model.sections) {
    if (referrers.has(section.name.toLowerCase()) || !looksLikeAddRegSection(section)) continue;
    for (const entry of section.entries) {
      const line = readAddRegLine(entry, section);
      if (line) out.push({ line, installSections: [] });
    }
  }
  return out;
}

const ROOTS = /^(HKR|HKLM|HKCU|HKCR|HKU)$/i;

function looksLikeAddRegSection(section: InfSection): boolean {
  return section.entries.length > 0 && section.entries.every((e) => !e.key && e.values.length >= 3 && ROOTS.test(e.values[0].text.trim()));
}

// ---- CopyFiles -------------------------------------------------------------------------------------

export interface CopiedFile {
  /** The destination file name (what lands on disk). */
  fileName: string;
  /** Where the file is named: the `@file` value or the file-list line's first field. */
  value: InfValue;
  /** The file-list section, or undefined for `CopyFiles=@file`. */
  listSection?: string;
}

/** The files a section's CopyFiles directives copy. */
export function copiedFiles(index: InfIndex, installSection: string): CopiedFile[] {
  const out: CopiedFile[] = [];
  // A file list named twice copies the same files: read it once (thousands of references stay linear).
  const listsSeen = new Set<string>();
  for (const value of index.directiveValues(installSection, 'CopyFiles')) {
    const target = value.text.trim();
    if (target.startsWith('@')) {
      out.push({ fileName: baseFileName(target.slice(1)), value });
      continue;
    }
    if (listsSeen.has(target.toLowerCase())) continue;
    listsSeen.add(target.toLowerCase());
    for (const entry of index.entries(target)) {
      // A file-list line: destination-file-name[,source-file-name][,temporary-file-name][,flag]
      const destination = entry.key ?? entry.values[0];
      if (destination && destination.text.trim()) out.push({ fileName: baseFileName(destination.text), value: destination, listSection: target });
    }
  }
  return out;
}

/** Directives whose values name other sections of the same INF (CopyFiles also takes `@file`). */
export const SECTION_REFERENCE_DIRECTIVES = ['AddReg', 'DelReg', 'CopyFiles', 'DelFiles', 'RenFiles', 'BitReg', 'AddProperty', 'DelProperty'] as const;

