// Mocha entry point that VS Code's extension host loads from --extensionTestsPath: runs every
// *.test.js compiled next to this file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

/**
 * Under the real-VS Code stand-in (scripts/vscode-test) the extension host's console reaches the
 * terminal mixed with the workbench's own log; tagging mocha's output lets the stand-in show only
 * the test report. (VS Code locks `console` in the extension host, so only mocha's printer can be
 * redirected: plain console.log from tests lands in the run's workbench-console.log.)
 * Returns a function that undoes it.
 */
function tagReporterOutput(tag: string | undefined): () => void {
  if (!tag) return () => {};
  const reporterLog = Mocha.reporters.Base.consoleLog;
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => reporterLog(tag + format(...args));
  return () => {
    Mocha.reporters.Base.consoleLog = reporterLog;
  };
}

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    // Starting the language server and the first parse can take a while on a loaded CI machine.
    timeout: 60_000,
    // Output goes through VS Code's log, not a terminal.
    color: false,
    grep: process.env.FINISH_INSTALL_TEST_GREP || undefined,
  });
  const testFiles = fs
    .readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.js'))
    .sort();
  for (const file of testFiles) mocha.addFile(path.join(__dirname, file));

  const restoreReporterOutput = tagReporterOutput(process.env.FINISH_INSTALL_TEST_OUTPUT_TAG);
  try {
    const failures = await new Promise<number>((resolve) => mocha.run(resolve));
    if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
  } finally {
    restoreReporterOutput();
  }
}
