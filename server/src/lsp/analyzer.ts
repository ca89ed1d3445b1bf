/**
 * Runs the engine on open documents and publishes the diagnostics: on open at once, on change after a
 * short pause in typing. A result is published only if it was made from the text the server holds now,
 * so an old text's findings never replace a newer text's. Version numbers only say which text that is:
 * a client may send them out of order (a change stamped 50 after 100), and the text it sent last wins.
 */
import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analysisStatus, mergeConfigs, type AnalysisResult, type Engine, type IncludeResolver, type SourceDocument } from '../engine';
import { SETTINGS_SECTION, STATUS_NOTIFICATION, type DocumentStatus } from '#protocol';
import { toDiagnostic } from './convert';
import type { EntryPointIndex } from './entryPointIndex';
import type { WorkspaceFunctions } from './workspaceFunctions';
import type { FolderConfigs } from './folderConfigs';
import { describeError, type Log } from './log';
import type { DocumentSettings, SettingsStore } from './settings';
import { isFileUri, languageFromId, uriToPath } from './uris';

/** The longest typing pause before re-analysing: long enough to skip the keystrokes of a word. */
export const CHANGE_DEBOUNCE_MS = 100;
/**
 * A re-analysis this cheap is worth doing at every keystroke: it fits in one frame (16 ms), so it never
 * holds up the next one. It waits only BURST_PAUSE_MS.
 */
export const CHEAP_ANALYSIS_MS = 16;
/**
 * Changes an editor sends together (a multi-cursor edit, an undo of several) arrive within this: taken as
 * one (3 ms let a busy machine split such a pair in the LSP tests).
 */
export const BURST_PAUSE_MS = 5;

/**
 * How much source the working set may hold, in characters: the documents whose whole analysis (installer
 * model, syntax tree) stays in memory, together with the engine's per-document caches that make
 * re-analysis while typing fast, are the most recently analysed ones that fit (the latest always does).
 * A whole analysis keeps about 30 bytes per character (a 10k-line, 400 KB installer: about 12 MB), so this
 * is about 15 MB: one such installer, or a dozen of 1k lines. Every other open document keeps its findings
 * (quick fixes need no more) and is analysed again when a hover or completion needs the rest.
 */
export const WORKING_SET_CHARACTERS = 512 * 1024;

export interface StoredAnalysis {
  version: number;
  /** The DocumentAnalyzer's generation when it was made (see scheduleAll). */
  generation: number;
  /** For an INF document, the entry points' generation it was checked against (see entryPointsChanged). */
  entryPointGeneration?: number;
  source: SourceDocument;
  result: AnalysisResult;
  /** False once the model and tree were let go (the document left the working set): findings only. */
  whole: boolean;
  /** The project's evidence the analysis was made with (JSON; C/C++ documents). */
  evidenceKey?: string;
  /** A helper file it followed changed, or the workspace's functions became known, since it was made. */
  helpersStale?: boolean;
}

/** What a caller of `current` reads: the findings only, or the model and tree as well. */
export type AnalysisNeed = 'findings' | 'whole';

