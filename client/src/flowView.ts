/**
 * The flow view: a webview panel that draws, for the entry point at the cursor, the sequence Windows runs
 * around finish-install (the server's `finishInstall/installerFlow`). The page script and its stylesheet
 * are bundled into dist/webview/ (scripts/bundle.mjs): the page loads nothing else, from nowhere else.
 * The panel keeps no state while hidden (retainContextWhenHidden off): when it shows again the page asks
 * for the flow anew. Edits to the document re-request it, debounced.
 */
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { INSTALLER_FLOW_REQUEST, type InstallerFlowParams, type InstallerFlowResult } from '#protocol';
import type { FlowViewDom, FlowViewMessage, FlowViewReply } from './flowMessages';
export { CLICK_FLOW_VIEW_COMMAND, DESCRIBE_FLOW_VIEW_COMMAND } from './flowMessages';

const VIEW_TYPE = 'finishInstall.installerFlow';
/** How long typing must pause before the flow is asked for again (the server debounces its analysis too). */
const UPDATE_DELAY_MS = 300;

interface Target {
  uri: vscode.Uri;
  position?: vscode.Position;
}

export class FlowView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private target: Target | undefined;
  /** The latest flow request: an answer to an older one is dropped (typing superseded it). */
  private requestId = 0;
  /** Descriptions of the page have numbers of their own: asking for one must not supersede a flow request. */
  private describeId = 0;
  private updateTimer: NodeJS.Timeout | undefined;
  private readonly pendingDescriptions = new Map<number, (dom: FlowViewDom) => void>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Milliseconds from the last request to the page's paint of its answer, for the log. */
  private requestedAt = 0;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly client: () => LanguageClient,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (this.panel && this.target && event.document.uri.toString() === this.target.uri.toString()) this.scheduleUpdate();
      }),
    );
  }

  /** Opens (or brings back) the view for the entry point at the position; without arguments, the active editor's cursor. */
  show(uri?: vscode.Uri, position?: vscode.Position): void {
    const editor = vscode.window.activeTextEditor;
    const targetUri = uri ?? editor?.document.uri;
    if (!targetUri) {
      void vscode.window.showInformationMessage('Open a C or C++ installer source to show its installer flow.');
      return;
    }
    this.target = { uri: targetUri, position: position ?? (editor && editor.document.uri.toString() === targetUri.toString() ? editor.selection.active : undefined) };
    if (this.panel) {
      this.panel.reveal(undefined, true);
      void this.update();
      return;
    }
    const webviewRoot = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Installer Flow', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [webviewRoot],
      retainContextWhenHidden: false,
    });
    this.panel = panel;
    panel.webview.html = pageHtml(panel.webview, webviewRoot);
    panel.onDidDispose(() => {
      this.panel = undefined;
      clearTimeout(this.updateTimer);
    });
    panel.webview.onDidReceiveMessage((message: FlowViewReply) => this.received(message));
  }

  /**
   * The command's arguments as they come: vscode.Uri and vscode.Position from the palette or another
   * extension, a URI string and a plain {line, character} from a code lens the server made.
   */
  showFromArguments(uri: unknown, position: unknown): void {
    const asUri = uri instanceof vscode.Uri ? uri : typeof uri === 'string' ? vscode.Uri.parse(uri) : undefined;
    const point = position as { line?: unknown; character?: unknown } | undefined;
    const asPosition = point && typeof point.line === 'number' && typeof point.character === 'number' ? new vscode.Position(point.line, point.character) : undefined;
    this.show(asUri, asPosition);
  }

  /** The page's rendered DOM (test support); undefined when no view is open or it does not answer. */
  describe(timeoutMs = 5000): Promise<FlowViewDom | undefined> {
    const panel = this.panel;
    if (!panel) return Promise.resolve(undefined);
    const requestId = ++this.describeId;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pendingDescriptions.delete(requestId);
        resolve(undefined);
      }, timeoutMs);
      this.pendingDescriptions.set(requestId, (dom) => {
        clearTimeout(timer);
        resolve(dom);
      });
      void panel.webview.postMessage({ type: 'describe', requestId } satisfies FlowViewMessage);
    });
  }

  /** Clicks a box in the page (test support). */
  click(stepId: string): void {
    void this.panel?.webview.postMessage({ type: 'click', stepId } satisfies FlowViewMessage);
  }

  private received(message: FlowViewReply): void {
    switch (message.type) {
      case 'ready':
        void this.update();
        break;
      case 'painted':
        this.log.debug(`Flow view painted ${Date.now() - this.requestedAt} ms after the request (render ${message.renderMs.toFixed(0)} ms).`);
        break;
      case 'reveal':
        void this.reveal(message.range);
        break;
      case 'dom':
        this.pendingDescriptions.get(message.requestId)?.(message.dom);
        this.pendingDescriptions.delete(message.requestId);
        break;
    }
  }

  private scheduleUpdate(): void {
    clearTimeout(this.updateTimer);
    this.updateTimer = setTimeout(() => void this.update(), UPDATE_DELAY_MS);
  }

  private async update(): Promise<void> {
    const panel = this.panel;
    const target = this.target;
    const client = this.client();
    if (!panel || !target) return;
    if (client.state !== State.Running) await client.start().catch(() => undefined);
    const requestId = ++this.requestId;
    this.requestedAt = Date.now();
    const params: InstallerFlowParams = {
      textDocument: { uri: client.code2ProtocolConverter.asUri(target.uri) },
      position: target.position && { line: target.position.line, character: target.position.character },
    };
    let flow: InstallerFlowResult;
    try {
      // The server analyses documents it has open: make sure this one is.
      await vscode.workspace.openTextDocument(target.uri);
      flow = await client.sendRequest<InstallerFlowResult>(INSTALLER_FLOW_REQUEST, params);
    } catch (error) {
      this.log.warn(`The installer flow could not be computed: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    // A newer request (typing) supersedes this answer.
    if (requestId !== this.requestId || this.panel !== panel) return;
    panel.title = flow ? `Installer Flow: ${flow.entryPoint}` : 'Installer Flow';
    void panel.webview.postMessage({ type: 'flow', flow, requestId } satisfies FlowViewMessage);
  }

  private async reveal(range: { start: { line: number; character: number }; end: { line: number; character: number } }): Promise<void> {
    if (!this.target) return;
    const document = await vscode.workspace.openTextDocument(this.target.uri);
    const selection = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
    const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === document.uri.toString());
    const editor = await vscode.window.showTextDocument(document, { viewColumn: shown?.viewColumn ?? vscode.ViewColumn.One, selection });
    editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  dispose(): void {
    clearTimeout(this.updateTimer);
    this.panel?.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

/**
 * The page: the bundled script and stylesheet only. CSP: nothing by default; scripts only with this
 * page's nonce (the bundle); styles only from the extension's own files (flow.css). The script builds
 * SVG with attributes and classes, never style attributes, so no 'unsafe-inline' is needed.
 */
function pageHtml(webview: vscode.Webview, webviewRoot: vscode.Uri): string {
  const nonce = crypto.randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'flow.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'flow.css'));
  const csp = `default-src 'none'; script-src 'nonce-${nonce}'; style-src ${webview.cspSource}; font-src ${webview.cspSource}; img-src ${webview.cspSource}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>Installer Flow</title>
</head>
<body>
<main id="flow"><p class="empty">Computing the installer flow…</p></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
