/**
 * The Finish-Install language server: wiring only. Documents come in through LSP text sync, the engine
 * analyses them (analyzer.ts), the editor requests are answered by editorRequests.ts, settings and
 * `.finish-install.json` files are read by settings.ts and folderConfigs.ts, and the workspace's entry
 * points (for INF files) are indexed by entryPointIndex.ts.
 */
import * as path from 'node:path';
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { buildFileKind, CONFIG_FILE_NAME, Engine } from '../engine';
import { EXPLAIN_REQUEST, SETTINGS_SECTION, type ExplainParams, type ExplainResult } from '#protocol';
import { INSTALLER_FLOW_REQUEST, type InstallerFlowParams, type InstallerFlowResult } from '#protocol';
import { DocumentAnalyzer } from './analyzer';
import { EditorRequests } from './editorRequests';
import { EntryPointIndex, isCSource, isInfFile } from './entryPointIndex';
import { FramingChecker } from './framing';
import { FolderConfigs } from './folderConfigs';
import { connectionLog, describeError, guarded } from './log';
import { SettingsStore } from './settings';
import { Navigation } from './navigation';
import { C_SOURCE_EXTENSIONS, INF_EXTENSIONS, isFileUri, uriToPath } from './uris';
import { createIncludeResolver } from '../shared/includes';
import { WorkspaceFunctions } from './workspaceFunctions';

/** Exit code after the client's messages became unreadable (any non-zero code makes the client restart the server). */
const EXIT_FRAMING_ERROR = 1;

const connection = createConnection(ProposedFeatures.all);
const log = connectionLog(connection);
const documents = new TextDocuments(TextDocument);

// One bad document or request must not end the server: log whatever escaped the handlers and go on.
process.on('uncaughtException', (error) => log.error(`Uncaught exception: ${describeError(error)}`));
process.on('unhandledRejection', (reason) => log.error(`Unhandled rejection: ${describeError(reason)}`));

// Over stdio a framing error would leave the connection reading nothing, forever: say so and exit, so
// that the editor restarts the server (its default after an unexpected exit).
if (process.argv.includes('--stdio')) {
  const framing = new FramingChecker();
  const onData = (chunk: Buffer) => {
    const problem = framing.push(chunk);
    if (!problem) return;
    process.stdin.off('data', onData);
    const line = `The client's messages cannot be read any more (${problem}); the server exits so that the client can restart it.`;
    process.stderr.write(`finish-install-lint server: ${line}\n`);
    log.error(line);
    // The log message above goes out on the next turns; the connection reads nothing any more meanwhile.
    setTimeout(() => process.exit(EXIT_FRAMING_ERROR), 50);
  };
  process.stdin.on('data', onData);
}

// The C++ grammar (3.4 MB of wasm) loads when the first C++ document or header needs it.
const engine = Engine.create({ grammars: ['c'] });
engine.catch((error) => log.error(`The engine could not start (tree-sitter grammars): ${describeError(error)}`));

let settings: SettingsStore;
let analyzer: DocumentAnalyzer;
let requests: EditorRequests;
let navigation: Navigation;
const folderConfigs = new FolderConfigs(connection, log);
const functions = new WorkspaceFunctions(documents);
const entryPoints = new EntryPointIndex(engine, log);
/** A scan past this many C/C++ files shows its progress (the client's window/workDoneProgress). */
const LARGE_WORKSPACE_FILES = 500;
let folderUris: string[] = [];
// Project headers for macro expansion: an open document's text, else the disk's, inside the workspace folders.
const headers = createIncludeResolver(
  () => folderConfigs.folderPaths(),
  (filePath) => documents.all().find((d) => isFileUri(d.uri) && uriToPath(d.uri) === filePath)?.getText(),
);
let canRegisterConfiguration = false;
let canRegisterWatchers = false;
let canWatchFolders = false;
let canShowProgress = false;
let canRefreshLenses = false;

connection.onInitialize((params): InitializeResult => {
  const capabilities = params.capabilities;
  canRegisterConfiguration = capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
  canRegisterWatchers = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  canWatchFolders = capabilities.workspace?.workspaceFolders === true;
  canShowProgress = capabilities.window?.workDoneProgress === true;
  canRefreshLenses = capabilities.workspace?.codeLens?.refreshSupport === true;
  settings = new SettingsStore(connection, capabilities.workspace?.configuration === true, log);
  analyzer = new DocumentAnalyzer(connection, documents, engine, settings, folderConfigs, entryPoints, log, headers.resolve, functions);
  requests = new EditorRequests(documents, engine, analyzer, entryPoints, settings);
  navigation = new Navigation(documents, analyzer, entryPoints, log);
  folderUris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      completionProvider: { resolveProvider: false },
      codeLensProvider: { resolveProvider: false },
      documentSymbolProvider: { label: 'Finish-install' },
      workspaceSymbolProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'finish-install-lint' },
  };
});

