/**
 * Web addresses of the project's documentation. The repository address is defined once, for the CLI
 * and the server alike, in shared/toolInfo.ts (package.json's "repository", else its fallback).
 */
import { readToolInfo, repositoryFileUrl } from '../shared/toolInfo';
import { ruleDocPath } from '../engine';

const tool = readToolInfo();

/** A repository-relative path (docs/...) as a browsable address. */
export function docUrl(relativePath: string): string {
  return repositoryFileUrl(tool, relativePath);
}

export function ruleDocUrl(ruleId: string): string {
  return docUrl(ruleDocPath(ruleId));
}
