import { TextLines } from '../../lines';
import type { FileModel } from '../../model/types';

/** What a C/C++ rule sees: the installer model of one file. */
export interface CRuleContext {
  path: string;
  text: string;
  /** The engine checks one entry point at a time: `entryPoints` holds the one to report about (keptReports.ts). */
  model: FileModel;
  /** The text's lines (for fixes), counted when a rule first asks. */
  readonly lines: TextLines;
}

/** `lines`: the text's lines (TextLines counts them when first asked); default: made here. */
export function cRuleContext(path: string, text: string, model: FileModel, lines = new TextLines(text)): CRuleContext {
  return { path, text, model, lines };
}
