/**
 * The language server against a hostile or buggy client (issue 20): broken message framing over real
 * stdio, and document versions that go backwards. Framing is tested on raw bytes, below the JSON-RPC
 * library, since a broken frame is exactly what that library cannot send.
 */
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { Range } from 'vscode-languageserver-protocol';
import { SERVER_EXEC_ARGV } from '../../../protocol/out/protocol';
import { LspSession, SERVER_MODULE, summary } from './lspHarness';
import { editorFixture, positionOf } from './features-support';
import { FramingChecker, MAX_MESSAGE_BYTES } from '../lsp/framing';

const CLASS = editorFixture('workspace/fabrikamci.c');
const WRONG_RETURN = positionOf(CLASS.text, 'return NO_ERROR;', { offset: 'return '.length });
const WRONG_RETURN_RANGE: Range = { start: WRONG_RETURN, end: { line: WRONG_RETURN.line, character: WRONG_RETURN.character + 'NO_ERROR'.length } };
const FIXED_TEXT = CLASS.text.replace('return NO_ERROR;', 'return ERROR_DI_DO_DEFAULT;');

describe('language server: versions out of order', () => {
  test('a change stamped with a lower version is still the text the server holds: its diagnostics are published', async () => {
    const session = await LspSession.start();
    try {
      const uri = 'untitled:reordered.c';
      await session.open(uri, 'c', CLASS.text, 100);
      const first = await session.waitForDiagnostics(uri, (p) => p.diagnostics.length === 1);
      assert.equal(first.version, 100);
      // A full-text change stamped 50 that makes the file clean.
      let mark = session.mark();
      await session.change(uri, [{ text: FIXED_TEXT }], 50);
      const clean = await session.waitForDiagnostics(uri, () => true, { after: mark });
      assert.deepEqual(summary(clean), 'v50: []');
      // The number 100 again, for a text with the problem: not taken for the first text's (stored) analysis.
      mark = session.mark();
      await session.change(uri, [{ range: { start: WRONG_RETURN, end: { line: WRONG_RETURN.line, character: WRONG_RETURN.character + 'ERROR_DI_DO_DEFAULT'.length } }, text: 'NO_ERROR' }], 100);
      const again = await session.waitForDiagnostics(uri, () => true, { after: mark });
      assert.deepEqual(again.diagnostics.map((d) => [d.code, d.range]), [['class-action-no-error', WRONG_RETURN_RANGE]]);
    } finally {
      await session.stop();
    }
  });
});

/** The server over stdio, spoken to in raw bytes. */
class RawServer {
  private readonly child = spawn(process.execPath, [...SERVER_EXEC_ARGV, SERVER_MODULE, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor() {
    this.child.stdout.on('data', (chunk: Buffer) => (this.stdout += chunk.toString('utf8')));
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.child.stdin.on('error', () => {}); // the server may exit before reading everything
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  send(bytes: string | Buffer): void {
    this.child.stdin.write(bytes);
  }

  /** Waits until stdout holds the response to request `id`. */
  async response(id: number, timeoutMs = 15_000): Promise<void> {
    const started = Date.now();
    while (!this.stdout.includes(`"id":${id}`)) {
      if (Date.now() - started > timeoutMs) assert.fail(`no response to request ${id}; stdout: ${this.stdout.slice(0, 500)}; stderr: ${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** The exit code, or fails after the timeout (the server stayed alive and silent). */
  async exitCode(timeoutMs = 8000): Promise<number | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const outcome = await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.child.kill('SIGKILL');
      assert.fail(`the server is still running ${timeoutMs} ms after the broken frame; stderr: ${JSON.stringify(this.stderr)}`);
    }
    return outcome;
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }
}

function frame(message: object, lengthDelta = 0): Buffer {
  const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length + lengthDelta}\r\n\r\n`, 'ascii'), body]);
}

const INITIALIZE = { id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } };
const SHUTDOWN = { id: 2, method: 'shutdown' };

describe('language server: broken message framing over stdio', () => {
  const brokenFrames: Array<[string, Buffer, RegExp]> = [
    ['a missing Content-Length', Buffer.from('Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}'), /without Content-Length/],
    ['a non-numeric Content-Length', Buffer.from('Content-Length: twelve\r\n\r\n{}'), /Content-Length is not a byte count: "twelve"/],
    ['a negative Content-Length', Buffer.from('Content-Length: -5\r\n\r\n{}'), /Content-Length is not a byte count: "-5"/],
    ['a huge Content-Length', Buffer.from('Content-Length: 99999999999\r\n\r\n{'), /Content-Length 99999999999 is larger than/],
    ['a Content-Length too small (then a valid frame)', Buffer.concat([frame(SHUTDOWN, -10), frame(SHUTDOWN)]), /not a message header/],
    ['a Content-Length too large (then valid frames)', Buffer.concat([frame(SHUTDOWN, 30), frame(SHUTDOWN), frame(SHUTDOWN)]), /not a message header/],
  ];

  for (const [what, bytes, problem] of brokenFrames) {
    test(`${what}: the server logs why and exits non-zero, so the client restarts it`, async () => {
      const server = new RawServer();
      try {
        server.send(frame(INITIALIZE));
        await server.response(1);
        server.send(bytes);
        const code = await server.exitCode();
        assert.notEqual(code, 0);
        assert.match(server.stderr, /^finish-install-lint server: The client's messages cannot be read any more \(.+\); the server exits so that the client can restart it\.$/m);
        assert.match(server.stderr, problem);
        // The editor's log (window/logMessage) gets the same line before the exit.
        assert.match(server.stdout, /"method":"window\/logMessage".*cannot be read any more/);
      } finally {
        server.kill();
      }
    });
  }

  test('a well-framed message that is not JSON is dropped and the next one answered', async () => {
    const server = new RawServer();
    try {
      server.send(frame(INITIALIZE));
      await server.response(1);
      server.send('Content-Length: 8\r\n\r\nnot json');
      server.send(frame(SHUTDOWN));
      await server.response(2);
    } finally {
      server.kill();
    }
  });

  test('FramingChecker: frames split anywhere, in any chunks, are fine; every broken one is named', () => {
    const stream = Buffer.concat([frame(INITIALIZE), frame(SHUTDOWN), Buffer.from('content-length:0\r\nX-Other: 1\r\n\r\n')]);
    for (const size of [1, 3, 17, stream.length]) {
      const checker = new FramingChecker();
      for (let i = 0; i < stream.length; i += size) assert.equal(checker.push(stream.subarray(i, i + size)), undefined, `chunks of ${size}`);
    }
    assert.match(new FramingChecker().push(Buffer.from(`Content-Length: ${MAX_MESSAGE_BYTES + 1}\r\n\r\n`)) ?? '', /larger than/);
    assert.match(new FramingChecker().push(Buffer.from('x'.repeat(20_000))) ?? '', /no end of the message header/);
  });
});
