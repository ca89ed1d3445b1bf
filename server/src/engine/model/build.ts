import type { ParsedC } from '../c/parser';
import type { FileModel } from './types';

export function buildFileModel(parsed: ParsedC, path: string): FileModel {
  void parsed;
  return { path, entryPoints: [] };
}
