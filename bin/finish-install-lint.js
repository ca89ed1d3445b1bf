#!/usr/bin/env node
'use strict';
// Launcher only: the CLI lives in server/out/cli (compiled from server/src/cli).
const { main } = require('../server/out/cli/cli.js');

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
