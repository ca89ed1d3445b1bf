/**
 * The language server over real LSP: a child process (`node dist/server.js --stdio`, the bundle the
 * extension ships, built by `npm run bench` before it measures) driven by
 * a minimal client. Rows: didChange -> publishDiagnostics after one-character edits (one that keeps the
 * length, and a line break inserted and deleted), and cold start (spawn -> first diagnostics of an
 * opened file).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-languageserver/node';
import { SERVER_EXEC_ARGV } from '#protocol';
import { procStatusKB } from './procStatus';
import { benchDocument, lineBreakInsertion, oneCharacterEdit } from './documents';
import { sizeLabel } from './engineBench';
import { megabytesPerSecond, summarize, type BenchRow } from './results';

export const SERVER_SCRIPT = path.resolve(__dirname, '..', '..', '..', 'dist', 'server.js');

/** The 100k-line installer is over the 2 MB default limit; the server is told to analyse it anyway. */
const BENCH_SETTINGS = { enable: true, maxFileSizeKB: 1024 * 1024, rules: {} };

/** Generous: a 100k-line analysis on a busy 2-core machine takes seconds. */
const WAIT_LIMIT_MS = 60_000;

export interface LspBenchOptions {
  /** Document sizes in lines, e.g. [5000, 100000]. */
  sizes: readonly number[];
  edits: (lines: number) => number;
  /** Folder for the documents (the server gets file: URIs into it). */
  workDir: string;
  serverScript?: string;
  /**
   * A workspace the server scans first (a generated tree); the edited document is written into its
   * first folder, among the files whose functions its analyses may follow.
   */
  workspace?: { root: string; folder: string; files: number };
}

/** The edits of the rows, each measured on the same server and document: `lsp.edit.5k`, `lsp.edit-insert.5k`. */
const LSP_EDITS = [
  { id: 'lsp.edit', label: 'didChange -> diagnostics', make: oneCharacterEdit },
  { id: 'lsp.edit-insert', label: 'didChange (line break inserted, deleted) -> diagnostics', make: lineBreakInsertion },
];

export async function benchLspEdits(options: LspBenchOptions): Promise<BenchRow[]> {
  const serverScript = options.serverScript ?? SERVER_SCRIPT;
  const rows: BenchRow[] = [];
  for (const lines of options.sizes) {
    const size = sizeLabel(lines);
    const sizeRows = LSP_EDITS.map((edit): BenchRow => ({ id: `${edit.id}.${size}`, section: 'lsp', label: `LSP ${edit.label}, ${size} lines`, status: 'ok' }));
    rows.push(...sizeRows);
    if (!fs.existsSync(serverScript)) {
      for (const row of sizeRows) Object.assign(row, notBuilt(serverScript));
      continue;
    }
    const text = benchDocument(lines);
    const input = { files: 1, lines: text.split('\n').length, bytes: Buffer.byteLength(text) };
    let client: LspClient | undefined;
    try {
      const file = path.join(options.workspace?.folder ?? options.workDir, `lsp-${size}.c`);
      fs.writeFileSync(file, text);
      const uri = pathToFileURL(file).href;
      client = await LspClient.start(serverScript, options.workspace?.root);
      if (options.workspace) await client.log(/^Indexed /);
      await client.open(uri, text);
      let version = 1;
      // One server for the rows of a size: the workspace scan is not repeated. Each row starts from the
      // text and makes and undoes its edit in turn, so it ends on the text again.
      for (const [k, edit] of LSP_EDITS.entries()) {
        const edited = edit.make(text);
        const samples: number[] = [];
        let current = text;
        for (let i = 0; i < options.edits(lines); i++) {
          const next = current === text ? edited : text;
          const change = changeBetween(current, next);
          version++;
          const started = performance.now();
          client.change(uri, version, change.range, change.text);
          await client.diagnostics(uri, version);
          samples.push(performance.now() - started);
          current = next;
        }
        if (current !== text) {
          const change = changeBetween(current, text);
          client.change(uri, ++version, change.range, change.text);
          await client.diagnostics(uri, version);
        }
        sizeRows[k].input = input;
        sizeRows[k].time = summarize(samples);
        sizeRows[k].note = "includes the server's typing pause (debounce) before it analyses" + (options.workspace ? `; with a ${options.workspace.files}-file workspace indexed` : '');
      }
      if (options.workspace) fs.rmSync(file);
    } catch (error) {
      for (const row of sizeRows) if (!row.time) Object.assign(row, failed(error, client));
    } finally {
      await client?.stop();
    }
  }
  return rows;
}

export interface ColdStartOptions {
  lines: number;
  repetitions: number;
  workDir: string;
  serverScript?: string;
}