export class DocumentAnalyzer {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly latest = new Map<string, StoredAnalysis>();
  /** The version and content of the diagnostics last published per document. */
  private readonly published = new Map<string, { version: number; content: string }>();
  /** Bumped whenever settings or a config file change: analyses made before are stale. */
  private generation = 0;
  /** Bumped when the workspace's entry points change: INF analyses made before are stale (C ones read none). */
  private entryPointGeneration = 0;
  /** C/C++ documents whose whole analysis is kept (see WORKING_SET_CHARACTERS), most recently analysed last, with their lengths. */
  private readonly workingSet = new Map<string, number>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly engine: Promise<Engine>,
    private readonly settings: SettingsStore,
    private readonly folderConfigs: FolderConfigs,
    private readonly entryPoints: EntryPointIndex,
    private readonly log: Log,
    /** Reads the workspace's project headers for the macros they define (shared/includes.ts). */
    private readonly includes?: IncludeResolver,
    private readonly functions?: WorkspaceFunctions,
  ) {}

  /** How long each document's last analysis took, for the typing pause below. */
  private readonly lastDurationMs = new Map<string, number>();

  /**
   * After a change, wait for a pause in typing before analysing, as long as the document's last
   * analysis took (at most CHANGE_DEBOUNCE_MS): an expensive analysis is not worth doing at every
   * keystroke, and while typing goes on the server analyses at most half the time. A cheap one
   * (CHEAP_ANALYSIS_MS) is worth it: it only waits for the rest of a burst.
   */
  private typingPause(uri: string): number {
    const last = this.lastDurationMs.get(uri);
    if (last === undefined) return CHANGE_DEBOUNCE_MS;
    return last <= CHEAP_ANALYSIS_MS ? BURST_PAUSE_MS : Math.min(CHANGE_DEBOUNCE_MS, last);
  }

  schedule(uri: string, delayMs = this.typingPause(uri)): void {
    clearTimeout(this.timers.get(uri));
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        void this.analyzeAndPublish(uri);
      }, delayMs),
    );
  }

  /** Every open document: the settings or a config file changed. */
  scheduleAll(): void {
    // Stored analyses were made with what just changed: none may be reused, even for the same version.
    this.generation++;
    for (const document of this.documents.all()) this.schedule(document.uri, 0);
  }

  /**
   * The project changed (entry points, an INF registration, a build file, a call passing a DIF code): INF
   * documents are checked against the new entry points, and a C/C++ document is analysed again only when
   * its own evidence changed (it takes no entry points; it only contributes its own).
   */
  projectChanged(): void {
    this.entryPointGeneration++;
    for (const document of this.documents.all()) {
      const language = languageFromId(document.languageId);
      const stored = this.latest.get(document.uri);
      if (language === 'inf' || (stored && stored.evidenceKey !== this.evidenceKey(document.uri, language))) this.schedule(document.uri, 0);
    }
  }

  /**
   * A C/C++ file changed (`file`: its open document was edited, or it changed on disk), or the workspace
   * scan has read every file (undefined): the open documents whose traces followed a helper into that
   * file, or whose macros came from it (a header), are analysed again (all C/C++ documents, after the scan).
   */
  helperFileChanged(file: string | undefined): void {
    for (const [uri, stored] of this.latest) {
      if (stored.source.language === 'inf' || !this.documents.get(uri)) continue;
      if (file !== undefined && !stored.result.helperFiles?.includes(file) && !stored.result.headerFiles?.includes(file)) continue;
      stored.helpersStale = true;
      this.schedule(uri);
    }
  }

  closed(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.latest.delete(uri);
    this.published.delete(uri);
    this.lastDurationMs.delete(uri);
    this.workingSet.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    // The engine keeps each open document's tree and model for fast re-analysis: not after closing.
    void this.engine.then((engine) => engine.forget(uriToPath(uri)));
  }

  /**
   * The analysis of the document's current text: the stored one if it is current (and whole, if the
   * caller needs the model), else a fresh one. Read a whole result before the next await: once its
   * document leaves the working set, its tree is freed.
   */
  async current(document: TextDocument, need: AnalysisNeed = 'whole'): Promise<StoredAnalysis | undefined> {
    const generation = this.generation;
    const settings = await this.settings.forDocument(document.uri);
    if (!settings.enable) return undefined;
    const stored = this.latest.get(document.uri);
    if (this.isReusable(stored, document) && (need === 'findings' || stored.whole)) return stored;
    return this.analyze(document, settings, generation);
  }

  async isEnabled(uri: string): Promise<boolean> {
    return (await this.settings.forDocument(uri)).enable;
  }

  private async analyzeAndPublish(uri: string): Promise<void> {
    const document = this.documents.get(uri);
    if (!document) return;
    const version = document.version;
    const generation = this.generation;
    try {
      const settings = await this.settings.forDocument(uri);
      // Settings are read asynchronously: the document may have changed or closed meanwhile.
      if (this.documents.get(uri)?.version !== version) return;
      if (!settings.enable) {
        this.latest.delete(uri);
        this.publish(uri, version, []);
        this.sendStatus({ uri, text: 'off', detail: `Turned off by the ${SETTINGS_SECTION}.enable setting.`, state: 'disabled' });
        return;
      }
      // A request (completion, hover) may already have analysed this version.
      const stored = this.latest.get(uri);
      const analysis = this.isReusable(stored, document) ? stored : await this.analyze(document, settings, generation);
      // Published with the version whose text was analysed, and only while it is still the current text.
      if (!analysis || !this.isCurrent(uri, analysis)) return;
      this.publish(uri, analysis.version, analysis.result.findings.map((f) => toDiagnostic(f, uri)));
      const status = analysisStatus(analysis.result);
      this.sendStatus({ uri, text: status.text, detail: status.detail, state: status.skipped ? 'skipped' : 'analysed' });
    } catch (error) {
      this.log.error(`Analysis of ${uri} failed: ${describeError(error)}`);
    }
  }

  private isReusable(stored: StoredAnalysis | undefined, document: TextDocument): stored is StoredAnalysis {
    return (
      stored !== undefined &&
      isOfText(stored, document) &&
      stored.generation === this.generation &&
      (stored.entryPointGeneration === undefined || stored.entryPointGeneration === this.entryPointGeneration) &&
      stored.evidenceKey === this.evidenceKey(document.uri, stored.source.language) &&
      !stored.helpersStale
    );
  }

  /** The project's evidence for a C/C++ document, as the key its analysis is valid for. */
  private evidenceKey(uri: string, language: SourceDocument['language']): string | undefined {
    return language === 'inf' ? undefined : JSON.stringify(this.entryPoints.evidenceFor(uri) ?? null);
  }

  private isCurrent(uri: string, analysis: StoredAnalysis): boolean {
    const document = this.documents.get(uri);
    return document !== undefined && isOfText(analysis, document);
  }

  /** `generation`: the one current before the settings were read, so that a change meanwhile makes the result stale. */
  private async analyze(document: TextDocument, settings: DocumentSettings, generation: number): Promise<StoredAnalysis | undefined> {
    const language = languageFromId(document.languageId);
    if (!language) return undefined;
    const engine = await this.engine;
    await engine.load(language);
    const helpers = language === 'inf' ? undefined : this.functions?.lookupFor(this.entryPoints.project(), uriToPath(document.uri));
    for (const helperLanguage of helpers?.languages ?? []) await engine.load(helperLanguage);
    // The text and its version are read together, after the last await: nothing can change them until the engine is done.
    const version = document.version;
    const source: SourceDocument = { path: uriToPath(document.uri), text: document.getText(), language };
    const config = mergeConfigs(this.folderConfigs.configFor(document.uri), settings.rules);
    const started = Date.now();
    const entryPointGeneration = language === 'inf' ? this.entryPointGeneration : undefined;
    const evidence = language === 'inf' ? undefined : this.entryPoints.evidenceFor(document.uri);
    const result = engine.analyze(source, {
      config,
      maxFileSizeKB: settings.maxFileSizeKB,
      entryPoints: language === 'inf' ? this.entryPoints.all() : undefined,
      project: language === 'inf' ? this.entryPoints.project() : undefined,
      evidence,
      includes: this.includes,
      helpers: helpers?.lookup,
    });
    const durationMs = Date.now() - started;
    this.lastDurationMs.set(document.uri, durationMs);
    this.connection.tracer.log(`Analysed ${document.uri} v${version} in ${durationMs} ms: ${result.findings.length} finding(s).`);
    for (const failure of result.ruleFailures) {
      this.log.error(`Rule ${failure.ruleId} failed on ${document.uri}: ${describeError(failure.error)}`);
    }
    const stored: StoredAnalysis = { version, generation, entryPointGeneration, source, result, whole: true, evidenceKey: language === 'inf' ? undefined : JSON.stringify(evidence ?? null) };
    // The text was read just above, with no await since: this is the analysis of the newest text.
    this.latest.set(document.uri, stored);
    if (language !== 'inf') this.enterWorkingSet(document.uri, source.text.length, engine);
    if (language !== 'inf' && (isFileUri(document.uri) || result.entryPoints.length)) {
      this.entryPoints.updateFromDocument(document.uri, result);
    }
    return stored;
  }

  /** The document was just analysed: its whole analysis stays; the least recent ones beyond the budget are let go. */
  private enterWorkingSet(uri: string, length: number, engine: Engine): void {
    this.workingSet.delete(uri);
    this.workingSet.set(uri, length);
    let held = 0;
    for (const kept of this.workingSet.values()) held += kept;
    for (const [leaving, kept] of this.workingSet) {
      if (held <= WORKING_SET_CHARACTERS || leaving === uri) break;
      held -= kept;
      this.workingSet.delete(leaving);
      const stored = this.latest.get(leaving);
      if (stored) {
        stored.result = { ...stored.result, model: undefined, parsed: undefined };
        stored.whole = false;
      }
      engine.forget(uriToPath(leaving));
    }
  }

  /** For the editor's language status item; sent after every analysis (the editor shows it busy until then). */
  private sendStatus(status: DocumentStatus): void {
    void this.connection.sendNotification(STATUS_NOTIFICATION, status);
  }

  /** The caller made sure the diagnostics are of the text the server holds now, whatever its version number. */
  private publish(uri: string, version: number, diagnostics: ReturnType<typeof toDiagnostic>[]): void {
    const last = this.published.get(uri);
    const content = JSON.stringify(diagnostics);
    this.published.set(uri, { version, content });
    // Say nothing when nothing changed: a document that never had findings needs no message (most C
    // files), and re-analysing an INF after a C file changed usually changes nothing.
    if (last ? last.content === content : diagnostics.length === 0) return;
    void this.connection.sendDiagnostics({ uri, version, diagnostics });
  }
}

/**
 * The analysis was made from the document's current text. The version alone does not say so: a client
 * may reuse a number (100, then 50, then 100 again for another text).
 */
function isOfText(analysis: StoredAnalysis, document: TextDocument): boolean {
  return analysis.version === document.version && analysis.source.text === document.getText();
}
