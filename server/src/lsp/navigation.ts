/**
 * Go-to-definition from an INF registration's entry name to the C function, and find-references from
 * a C entry point to the INF lines that register it (open INF documents first, then the workspace's INF
 * files on disk, decoded as the CLI decodes them: INF files are often UTF-16). The matching itself is
 * engine/features/navigation.ts.
 */
import * as fs from 'node:fs/promises';
import type { DefinitionParams, Location, ReferenceParams, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { decodeText, definitionsOf, entryPointAt, parseInf, registrationAt, registrationsOf } from '../engine';
import type { DocumentAnalyzer } from './analyzer';
import type { EntryPointIndex } from './entryPointIndex';
import { describeError, type Log } from './log';
import { languageFromId, pathToUri, uriToPath } from './uris';

export class Navigation {
  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly analyzer: DocumentAnalyzer,
    private readonly entryPoints: EntryPointIndex,
    private readonly log: Log,
  ) {}

  async definition(params: DefinitionParams): Promise<Location[]> {
    const document = this.documents.get(params.textDocument.uri);
    if (!document || languageFromId(document.languageId) !== 'inf') return [];
    const analysis = await this.analyzer.current(document);
    const inf = analysis?.result.inf;
    if (!inf) return [];
    const registration = registrationAt(inf, params.position);
    if (!registration) return [];
    return definitionsOf(registration, this.entryPoints.entries()).map(({ uri, entryPoint }) => ({ uri, range: entryPoint.range }));
  }

  async references(params: ReferenceParams): Promise<Location[]> {
    const document = this.documents.get(params.textDocument.uri);
    const language = document && languageFromId(document.languageId);
    if (!document || !language || language === 'inf') return [];
    const analysis = await this.analyzer.current(document, 'findings');
    const entryPoint = analysis && entryPointAt(analysis.result.entryPoints, params.position);
    if (!entryPoint) return [];
    const locations: Location[] = params.context.includeDeclaration ? [{ uri: document.uri, range: entryPoint.range }] : [];
    const openInfs = this.documents.all().filter((d) => languageFromId(d.languageId) === 'inf');
    const openUris = new Set(openInfs.map((d) => d.uri));
    const sources: Array<{ uri: string; text: () => Promise<string> }> = [
      ...openInfs.map((d) => ({ uri: d.uri, text: async () => d.getText() })),
      ...this.entryPoints
        .infFiles()
        .filter((uri) => !openUris.has(uri) && !openUris.has(pathToUri(uriToPath(uri))))
        .map((uri) => ({ uri, text: async () => decodeText(await fs.readFile(uriToPath(uri))).text })),
    ];
    for (const source of sources) {
      let text: string;
      try {
        text = await source.text();
      } catch (error) {
        this.log.warn(`Could not read ${source.uri} for references: ${describeError(error)}`);
        continue;
      }
      // INF files are small and parse in a moment; only those that register installers can match.
      if (!/Installer32|CoInstallers32|CoDeviceInstallers/i.test(text)) continue;
      for (const r of registrationsOf(parseInf(text), entryPoint.name)) locations.push({ uri: source.uri, range: r.entryRange });
    }
    return locations;
  }
}
