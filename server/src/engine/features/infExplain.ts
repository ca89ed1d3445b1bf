/**
 * Hovers in an INF file: on an installer registration, the entry point Windows will call, whether the
 * analysed sources define it, its kind, and which DIF codes it handles; on a section name, what the
 * section is for and which entries name it.
 */
import * as path from 'node:path';
import {
  DEFAULT_ENTRY_POINT,
  INF_DIRECTIVE_SECTION_PURPOSE,
  INF_INSTALL_SECTION_PURPOSE,
  INF_SECTION_PURPOSE,
  KIND_LABEL,
} from '../catalogue';
import type { Engine } from '../engine';
import { coInstallersOwner, modelEntries, modelsSections } from '../inf/install';
import type { InfEntry, InfModel, InfSection } from '../inf/model';
import { infIndex, sameName, splitPlatform } from '../inf/query';
import { listInstallerRegistrations } from '../inf/registrations';
import type { EntryPointSummary, Position, SourceDocument } from '../types';
import { rangeContains } from './context';
import type { Explanation } from './explain';

export function explainInfAt(engine: Engine, doc: SourceDocument, position: Position, entryPoints: EntryPointSummary[] | undefined): Explanation | undefined {
  const inf = engine.analyze(doc, { entryPoints, transient: true }).inf;
  if (!inf) return undefined;
  const section = inf.sections.find((s) => rangeContains(s.nameRange, position));
  if (section) return explainSection(inf, section);
  const registration = listInstallerRegistrations(inf).find((r) => rangeContains(r.entryRange, position) || rangeContains(r.dllRange, position));
  if (!registration) return undefined;
  const role = KIND_LABEL[registration.role];
  const lines = [
    `**${registration.entryPoint}** in \`${registration.dll}\` — registered as a ${role}` +
      (registration.explicitEntryPoint ? '' : ` (no entry point named: Windows calls the default, ${DEFAULT_ENTRY_POINT[registration.role]})`) +
      '.',
    '',
  ];
  const defined = entryPoints?.filter((e) => e.name === registration.entryPoint) ?? [];
  if (entryPoints === undefined) {
    lines.push('No C/C++ sources were analysed with this INF.');
  } else if (defined.length === 0) {
    lines.push('None of the analysed C/C++ sources defines it.');
  }
  for (const e of defined) {
    const where = `${path.basename(e.path)}:${e.range.start.line + 1}`;
    const kind = e.kind === registration.role ? KIND_LABEL[e.kind] : `${KIND_LABEL[e.kind]} — but registered as a ${role}`;
    lines.push(`- \`${e.name}\` (${where}): ${kind}; handles ${e.handledDifs.length ? e.handledDifs.join(', ') : 'no DIF code explicitly'}.`);
  }
  return { markdown: lines.join('\n'), range: registration.entryRange };
}

// ---- Section names ---------------------------------------------------------------------------------

const DESTINATION_DIRS = 'DestinationDirs';
const COPY_FILES = 'copyfiles';

interface SectionReference {
  entry: InfEntry;
  /** How the entry reaches the section when it does not name it exactly (a platform decoration, a suffix). */
  how?: string;
}

function explainSection(inf: InfModel, section: InfSection): Explanation {
  const references = referencesTo(inf, section.name);
  const lines = [`**[${section.name}]** — ${purposeOf(inf, section.name, references)}`, ''];
  if (references.length === 0) {
    lines.push(INF_SECTION_PURPOSE[splitPlatform(section.name).base.toLowerCase()] ? 'Windows reads it by its name.' : 'No entry of this INF names it.');
  } else {
    lines.push('Named by:');
    for (const { entry, how } of references) {
      lines.push(`- [${entry.section}] line ${entry.range.start.line + 1}: \`${entryText(entry)}\`${how ? ` (${how})` : ''}`);
    }
  }
  return { markdown: lines.join('\n'), range: section.nameRange };
}

function purposeOf(inf: InfModel, name: string, references: SectionReference[]): string {
  const { base } = splitPlatform(name);
  const fixed = INF_SECTION_PURPOSE[base.toLowerCase()];
  if (fixed) return fixed;
  const index = infIndex(inf);
  if (coInstallersOwner(name)) return INF_INSTALL_SECTION_PURPOSE.coInstallers;
  if (suffixOwner(name, 'HW')) return INF_INSTALL_SECTION_PURPOSE.hw;
  if (suffixOwner(name, 'Services')) return INF_INSTALL_SECTION_PURPOSE.services;
  if (modelsSections(index).some((m) => sameName(m, name))) return INF_INSTALL_SECTION_PURPOSE.models;
  if (modelEntries(index).some((m) => sameName(splitPlatform(m.installSection.text.trim()).base, base))) return INF_INSTALL_SECTION_PURPOSE.ddInstall;
  for (const { entry } of references) {
    const directive = sameName(entry.section, DESTINATION_DIRS) ? COPY_FILES : entry.key?.text.trim().toLowerCase();
    const purpose = directive ? INF_DIRECTIVE_SECTION_PURPOSE[directive] : undefined;
    if (purpose) return `${purpose}.`;
  }
  return 'a section of this INF.';
}

/** Entries that name the section: exactly, or through a platform decoration or an install-section suffix Windows adds. */
function referencesTo(inf: InfModel, name: string): SectionReference[] {
  const out: SectionReference[] = [];
  const owner = coInstallersOwner(name) ?? suffixOwner(name, 'HW') ?? suffixOwner(name, 'Services');
  const { base, decoration } = splitPlatform(owner ?? name);
  for (const section of inf.sections) {
    for (const entry of section.entries) {
      const values = entry.values.map((v) => v.text.trim());
      if (sameName(section.name, 'Manufacturer')) {
        // %Mfg% = models-section[,decoration...]: Windows adds the decoration to the name.
        const [models, ...decorations] = values;
        if (models && sameName(models, name)) out.push({ entry });
        else if (models && decorations.some((d) => d && sameName(`${models}.${d}`, name))) out.push({ entry, how: 'with its platform decoration' });
        continue;
      }
      if (sameName(section.name, DESTINATION_DIRS)) {
        // file-list-section = dirid[,subdir]: where CopyFiles puts the list's files, not what runs it.
        if (entry.key && sameName(entry.key.text.trim(), name)) out.push({ entry, how: 'its destination directory' });
        continue;
      }
      if (values.some((v) => sameName(v, name))) out.push({ entry });
      else if (values.some((v) => (owner !== undefined && sameName(v, owner)) || (decoration !== undefined && sameName(v, base)))) {
        out.push({ entry, how: owner ? `Windows runs it with [${owner}]` : 'Windows picks the platform-decorated section' });
      }
    }
  }
  return out;
}

/** "X.Services" -> "X" for the given install-section suffix; undefined for other names. */
function suffixOwner(name: string, suffix: string): string | undefined {
  const dotted = `.${suffix}`;
  return name.length > dotted.length && name.toLowerCase().endsWith(dotted.toLowerCase()) ? name.slice(0, -dotted.length) : undefined;
}

function entryText(entry: InfEntry): string {
  const values = entry.values.map((v) => v.raw).join(',');
  return entry.key ? `${entry.key.raw} = ${values}` : values;
}
