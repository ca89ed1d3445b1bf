/**
 * The engine's public vocabulary. Pure data: nothing here knows about VS Code or LSP, but positions are
 * zero-based lines and UTF-16 columns so that the language server can pass them through unchanged.
 */

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = Severity | 'off';

export type DocumentLanguage = 'c' | 'cpp' | 'inf';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
  /**
   * Set only inside the engine, on a range in another file (a helper followed into it): the engine turns
   * it into a RelatedLocation's `path` before a finding leaves it.
   */
  path?: string;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix a user most likely wants (shown first, applied by "fix all"). */
  preferred?: boolean;
}

export interface RelatedLocation {
  /** File path of the related place; absent means the same document. */
  path?: string;
  range: Range;
  message: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  range: Range;
  related?: RelatedLocation[];
  fixes?: Fix[];
}

export interface SourceDocument {
  /** File path (or an untitled name); used for language detection and in messages. */
  path: string;
  text: string;
  /** Overrides detection from the path's extension. */
  language?: DocumentLanguage;
}

export type InstallerKind = 'class-installer' | 'co-installer';

/** What one C/C++ file tells another front end (the INF cross-check, go-to-definition) about an entry point. */
export interface EntryPointSummary {
  name: string;
  kind: InstallerKind;
  path: string;
  range: Range;
  /** DIF code names the entry point dispatches on explicitly. */
  handledDifs: string[];
}
