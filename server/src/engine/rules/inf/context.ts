import type { InfModel } from '../../inf/model';
import type { EntryPointSummary } from '../../types';
import type { ProjectEvidence } from '../../project/evidence';

/** What an INF rule sees: the parsed INF and, when sources were analysed with it, their entry points. */
export interface InfRuleContext {
  path: string;
  text: string;
  inf: InfModel;
  /** undefined when no C/C++ sources are available (cross-file rules stay silent). */
  entryPoints?: EntryPointSummary[];
  /** The project the INF belongs to (ties DLLs to their sources); undefined: every entry point given counts. */
  project?: ProjectEvidence;
}
