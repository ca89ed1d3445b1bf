/**
 * The speed goals, each checked against the row it is about. One list, so the table, the JSON
 * and the README say the same thing; the bench never fails on a missed target, it reports it.
 */
import type { BenchRow } from './results';

interface Target {
  row: string;
  description: string;
  /** Undefined when the row lacks what the goal needs (skipped, failed). */
  met(row: BenchRow, rows: readonly BenchRow[], cpus: number): boolean | undefined;
}

const median = (row: BenchRow) => row.time?.medianMs;
const atMost = (value: number | undefined, limit: number) => (value === undefined ? undefined : value <= limit);
const atLeast = (value: number | undefined, limit: number) => (value === undefined ? undefined : value >= limit);

export const TARGETS: readonly Target[] = [
  { row: 'analyze.10k', description: '<= 2x parse', met: (row) => atMost(row.ratio?.value, 2) },
  { row: 'incremental.100k', description: '<= 0.25x analyze', met: (row) => atMost(row.ratio?.value, 0.25) },
  { row: 'incremental-insert.100k', description: '<= 0.25x analyze', met: (row) => atMost(row.ratio?.value, 0.25) },
  // The edit latency holds for any edit: one that moves the functions below it too.
  { row: 'lsp.edit.5k', description: 'median <= 15 ms', met: (row) => atMost(median(row), 15) },
  { row: 'lsp.edit-insert.5k', description: 'median <= 15 ms', met: (row) => atMost(median(row), 15) },
  { row: 'lsp.edit.100k', description: 'median <= 150 ms', met: (row) => atMost(median(row), 150) },
  { row: 'lsp.edit-insert.100k', description: 'median <= 150 ms', met: (row) => atMost(median(row), 150) },
  { row: 'lsp.memory.20x10k', description: 'peak RSS <= 150 MB', met: (row) => atMost(row.peakRssMB, 150) },
  // cli.installer-tree and cli.mixed-tree stay as figures: issue 18 replaced their targets (out of reach on
  // this machine) with the driver-sized tree's.
  {
    row: 'index.driver-tree',
    description: 'median <= 5 s, peak RSS <= 200 MB',
    met: (row) => {
      const time = atMost(median(row), 5000);
      const memory = atMost(row.peakRssMB, 200);
      return time === undefined || memory === undefined ? time ?? memory : time && memory;
    },
  },
  { row: 'index.one-file', description: 'median <= 20 ms', met: (row) => atMost(median(row), 20) },
  { row: 'cli.driver-tree', description: '>= 30 MB/s', met: (row) => atLeast(row.mbPerSecond, 30) },
  { row: 'cold-start.first-diagnostics', description: 'median <= 500 ms', met: (row) => atMost(median(row), 500) },
  { row: 'flow.first-paint.10k', description: 'median <= 300 ms', met: (row) => atMost(median(row), 300) },
];

/** Marks each row that has a goal with the goal and whether this run met it. */
export function checkTargets(rows: BenchRow[], cpus: number): void {
  for (const target of TARGETS) {
    const row = rows.find((r) => r.id === target.row);
    if (!row || row.status !== 'ok') continue;
    const met = target.met(row, rows, cpus);
    if (met !== undefined) row.target = { description: target.description, met };
  }
}
