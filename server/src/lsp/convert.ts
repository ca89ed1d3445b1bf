/** Engine values -> LSP values. The engine's positions are already zero-based lines and UTF-16 columns. */
import {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  InsertTextFormat,
  MarkupKind,
  SymbolKind,
  type CodeAction,
  type CodeLens,
  type CompletionItem,
  type Diagnostic,
  type DocumentSymbol,
  type WorkspaceSymbol,
} from 'vscode-languageserver';
import type { CompletionSuggestion, Finding, Fix, InstallerLens, InstallerSymbol, InstallerSymbolKind, Severity, WorkspaceInstallerSymbol } from '../engine';

import { DIAGNOSTIC_SOURCE, REVEAL_ENTRY_POINT_COMMAND, type RevealEntryPointArgs } from '#protocol';
import { ruleDocUrl } from './links';
import { pathToUri } from './uris';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(finding: Finding, documentUri: string): Diagnostic {
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.ruleId,
    codeDescription: { href: ruleDocUrl(finding.ruleId) },
    message: finding.message,
  };
  if (finding.related?.length) {
    diagnostic.relatedInformation = finding.related.map((r) => ({
      location: { uri: r.path ? pathToUri(r.path) : documentUri, range: r.range },
      message: r.message,
    }));
  }
  return diagnostic;
}

/** Whether a diagnostic the client sent back is the one published for this finding. */
export function isDiagnosticOf(diagnostic: Diagnostic, finding: Finding): boolean {
  return (
    diagnostic.source === DIAGNOSTIC_SOURCE &&
    diagnostic.code === finding.ruleId &&
    diagnostic.message === finding.message &&
    diagnostic.range.start.line === finding.range.start.line &&
    diagnostic.range.start.character === finding.range.start.character &&
    diagnostic.range.end.line === finding.range.end.line &&
    diagnostic.range.end.character === finding.range.end.character
  );
}

export function toCodeAction(fix: Fix, documentUri: string, diagnostic: Diagnostic): CodeAction {
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: fix.preferred === true ? true : undefined,
    edit: { changes: { [documentUri]: fix.edits.map((e) => ({ range: e.range, newText: e.newText })) } },
  };
}

export function toCompletionItem(suggestion: CompletionSuggestion): CompletionItem {
  const snippet = suggestion.kind === 'snippet';
  return {
    label: suggestion.label,
    kind: snippet ? CompletionItemKind.Snippet : CompletionItemKind.Constant,
    detail: suggestion.detail,
    documentation: { kind: MarkupKind.Markdown, value: suggestion.documentation },
    insertTextFormat: snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    textEdit: { range: suggestion.replaceRange, newText: suggestion.insertText },
    filterText: suggestion.filterText,
    sortText: suggestion.sortText,
    preselect: suggestion.preselect || undefined,
  };
}

export function toCodeLens(lens: InstallerLens, documentUri: string): CodeLens {
  const args: RevealEntryPointArgs = { uri: documentUri, range: lens.entryPointRange };
  return { range: lens.range, command: { title: lens.title, command: REVEAL_ENTRY_POINT_COMMAND, arguments: [args] } };
}

const SYMBOL_KIND: Record<InstallerSymbolKind, SymbolKind> = {
  'entry-point': SymbolKind.Function,
  handler: SymbolKind.Event,
  phase: SymbolKind.Boolean,
  registration: SymbolKind.Key,
  section: SymbolKind.Namespace,
};

export function toDocumentSymbol(symbol: InstallerSymbol): DocumentSymbol {
  return {
    name: symbol.name,
    detail: symbol.detail,
    kind: SYMBOL_KIND[symbol.kind],
    range: symbol.range,
    selectionRange: symbol.selectionRange,
    children: symbol.children.map(toDocumentSymbol),
  };
}

export function toWorkspaceSymbol(symbol: WorkspaceInstallerSymbol): WorkspaceSymbol {
  return { name: symbol.name, kind: SYMBOL_KIND[symbol.kind], containerName: symbol.container, location: { uri: pathToUri(symbol.path), range: symbol.range } };
}
