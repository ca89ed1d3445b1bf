/**
 * A minimal LSP client for the language-server tests: starts the built server (server/out/lsp/server.js
 * --stdio) as a child process, answers its requests (workspace/configuration, capability registration)
 * the way VS Code does, and records what it publishes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type {
  ConfigurationParams,
  Diagnostic,
  InitializeResult,
  PublishDiagnosticsParams,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol';
import { REPO_ROOT } from './support/fixtures';
import { SERVER_EXEC_ARGV } from '#protocol';

export const SERVER_MODULE = path.join(REPO_ROOT, 'server', 'out', 'lsp', 'server.js');

export interface SessionOptions {
  /** Workspace folder paths. */
  folders?: string[];
  /** The `finishInstall` section returned for workspace/configuration (mutable through session.settings). */
  settings?: Record<string, unknown>;
  /** Delay before answering workspace/configuration, to provoke out-of-order results. */
  configurationDelayMs?: number;
}

export class LspSession {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly logs: string[] = [];
  /** The values of the server's $/progress notifications (work-done progress), in order. */
  readonly progress: Array<{ kind: string; title?: string; message?: string }> = [];
  settings: Record<string, unknown>;
  configurationDelayMs: number;
  private waiters: Array<() => void> = [];
  private versions = new Map<string, number>();
  private exited = false;

  private constructor(
    readonly process: ChildProcess,
    readonly connection: MessageConnection,
    options: SessionOptions,
  ) {
    this.settings = options.settings ?? {};
    this.configurationDelayMs = options.configurationDelayMs ?? 0;
    process.on('exit', () => {
      this.exited = true;
      this.notifyWaiters();
    });
  }

  static async start(options: SessionOptions = {}): Promise<LspSession> {
    const child = spawn(process.execPath, [...SERVER_EXEC_ARGV, SERVER_MODULE, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const session = new LspSession(child, connection, options);
    child.stderr!.on('data', (chunk: Buffer) => session.logs.push(`[stderr] ${chunk.toString()}`));
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      session.published.push(params);
      session.notifyWaiters();
    });
    connection.onNotification('window/logMessage', (params: { message: string }) => {
      session.logs.push(params.message);
      session.notifyWaiters();
    });
    // With trace on (session.trace('verbose')), what the server traces: "Analysed <uri> v<n> ..." per analysis.
    connection.onNotification('$/logTrace', (params: { message: string }) => {
      session.logs.push(params.message);
      session.notifyWaiters();
    });
    connection.onRequest('workspace/configuration', async (params: ConfigurationParams) => {
      if (session.configurationDelayMs) await new Promise((r) => setTimeout(r, session.configurationDelayMs));
      return params.items.map((item) => (item.section === 'finishInstall' ? session.settings : null));
    });
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('client/unregisterCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onNotification('$/progress', (params: { value: { kind: string; title?: string; message?: string } }) => {
      session.progress.push(params.value);
      session.notifyWaiters();
    });
    connection.listen();
    const folders = (options.folders ?? []).map((f) => ({ uri: pathToFileURL(f).href, name: path.basename(f) }));
    const result = (await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: folders[0]?.uri ?? null,
      workspaceFolders: folders.length ? folders : null,
      capabilities: {
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: true },
        },
        window: { workDoneProgress: true },
        textDocument: {
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
          completion: { completionItem: { snippetSupport: true } },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
        },
      },
    })) as InitializeResult;
    session.initializeResult = result;
    await connection.sendNotification('initialized', {});
    return session;
  }

  initializeResult!: InitializeResult;

  get alive(): boolean {
    return !this.exited;
  }

  open(uri: string, languageId: string, text: string, version = 1): Promise<void> {
    this.versions.set(uri, version);
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, changes: TextDocumentContentChangeEvent[], version?: number): Promise<void> {
    const next = version ?? (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, next);
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: next }, contentChanges: changes });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  trace(value: 'off' | 'messages' | 'verbose'): Promise<void> {
    return this.connection.sendNotification('$/setTrace', { value });
  }

  /** The latest diagnostics published for a document (undefined: none yet). */
  latest(uri: string): PublishDiagnosticsParams | undefined {
    return [...this.published].reverse().find((p) => p.uri === uri);
  }

  /** Waits until a publication for the document satisfies the predicate; returns it. */
  /** A mark for waitForDiagnostics' `after`: publications from now on. */
  mark(): number {
    return this.published.length;
  }

  /**
   * Waits until a publication for the document, made after the mark (default: any so far), satisfies
   * the predicate; returns it.
   */
  async waitForDiagnostics(
    uri: string,
    predicate: (params: PublishDiagnosticsParams) => boolean = () => true,
    options: { after?: number; timeoutMs?: number } = {},
  ): Promise<PublishDiagnosticsParams> {
    const timeoutMs = options.timeoutMs ?? 8000;
    return this.waitFor(
      () => this.published.slice(options.after ?? 0).find((p) => p.uri === uri && predicate(p)),
      timeoutMs,
      () => `diagnostics for ${uri}; published: ${JSON.stringify(this.published.filter((p) => p.uri === uri).map(summary))}`,
    );
  }

  /** Waits for a log line matching the pattern. */
  waitForLog(pattern: RegExp, timeoutMs = 8000): Promise<string> {
    return this.waitFor(() => this.logs.find((l) => pattern.test(l)), timeoutMs, () => `a log line ${pattern}`);
  }

  private waitFor<T>(check: () => T | undefined, timeoutMs: number, what: () => string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const attempt = () => {
        const found = check();
        if (found !== undefined) {
          done();
          resolve(found);
        } else if (this.exited) {
          done();
          reject(new Error(`server exited while waiting for ${what()}\n${this.logs.join('\n')}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what()}\nserver log:\n${this.logs.join('\n')}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== attempt);
      };
      this.waiters.push(attempt);
      attempt();
    });
  }

  private notifyWaiters(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), delay(2000)]);
      await this.connection.sendNotification('exit');
    } catch {
      // The connection may already be gone; the kill below ends the process anyway.
    }
    const killTimer = setTimeout(() => this.process.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(killTimer);
    this.connection.dispose();
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function summary(p: PublishDiagnosticsParams): string {
  return `v${p.version ?? '?'}: [${p.diagnostics.map((d: Diagnostic) => `${d.code}@${d.range.start.line}:${d.range.start.character}`).join(', ')}]`;
}
