/**
 * The requests an editor makes about one position or range: code actions (the rule's own fixes and the
 * suppression comments), completions, and `finishInstall/explain`. Each answers from the analysis of
 * the document's current version; the editor features themselves live in engine/features.
 */
import type { CodeAction, CodeActionParams, CompletionList, CompletionParams, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { completionsAt, explainAt, explainInfAt, installerFlowAt, suppressionFixes, type Engine } from '../engine';
import type { EntryPointIndex } from './entryPointIndex';
import type { ExplainParams, ExplainResult, InstallerFlowParams, InstallerFlowResult } from '#protocol';
import type { DocumentAnalyzer } from './analyzer';
import { isDiagnosticOf, toCodeAction, toCompletionItem } from './convert';
import { docUrl } from './links';
import { languageFromId, uriToPath } from './uris';

export class EditorRequests {
  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly engine: Promise<Engine>,
    private readonly analyzer: DocumentAnalyzer,
    private readonly entryPoints: EntryPointIndex,
  ) {}

  async codeActions(params: CodeActionParams): Promise<CodeAction[]> {
    const document = this.documents.get(params.textDocument.uri);
    if (!document) return [];
    const analysis = await this.analyzer.current(document, 'findings');
    if (!analysis) return [];
    const language = analysis.source.language ?? 'c';
    const actions: CodeAction[] = [];
    const suppressions: CodeAction[] = [];
    for (const diagnostic of params.context.diagnostics) {
      const finding = analysis.result.findings.find((f) => isDiagnosticOf(diagnostic, f));
      if (!finding) continue;
      for (const fix of finding.fixes ?? []) actions.push(toCodeAction(fix, document.uri, diagnostic));
      for (const fix of suppressionFixes(finding, analysis.source.text, language)) suppressions.push(toCodeAction(fix, document.uri, diagnostic));
    }
    // The rules' own fixes first: they repair the code; suppressions only silence it.
    return [...actions, ...suppressions];
  }

  async completion(params: CompletionParams): Promise<CompletionList> {
    const document = this.documents.get(params.textDocument.uri);
    const empty: CompletionList = { isIncomplete: false, items: [] };
    if (!document || languageFromId(document.languageId) === 'inf') return empty;
    const engine = await this.engine;
    const analysis = await this.analyzer.current(document);
    if (!analysis) return empty;
    const list = completionsAt(engine, analysis.source, params.position, { analysis: analysis.result });
    return { isIncomplete: list.isIncomplete, items: list.items.map(toCompletionItem) };
  }

  async explain(params: ExplainParams): Promise<ExplainResult> {
    const document = this.documents.get(params.textDocument.uri);
    if (!document) return null;
    if (languageFromId(document.languageId) === 'inf') {
      const source = { path: uriToPath(document.uri), text: document.getText(), language: 'inf' as const };
      const explanation = explainInfAt(await this.engine, source, params.position, this.entryPoints.all());
      return explanation ? { markdown: explanation.markdown, range: explanation.range } : null;
    }
    const engine = await this.engine;
    const analysis = await this.analyzer.current(document);
    if (!analysis) return null;
    const explanation = explainAt(engine, analysis.source, params.position, { analysis: analysis.result, docUrl });
    return explanation ? { markdown: explanation.markdown, range: explanation.range } : null;
  }

  /** The flow view's data: engine types are plain data already, the protocol's shape. */
  async installerFlow(params: InstallerFlowParams): Promise<InstallerFlowResult> {
    const document = this.documents.get(params.textDocument.uri);
    if (!document || languageFromId(document.languageId) === 'inf') return null;
    const engine = await this.engine;
    const analysis = await this.analyzer.current(document);
    if (!analysis) return null;
    const flow = installerFlowAt(engine, analysis.source, params.position, { analysis: analysis.result });
    return flow ? { entryPoint: flow.entryPoint, title: flow.title, incomplete: flow.incomplete, steps: flow.steps, edges: flow.edges } : null;
  }
}
