/**
 * What one benchmark run records (bench/results.json) and how its timings are summarised. Every row has
 * the same fields, so runs on different days or machines can be compared by row id.
 */
import * as os from 'node:os';

export const RESULTS_SCHEMA_VERSION = 2;

export type BenchSection = 'parse' | 'analyze' | 'incremental' | 'lsp' | 'cli' | 'cold-start' | 'index' | 'flow';
export const BENCH_SECTIONS: readonly BenchSection[] = ['parse', 'analyze', 'incremental', 'lsp', 'cli', 'cold-start', 'index', 'flow'];

export interface TimingSummary {
  /** Timed repetitions (warm-up runs are not counted). */
  runs: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
  maxMs: number;
}

export interface BenchRow {
  /** Stable across runs, e.g. "analyze.10k"; compare runs by it. */
  id: string;
  section: BenchSection;
  label: string;
  /** skipped: could not be measured here (e.g. the server is not built); failed: the measurement broke. */
  status: 'ok' | 'skipped' | 'failed';
  /** Why a row is skipped or failed, or what it does not measure. */
  note?: string;
  input?: { files: number; lines: number; bytes: number };
  time?: TimingSummary;
  /** input bytes / median time. */
  mbPerSecond?: number;
  /** This row's median over another row's median (e.g. analysis / bare parse). */
  ratio?: { to: string; value: number };
  /** Highest resident set size of the measured process (the CLI, with its threads). */
  peakRssMB?: number;
  /**
   * Median CPU time (user + system, all threads of the measured process: the CLI child, or this process
   * for in-process rows). A busy machine inflates wall time much more than this.
   */
  cpuMs?: number;
  /** A goal from the issue, and whether this run met it. */
  target?: { description: string; met: boolean };
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  node: string;
  platform: string;
  totalMemoryMB: number;
  freeMemoryMB: number;
  /** 1-minute load average at the start and end: a busy machine makes every number slower. */
  loadAverageStart: number;
  loadAverageEnd?: number;
}

export interface BenchResults {
  schemaVersion: number;
  mode: 'full' | 'quick';
  startedAt: string;
  durationSeconds: number;
  machine: MachineInfo;
  rows: BenchRow[];
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpus: os.availableParallelism(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.arch()} ${os.release()}`,
    totalMemoryMB: Math.round(os.totalmem() / 2 ** 20),
    freeMemoryMB: Math.round(os.freemem() / 2 ** 20),
    loadAverageStart: round(os.loadavg()[0], 2),
  };
}

export function summarize(samplesMs: readonly number[]): TimingSummary {
  if (samplesMs.length === 0) throw new Error('no samples to summarise');
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { runs: sorted.length, medianMs: round(median), p95Ms: round(at(0.95)), minMs: round(sorted[0]), maxMs: round(sorted[sorted.length - 1]) };
}

/** Three significant digits: a tiny tree on a loaded machine must not round to 0 MB/s. */
export function megabytesPerSecond(bytes: number, ms: number): number {
  return Number((bytes / 2 ** 20 / (ms / 1000)).toPrecision(3));
}

export function ratioTo(row: BenchRow, other: BenchRow | undefined): BenchRow['ratio'] {
  if (!row.time || !other?.time || other.time.medianMs === 0) return undefined;
  return { to: other.id, value: round(row.time.medianMs / other.time.medianMs, 2) };
}

export function round(value: number, digits = 1): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** Problems with a results object's shape (not its timings); empty when it is well formed. */
export function checkResultsShape(value: unknown): string[] {
  const problems: string[] = [];
  const fail = (message: string) => problems.push(message);
  if (!isObject(value)) return ['results are not an object'];
  if (value.schemaVersion !== RESULTS_SCHEMA_VERSION) fail(`schemaVersion is not ${RESULTS_SCHEMA_VERSION}`);
  if (value.mode !== 'full' && value.mode !== 'quick') fail('mode is not "full" or "quick"');
  if (typeof value.startedAt !== 'string' || Number.isNaN(Date.parse(value.startedAt))) fail('startedAt is not a date');
  if (!isNumber(value.durationSeconds)) fail('durationSeconds is not a number');
  const machine = value.machine;
  if (!isObject(machine)) fail('machine is missing');
  else for (const key of ['cpus', 'totalMemoryMB', 'freeMemoryMB', 'loadAverageStart'] as const) if (!isNumber(machine[key])) fail(`machine.${key} is not a number`);
  if (isObject(machine)) for (const key of ['cpuModel', 'node', 'platform'] as const) if (typeof machine[key] !== 'string') fail(`machine.${key} is not a string`);
  if (!Array.isArray(value.rows)) return [...problems, 'rows is not an array'];
  const ids = new Set<string>();
  value.rows.forEach((row: unknown, i: number) => {
    const where = `rows[${i}]`;
    if (!isObject(row)) return fail(`${where} is not an object`);
    if (typeof row.id !== 'string' || row.id === '') fail(`${where}.id is missing`);
    else if (ids.has(row.id)) fail(`${where}.id ${row.id} is repeated`);
    else ids.add(row.id);
    if (!BENCH_SECTIONS.includes(row.section as BenchSection)) fail(`${where}.section is unknown`);
    if (typeof row.label !== 'string') fail(`${where}.label is missing`);
    if (row.status !== 'ok' && row.status !== 'skipped' && row.status !== 'failed') fail(`${where}.status is unknown`);
    if (row.status === 'ok' && !isObject(row.time)) fail(`${where} is ok but has no time`);
    if (row.status !== 'ok' && typeof row.note !== 'string') fail(`${where} is ${String(row.status)} but says not why (note)`);
    if (row.time !== undefined) {
      if (!isObject(row.time)) fail(`${where}.time is not an object`);
      else {
        for (const key of ['runs', 'medianMs', 'p95Ms', 'minMs', 'maxMs'] as const) if (!isNumber(row.time[key])) fail(`${where}.time.${key} is not a number`);
        const t = row.time as unknown as TimingSummary;
        if (!(t.minMs <= t.medianMs && t.medianMs <= t.p95Ms && t.p95Ms <= t.maxMs)) fail(`${where}.time is not ordered min <= median <= p95 <= max`);
      }
    }
    for (const key of ['mbPerSecond', 'peakRssMB', 'cpuMs'] as const) if (row[key] !== undefined && !isNumber(row[key])) fail(`${where}.${key} is not a number`);
    if (row.input !== undefined && !(isObject(row.input) && isNumber(row.input.files) && isNumber(row.input.lines) && isNumber(row.input.bytes))) fail(`${where}.input is malformed`);
    if (row.ratio !== undefined && !(isObject(row.ratio) && typeof row.ratio.to === 'string' && isNumber(row.ratio.value))) fail(`${where}.ratio is malformed`);
    if (row.target !== undefined && !(isObject(row.target) && typeof row.target.description === 'string' && typeof row.target.met === 'boolean')) fail(`${where}.target is malformed`);
  });
  value.rows.forEach((row: unknown, i: number) => {
    if (isObject(row) && isObject(row.ratio) && typeof row.ratio.to === 'string' && !ids.has(row.ratio.to)) fail(`rows[${i}].ratio.to names no row`);
  });
  return problems;
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
