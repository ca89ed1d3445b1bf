/**
 * The workspace scan's analyses on a second thread (scanWorker.ts), so that a large workspace is indexed
 * on both cores and the main thread, which answers the editor, spends less time in analyses. The main
 * thread keeps reading files and analysing too: it takes a source itself whenever the thread already has
 * enough queued, which balances the two without knowing any file's cost.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AnalysisResult, Engine, EntryPointEvidence, SourceDocument } from '../engine';

/** What the analysis of a source file tells the index. */
export type SourceFacts = Pick<AnalysisResult, 'entryPoints' | 'difCalls' | 'signatureCandidates'>;

export interface ScanRequest {
  id: number;
  path: string;
  text: string;
  evidence: EntryPointEvidence | undefined;
}

export type ScanResponse = { id: number; facts: SourceFacts } | { id: number; failure: string };

/** A source read once from disk, not edited: analysed for the index, nothing kept (an open document's cache stays). */
export function factsOf(engine: Engine, doc: SourceDocument, evidence: EntryPointEvidence | undefined): SourceFacts {
  const result = engine.analyze(doc, { transient: true, evidence });
  result.parsed?.tree.delete();
  return { entryPoints: result.entryPoints, difCalls: result.difCalls, signatureCandidates: result.signatureCandidates };
}

const WORKER_SCRIPT = path.join(__dirname, 'scanWorker.js');

/** One source analysing and one waiting: the thread never idles while the main thread reads. */
const QUEUED_ON_THREAD = 2;

export class ScanThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve(facts: SourceFacts): void; reject(error: Error): void }>();
  private nextId = 0;
  private failure: Error | undefined;

  constructor() {
    this.worker = new Worker(WORKER_SCRIPT);
    // A thread that fails takes its queued sources with it; the scan analyses them on the main thread.
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`the scan thread exited with code ${code}`)));
    this.worker.on('message', (response: ScanResponse) => {
      const waiting = this.pending.get(response.id);
      this.pending.delete(response.id);
      if (!waiting) return;
      if ('facts' in response) waiting.resolve(response.facts);
      else waiting.reject(new Error(response.failure));
    });
  }

  /** Whether the thread takes another source now (else the main thread should analyse it). */
  hasRoom(): boolean {
    return !this.failure && this.pending.size < QUEUED_ON_THREAD;
  }

  analyze(file: string, text: string, evidence: EntryPointEvidence | undefined): Promise<SourceFacts> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<SourceFacts>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, path: file, text, evidence } satisfies ScanRequest);
    });
  }

  async close(): Promise<void> {
    this.failure ??= new Error('the scan thread was closed');
    await this.worker.terminate();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}
