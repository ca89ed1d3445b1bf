// Process and network helpers shared by the stand-in executable (code-standin.mjs) and the packaged
// extension's workbench (installed-workbench.mjs): both start VS Code's server and wait for it.
import net from 'node:net';

export const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A free TCP port on the loopback interface. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Resolves once `url` answers; fails if the server process exits first or after 60 s. */
export async function waitForHttp(url, server) {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
    if (server.exitCode !== null || server.signalCode !== null) throw new Error(`VS Code server exited early (${server.exitCode ?? server.signalCode})`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(2_000) });
      return;
    } catch {
      await delay(200);
    }
  }
  throw new Error(`VS Code server did not answer on ${url} within 60 s`);
}

/** Signals a whole process group (the server with its extension host and language servers). */
export function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the whole group is already gone.
  }
}
