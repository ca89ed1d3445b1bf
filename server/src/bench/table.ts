/** The results as a plain-text table for the terminal (bench/results.json holds the same figures). */
import { WARM_UP_RUNS } from './engineBench';
import type { BenchResults, BenchRow } from './results';

export function formatTable(results: BenchResults): string {
  const m = results.machine;
  const header = [
    `Finish-Install Lint benchmark (${results.mode}), ${results.startedAt}, ${results.durationSeconds} s`,
    `machine: ${m.cpus} CPUs, ${m.cpuModel}, ${Math.round(m.totalMemoryMB / 1024)} GB RAM (${Math.round(m.freeMemoryMB / 1024)} GB free), node ${m.node}, ${m.platform}`,
    `load average (1 min): ${m.loadAverageStart} at start, ${m.loadAverageEnd ?? '?'} at end${Math.max(m.loadAverageStart, m.loadAverageEnd ?? 0) > m.cpus ? '  (busy machine: timings are inflated)' : ''}`,
    `times in ms: median, p95, min-max over the timed runs (after ${WARM_UP_RUNS} untimed warm-up runs for in-process rows); CPU: median CPU ms of the process (the CLI child with its threads, or this one)`,
    '',
  ];
  const columns = ['row', 'runs', 'median', 'p95', 'min-max', 'MB/s', 'ratio', 'CPU', 'peak RSS', 'target'];
  const lines = results.rows.map((row) => cells(row));
  const widths = columns.map((c, i) => Math.max(c.length, ...lines.map((l) => l[i].length)));
  const render = (values: string[]) => values.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ').trimEnd();
  const body = [render(columns), widths.map((w) => '-'.repeat(w)).join('  ')];
  let section = '';
  for (const [i, row] of results.rows.entries()) {
    if (row.section !== section && section !== '') body.push('');
    section = row.section;
    body.push(render(lines[i]));
  }
  const notes = results.rows.filter((row) => row.note).map((row) => `  ${row.id}: ${row.status === 'ok' ? '' : `${row.status.toUpperCase()}: `}${row.note}`);
  return [...header, ...body, '', 'notes:', ...notes, ''].join('\n');
}

function cells(row: BenchRow): string[] {
  const t = row.time;
  const status = row.status === 'ok' ? '' : ` [${row.status}]`;
  return [
    `${row.id}  ${row.label}${status}`,
    t ? String(t.runs) : '-',
    t ? ms(t.medianMs) : '-',
    t ? ms(t.p95Ms) : '-',
    t ? `${ms(t.minMs)}-${ms(t.maxMs)}` : '-',
    row.mbPerSecond !== undefined ? row.mbPerSecond.toFixed(2) : '-',
    row.ratio ? `${row.ratio.value.toFixed(2)}x ${row.ratio.to}` : '-',
    row.cpuMs !== undefined ? ms(row.cpuMs) : '-',
    row.peakRssMB !== undefined ? `${row.peakRssMB} MB` : '-',
    row.target ? `${row.target.met ? 'met' : 'NOT met'} (${row.target.description})` : '-',
  ];
}

function ms(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}
