/**
 * Entry point of one CLI analysis thread (see parallel.ts). It creates its own Engine (tree-sitter's
 * wasm state cannot be shared between threads) and answers each batch with the reports of the same
 * analyzeFiles the main thread uses, so a file gives the same report on either path.
 */
import { parentPort } from 'node:worker_threads';
import { Engine } from '../engine';
import { analyzeFiles } from './lint';
import type { WorkerRequest, WorkerResponse } from './parallel';

const port = parentPort;
if (!port) throw new Error('analysisWorker.js runs as a worker thread of the CLI, not on its own');

// Started at once, so the C grammar loads while the main thread is still preparing the first batch
// (the C++ one loads with the first C++ file that needs it).
const engine = Engine.create({ grammars: ['c'] });

port.on('message', async (request: WorkerRequest) => {
  let response: WorkerResponse;
  try {
    response = { batchId: request.batchId, reports: await analyzeFiles(await engine, request.jobs, request.settings) };
  } catch (error) {
    // analyzeFiles catches per-file failures; only the engine failing to start gets here.
    response = { batchId: request.batchId, failure: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(response);
});
