/** Reads memory fields of a process from /proc (Linux). */
import * as fs from 'node:fs';

/** The fields' values in kB from /proc/PID/status; undefined where there is no /proc or a field is missing. */
export function procStatusKB<F extends string>(pid: number | 'self', fields: readonly F[]): Record<F, number> | undefined {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const values = {} as Record<F, number>;
  for (const field of fields) {
    const value = Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    if (!Number.isFinite(value)) return undefined;
    values[field] = value;
  }
  return values;
}