/** Spawn to initialize result, and spawn to the first diagnostics of a document opened right after. */
export async function benchColdStart(options: ColdStartOptions): Promise<BenchRow[]> {
  const serverScript = options.serverScript ?? SERVER_SCRIPT;
  const size = sizeLabel(options.lines);
  const initializeRow: BenchRow = { id: 'cold-start.initialize', section: 'cold-start', label: 'LSP spawn -> initialize result', status: 'ok' };
  const diagnosticsRow: BenchRow = { id: `cold-start.first-diagnostics`, section: 'cold-start', label: `LSP spawn -> first diagnostics (${size} lines)`, status: 'ok' };
  if (!fs.existsSync(serverScript)) return [Object.assign(initializeRow, notBuilt(serverScript)), Object.assign(diagnosticsRow, notBuilt(serverScript))];
  const text = benchDocument(options.lines);
  diagnosticsRow.input = { files: 1, lines: text.split('\n').length, bytes: Buffer.byteLength(text) };
  const file = path.join(options.workDir, `cold-${size}.c`);
  fs.writeFileSync(file, text);
  const uri = pathToFileURL(file).href;
  const initializeSamples: number[] = [];
  const diagnosticsSamples: number[] = [];
  for (let i = 0; i < options.repetitions; i++) {
    let client: LspClient | undefined;
    try {
      const spawned = performance.now();
      client = await LspClient.start(serverScript);
      initializeSamples.push(client.initializedAt - spawned);
      await client.open(uri, text);
      diagnosticsSamples.push(performance.now() - spawned);
    } catch (error) {
      const failure = failed(error, client);
      return [Object.assign(initializeRow, failure), Object.assign(diagnosticsRow, failure)];
    } finally {
      await client?.stop();
    }
  }
  initializeRow.time = summarize(initializeSamples);
  initializeRow.note = 'node start, server modules, LSP handshake';
  diagnosticsRow.time = summarize(diagnosticsSamples);
  diagnosticsRow.mbPerSecond = megabytesPerSecond(diagnosticsRow.input.bytes, diagnosticsRow.time.medianMs);
  diagnosticsRow.note = 'adds the tree-sitter grammars loading and the first analysis (cold JIT)';
  return [initializeRow, diagnosticsRow];
}

export interface ServerMemoryOptions {
  /** Documents opened together (the issue: 20). */
  documents: number;
  lines: number;
  workDir: string;
  serverScript?: string;
}

/**
 * The server's memory with many large documents open: `documents` different installers of `lines` lines
 * opened one after the other (each waits for its diagnostics), then its peak resident set size (Linux:
 * /proc/PID/status). The time is the whole sequence, opening to last diagnostics.
 */
export async function benchServerMemory(options: ServerMemoryOptions): Promise<BenchRow> {
  const serverScript = options.serverScript ?? SERVER_SCRIPT;
  const size = sizeLabel(options.lines);
  const row: BenchRow = { id: `lsp.memory.${options.documents}x${size}`, section: 'lsp', label: `LSP ${options.documents} open documents of ${size} lines`, status: 'ok' };
  if (!fs.existsSync(serverScript)) return Object.assign(row, notBuilt(serverScript));
  const texts = Array.from({ length: options.documents }, (_, i) => benchDocument(options.lines, i + 1));
  row.input = { files: texts.length, lines: texts.reduce((n, t) => n + t.split('\n').length, 0), bytes: texts.reduce((n, t) => n + Buffer.byteLength(t), 0) };
  let client: LspClient | undefined;
  try {
    client = await LspClient.start(serverScript);
    const started = performance.now();
    for (const [i, text] of texts.entries()) {
      const file = path.join(options.workDir, `memory-${i}-${size}.c`);
      fs.writeFileSync(file, text);
      await client.open(pathToFileURL(file).href, text);
    }
    row.time = summarize([performance.now() - started]);
    const memory = client.memory();
    if (!memory) return Object.assign(row, { status: 'skipped', note: 'the server\'s memory is read from /proc, which this system does not have', time: undefined });
    row.peakRssMB = memory.peakRssMB;
    row.note = `all open at once; resident now ${memory.rssMB} MB`;
  } catch (error) {
    Object.assign(row, failed(error, client));
  } finally {
    await client?.stop();
  }
  return row;
}

function notBuilt(serverScript: string): Partial<BenchRow> {
  return { status: 'skipped', note: `the language server is not built: ${path.relative(process.cwd(), serverScript)} is missing (run npm run bundle)` };
}

function failed(error: unknown, client: LspClient | undefined): Partial<BenchRow> {
  const message = error instanceof Error ? error.message : String(error);
  const stderr = client?.stderrTail().trim();
  return { status: 'failed', note: `${message}${stderr ? ` (server stderr: ${stderr.slice(-300)})` : ''}`, time: undefined };
}

