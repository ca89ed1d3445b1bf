/**
 * What the editor's status line says about a document after its analysis: whether it holds an installer,
 * each entry point's role and where the role comes from, or why the file was not analysed.
 */
import { KIND_LABEL } from '../catalogue';
import type { AnalysisResult } from '../engine';
import { listInstallerRegistrations } from '../inf/registrations';
import { roleSource } from './lenses';

export interface AnalysisStatus {
  /** One line. */
  text: string;
  /** A sentence or two more. */
  detail: string;
  skipped: boolean;
}

export function analysisStatus(analysis: AnalysisResult): AnalysisStatus {
  if (analysis.skipped) return { text: 'not analysed', detail: analysis.skipped, skipped: true };
  if (analysis.inf) {
    const registrations = listInstallerRegistrations(analysis.inf);
    if (!registrations.length) return { text: 'INF: registers no installer', detail: 'Checked against the finish-install contract.', skipped: false };
    const names = registrations.map((r) => `${r.entryPoint} (${KIND_LABEL[r.role]}, ${r.dll})`);
    return {
      text: `INF: registers ${registrations.length === 1 ? names[0] : `${registrations.length} installers`}`,
      detail: `Registers ${names.join(', ')}; checked against the entry points of the workspace.`,
      skipped: false,
    };
  }
  const entryPoints = analysis.model?.entryPoints ?? [];
  if (!entryPoints.length) return { text: 'no installer', detail: 'No class-installer or co-installer entry point in this file.', skipped: false };
  const described = entryPoints.map((ep) => `${KIND_LABEL[ep.kind]} ${ep.name} (${roleSource(ep)})`);
  return {
    text: entryPoints.length === 1 ? described[0] : `${entryPoints.length} installer entry points`,
    detail: `${described.join('; ')}: checked against the finish-install contract.`,
    skipped: false,
  };
}
