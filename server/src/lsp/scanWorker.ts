/**
 * Entry point of the workspace scan's second thread (scanThread.ts). It owns an Engine (tree-sitter's
 * wasm state cannot be shared between threads) and answers each source with the facts the index keeps,
 * from the same analysis the main thread runs, so a file gives the same facts on either thread.
 */
import { parentPort } from 'node:worker_threads';
import { Engine, languageOf } from '../engine';
import { factsOf, type ScanRequest, type ScanResponse } from './scanThread';

const port = parentPort;
if (!port) throw new Error('scanWorker.js runs as a thread of the language server, not on its own');

// Started at once, so the C grammar loads while the main thread walks the workspace.
const engine = Engine.create({ grammars: ['c'] });

port.on('message', async ({ id, path, text, evidence }: ScanRequest) => {
  let response: ScanResponse;
  try {
    const ready = await engine;
    await ready.load(languageOf({ path, text }));
    response = { id, facts: factsOf(ready, { path, text }, evidence) };
  } catch (error) {
    response = { id, failure: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  port.postMessage(response);
});
