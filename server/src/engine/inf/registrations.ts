/**
 * Installer registrations of an INF: which DLL and entry point Windows will load as a class installer
 * or co-installer, and where the INF says so. Pure: the editor uses it for go-to-definition from an
 * entry name to the C function, find-references back, and hovers; the INF rules use it for their checks.
 *
 *   class installer        HKR,,Installer32,,"dll[,entry]"                          (REG_SZ)
 *   device co-installer    HKR,,CoInstallers32,0x00010000,"dll[,entry]"[,...]        (REG_MULTI_SZ)
 *   class co-installer     HKLM,System\CurrentControlSet\Control\CoDeviceInstallers,{guid},0x00010008,"dll[,entry]"
 */
import {
  CLASS_COINSTALLERS_KEY,
  COINSTALLERS32_VALUE,
  DEFAULT_ENTRY_POINT,
  FLG_ADDREG_DELVAL,
  FLG_ADDREG_KEYONLY,
  FLG_ADDREG_TYPE_MASK,
  FLG_ADDREG_TYPE_MULTI_SZ,
  INSTALLER32_VALUE,
} from '../catalogue';
import type { InstallerKind, Range } from '../types';
import { allAddRegLines, type AddRegLine } from './addreg';
import type { InfModel, InfValue } from './model';
import { rangeInValue } from './query';

/** Where the registration is written: decides the role and the expected registry type. */
export type RegistrationScope = 'class-installer' | 'device-co-installer' | 'class-co-installer';

export interface InstallerRegistration {
  role: InstallerKind;
  scope: RegistrationScope;
  /** The DLL as written in the string (may include a directory). */
  dll: string;
  dllRange: Range;
  /** The entry point Windows calls: the one named, or the role's default. */
  entryPoint: string;
  explicitEntryPoint: boolean;
  /** The entry name as written, or the whole string when the default applies (nothing else to point at). */
  entryRange: Range;
  /** The whole registration string, quotes included (both fields when split by an unquoted comma). */
  valueRange: Range;
  /** The value field(s) holding the string. */
  values: InfValue[];
  line: AddRegLine;
  /** Install sections whose AddReg directive names the line's section (empty: nothing installs it). */
  installSections: string[];
  /**
   * Set when `dll,entry` was written without quotes: Windows reads two separate fields, so for REG_SZ the
   * entry is dropped and for REG_MULTI_SZ the entry name becomes a second "DLL". The registration
   * describes what the author meant; inf-syntax reports the quoting.
   */
  unquotedComma?: Range;
}

const cache = new WeakMap<InfModel, readonly InstallerRegistration[]>();

/** Every installer registration in the INF, in document order (computed once per model). */
export function listInstallerRegistrations(model: InfModel): readonly InstallerRegistration[] {
  let list = cache.get(model);
  if (!list) {
    list = computeRegistrations(model);
    cache.set(model, list);
  }
  return list;
}

function computeRegistrations(model: InfModel): InstallerRegistration[] {
  const out: InstallerRegistration[] = [];
  for (const { line, installSections } of allAddRegLines(model)) {
    const scope = registrationScope(line);
    if (!scope || line.flagsValue === undefined) continue;
    if (line.flagsValue & (FLG_ADDREG_DELVAL | FLG_ADDREG_KEYONLY)) continue;
    const role: InstallerKind = scope === 'class-installer' ? 'class-installer' : 'co-installer';
    const multiSz = ((line.flagsValue & FLG_ADDREG_TYPE_MASK) >>> 0) === FLG_ADDREG_TYPE_MULTI_SZ;
    // REG_SZ keeps only the first value field; REG_MULTI_SZ makes each field one string. Co-installer
    // lines written with the wrong type are still read as lists: that is what their author meant.
    const strings = role === 'co-installer' || multiSz ? line.data : line.data.slice(0, 1);
    for (let i = 0; i < strings.length; i++) {
      const value = strings[i];
      if (value.text.trim() === '') continue;
      const next = role === 'class-installer' && !multiSz ? line.data[i + 1] : strings[i + 1];
      if (next && isUnquotedSplit(value, next)) {
        out.push(splitRegistration(role, scope, value, next, line, installSections));
        i++;
        continue;
      }
      out.push(registration(role, scope, value, line, installSections));
    }
  }
  return out.sort((a, b) => a.valueRange.start.line - b.valueRange.start.line || a.valueRange.start.character - b.valueRange.start.character);
}

export function registrationScope(line: AddRegLine): RegistrationScope | undefined {
  const name = line.valueName?.text.trim().toLowerCase();
  if (name === INSTALLER32_VALUE.toLowerCase()) return 'class-installer';
  if (name === COINSTALLERS32_VALUE.toLowerCase()) return 'device-co-installer';
  const subkey = line.subkey?.text.trim().replace(/^\\+|\\+$/g, '').toLowerCase();
  if (line.root.text.trim().toUpperCase() === 'HKLM' && subkey === CLASS_COINSTALLERS_KEY.toLowerCase() && name) return 'class-co-installer';
  return undefined;
}

function registration(
  role: InstallerKind,
  scope: RegistrationScope,
  value: InfValue,
  line: AddRegLine,
  installSections: string[],
): InstallerRegistration {
  const text = value.text;
  const comma = text.indexOf(',');
  const dllPart = comma < 0 ? text : text.slice(0, comma);
  const dll = trimmedSpan(dllPart, 0);
  const entry = comma < 0 ? undefined : trimmedSpan(text.slice(comma + 1), comma + 1);
  const explicit = entry !== undefined && entry.text !== '';
  return {
    role,
    scope,
    dll: dll.text,
    dllRange: rangeInValue(value, dll.start, dll.end),
    entryPoint: explicit ? entry.text : DEFAULT_ENTRY_POINT[role],
    explicitEntryPoint: explicit,
    entryRange: explicit ? rangeInValue(value, entry.start, entry.end) : value.range,
    valueRange: value.range,
    values: [value],
    line,
    installSections,
  };
}

function splitRegistration(
  role: InstallerKind,
  scope: RegistrationScope,
  dllValue: InfValue,
  entryValue: InfValue,
  line: AddRegLine,
  installSections: string[],
): InstallerRegistration {
  const dll = trimmedSpan(dllValue.text, 0);
  const entry = trimmedSpan(entryValue.text, 0);
  return {
    role,
    scope,
    dll: dll.text,
    dllRange: rangeInValue(dllValue, dll.start, dll.end),
    entryPoint: entry.text,
    explicitEntryPoint: true,
    entryRange: rangeInValue(entryValue, entry.start, entry.end),
    valueRange: { start: dllValue.range.start, end: entryValue.range.end },
    values: [dllValue, entryValue],
    line,
    installSections,
    unquotedComma: { start: dllValue.range.end, end: entryValue.range.start },
  };
}

/** `toastco.dll,ToasterCoInstaller` without quotes: a DLL field followed by a bare identifier field. */
function isUnquotedSplit(dllValue: InfValue, next: InfValue): boolean {
  return !dllValue.text.includes(',') && /\.dll\s*$/i.test(dllValue.text) && /^\s*[A-Za-z_][A-Za-z0-9_@$?]*\s*$/.test(next.text);
}

function trimmedSpan(text: string, offset: number): { text: string; start: number; end: number } {
  const lead = text.length - text.trimStart().length;
  const trimmed = text.trim();
  return { text: trimmed, start: offset + lead, end: offset + lead + trimmed.length };
}
