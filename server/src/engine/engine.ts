/**
 * The finish-install rule engine: text in, findings out. Shared by the language server, the CLI and the
 * tests; it imports nothing from VS Code or the LSP packages.
 */
import * as path from 'node:path';
import { buildFileModel, newModelCache, type ModelCache } from './model/build';
import type { FileModel } from './model/types';
import { dialectOf, loadCParsers, type CDialect, type CParsers, type ParsedC } from './c/parser';
import { COINSTALLER_CONTEXT_STRUCT, ENTRY_POINT_PARAM_TYPES } from './catalogue';
import { parseInf } from './inf/parser';
import { isInfFileName, isSetupInf, looksLikeInf } from './inf/documents';
import type { InfModel } from './inf/model';
import { C_RULES } from './rules/c';
import { withKeptReports } from './keptReports';
import { cRuleContext } from './rules/c/context';
import { INF_RULES } from './rules/inf';
import type { InfRuleContext } from './rules/inf/context';
import { RULE_IDS, RULES_BY_ID } from './rules';
import { fileSkipped, unknownRuleId } from './rules/meta';
import type { Report, RuleDefinition } from './rules/rule';
import { isSuppressed, parseSuppressions, type CommentText, type Suppression } from './suppressions';
import type { LintConfig } from './config';
import type { DocumentLanguage, EntryPointSummary, Finding, Position, Range, SourceDocument } from './types';
import { summarizeEntryPoints } from './model/summary';
import { collectComments } from './c/comments';
import { AnalysisTimeout, runWithTimeLimit } from './timeLimit';
import { endOfText, TextLines } from './lines';
import { NestingTooDeep } from './model/syntaxTree';
import { difCallSites } from './model/roles';
import type { DifCall, EntryPointEvidence, ProjectEvidence } from './project/evidence';
import { HeaderMacros, type IncludeResolver } from './headers';
import type { MacroContext } from './model/fileIndex';
import type { ExpansionParser } from './model/macros';
import { copySubtree } from './model/syntaxTree';
import type { HelperLookup } from './project/functionIndex';
import { HelperFileCache, localizeReport } from './helperFiles';

export const DEFAULT_MAX_FILE_SIZE_KB = 2048;
/** Past this, tracing a file gives up and reports it as skipped (docs/robustness.md). */
export const DEFAULT_TIME_LIMIT_MS = 10_000;

export interface AnalyzeOptions {
  config?: LintConfig;
  /** Entry points of the C/C++ sources analysed together with an INF file; undefined: none available. */
  entryPoints?: EntryPointSummary[];
  /**
   * For an INF file: the project it belongs to (build files, source files), which ties each registered
   * DLL to its sources. Undefined: every entry point given counts, wherever it is defined.
   */
  project?: ProjectEvidence;
  /** For a C/C++ file: what the project says about its functions' roles (fileEvidence); undefined: the signature decides. */
  evidence?: EntryPointEvidence;
  /**
   * For a C/C++ file: the functions of the other sources of its DLL (or folder), to follow calls into
   * (project/functionIndex.ts); undefined: only the file's own helpers are followed.
   */
  helpers?: HelperLookup;
  /** Files larger than this are skipped with a file-skipped finding. */
  maxFileSizeKB?: number;
  /**
   * Analyse once and keep nothing for this document (a file read from disk, not edited): its cached
   * tree and model, if any, stay as they are, and the result's tree belongs to the caller. Without it,
   * the engine keeps the document's tree for the next analysis and a result's tree is valid until then.
   */
  transient?: boolean;
  /** Tracing that runs longer than this gives up: the file is reported as skipped. */
  timeLimitMs?: number;
  /**
   * For a C/C++ file: reads the project headers its `#include "..."` lines name, whose macros the
   * model expands (headers.ts). Undefined: only the file's own macros (and the config's pinned defines).
   */
  includes?: IncludeResolver;
}

export interface RuleFailure {
  ruleId: string;
  error: unknown;
}

export interface AnalysisResult {
  findings: Finding[];
  /** The C/C++ file's entry points (empty for INF files and files without installers). */
  entryPoints: EntryPointSummary[];
  /** Calls in the C/C++ file that pass a DIF code on to another function (for the project's evidence). */
  difCalls?: DifCall[];
  /** Names of the file's functions with an entry point's signature, entry points or not. */
  signatureCandidates?: string[];
  /** Other files whose functions the traces followed (options.helpers): a change to one may change this result. */
  helperFiles?: string[];
  /** Project headers whose macros the model read (options.includes): a change to one may change this result. */
  headerFiles?: string[];
  /** Why the file was not analysed, if it was not. */
  skipped?: string;
  /** Rules that threw; their findings are missing, every other rule's are present. */
  ruleFailures: RuleFailure[];
  /** The installer model (C/C++ files that hold an installer). */
  model?: FileModel;
  /** The parsed INF (INF files). */
  inf?: InfModel;
  /** The tree-sitter tree and prepared text (C/C++ files that were parsed). */
  parsed?: ParsedC;
}

