/**
 * The engine's public surface: the language server, the CLI and the shared front-end code import the
 * engine only through this file (ARCHITECTURE.md; `npm run lint:deps` checks it). Tests, tools, the
 * fuzzer and the benchmarks may reach inside.
 */
export * from './types';
export * from './engine';
export * from './config';
export * from './configFiles';
export * from './decode';
export { describeIoError, isInside, type PathFlavor } from './files';
export * from './lines';
export { ALL_RULES, RULES_BY_ID, RULE_IDS, ruleDocPath } from './rules';
export { fileSkipped } from './rules/meta';
export type { RuleDefinition, RuleDocs } from './rules/rule';
export type { FileModel, EntryPoint, HandlerTrace, ReturnSite, AbstractValue } from './model/types';
export * as catalogue from './catalogue';

// Editor features: what hovers, completions, quick fixes and navigation ask of the engine.
export { completionsAt, type CompletionSuggestion, type CompletionList, type CompletionOptions } from './features/completions';
export { explainAt, type Explanation, type ExplainOptions } from './features/explain';
export { explainInfAt } from './features/infExplain';
export { codeLenses, type InstallerLens } from './features/lenses';
export { analysisStatus, type AnalysisStatus } from './features/status';
export { documentSymbols, workspaceSymbols, type InstallerSymbol, type InstallerSymbolKind, type WorkspaceInstallerSymbol } from './features/symbols';
export { installerFlowAt, type InstallerFlow, type FlowStep, type FlowEdge, type FlowStepKind } from './features/flow';
export { suppressionFixes } from './features/suppressionFixes';
export { definitionsOf, entryPointAt, registrationAt, registrationsOf } from './features/navigation';
export { parseInf, type InstallerRegistration } from './inf';
export { INF_FILE_SUFFIXES, isInfFileName, isInfTemplateName, looksLikeInf } from './inf/documents';
export { buildFileKind, readBuildFile, type DllBuildFile } from './project/buildFiles';
export { explicitlyRegisteredNames, fileEvidence, registrationsOf as registrationsInInf, dllSources, type ProjectEvidence, type EntryPointEvidence, type DifCall, type RegisteredEntryPoint } from './project/evidence';
export { MAX_HEADER_CHARS, type IncludedFile, type IncludeResolver } from './headers';
export { ProjectFunctionIndex, helperGroupOf, helperSourcesOf, definedFunctionNames, definitionsIn, lookupInDefinitions, type HelperDefinitions, type HelperLookup } from './project/functionIndex';
export { C_FILE_SUFFIXES } from './c/parser';
