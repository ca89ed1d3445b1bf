/**
 * The VS Code side: starts the Finish-Install language server, restarts it on demand, and turns hovers
 * into `finishInstall/explain` requests. Every piece of domain knowledge lives in the server.
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
  SERVER_EXEC_ARGV,
  type ExplainParams,
  type ExplainResult,
} from '#protocol';
import { SHOW_INSTALLER_FLOW_COMMAND } from '#protocol';
import { CLICK_FLOW_VIEW_COMMAND, DESCRIBE_FLOW_VIEW_COMMAND, FlowView } from './flowView';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
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
  );
  await client.start();
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