connection.onInitialized(async () => {
  if (canRegisterConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
  if (canRegisterWatchers) {
    const glob = (extensions: readonly string[]) => `**/*.{${extensions.map((e) => e.slice(1)).join(',')}}`;
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: `**/${CONFIG_FILE_NAME}` }, { globPattern: glob(C_SOURCE_EXTENSIONS) }, { globPattern: glob(INF_EXTENSIONS) }, { globPattern: '**/{*.vcxproj,*.def,sources}' }],
    });
  }
  if (canWatchFolders) {
    connection.workspace.onDidChangeWorkspaceFolders(async (event) => {
      const removed = new Set(event.removed.map((f) => f.uri));
      folderUris = [...folderUris.filter((u) => !removed.has(u)), ...event.added.map((f) => f.uri)];
      await folderConfigs.setFolders(folderUris);
      analyzer.scheduleAll();
      void scanWorkspace(event.added.map((f) => uriToPath(f.uri)));
    });
  }
  await folderConfigs.setFolders(folderUris);
  // Documents opened before the folder configs were read are analysed again with them.
  analyzer.scheduleAll();
  void scanWorkspace(folderConfigs.folderPaths());
});

/**
 * The background scan of the workspace (entry points, project evidence, functions by name): open
 * documents are analysed meanwhile without it, and again once it is done. A large workspace shows its
 * progress.
 */
async function scanWorkspace(folders: string[]): Promise<void> {
  let reporter: Awaited<ReturnType<typeof connection.window.createWorkDoneProgress>> | undefined;
  let starting: Promise<void> | undefined;
  const progress = (files: number) => {
    if (!canShowProgress) return;
    if (!starting && files >= LARGE_WORKSPACE_FILES) {
      starting = connection.window.createWorkDoneProgress().then((r) => {
        reporter = r;
        r.begin('Finish-Install Lint: indexing the workspace', undefined, `${files} C/C++ files`);
      }, () => undefined);
    }
    reporter?.report(`${files} C/C++ files`);
  };
  try {
    await entryPoints.scan(folders, progress);
    analyzer.helperFileChanged(undefined);
  } catch (error) {
    log.error(`Workspace scan failed: ${describeError(error)}`);
  } finally {
    await starting;
    reporter?.done();
  }
}

// The INF cross-check reads the workspace's entry points: re-check open INF files when they change.
entryPoints.onDidChange(() => analyzer.projectChanged());

const justOpened = new Set<string>();
documents.onDidOpen((event) => justOpened.add(event.document.uri));
documents.onDidChangeContent((event) => {
  const uri = event.document.uri;
  analyzer.schedule(uri, justOpened.delete(uri) ? 0 : undefined);
  // Open documents whose traces followed a helper into this one are analysed again.
  if (isCSource(uri)) {
    functions.documentChanged(uriToPath(uri));
    analyzer.helperFileChanged(uriToPath(uri));
  }
});
documents.onDidClose((event) => {
  const uri = event.document.uri;
  justOpened.delete(uri);
  analyzer.closed(uri);
  settings.forget(uri);
  // The disk's text is the truth again.
  functions.fileChanged(uriToPath(uri));
  analyzer.helperFileChanged(uriToPath(uri));
  void entryPoints.documentClosed(uri);
});

connection.onDidChangeConfiguration((change) => {
  settings.changed(change.settings);
  analyzer.scheduleAll();
  // finishInstall.codeLens.enable may have changed: the editor asks for lenses again only when told to.
  if (canRefreshLenses) void connection.sendRequest(CodeLensRefreshRequest.type);
});

connection.onDidChangeWatchedFiles(async (params) => {
  let configChanged = false;
  for (const change of params.changes) {
    try {
      if (path.basename(uriToPath(change.uri)) === CONFIG_FILE_NAME) configChanged = (await folderConfigs.fileChanged(change.uri)) || configChanged;
      else if (isCSource(change.uri)) {
        headers.forget(uriToPath(change.uri));
        functions.fileChanged(uriToPath(change.uri));
        await entryPoints.fileChanged(change.uri, change.type === FileChangeType.Deleted);
        analyzer.helperFileChanged(uriToPath(change.uri));
      }
      else if (isInfFile(change.uri)) await entryPoints.infFileChanged(change.uri, change.type === FileChangeType.Deleted);
      else if (buildFileKind(uriToPath(change.uri))) await entryPoints.buildFileChanged(change.uri, change.type === FileChangeType.Deleted);
    } catch (error) {
      log.error(`Handling a change of ${change.uri} failed: ${describeError(error)}`);
    }
  }
  if (configChanged) analyzer.scheduleAll();
});

connection.onCodeAction(guarded(log, 'Code actions', [], (params) => requests.codeActions(params)));
connection.onCompletion(guarded(log, 'Completion', { isIncomplete: false, items: [] }, (params) => requests.completion(params)));
connection.onCodeLens(guarded(log, 'Code lenses', [], (params) => requests.codeLenses(params)));
connection.onDocumentSymbol(guarded(log, 'Document symbols', [], (params) => requests.documentSymbols(params)));
connection.onWorkspaceSymbol(guarded(log, 'Workspace symbols', [], (params) => requests.workspaceSymbols(params)));
connection.onDefinition(guarded(log, 'Go to definition', [], (params) => navigation.definition(params)));
connection.onReferences(guarded(log, 'Find references', [], (params) => navigation.references(params)));
connection.onRequest(EXPLAIN_REQUEST, guarded<[ExplainParams], ExplainResult>(log, 'Explain', null, (params) => requests.explain(params)));
connection.onRequest(INSTALLER_FLOW_REQUEST, guarded<[InstallerFlowParams], InstallerFlowResult>(log, 'Installer flow', null, (params) => requests.installerFlow(params)));

documents.listen(connection);
connection.listen();
