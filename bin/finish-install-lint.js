#!/usr/bin/env node
'use strict';
// Launcher only: the CLI lives in server/out/cli (compiled from server/src/cli).
let main;
try {
  ({ main } = require('../server/out/cli/cli.js'));
} catch (err) {
  if (!err || err.code !== 'MODULE_NOT_FOUND' || !String(err.message).includes('out/cli/cli.js')) throw err;
  process.stderr.write('finish-install-lint: the CLI is not compiled; run `npm run compile` first.\n');
  process.exit(2);
}

// A reader that stops early (`| head`) closes the pipe; that is not an error worth a stack trace.
// Any other failure to write the report (a full disk, /dev/full) is one line and exit 2: CI must not
// take a truncated report for findings (exit 1).
process.stdout.on('error', (err) => {
  if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  writeStderr(`finish-install-lint: cannot write the report: ${err && err.message ? err.message : err}\n`);
  process.exit(2);
});
// A closed or failing stderr loses its messages, never the exit code.
process.stderr.on('error', () => {});

function writeStderr(text) {
  try {
    process.stderr.write(text);
  } catch {
    // See the 'error' handler above.
  }
}

main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: writeStderr,
  cwd: process.cwd(),
}).then(
  (code) => {
    // exitCode, not exit(): lets a large report finish flushing to a pipe.
    process.exitCode = code;
  },
  (err) => {
    writeStderr(`finish-install-lint: internal error: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 2;
  },
);