/**
 * Cheap test before any parsing: a file that says neither DI_FUNCTION nor COINSTALLER_CONTEXT_DATA (a
 * co-installer may declare its code DWORD) holds no entry point.
 */
export function mayContainInstaller(text: string): boolean {
  return text.includes(ENTRY_POINT_PARAM_TYPES[0]) || text.includes(COINSTALLER_CONTEXT_STRUCT);
}

export function languageOf(doc: SourceDocument): DocumentLanguage {
  if (doc.language) return doc.language;
  if (isInfFileName(doc.path)) return 'inf';
  // A file of another name (one named on the command line, such as a template) is an INF when it reads
  // as one; C and C++ files (.c, .cpp, .h, ...) are never taken for one.
  if (!/^\.[ch]/i.test(path.extname(doc.path)) && looksLikeInf(doc.text)) return 'inf';
  return dialectOf(doc.path);
}

/**
 * The C rules, checked one entry point at a time, with what they reported for an entry point kept with
 * it (keptReports.ts). Every analysis runs them so, not only a document's: one way to check.
 */
const KEPT_C_RULES = withKeptReports(C_RULES);

/** How many documents keep their entry points for reuse by the next analysis of the same path. */
const CACHED_DOCUMENTS = 64;

/** What the last analysis of a document leaves for the next: its functions and entry points, its lines. */
interface DocumentCache {
  model: ModelCache;
  lines: TextLines;
}

export class Engine {
  private readonly documents = new Map<string, DocumentCache>();
  private readonly headers = new Map<CDialect, HeaderMacros>();
  private readonly helperFileCache: HelperFileCache;

  private constructor(private readonly parsers: CParsers) {
    this.helperFileCache = new HelperFileCache(parsers);
  }

  /** The macros the model of a file may use besides its own: its headers', the pins, and how to parse an expansion. */
  private macroContext(docPath: string, dialect: CDialect, options: AnalyzeOptions): MacroContext {
    const resolve = options.includes;
    let headers = this.headers.get(dialect);
    if (!headers) this.headers.set(dialect, (headers = new HeaderMacros((text) => this.parsers.parse(text, dialect))));
    const reader = headers;
    return {
      headers: resolve ? (includes) => reader.projectMacros(includes, docPath, resolve) : undefined,
      pinned: options.config?.defines,
      parseExpansion: this.expansionParser(dialect),
    };
  }

  /** A replacement text parsed as the body of a function, its copy placed at the macro use (model/macros.ts). */
  private expansionParser(dialect: CDialect): ExpansionParser {
    return (text, at) => {
      const parsed = this.parsers.parse(`void fi_expansion(void) {\n${text}\n;}\n`, dialect);
      try {
        const fn = parsed.tree.rootNode.namedChildren.find((c) => c?.type === 'function_definition');
        const body = fn?.childForFieldName('body');
        // A replacement that closes the braces itself (`#define END }`) is no statement to expand.
        if (!body || body.type !== 'compound_statement' || body.endIndex !== fn!.endIndex) return undefined;
        return copySubtree(body, parsed.prepared.text, { pinnedTo: at });
      } finally {
        parsed.tree.delete();
      }
    };
  }

  /**
   * `grammars`: the C/C++ grammars to load now (default both). A front end that starts cold passes
   * fewer and calls `load` before analysing a document of another dialect.
   */
  static async create(options: { grammars?: readonly CDialect[] } = {}): Promise<Engine> {
    return new Engine(await loadCParsers(options.grammars));
  }

  /** Makes `analyze` and `parse` ready for documents of this language (loads its grammar if needed). */
  async load(language: DocumentLanguage): Promise<void> {
    if (language !== 'inf') await this.parsers.load(language);
  }

