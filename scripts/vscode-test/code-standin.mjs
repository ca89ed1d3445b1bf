#!/usr/bin/env node
// Stand-in for the VS Code executable that @vscode/test-electron's runTests() launches: it takes the
// same arguments, runs real VS Code (server from code-server, provisioned by setup.mjs) with the web
// workbench in headless Chromium, and exits with the test suite's exit code. This is how VS Code's own
// browser integration tests are driven: the workbench calls window.codeAutomationExit when the
// extension host finishes the tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import { delay, freePort, startVsCodeServer, stopVsCodeServer, waitForHttp } from './process-helpers.mjs';
import { CHROMIUM_PATH, markerFile, serverMain } from './versions.mjs';


const TIMEOUT_ENV = 'FINISH_INSTALL_VSCODE_TEST_TIMEOUT_SECONDS';
const timeoutSeconds = Number(process.env[TIMEOUT_ENV]) || 300;
const VERBOSE = process.env.FINISH_INSTALL_VSCODE_TEST_VERBOSE === '1';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
/** Exit codes when the suite did not report one itself. */
const EXIT_HARNESS_ERROR = 2;
const EXIT_TIMEOUT = 124;

/**
 * The workbench reports the extension host's console together with its own chatter; suite/index.ts
 * prefixes test output with this tag when it is set, so only test output reaches the terminal.
 */
const TEST_OUTPUT_TAG_ENV = 'FINISH_INSTALL_TEST_OUTPUT_TAG';
const TEST_OUTPUT_TAG = '\u27e6test\u27e7 ';

const startedAt = Date.now();
const log = (message) => console.error(`[code-standin +${((Date.now() - startedAt) / 1000).toFixed(1)}s] ${message}`);

/** Parses the command line runTests() builds: flags as --name=value or --name value, other words are the folder or file to open. */
function parseArguments(argv) {
  const valueFlags = new Set(['extensionDevelopmentPath', 'extensionTestsPath', 'user-data-dir', 'extensions-dir']);
  const parsed = { extensionDevelopmentPaths: [], extensionTestsPath: undefined, userDataDir: undefined, extensionsDir: undefined, targets: [] };
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (!argument.startsWith('--')) {
      parsed.targets.push(path.resolve(argument));
      continue;
    }
    const [name, inlineValue] = argument.slice(2).split(/=(.*)/s, 2);
    if (!valueFlags.has(name)) continue; // desktop-only switches (--no-sandbox, --disable-updates, ...) do not apply here
    const value = path.resolve(inlineValue ?? argv[++index]);
    if (name === 'extensionDevelopmentPath') parsed.extensionDevelopmentPaths.push(value);
    else if (name === 'extensionTestsPath') parsed.extensionTestsPath = value;
    else if (name === 'user-data-dir') parsed.userDataDir = value;
    else parsed.extensionsDir = value;
  }
  return parsed;
}


/** Server output is noise on success; it goes to a file (and to the terminal when verbose) for diagnosing failures. */
function captureServerOutput(server, logFile) {
  const sink = fs.createWriteStream(logFile);
  for (const stream of [server.stdout, server.stderr]) {
    stream.pipe(sink, { end: false });
    if (VERBOSE) stream.pipe(process.stderr, { end: false });
  }
}

function startServer({ port, dataDir, extensionsDir }) {
  const server = startVsCodeServer({
    port,
    dataDir,
    extensionsDir,
    extraArgs: [
      // The workbench only honours extensionTestsPath and codeAutomationExit with this.
      '--enable-smoke-test-driver',
      // Below info the workbench drops the extension host's console, which carries the test report.
      '--log', 'info',
    ],
    env: { [TEST_OUTPUT_TAG_ENV]: TEST_OUTPUT_TAG },
  });
  captureServerOutput(server, path.join(dataDir, 'server.log'));
  return server;
}

function writeWorkbenchLogs(logs, dataDir) {
  if (!Array.isArray(logs) || logs.length === 0) return;
  const logDir = path.join(dataDir, 'workbench-logs');
  for (const { relativePath, contents } of logs) {
    const file = path.join(logDir, relativePath);
    if (!file.startsWith(logDir + path.sep)) continue;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, contents);
  }
  log(`workbench logs written to ${logDir}`);
}

/**
 * code-server's workbench reads user settings from the server's user-data-dir. Chat/agent features
 * only add CPU load and sign-in noise to a lint extension's tests, so a fresh profile starts without
 * them; an existing settings file (a caller's own profile) is left alone.
 */
function seedUserSettings(dataDir) {
  const settingsFile = path.join(dataDir, 'User', 'settings.json');
  if (fs.existsSync(settingsFile)) return;
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  fs.writeFileSync(settingsFile, `${JSON.stringify({ 'chat.disableAIFeatures': true }, null, 2)}\n`);
}

const toRemoteUri = (port, fsPath) => `vscode-remote://127.0.0.1:${port}${fsPath.split(path.sep).map(encodeURIComponent).join('/')}`;

