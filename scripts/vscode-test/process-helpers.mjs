// Process and network helpers shared by the stand-in executable (code-standin.mjs) and the packaged
// extension's workbench (installed-workbench.mjs): both start VS Code's server, wait for it, stop it.
import { spawn } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { nodeBinary, serverMain } from './versions.mjs';

const serverWatchdog = fileURLToPath(new URL('./server-watchdog.cjs', import.meta.url));

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

/**
 * Starts VS Code's server (server-main.js under Node 24) on loopback with a throwaway profile.
 * `extraArgs` are added to the common flags, `env` to the environment.
 */
export function startVsCodeServer({ port, dataDir, extensionsDir, extraArgs = [], env = {} }) {
  return spawn(
    nodeBinary,
    [
      '--require', serverWatchdog,
      serverMain,
      '--host', '127.0.0.1',
      '--port', String(port),
      '--without-connection-token',
      '--accept-server-license-terms',
      // Otherwise the extension is not activated.
      '--disable-workspace-trust',
      '--disable-telemetry',
      '--server-data-dir', dataDir,
      '--user-data-dir', dataDir,
      '--extensions-dir', extensionsDir,
      ...extraArgs,
    ],
    {
      // Own process group: stopping takes the extension host and the language servers down too.
      detached: true,
      // stdin stays open for the watchdog: it closes when this process dies, however it dies.
      stdio: ['pipe', 'pipe', 'pipe'],
      // An empty gallery keeps the server from reaching for a marketplace.
      env: { ...process.env, EXTENSIONS_GALLERY: '{}', FINISH_INSTALL_SERVER_WATCHDOG: '1', ...env },
    },
  );
}

/** SIGTERM to the server's group, then (after at most 3 s) SIGKILL to whatever in it ignored that. */
export async function stopVsCodeServer(server) {
  if (!server?.pid) return;
  signalGroup(server.pid, 'SIGTERM');
  const exited = server.exitCode !== null || server.signalCode !== null ? Promise.resolve() : new Promise((resolve) => server.once('exit', resolve));
  await Promise.race([exited, delay(3_000)]);
  signalGroup(server.pid, 'SIGKILL');
}