  analyze(doc: SourceDocument, options: AnalyzeOptions = {}): AnalysisResult {
    const result: AnalysisResult = { findings: [], entryPoints: [], difCalls: [], signatureCandidates: [], ruleFailures: [] };
    const skipReason = reasonToSkip(doc.text, options.maxFileSizeKB ?? DEFAULT_MAX_FILE_SIZE_KB);
    if (skipReason) return skipped(result, skipReason, options.config);
    const language = languageOf(doc);
    if (language === 'inf') {
      const inf = parseInf(doc.text);
      result.inf = inf;
      // An EDK II module description or a build list named .inf: nothing Windows reads, nothing to check.
      if (!isSetupInf(inf)) return result;
      const context: InfRuleContext = { path: doc.path, text: doc.text, inf, entryPoints: options.entryPoints, project: options.project };
      this.runRules(INF_RULES, context, inf.comments, result, options.config);
      return result;
    }
    if (!mayContainInstaller(doc.text)) return result;
    const parsed = this.parsers.parse(doc.text, language, options.transient ? undefined : doc.path);
    result.parsed = parsed;
    const timeLimitMs = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
    try {
      runWithTimeLimit(timeLimitMs, () => {
        const macros = this.macroContext(doc.path, language, options);
        const helpers = options.helpers && this.helperFileCache.forAnalysis(options.helpers);
        const otherFiles = helpers?.otherFiles;
        const kept = options.transient ? undefined : this.documents.get(doc.path);
        const next = options.transient ? undefined : { model: newModelCache(), lines: new TextLines(doc.text, kept?.lines) };
        const model = buildFileModel(parsed, doc.path, kept?.model, next?.model, options.evidence, macros, otherFiles);
        if (next) this.keep(doc.path, next);
        result.model = model;
        result.entryPoints = summarizeEntryPoints(model);
        result.difCalls = difCallSites(model.index).map((c) => ({ callee: c.callee, caller: c.caller, path: doc.path, line: c.row + 1 }));
        result.signatureCandidates = model.index.entryPoints.map((c) => c.fn.name);
        const context = cRuleContext(doc.path, doc.text, model, next?.lines);
        const localize = model.helperCalls.length ? (report: Report) => localizeReport(report, model.helperCalls) : undefined;
        this.runRules(KEPT_C_RULES, context, commentsIfSuppressing(doc.text, parsed), result, options.config, localize, helpers?.suppressedIn);
        if (helpers?.used.size) result.helperFiles = [...helpers.used].sort();
        if (model.index.headerFiles) result.headerFiles = [...model.index.headerFiles].sort();
      });
    } catch (error) {
      const reason = reasonToGiveUp(error, timeLimitMs);
      if (!reason) throw error;
      return skipped({ findings: [], entryPoints: [], difCalls: [], signatureCandidates: [], ruleFailures: [], parsed }, reason, options.config);
    }
    // Brackets closed after the end of a file being typed belong to no line: keep ranges in the document.
    if (parsed.prepared.text.length > parsed.prepared.originalLength) clampToEnd(result.findings, endOfText(doc.text));
    return withOwnStrings(result);
  }

  private keep(docPath: string, cache: DocumentCache): void {
    // Most recently analysed last, so the oldest document is dropped first.
    this.documents.delete(docPath);
    this.documents.set(docPath, cache);
    if (this.documents.size > CACHED_DOCUMENTS) this.documents.delete(this.documents.keys().next().value!);
  }

  /** Forget what was kept for a document (closed in the editor). */
  forget(docPath: string): void {
    this.documents.delete(docPath);
    this.parsers.forget(docPath);
  }

  /** Parse only (for benchmarks and tools that need the tree). */
  parse(text: string, language: 'c' | 'cpp'): ParsedC {
    return this.parsers.parse(text, language);
  }

  private runRules<Context>(
    rules: ReadonlyArray<RuleDefinition<Context>>,
    context: Context,
    comments: CommentText[],
    result: AnalysisResult,
    config: LintConfig | undefined,
    /** Moves a report in another file (a helper followed there) to this document (helperFiles.ts). */
    localize?: (report: Report) => Report,
    /** Whether that other file's own comments suppress the rule where the report stands there. */
    suppressedIn?: (file: string, ruleId: string, line: number) => boolean,
  ): void {
    const suppressions = parseSuppressions(comments);
    const seen = new Set<string>();
    for (const rule of rules) {
      if (config?.rules[rule.id] === 'off') continue;
      try {
        rule.check(context, (original) => {
          // The same finding can be reached through several traces (DIF codes, phases): report it once.
          const key = `${rule.id}@${original.range.path ?? ''}@${original.range.start.line}:${original.range.start.character}:${original.message}`;
          if (seen.has(key)) return;
          seen.add(key);
          if (original.range.path !== undefined && suppressedIn?.(original.range.path, rule.id, original.range.start.line)) return;
          const report = localize ? localize(original) : original;
          if (isSuppressed(suppressions, rule.id, report.range.start.line)) return;
          result.findings.push(withSeverity(rule, report, config));
        });
      } catch (error) {
        // Out of time or stack: the whole file gives up (see analyze), not just this rule.
        if (reasonToGiveUp(error, 0)) throw error;
        result.ruleFailures.push({ ruleId: rule.id, error });
      }
    }
    reportUnknownIds(suppressions, result, config);
    result.findings.sort(compareFindings);
  }
}