function workbenchUrl(port, options) {
  const payload = [
    ...options.extensionDevelopmentPaths.map((devPath) => ['extensionDevelopmentPath', toRemoteUri(port, devPath)]),
    ['extensionTestsPath', toRemoteUri(port, options.extensionTestsPath)],
    ['skipWelcome', 'true'],
  ];
  const url = new URL(`http://127.0.0.1:${port}/`);
  const [target] = options.targets;
  if (target) url.searchParams.set(target.endsWith('.code-workspace') ? 'workspace' : 'folder', toRemoteUri(port, target));
  url.searchParams.set('payload', JSON.stringify(payload));
  return url.href;
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  if (!options.extensionTestsPath || options.extensionDevelopmentPaths.length === 0) {
    throw new Error('expected --extensionDevelopmentPath and --extensionTestsPath (this script stands in for VS Code under runTests())');
  }
  if (!fs.existsSync(markerFile) || !fs.existsSync(serverMain)) {
    throw new Error('VS Code is not provisioned: run `npm run test:vscode:setup` first');
  }
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is missing: apt-get install -y chromium`);

  // runTests() normally passes both; fall back to a throwaway folder so nothing lands in $HOME.
  const scratchDir = options.userDataDir && options.extensionsDir ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'code-standin-'));
  const dataDir = options.userDataDir ?? path.join(scratchDir, 'user-data');
  const extensionsDir = options.extensionsDir ?? path.join(scratchDir, 'extensions');
  fs.mkdirSync(dataDir, { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  seedUserSettings(dataDir);

  let server;
  let browser;
  let finishing = false;
  const finish = async (code, reason) => {
    if (finishing) return;
    finishing = true;
    if (reason) log(reason);
    if (code !== 0) log(`server and workbench logs: ${dataDir}`);
    clearTimeout(hardTimeout);
    // Bounded: a wedged browser must not turn into a hang either.
    await Promise.race([browser?.close().catch(() => {}), delay(5_000)]);
    await stopVsCodeServer(server);
    if (scratchDir && code === 0) fs.rmSync(scratchDir, { recursive: true, force: true });
    process.exit(code);
  };
  const hardTimeout = setTimeout(
    () => void finish(EXIT_TIMEOUT, `timed out after ${timeoutSeconds} s (raise ${TIMEOUT_ENV} if the suite legitimately needs longer)`),
    timeoutSeconds * 1000,
  );
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => void finish(128 + os.constants.signals[signal], `received ${signal}, stopping VS Code`));
  }

  try {
    const port = await freePort();
    server = startServer({ port, dataDir, extensionsDir });
    server.on('exit', (code, signal) => void finish(EXIT_HARNESS_ERROR, `VS Code server exited unexpectedly (${code ?? signal})`));
    await waitForHttp(`http://127.0.0.1:${port}/`, server);

    if (VERBOSE) log('VS Code server is up; launching Chromium');
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      // Our own handlers stop the server too; Playwright's would exit before that happens.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    const page = await browser.newPage();
    const workbenchConsole = fs.createWriteStream(path.join(dataDir, 'workbench-console.log'));
    // The workbench passes its log calls' arguments: [format, ...args].
    await page.exposeFunction('codeAutomationLog', (level, logArguments) => {
      const text = Array.isArray(logArguments) ? format(...logArguments) : String(logArguments);
      if (text.startsWith(TEST_OUTPUT_TAG)) {
        const target = level === 'error' || level === 'warn' ? process.stderr : process.stdout;
        target.write(`${text.slice(TEST_OUTPUT_TAG.length)}\n`);
        return;
      }
      workbenchConsole.write(`[${level}] ${text}\n`);
      if (VERBOSE) log(`workbench ${level}: ${text}`);
    });
    await page.exposeFunction('codeAutomationExit', (code, logs) => {
      if (VERBOSE) log(`test suite finished with exit code ${code}`);
      if (code !== 0) writeWorkbenchLogs(logs, dataDir);
      void finish(typeof code === 'number' ? code : EXIT_HARNESS_ERROR);
    });
    page.on('crash', () => void finish(EXIT_HARNESS_ERROR, 'the workbench page crashed'));
    page.on('pageerror', (error) => VERBOSE && log(`page error: ${error.message}`));
    browser.on('disconnected', () => void finish(EXIT_HARNESS_ERROR, 'Chromium disconnected'));

    log(`VS Code server on port ${port}; opening the workbench`);
    // Generous: a busy 2-core CI machine can take a while; the hard timeout still bounds the run.
    await page.goto(workbenchUrl(port, options), { timeout: 120_000 });
    if (VERBOSE) log('workbench page loaded; waiting for the test suite');
  } catch (error) {
    await finish(EXIT_HARNESS_ERROR, `failed: ${error?.stack ?? error}`);
  }
}

main().catch((error) => {
  log(`failed: ${error?.message ?? error}`);
  process.exit(EXIT_HARNESS_ERROR);
});
