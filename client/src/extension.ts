/**
 * The VS Code side: starts the Finish-Install language server, restarts it on demand, turns hovers
 * into `finishInstall/explain` requests, shows the server's `finishInstall/status` in a language status
 * item and answers the code lenses' command. Every piece of domain knowledge lives in the server.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CloseAction,
  LanguageClient,
  State,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import {
  CLIENT_ID,
  CLIENT_NAME,
  DOCUMENT_SCHEMES,
  EXPLAIN_REQUEST,
  LANGUAGE_IDS,
  OUTPUT_CHANNEL_NAME,
  RESTART_SERVER_COMMAND,
  REVEAL_ENTRY_POINT_COMMAND,
  SERVER_EXEC_ARGV,
  STATUS_NOTIFICATION,
  type DocumentStatus,
  type ExplainParams,
  type ExplainResult,
  type RevealEntryPointArgs,
} from '#protocol';
import { SHOW_INSTALLER_FLOW_COMMAND } from '#protocol';
import { CLICK_FLOW_VIEW_COMMAND, DESCRIBE_FLOW_VIEW_COMMAND, FlowView } from './flowView';

let client: LanguageClient | undefined;

/** What the extension offers other extensions (and the integration tests): the language status item as shown. */
export interface FinishInstallApi {
  /** The folder of the output channel's log file ("Finish-Install Lint.log"). */
  logUri: vscode.Uri;
  languageStatus(): { text: string; detail: string | undefined; busy: boolean; severity: vscode.LanguageStatusSeverity };
}

export async function activate(context: vscode.ExtensionContext): Promise<FinishInstallApi> {
  const serverModule = serverModulePath(context);
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV] } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6012'] } },
  };
  const documentSelector = DOCUMENT_SCHEMES.flatMap((scheme) => LANGUAGE_IDS.map((language) => ({ scheme, language })));
  const outputChannel = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel,
    // No `synchronize`: the server registers for configuration changes itself and pulls its settings.
    errorHandler: restartThenExplain(() => running),
  };
  client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  const running = client;
  const flowView = new FlowView(context.extensionUri, () => running, outputChannel);

  context.subscriptions.push(
    outputChannel,
    vscode.commands.registerCommand(RESTART_SERVER_COMMAND, async () => {
      outputChannel.info('Restarting the Finish-Install server on request.');
      if (running.state === State.Stopped) await running.start();
      else await running.restart();
    }),
    flowView,
    vscode.commands.registerCommand(SHOW_INSTALLER_FLOW_COMMAND, (uri?: unknown, position?: unknown) => flowView.showFromArguments(uri, position)),
    vscode.commands.registerCommand(DESCRIBE_FLOW_VIEW_COMMAND, () => flowView.describe()),
    vscode.commands.registerCommand(CLICK_FLOW_VIEW_COMMAND, (stepId: string) => flowView.click(stepId)),
    vscode.languages.registerHoverProvider(documentSelector, {
      provideHover: (document, position, token) => explainHover(running, document, position, token),
    }),
    vscode.commands.registerCommand(REVEAL_ENTRY_POINT_COMMAND, (args: RevealEntryPointArgs) => revealEntryPoint(args)),
  );
  const status = new AnalysisStatusItem(documentSelector);
  context.subscriptions.push(status, running.onNotification(STATUS_NOTIFICATION, (s: DocumentStatus) => status.received(s)));
  await client.start();
  return { logUri: context.logUri, languageStatus: () => status.shown() };
}

async function revealEntryPoint(args: RevealEntryPointArgs): Promise<void> {
  const { start, end } = args.range;
  const range = new vscode.Range(start.line, start.character, end.line, end.character);
  const editor = await vscode.window.showTextDocument(vscode.Uri.parse(args.uri), { selection: range });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  await vscode.commands.executeCommand(SHOW_INSTALLER_FLOW_COMMAND, editor.document.uri, range.start);
}

/**
 * The language status item of C, C++ and INF files: whether the file is an installer and of which role,
 * or that the server skipped it and why; busy from an edit until the server's status for it arrives.
 */
class AnalysisStatusItem implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;
  private readonly statuses = new Map<string, DocumentStatus>();
  /** Documents edited since their last status. */
  private readonly pending = new Set<string>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(selector: vscode.DocumentSelector) {
    this.item = vscode.languages.createLanguageStatusItem('finishInstall.status', selector);
    this.item.name = CLIENT_NAME;
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor(() => this.show()),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length === 0) return;
        this.pending.add(event.document.uri.toString());
        if (event.document === vscode.window.activeTextEditor?.document) this.show();
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.statuses.delete(document.uri.toString());
        this.pending.delete(document.uri.toString());
      }),
    ];
    this.show();
  }

  received(status: DocumentStatus): void {
    const key = vscode.Uri.parse(status.uri).toString();
    this.statuses.set(key, status);
    this.pending.delete(key);
    if (vscode.window.activeTextEditor?.document.uri.toString() === key) this.show();
  }

  shown() {
    return { text: this.item.text, detail: this.item.detail, busy: this.item.busy, severity: this.item.severity };
  }

  private show(): void {
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    const status = uri === undefined ? undefined : this.statuses.get(uri);
    this.item.busy = uri !== undefined && (status === undefined || this.pending.has(uri));
    if (!status) {
      this.item.text = 'Finish-install: analysing';
      this.item.detail = undefined;
      this.item.severity = vscode.LanguageStatusSeverity.Information;
      return;
    }
    this.item.text = `Finish-install: ${status.text}`;
    this.item.detail = status.detail;
    this.item.severity = status.state === 'skipped' ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
  }

  dispose(): void {
    this.item.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

/** The packaged extension runs dist/extension.js with dist/server.js beside it; a development checkout runs the compiled server. */
function serverModulePath(context: vscode.ExtensionContext): string {
  const bundled = path.join(__dirname, 'server.js');
  return fs.existsSync(bundled) ? bundled : context.asAbsolutePath(path.join('server', 'out', 'lsp', 'server.js'));
}

/** The library's handler restarts a crashed server a few times; when it gives up, say how to start it again. */
function restartThenExplain(languageClient: () => LanguageClient): ErrorHandler {
  let defaultHandler: ErrorHandler | undefined;
  const handler = () => (defaultHandler ??= languageClient().createDefaultErrorHandler());
  return {
    error: (error, message, count) => handler().error(error, message, count),
    closed: async (): Promise<CloseHandlerResult> => {
      const result = await handler().closed();
      if (result.action !== CloseAction.DoNotRestart) return result;
      const why = result.message ?? `The ${CLIENT_NAME} server stopped and will not be restarted automatically.`;
      return { ...result, message: `${why} Run "Restart Finish-Install Server" to start it again.` };
    },
  };
}

async function explainHover(
  languageClient: LanguageClient,
  document: vscode.TextDocument,
  position: vscode.Position,
  token: vscode.CancellationToken,
): Promise<vscode.Hover | undefined> {
  if (languageClient.state !== State.Running) return undefined;
  const params: ExplainParams = {
    textDocument: { uri: languageClient.code2ProtocolConverter.asUri(document.uri) },
    position: { line: position.line, character: position.character },
  };
  let result: ExplainResult;
  try {
    result = await languageClient.sendRequest<ExplainResult>(EXPLAIN_REQUEST, params, token);
  } catch {
    // A hover that fails (server restarting, request cancelled) shows nothing rather than an error.
    return undefined;
  }
  if (!result) return undefined;
  const { start, end } = result.range;
  return new vscode.Hover(new vscode.MarkdownString(result.markdown), new vscode.Range(start.line, start.character, end.line, end.character));
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
  client = undefined;
}
