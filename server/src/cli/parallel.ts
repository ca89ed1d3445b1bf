/**
 * The CLI's analysis on worker threads. Each thread (analysisWorker.ts) owns an Engine and runs the same
 * analyzeFiles as the main thread; the main thread only hands out batches (completing their jobs as it
 * sends them, see CompleteJob) and puts the reports back in job order, so the output never depends on
 * which thread finished first.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import { analyzeFiles, type AnalysisSettings, type FileAnalyzer, type FileJob, type FileReport } from './lint';

export interface WorkerRequest {
  batchId: number;
  jobs: FileJob[];
  settings: AnalysisSettings;
}

export type WorkerResponse = { batchId: number; reports: FileReport[] } | { batchId: number; failure: string };

/**
 * Fills in the rest of a job just before it is sent to a thread (called once per job, with its position in
 * the pass and the thread's number), so that what only some jobs need is made while the threads analyse
 * the jobs sent before, and what a thread keeps between jobs is sent to it once.
 */
export type CompleteJob = (job: FileJob, index: number, thread: number) => FileJob;

/** One pass of the CLI (C/C++ files, then INF files) goes through this, on one thread or several. */
export interface FileAnalysis {
  analyze(jobs: readonly FileJob[], settings: AnalysisSettings, complete?: CompleteJob): Promise<FileReport[]>;
  close(): Promise<void>;
}

/** Everything on the calling thread: small runs, `--jobs 1`, and tests with a fake analyzer. */
export class MainThreadAnalysis implements FileAnalysis {
  constructor(private readonly analyzer: FileAnalyzer) {}

  analyze(jobs: readonly FileJob[], settings: AnalysisSettings, complete?: CompleteJob): Promise<FileReport[]> {
    return analyzeFiles(this.analyzer, complete ? jobs.map((job, i) => complete(job, i, 0)) : jobs, settings);
  }

  async close(): Promise<void> {}
}

export interface BatchLimits {
  maxFiles: number;
  maxBytes: number;
}

/**
 * Batches are small enough that the threads finish together (the last batch is all that can run on one
 * thread alone) and large enough that messages cost little next to the analysis.
 */
export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxFiles: 32, maxBytes: 128 * 1024 };

/** One batch running and one waiting per thread, so a thread never idles while the main thread answers another. */
const BATCHES_QUEUED_PER_THREAD = 2;

const WORKER_SCRIPT = path.join(__dirname, 'analysisWorker.js');

interface Batch {
  id: number;
  /** Positions of the batch's jobs in the pass's job list. */
  indices: number[];
}

interface PoolThread {
  worker: Worker;
  /** Its position in the pool (CompleteJob's thread). */
  index: number;
  queued: number;
}

interface Pass {
  jobs: readonly FileJob[];
  settings: AnalysisSettings;
  complete?: CompleteJob;
  reports: Array<FileReport | undefined>;
  waiting: Batch[];
  running: Map<number, { batch: Batch; thread: PoolThread }>;
  resolve(reports: FileReport[]): void;
  reject(error: Error): void;
}

export class AnalysisThreadPool implements FileAnalysis {
  private readonly threads: PoolThread[] = [];
  private pass: Pass | undefined;
  private nextBatchId = 0;
  private closing = false;
  /** A thread that died takes the run with it: its batch's reports are lost. */
  private failure: Error | undefined;

  /**
   * @param workOf what analysing a job's file costs, in bytes (see analysisWork), to balance the
   * batches; the costliest files go first so that no thread is left with a big one at the end while the
   * others idle.
   */
  constructor(
    threadCount: number,
    private readonly workOf: (filePath: string) => number = fileSize,
    private readonly limits: BatchLimits = DEFAULT_BATCH_LIMITS,
  ) {
    for (let i = 0; i < threadCount; i++) this.threads.push(this.startThread(i));
  }

  /** False where the worker script is not next to this module (a bundle that left it out): stay on the main thread. */
  static isAvailable(): boolean {
    return fs.existsSync(WORKER_SCRIPT);
  }

