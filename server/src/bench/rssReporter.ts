/**
 * Preloaded (`node --require`) into a measured child process: at exit it writes the process's peak
 * resident set size (KB) and CPU time (user + system, microseconds) as JSON to the file named by
 * FIL_BENCH_RSS_FILE. Threads share the process, so the figures cover the CLI's analysis threads too;
 * only the main thread writes them.
 */
import * as fs from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import { procStatusKB } from './procStatus';

const target = process.env.FIL_BENCH_RSS_FILE;
if (target && isMainThread) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    // VmHWM, not getrusage's maxRSS where /proc has it: Linux keeps maxRSS across execve, so a child of a
    // large process (the benchmark, after its in-process rows) reported its parent's size (one file:
    // 84-103 MB against its own 60 MB).
    const peakKB = procStatusKB('self', ['VmHWM'])?.VmHWM ?? usage.maxRSS;
    fs.writeFileSync(target, JSON.stringify({ maxRssKB: peakKB, cpuMicroseconds: usage.userCPUTime + usage.systemCPUTime }));
  });
}
