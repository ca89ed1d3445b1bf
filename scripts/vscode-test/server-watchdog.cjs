// Preloaded (node --require) into VS Code's server by code-standin.mjs. The server runs in its own
// process group; if the stand-in dies without cleaning up (kill -9, OOM), the pipe on the server's
// stdin closes and this takes the whole group (extension host, language servers) down with it.
'use strict';
if (process.env.FINISH_INSTALL_SERVER_WATCHDOG === '1') {
  // Children (extension host) inherit --require but must not arm a watchdog of their own.
  delete process.env.FINISH_INSTALL_SERVER_WATCHDOG;
  const stopGroup = () => {
    try {
      process.kill(-process.pid, 'SIGKILL');
    } finally {
      process.exit(1);
    }
  };
  process.stdin.on('data', () => {});
  process.stdin.on('end', stopGroup);
  process.stdin.on('error', stopGroup);
}