/** The change turning `before` into `after` where they differ (one span), as an LSP range and its new text. */
function changeBetween(before: string, after: string): { range: Range; text: string } {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let suffix = 0;
  while (suffix < before.length - start && suffix < after.length - start && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  return { range: { start: positionAt(before, start), end: positionAt(before, before.length - suffix) }, text: after.slice(start, after.length - suffix) };
}

/** The LSP position of an offset in a text whose lines end in \n (the generated documents). */
function positionAt(text: string, offset: number): Position {
  let line = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return { line, character: offset - (text.lastIndexOf('\n', offset - 1) + 1) };
}

interface Position {
  line: number;
  character: number;
}

interface Range {
  start: Position;
  end: Position;
}

/** Just enough of an LSP client: handshake, open, incremental change, and waiting for diagnostics. */
export class LspClient {
  private readonly waiting = new Map<string, () => void>();
  private readonly arrived = new Set<string>();
  private readonly logs: string[] = [];
  private logWaiter: (() => void) | undefined;
  private stderr = '';
  initializedAt = 0;

  private constructor(
    private readonly child: ChildProcess,
    private readonly connection: MessageConnection,
    /** Rejects when the server process ends: every wait races it, so a crash is reported at once. */
    private readonly exited: Promise<never>,
  ) {}

  /** `workspace`: a folder opened as the workspace (the server scans it in the background). */
  static async start(serverScript: string, workspace?: string): Promise<LspClient> {
    // Started as the extension starts it (same Node options).
    const child = spawn(process.execPath, [...SERVER_EXEC_ARGV, serverScript, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const exited = new Promise<never>((_, reject) => child.once('exit', (code, signal) => reject(new Error(`the server exited (${signal ?? `code ${code}`})`))));
    exited.catch(() => {}); // only ever raced against a wait
    const client = new LspClient(child, connection, exited);
    child.stderr!.on('data', (chunk: Buffer) => (client.stderr = (client.stderr + chunk.toString()).slice(-4000)));
    connection.onRequest((method, params) => {
      if (method === 'workspace/configuration') return ((params as { items?: unknown[] }).items ?? []).map(() => BENCH_SETTINGS);
      return null;
    });
    connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; version?: number }) => client.published(params.uri, params.version));
    connection.onNotification('window/logMessage', (params: { message: string }) => {
      client.logs.push(params.message);
      client.logWaiter?.();
    });
    const folders = workspace ? [{ uri: pathToFileURL(workspace).href, name: path.basename(workspace) }] : null;
    connection.listen();
    await withTimeout(
      Promise.race([
        connection.sendRequest('initialize', { processId: process.pid, rootUri: folders?.[0].uri ?? null, workspaceFolders: folders, capabilities: { workspace: { configuration: true, workspaceFolders: true } } }),
        exited,
      ]),
      'initialize',
    );
    client.initializedAt = performance.now();
    await connection.sendNotification('initialized', {});
    return client;
  }

  async open(uri: string, text: string): Promise<void> {
    const published = this.diagnostics(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'c', version: 1, text } });
    await published;
  }

  change(uri: string, version: number, range: Range, text: string): void {
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
  }

  /** Resolves when diagnostics for this version of the document have been published. */
  diagnostics(uri: string, version: number): Promise<void> {
    const key = `${uri}@${version}`;
    if (this.arrived.delete(key)) return Promise.resolve();
    const arrival = new Promise<void>((resolve) => this.waiting.set(key, resolve));
    return withTimeout(Promise.race([arrival, this.exited]), `diagnostics of version ${version}`);
  }

  /** Resolves with the first log message matching `pattern` (one logged before included). */
  async log(pattern: RegExp): Promise<string> {
    const found = () => this.logs.find((l) => pattern.test(l));
    while (!found()) await withTimeout(Promise.race([new Promise<void>((resolve) => (this.logWaiter = resolve)), this.exited]), `a log line ${pattern}`, 5 * WAIT_LIMIT_MS);
    return found()!;
  }

  stderrTail(): string {
    return this.stderr;
  }

  /** The server process's resident and peak resident memory, where /proc tells (Linux). */
  memory(): { rssMB: number; peakRssMB: number } | undefined {
    const kB = procStatusKB(this.child.pid ?? 0, ['VmRSS', 'VmHWM']);
    return kB && { rssMB: Math.round(kB.VmRSS / 1024), peakRssMB: Math.round(kB.VmHWM / 1024) };
  }

  async stop(): Promise<void> {
    const exit = new Promise<void>((resolve) => (this.child.exitCode !== null ? resolve() : this.child.once('exit', () => resolve())));
    try {
      await withTimeout(this.connection.sendRequest('shutdown'), 'shutdown', 5000);
      await this.connection.sendNotification('exit');
      await withTimeout(exit, 'exit', 5000);
    } catch {
      this.child.kill();
      await exit;
    } finally {
      this.connection.dispose();
    }
  }

  private published(uri: string, version: number | undefined): void {
    const key = `${uri}@${version}`;
    const resolve = this.waiting.get(key);
    if (resolve) {
      this.waiting.delete(key);
      resolve();
    } else {
      this.arrived.add(key);
    }
  }
}

function withTimeout<T>(promise: Promise<T>, what: string, limitMs = WAIT_LIMIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no ${what} after ${limitMs / 1000} s`)), limitMs)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