  analyze(jobs: readonly FileJob[], settings: AnalysisSettings, complete?: CompleteJob): Promise<FileReport[]> {
    if (this.pass) return Promise.reject(new Error('AnalysisThreadPool runs one pass at a time'));
    if (this.failure) return Promise.reject(this.failure);
    if (jobs.length === 0) return Promise.resolve([]);
    return new Promise<FileReport[]>((resolve, reject) => {
      this.pass = { jobs, settings, complete, reports: new Array(jobs.length), waiting: this.batchesOf(jobs), running: new Map(), resolve, reject };
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }

  private startThread(index: number): PoolThread {
    const worker = new Worker(WORKER_SCRIPT);
    const thread: PoolThread = { worker, index, queued: 0 };
    worker.on('message', (response: WorkerResponse) => this.received(thread, response));
    worker.on('error', (error) => this.fail(new Error(`an analysis thread failed: ${error.message}`)));
    worker.on('exit', (code) => {
      if (!this.closing) this.fail(new Error(`an analysis thread stopped unexpectedly (exit code ${code})`));
    });
    return thread;
  }

  private batchesOf(jobs: readonly FileJob[]): Batch[] {
    const sizes = jobs.map((job) => this.workOf(job.path));
    const largestFirst = jobs.map((_, i) => i).sort((a, b) => sizes[b] - sizes[a] || a - b);
    const batches: Batch[] = [];
    let current: Batch | undefined;
    let currentBytes = 0;
    for (const index of largestFirst) {
      if (!current || current.indices.length >= this.limits.maxFiles || currentBytes + sizes[index] > this.limits.maxBytes) {
        current = { id: this.nextBatchId++, indices: [] };
        currentBytes = 0;
        batches.push(current);
      }
      current.indices.push(index);
      currentBytes += sizes[index];
    }
    return batches;
  }

  private dispatch(): void {
    const pass = this.pass;
    if (!pass) return;
    // Fill the least busy thread first, so the first batches spread over all threads.
    for (;;) {
      const thread = this.threads.reduce((a, b) => (b.queued < a.queued ? b : a));
      const batch = thread.queued < BATCHES_QUEUED_PER_THREAD ? pass.waiting.shift() : undefined;
      if (!batch) break;
      thread.queued++;
      pass.running.set(batch.id, { batch, thread });
      let jobs: FileJob[];
      try {
        jobs = batch.indices.map((i) => (pass.complete ? pass.complete(pass.jobs[i], i, thread.index) : pass.jobs[i]));
      } catch (error) {
        // Called from a thread's message too, where a throw would end the process (exit code 1, "errors found").
        this.fail(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      const request: WorkerRequest = { batchId: batch.id, jobs, settings: pass.settings };
      thread.worker.postMessage(request);
    }
  }

  private received(thread: PoolThread, response: WorkerResponse): void {
    const pass = this.pass;
    const running = pass?.running.get(response.batchId);
    if (!pass || !running) return;
    if ('failure' in response) {
      this.fail(new Error(`an analysis thread could not start the engine: ${response.failure}`));
      return;
    }
    pass.running.delete(response.batchId);
    thread.queued--;
    running.batch.indices.forEach((jobIndex, k) => (pass.reports[jobIndex] = response.reports[k]));
    if (pass.waiting.length === 0 && pass.running.size === 0) {
      this.pass = undefined;
      pass.resolve(pass.reports as FileReport[]);
      return;
    }
    this.dispatch();
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    const pass = this.pass;
    this.pass = undefined;
    pass?.reject(error);
  }
}

export function fileSize(filePath: string): number {
  try {
    return fs.statSync(filePath).size;
  } catch {
    return 0; // the thread reports the file as unreadable
  }
}

const INSTALLER_MARKERS = [Buffer.from('DI_FUNCTION', 'latin1'), Buffer.from('DI_FUNCTION', 'utf16le'), Buffer.from('\0D\0I\0_\0F\0U\0N\0C\0T\0I\0O\0N', 'latin1')];

/**
 * Roughly what analysing a file costs, in bytes: C/C++ files that never say DI_FUNCTION are dropped by
 * the engine before parsing (mayContainInstaller) and cost next to nothing, whatever their size. Only an
 * estimate (the bytes are searched in any of the encodings the CLI reads, without decoding them).
 */
export function analysisWork(filePath: string, isInf: boolean, maxBytes: number): number {
  try {
    const stat = fs.statSync(filePath);
    const size = stat.size;
    if (!stat.isFile() || size > maxBytes) return 0; // skipped unread (reading a FIFO would block)
    if (isInf) return size;
    const bytes = fs.readFileSync(filePath);
    return INSTALLER_MARKERS.some((marker) => bytes.includes(marker)) ? size : 0;
  } catch {
    return 0;
  }
}

export interface ThreadPolicy {
  /** Threads the machine can run at once. */
  available: number;
  /**
   * Runs with less work than this (analysisWork bytes) stay on the main thread. A second thread costs its
   * own engine and JIT warm-up (about a CPU-second here), which is only won back on large runs, and is
   * lost whenever the machine has no idle core.
   */
  minWorkBytes: number;
}

export const DEFAULT_THREAD_POLICY: ThreadPolicy = {
  available: os.availableParallelism(),
  minWorkBytes: 2 * 1024 * 1024,
};

/**
 * Below this much work (analysisWork bytes) a run keeps the parser's wasm on V8's baseline compiler
 * (Liftoff): optimizing it costs about 0.2 s of CPU, which a short run never wins back, and Node waits
 * for that compilation to end before it exits. Measured here: one 200-line file 0.53 -> 0.33 s; 25
 * installers (460 KB) 0.96 -> 0.85 s; about even at 1 MB; a 9 MB tree is far faster optimized.
 */
export const BASELINE_WASM_BELOW_BYTES = 512 * 1024;

/** Whether the files' work adds up to `limit`; reads only as many files as it takes to know. */
export function workReaches(files: readonly string[], workOf: (file: string) => number, limit: number): boolean {
  let sum = 0;
  for (const file of files) {
    sum += workOf(file);
    if (sum >= limit) return true;
  }
  return false;
}

/** From now on V8 compiles wasm with its baseline compiler only: call before the engine loads its grammars. */
export function useBaselineWasmCompiler(): void {
  v8.setFlagsFromString('--liftoff-only');
}

/** How many analysis threads a run gets: 1 means none are started. */
export function chooseThreadCount(fileCount: number, work: () => number, requested: number | undefined, policy: ThreadPolicy): number {
  // More threads than CPUs only add engines (about 100 MB each) and contention: 64 threads took 22 s
  // and 1.4 GB where 2 took 5 s and 265 MB, and 10,000 ran the process out of memory.
  const limit = Math.min(requested ?? policy.available, policy.available, fileCount);
  if (limit <= 1) return 1;
  return work() < policy.minWorkBytes ? 1 : limit;
}
