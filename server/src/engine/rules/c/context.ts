import { TextLines } from '../../lines';
import type { FileModel } from '../../model/types';

/** What a C/C++ rule sees: the installer model of one file. */
export interface CRuleContext {
  path: string;
  text: string;
  model: FileModel;
  /** The text's lines (for fixes), counted when a rule first asks. */
  readonly lines: TextLines;
}

export function cRuleContext(path: string, text: string, model: FileModel): CRuleContext {
  let lines: TextLines | undefined;
  return {
    path,
    text,
    model,
    get lines() {
      return (lines ??= new TextLines(text));
    },
  };
}
