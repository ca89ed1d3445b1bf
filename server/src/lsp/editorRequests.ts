/**
 * The requests an editor makes about one position or range: code actions (the rule's own fixes and the
 * suppression comments), completions, and `finishInstall/explain`. Each answers from the analysis of
 * the document's current version; the editor features themselves live in engine/features.
 */
import type {
  CodeAction,
  CodeActionParams,
  CodeLens,
  CodeLensParams,
  CompletionList,
  CompletionParams,
  DocumentSymbol,
  DocumentSymbolParams,
  TextDocuments,
  WorkspaceSymbol,
  WorkspaceSymbolParams,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { codeLenses, completionsAt, documentSymbols, explainAt, explainInfAt, installerFlowAt, suppressionFixes, workspaceSymbols, type Engine } from '../engine';
import type { EntryPointIndex } from './entryPointIndex';
import type { ExplainParams, ExplainResult, InstallerFlowParams, InstallerFlowResult } from '#protocol';
import type { DocumentAnalyzer } from './analyzer';
import { isDiagnosticOf, toCodeAction, toCodeLens, toCompletionItem, toDocumentSymbol, toWorkspaceSymbol } from './convert';
import type { SettingsStore } from './settings';
import { docUrl } from './links';
import { languageFromId, uriToPath } from './uris';

export class EditorRequests {
  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly engine: Promise<Engine>,
    private readonly analyzer: DocumentAnalyzer,
    private readonly entryPoints: EntryPointIndex,
    private readonly settings: SettingsStore,
  ) {}

  async codeLenses(params: CodeLensParams): Promise<CodeLens[]> {
    const document = this.documents.get(params.textDocument.uri);
    if (!document || languageFromId(document.languageId) === 'inf') return [];
    if (!(await this.settings.forDocument(document.uri)).codeLens) return [];
    const analysis = await this.analyzer.current(document);
    if (!analysis) return [];
    return codeLenses(analysis.result).map((lens) => toCodeLens(lens, document.uri));
  }

  async documentSymbols(params: DocumentSymbolParams): Promise<DocumentSymbol[]> {
    const document = this.documents.get(params.textDocument.uri);
    if (!document) return [];
    const analysis = await this.analyzer.current(document);
    if (!analysis) return [];
    return documentSymbols(analysis.result).map(toDocumentSymbol);
  }

  workspaceSymbols(params: WorkspaceSymbolParams): WorkspaceSymbol[] {
    const registrations = this.entryPoints.project()?.registrations ?? [];
    return workspaceSymbols(this.entryPoints.all() ?? [], registrations, params.query).map(toWorkspaceSymbol);
  }

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