function reportUnknownIds(suppressions: Suppression[], result: AnalysisResult, config: LintConfig | undefined): void {
  if (config?.rules[unknownRuleId.id] === 'off') return;
  for (const s of suppressions) {
    for (const { id, range } of s.ruleIds) {
      if (RULE_IDS.has(id)) continue;
      // unknown-rule-id is suppressible like any rule (docs/rules/unknown-rule-id.md).
      if (isSuppressed(suppressions, unknownRuleId.id, range.start.line)) continue;
      result.findings.push(withSeverity(unknownRuleId, { range, message: `Unknown rule id "${id}" in ${s.directive}: it suppresses nothing.` }, config));
    }
  }
}

/**
 * Findings and entry-point summaries outlive the model: the server keeps them for every open document,
 * the entry-point index for every file. Their strings are often pieces of a function's text (a name, a
 * message quoting code), and V8 keeps the whole text a piece was cut from alive: 20 open 10k-line files
 * kept 6 MB of function texts that way. A structured clone gives every string its own storage.
 */
function withOwnStrings(result: AnalysisResult): AnalysisResult {
  result.findings = structuredClone(result.findings);
  result.entryPoints = structuredClone(result.entryPoints);
  result.difCalls = structuredClone(result.difCalls);
  result.signatureCandidates = structuredClone(result.signatureCandidates);
  return result;
}

function withSeverity(rule: RuleDefinition<any>, report: Report, config: LintConfig | undefined): Finding {
  const setting = config?.rules[rule.id];
  const severity = setting && setting !== 'off' ? setting : (report.severity ?? rule.defaultSeverity);
  const finding: Finding = { ruleId: rule.id, severity, message: report.message, range: report.range };
  if (report.related?.length) finding.related = report.related;
  if (report.fixes?.length) finding.fixes = report.fixes;
  return finding;
}

function compareFindings(a: Finding, b: Finding): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId);
}

function clampToEnd(findings: Finding[], end: Position): void {
  const clamp = (p: Position): Position => (p.line > end.line || (p.line === end.line && p.character > end.character) ? { ...end } : p);
  const clampRange = (r: Range): Range => ({ start: clamp(r.start), end: clamp(r.end) });
  for (const f of findings) {
    f.range = clampRange(f.range);
    if (f.related) f.related = f.related.map((r) => (r.path ? r : { ...r, range: clampRange(r.range) }));
    if (f.fixes) f.fixes = f.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, range: clampRange(e.range) })) }));
  }
}

function skipped(result: AnalysisResult, reason: string, config: LintConfig | undefined): AnalysisResult {
  result.skipped = reason;
  result.findings.push(withSeverity(fileSkipped, { range: startOfFile(), message: `Finish-install analysis skipped this file: ${reason}.` }, config));
  return result;
}

/**
 * Why an error means "give up on this file" rather than a bug: the time limit, or nesting. The model
 * follows the syntax tree recursively, so code nested deeper than MAX_SYNTAX_DEPTH (1000 nested braces,
 * a generated chain of 500 else-ifs) is skipped.
 */
function reasonToGiveUp(error: unknown, timeLimitMs: number): string | undefined {
  if (error instanceof AnalysisTimeout) {
    const limit = timeLimitMs >= 1000 ? `${Math.round(timeLimitMs / 1000)} s` : `${timeLimitMs} ms`;
    return `its analysis gave up after ${limit} (code too complex to trace in time)`;
  }
  // Past MAX_SYNTAX_DEPTH; the stack can still run out first in a process with very little of it.
  if (error instanceof NestingTooDeep || (error instanceof RangeError && /call stack/i.test(error.message))) return 'it is nested too deeply to analyse';
  return undefined;
}

function startOfFile(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

function reasonToSkip(text: string, maxFileSizeKB: number): string | undefined {
  // text.length counts UTF-16 units; close enough to bytes for a limit, and O(1).
  if (text.length > maxFileSizeKB * 1024) return `it is larger than ${maxFileSizeKB} KB (finishInstall.maxFileSizeKB)`;
  if (text.includes('\u0000')) return 'it contains NUL bytes, so it is not a text file';
  return undefined;
}

function commentsIfSuppressing(text: string, parsed: ParsedC): CommentText[] {
  return text.includes('finish-install-disable') ? collectComments(parsed.tree.rootNode, text) : [];
}

/** Rule metadata for front ends (SARIF, docs, completions). */
export function ruleMetadata(id: string): RuleDefinition<unknown> | undefined {
  return RULES_BY_ID.get(id);
}
