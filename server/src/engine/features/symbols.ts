/**
 * Symbols for installer code, read from the installer model: per document, each entry point with its
 * DIF handlers (and a co-installer's pre-/post-processing tests) as children, so the Outline and the
 * breadcrumbs show the dispatch, and in an INF its sections with the installer registrations they hold;
 * for the workspace, every entry point and every INF registration.
 */
import * as path from 'node:path';
import type { Node } from 'web-tree-sitter';
import { KIND_LABEL } from '../catalogue';
import type { AnalysisResult } from '../engine';
import { comparePositions } from '../positions';
import type { RegisteredEntryPoint } from '../project/evidence';
import type { InfModel } from '../inf/model';
import { listInstallerRegistrations } from '../inf/registrations';
import type { EntryPointSummary, Range } from '../types';
import { rangeOfNode } from './context';
import { handlerTitle, roleSource } from './lenses';

export type InstallerSymbolKind = 'entry-point' | 'handler' | 'phase' | 'registration' | 'section';

export interface InstallerSymbol {
  name: string;
  detail: string;
  kind: InstallerSymbolKind;
  /** The whole construct (function, case, if). */
  range: Range;
  /** What is selected when the symbol is chosen (a name, a label); inside `range`. */
  selectionRange: Range;
  children: InstallerSymbol[];
}

export function documentSymbols(analysis: AnalysisResult): InstallerSymbol[] {
  if (analysis.inf) return infSymbols(analysis.inf);
  const root = analysis.parsed?.tree.rootNode;
  return (analysis.model?.entryPoints ?? []).map((ep) => {
    const handlers: InstallerSymbol[] = [];
    for (const [dif, labels] of ep.dispatch) {
      if (!labels.length) continue;
      handlers.push({
        name: dif,
        detail: handlerTitle(ep, dif)?.slice(dif.length + ' → '.length) ?? '',
        kind: 'handler',
        range: enclosing(root, labels[0], HANDLER_NODES) ?? labels[0],
        selectionRange: labels[0],
        children: [],
      });
    }
    const phases: InstallerSymbol[] = ep.postProcessingTests.map((test) => ({
      name: 'pre-/post-processing',
      detail: 'Context->PostProcessing',
      kind: 'phase',
      range: enclosing(root, test, PHASE_NODES) ?? test,
      selectionRange: test,
      children: [],
    }));
    const functionRange = ep.node.range;
    const children = [...handlers, ...phases]
      .filter((s) => contains(functionRange, s.range))
      .sort((a, b) => comparePositions(a.range.start, b.range.start));
    return {
      name: ep.name,
      detail: `${KIND_LABEL[ep.kind]} · ${roleSource(ep)}`,
      kind: 'entry-point' as const,
      range: functionRange,
      selectionRange: ep.nameRange,
      children,
    };
  });
}

/** An INF's sections, in document order, each with the installer registrations written in it. */
function infSymbols(inf: InfModel): InstallerSymbol[] {
  const registrations = listInstallerRegistrations(inf);
  return inf.sections.map((section) => ({
    name: section.name,
    detail: `${section.entries.length} ${section.entries.length === 1 ? 'entry' : 'entries'}`,
    kind: 'section' as const,
    range: section.range,
    selectionRange: section.nameRange,
    children: registrations
      .filter((r) => r.line.section === section)
      .map((r) => ({
        name: r.entryPoint,
        detail: `${KIND_LABEL[r.role]} in ${r.dll}`,
        kind: 'registration' as const,
        range: r.line.entry.range,
        selectionRange: r.entryRange,
        children: [],
      })),
  }));
}

/** A workspace symbol: a named place in some file. */
export interface WorkspaceInstallerSymbol {
  name: string;
  kind: InstallerSymbolKind;
  /** Shown next to the name: the role, or the INF registration. */
  container: string;
  path: string;
  range: Range;
}

/** Every entry point and INF registration whose name contains the query's characters in order (as VS Code filters). */
export function workspaceSymbols(entryPoints: readonly EntryPointSummary[], registrations: readonly RegisteredEntryPoint[], query: string): WorkspaceInstallerSymbol[] {
  const out: WorkspaceInstallerSymbol[] = [];
  for (const ep of entryPoints) {
    out.push({ name: ep.name, kind: 'entry-point', container: KIND_LABEL[ep.kind], path: ep.path, range: ep.range });
  }
  for (const r of registrations) {
    const line = Math.max(0, r.line - 1);
    out.push({
      name: r.entryPoint,
      kind: 'registration',
      container: `${KIND_LABEL[r.role]} registered in ${path.basename(r.infPath)}`,
      path: r.infPath,
      range: { start: { line, character: 0 }, end: { line, character: 0 } },
    });
  }
  return out.filter((s) => matchesQuery(s.name, query));
}

function matchesQuery(name: string, query: string): boolean {
  const lower = name.toLowerCase();
  let at = 0;
  for (const c of query.toLowerCase()) {
    at = lower.indexOf(c, at);
    if (at < 0) return false;
    at++;
  }
  return true;
}

const HANDLER_NODES = new Set(['case_statement', 'if_statement']);
const PHASE_NODES = new Set(['if_statement']);

/** The innermost node of one of the types that holds the range's start (the case or if a label stands in). */
function enclosing(root: Node | undefined, range: Range, types: ReadonlySet<string>): Range | undefined {
  if (!root) return undefined;
  const point = { row: range.start.line, column: range.start.character };
  for (let n: Node | null = root.descendantForPosition(point); n; n = n.parent) {
    if (types.has(n.type)) return rangeOfNode(n);
    if (n.type === 'function_definition') return undefined;
  }
  return undefined;
}

function contains(outer: Range, inner: Range): boolean {
  return comparePositions(outer.start, inner.start) <= 0 && comparePositions(inner.end, outer.end) <= 0;
}
