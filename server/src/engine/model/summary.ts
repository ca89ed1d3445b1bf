import type { EntryPointSummary } from '../types';
import type { FileModel } from './types';

export function summarizeEntryPoints(model: FileModel): EntryPointSummary[] {
  return model.entryPoints.map((ep) => ({
    name: ep.name,
    kind: ep.kind,
    path: model.path,
    range: ep.nameRange,
    handledDifs: [...ep.dispatch.keys()],
  }));
}
