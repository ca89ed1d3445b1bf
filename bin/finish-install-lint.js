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
process.stdout.on('error', (err) => {
  if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
}).then(
  (code) => {
    // exitCode, not exit(): lets a large report finish flushing to a pipe.
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`finish-install-lint: internal error: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 2;
  },
);
