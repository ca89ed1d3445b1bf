/**
 * Helpers followed into other files: the parsed copies of those files' functions, kept per file text so
 * that re-analysing a document while its user types parses no other file, and the move of a finding that
 * lies in another file to the call in the analysed file that leads there (a diagnostic belongs to its
 * document; the other file's place becomes a related location with its path).
 */
import * as path from 'node:path';
import { dialectOf, GrammarNotLoaded, type CParsers } from './c/parser';
import { indexFile, type FunctionInfo } from './model/fileIndex';
import type { HelperCall } from './model/types';
import type { HelperLookup } from './project/functionIndex';
import type { Report } from './rules/rule';
import type { Range, RelatedLocation } from './types';
import { comparePositions } from './positions';
import { AnalysisTimeout } from './timeLimit';
import { collectComments } from './c/comments';
import { isSuppressed, parseSuppressions, type Suppression } from './suppressions';

/** How many other files keep their parsed functions. */
const CACHED_FILES = 64;

interface HelperFile {
  text: string;
  functions: ReadonlyMap<string, FunctionInfo>;
  /** The file's own suppression comments: a finding in the file is suppressed there as in its own analysis. */
  suppressions: Suppression[];
}

export class HelperFileCache {
  private readonly files = new Map<string, HelperFile>();

  constructor(private readonly parsers: CParsers) {}

  /**
   * For one analysis: the lookup as the walker asks it (name -> a function copy of the other file), and
   * the files it used (what the analysis depends on besides its own text).
   */
  forAnalysis(lookup: HelperLookup): {
    otherFiles: (name: string) => FunctionInfo | undefined;
    used: Set<string>;
    /** Whether the other file's own comments suppress the rule on that line (0-based). */
    suppressedIn: (file: string, ruleId: string, line: number) => boolean;
  } {
    const answers = new Map<string, FunctionInfo | undefined>();
    const used = new Set<string>();
    const otherFiles = (name: string): FunctionInfo | undefined => {
      if (answers.has(name)) return answers.get(name);
      const file = lookup.definingFile(name);
      const fn = file ? this.functionsOf(file.path, file.text).get(name) : undefined;
      if (fn && file) used.add(file.path);
      answers.set(name, fn);
      return fn;
    };
    const suppressedIn = (file: string, ruleId: string, line: number) => isSuppressed(this.files.get(file)?.suppressions ?? [], ruleId, line);
    return { otherFiles, used, suppressedIn };
  }

  private functionsOf(file: string, text: string): ReadonlyMap<string, FunctionInfo> {
    const known = this.files.get(file);
    if (known && known.text === text) {
      this.files.delete(file);
      this.files.set(file, known);
      return known.functions;
    }
    let functions: ReadonlyMap<string, FunctionInfo> = new Map();
    let suppressions: Suppression[] = [];
    try {
      const parsed = this.parsers.parse(text, dialectOf(file));
      try {
        const index = indexFile(parsed.tree.rootNode, parsed.prepared);
        // The copies' ranges say which file they are in (engine.ts moves findings there to this file's calls).
        for (const fn of index.functions.values()) fn.node.anchor.path = file;
        functions = index.functions;
        if (text.includes('finish-install-disable')) suppressions = parseSuppressions(collectComments(parsed.tree.rootNode, text));
      } finally {
        parsed.tree.delete();
      }
    } catch (error) {
      // The analysis ran out of time: it gives up as a whole, and the file is not remembered as empty.
      if (error instanceof AnalysisTimeout) throw error;
      // Not followed now, but once the front end has loaded the grammar (see Engine.load).
      if (error instanceof GrammarNotLoaded) return functions;
      // A file that cannot be read as C (grammar not loaded, nested too deeply): its helpers are not followed.
    }
    this.files.set(file, { text, functions, suppressions });
    if (this.files.size > CACHED_FILES) this.files.delete(this.files.keys().next().value!);
    return functions;
  }
}

/**
 * The report as the analysed document shows it. One that lies in another file is shown at the call in
 * this file that leads into it (the call to the function whose definition holds it, else the first call
 * into that file), with the other file's place as its first related location; related locations in other
 * files get their path; a fix that would edit another file is dropped (a fix edits its own document).
 */
export function localizeReport(report: Report, helperCalls: readonly HelperCall[]): Report {
  const related = (report.related ?? []).map(relatedWithPath);
  const fixes = report.fixes?.filter((fix) => fix.edits.every((e) => e.range.path === undefined));
  const elsewhere = report.range.path;
  if (elsewhere === undefined) return { ...report, related: related.length ? related : undefined, fixes };
  const intoFile = helperCalls.filter((c) => c.path === elsewhere);
  const call = intoFile.find((c) => contains(c.definition, report.range)) ?? intoFile[0] ?? helperCalls[0];
  if (!call) return { ...report, related, fixes };
  const there: RelatedLocation = { path: elsewhere, range: plain(report.range), message: `here, in ${path.basename(elsewhere)} (through ${call.callee})` };
  return { ...report, range: call.call, related: [there, ...related], fixes };
}

function relatedWithPath(r: RelatedLocation): RelatedLocation {
  return r.range.path === undefined ? r : { ...r, path: r.range.path, range: plain(r.range) };
}

function plain(range: Range): Range {
  return { start: range.start, end: range.end };
}

function contains(outer: Range, inner: Range): boolean {
  return outer.path === inner.path && comparePositions(outer.start, inner.start) <= 0 && comparePositions(inner.end, outer.end) <= 0;
}
