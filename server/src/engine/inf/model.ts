/** The model of one INF file. (Owned by the INF work: parser.ts fills it.) */
import type { CommentText } from '../suppressions';

export interface InfModel {
  comments: CommentText[];
}
