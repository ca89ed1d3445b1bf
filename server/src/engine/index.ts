/** The engine's public surface, for the language server, the CLI and the tests. */
export * from './types';
export * from './engine';
export * from './config';
export { ALL_RULES, RULES_BY_ID, RULE_IDS, ruleDocPath } from './rules';
export type { RuleDefinition, RuleDocs } from './rules/rule';
export type { FileModel, EntryPoint, HandlerTrace, ReturnSite, AbstractValue } from './model/types';
export * as catalogue from './catalogue';
export { buildFileKind, readBuildFile, type DllBuildFile } from './project/buildFiles';
export { fileEvidence, registrationsOf, dllSources, type ProjectEvidence, type EntryPointEvidence, type DifCall, type RegisteredEntryPoint } from './project/evidence';
