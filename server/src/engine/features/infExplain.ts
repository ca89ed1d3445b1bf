/**
 * Hover on an installer registration in an INF file: the entry point Windows will call, whether the
 * analysed sources define it, its kind, and which DIF codes it handles.
 */
import * as path from 'node:path';
import { DEFAULT_ENTRY_POINT, KIND_LABEL } from '../catalogue';
import type { Engine } from '../engine';
import { listInstallerRegistrations } from '../inf/registrations';
import type { EntryPointSummary, Position, SourceDocument } from '../types';
import { rangeContains } from './context';
import type { Explanation } from './explain';

export function explainInfAt(engine: Engine, doc: SourceDocument, position: Position, entryPoints: EntryPointSummary[] | undefined): Explanation | undefined {
  const inf = engine.analyze(doc, { entryPoints, transient: true }).inf;
  if (!inf) return undefined;
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
