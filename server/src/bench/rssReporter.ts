/**
 * Preloaded (`node --require`) into a measured child process: at exit it writes the process's peak
 * resident set size (KB) and CPU time (user + system, microseconds) as JSON to the file named by
 * FIL_BENCH_RSS_FILE. Threads share the process, so the figures cover the CLI's analysis threads too;
 * only the main thread writes them.
 */
import * as fs from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const target = process.env.FIL_BENCH_RSS_FILE;
if (target && isMainThread) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    fs.writeFileSync(target, JSON.stringify({ maxRssKB: usage.maxRSS, cpuMicroseconds: usage.userCPUTime + usage.systemCPUTime }));
  });
}
