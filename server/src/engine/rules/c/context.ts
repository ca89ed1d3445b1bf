import type { FileModel } from '../../model/types';

/** What a C/C++ rule sees: the installer model of one file. */
export interface CRuleContext {
  path: string;
  text: string;
  model: FileModel;
}
