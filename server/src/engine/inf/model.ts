/**
 * The model of one INF file, as the parser leaves it: sections, their entries and every value with its
 * exact place in the document (0-based lines, UTF-16 columns, like the rest of the engine). Plain data;
 * the meaning of sections and directives (install sections, AddReg lines, registrations) is derived by
 * query.ts, addreg.ts, install.ts and registrations.ts.
 */
import type { Range } from '../types';
import type { CommentText } from '../suppressions';

/**
 * A run of a value's text and where it came from, on one document line. Literal runs map character by
 * character; an escape (`""`, `%%`) or a substituted `%token%` maps as a whole onto its source. Plain
 * numbers rather than Range objects: a large INF has hundreds of thousands of them.
 */
export interface InfSegment {
  /** Offset of the run in InfValue.text. */
  textStart: number;
  length: number;
  kind: 'literal' | 'escape' | 'token';
  line: number;
  /** Column of the run's first source character. */
  character: number;
  /** Source characters it came from (equals length for literal runs). */
  sourceLength: number;
}

/** A `%token%` reference inside a value. */
export interface InfTokenReference {
  /** The name between the percent signs, as written. */
  name: string;
  /** The whole `%name%`. */
  range: Range;
  /** False when neither [Strings] nor a locale [Strings.*] section defines it. Numeric tokens (DIRIDs) count as defined. */
  defined: boolean;
}

/** One comma-separated field of an entry (or the key before `=`). */
export interface InfValue {
  /** The field as written, trimmed; continuation breaks inside it are dropped. */
  raw: string;
  /** What Windows reads: quotes removed, `""` and `%%` unescaped, `%token%` replaced from [Strings]. */
  text: string;
  /** From the field's first to its last non-blank character. An empty field has an empty range where it stands. */
  range: Range;
  /** Whether any part of the field was in double quotes. */
  quoted: boolean;
  /** Shared and empty for most values: do not modify. */
  tokens: readonly InfTokenReference[];
  segments: readonly InfSegment[];
}

/** One logical line of a section: `key = value, value` or just `value, value` (continuations joined). */
export interface InfEntry {
  key?: InfValue;
  /** Empty for a key with nothing after `=`; a line without `=` has at least one value. */
  values: InfValue[];
  /** From the first to the last character of code (comments excluded), across continuation lines. */
  range: Range;
  /** Name of the section the entry belongs to, as written in its header. */
  section: string;
}

export interface InfSection {
  /** The name between the brackets, trimmed and unquoted, as written (INF names are case-insensitive). */
  name: string;
  nameRange: Range;
  /** The whole `[name]`. */
  headerRange: Range;
  entries: InfEntry[];
  /** From the header to the end of the section's last line (blank and comment lines included). */
  range: Range;
}

/** A [Strings] definition. */
export interface InfStringDefinition {
  name: string;
  value: string;
  /** The section that defined it ("Strings", "Strings.0409", ...). */
  section: string;
  range: Range;
}

/** A line the parser could not read as INF; inf-syntax reports these. */
export interface InfSyntaxProblem {
  /** What went wrong, so the rule can weigh it: text before any section Windows merely ignores. */
  kind: 'header' | 'unterminated-string' | 'directive-before-first-section' | 'text-before-first-section' | 'reader';
  range: Range;
  message: string;
}

export interface InfModel {
  /** Every `;` comment, text after the `;` (suppression comments are read from here). */
  comments: CommentText[];
  /** In document order; a name may occur more than once (Windows merges such sections). */
  sections: InfSection[];
  /** Lower-cased token name -> definition. Default [Strings] wins over locale sections. */
  strings: Map<string, InfStringDefinition>;
  /** Lexical problems: unterminated strings, broken headers, entries before the first section. */
  problems: InfSyntaxProblem[];
  lineCount: number;
}
