// Real VS Code (the one setup.mjs provisions) with the extension installed from its .vsix, the way a
// user gets it: no --extensionDevelopmentPath, a fresh extensions folder holding only the package.
// code-standin.mjs runs the mocha suite inside the extension host; this instead hands the caller the
// workbench page (playwright-core, headless Chromium) to drive like a user: test:package and the
// README's screenshots use it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { delay, freePort, startVsCodeServer, stopVsCodeServer, waitForHttp } from './process-helpers.mjs';
import { CHROMIUM_PATH, markerFile, nodeBinary, serverMain } from './versions.mjs';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * A fresh profile: no chat/agent features (CPU load, sign-in prompts), no startup editor or tips, and
 * no trust prompt over the editor. `settings` adds to these.
 */
const BASE_SETTINGS = {
  'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
};

/** VS Code's server installs a .vsix itself (the same code path as `code --install-extension`) and exits. */
function installVsix(vsix, { extensionsDir, dataDir }) {
  const result = spawnSync(
    nodeBinary,
    [serverMain, '--install-extension', vsix, '--extensions-dir', extensionsDir, '--server-data-dir', dataDir, '--user-data-dir', dataDir, '--accept-server-license-terms'],
    { encoding: 'utf8', env: { ...process.env, EXTENSIONS_GALLERY: '{}' }, timeout: 120_000 },
  );
  if (result.status !== 0) throw new Error(`installing ${vsix} failed (${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
  const installed = fs.readdirSync(extensionsDir).filter((name) => fs.statSync(path.join(extensionsDir, name)).isDirectory());
  if (installed.length !== 1) throw new Error(`expected one installed extension in ${extensionsDir}, found: ${installed.join(', ') || 'none'}`);
  return path.join(extensionsDir, installed[0]);
}

/**
 * Installs `vsix` into a throwaway profile, starts VS Code's server on it and opens a throwaway
 * workspace in the workbench: `workspace` lists [source folder, path in the workspace] pairs to copy
 * in (what the editor saves must not touch the repository), `openFile` a path in the workspace to show
 * first. The caller must `close()`.
 */
export async function startInstalledWorkbench({ vsix, workspace: copies, openFile, viewport = { width: 1280, height: 800 }, settings = {} }) {
  if (!fs.existsSync(markerFile) || !fs.existsSync(serverMain)) throw new Error('VS Code is not provisioned: run `npm run test:vscode:setup` first');
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is missing: apt-get install -y chromium`);
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} is missing: run \`npm run package\` first`);

  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'finish-install-lint-installed-'));
  const dataDir = path.join(runDir, 'user-data');
  const extensionsDir = path.join(runDir, 'extensions');
  const workspace = path.join(runDir, 'workspace');
  for (const [source, target] of copies) fs.cpSync(source, path.join(workspace, target), { recursive: true });
  fs.mkdirSync(path.join(dataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(path.join(dataDir, 'User', 'settings.json'), `${JSON.stringify({ ...BASE_SETTINGS, ...settings }, null, 2)}\n`);
  const installedDir = installVsix(vsix, { extensionsDir, dataDir });

  const port = await freePort();
  const serverLog = path.join(dataDir, 'server.log');
  const server = startVsCodeServer({ port, dataDir, extensionsDir });
  const logSink = fs.createWriteStream(serverLog);
  server.stdout.pipe(logSink, { end: false });
  server.stderr.pipe(logSink, { end: false });

  let browser;
  const close = async ({ keepRunDir = false } = {}) => {
    await Promise.race([browser?.close().catch(() => {}), delay(5_000)]);
    await stopVsCodeServer(server);
    if (!keepRunDir) fs.rmSync(runDir, { recursive: true, force: true });
  };

  try {
    await waitForHttp(`http://127.0.0.1:${port}/`, server);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport });
    const remoteUri = (fsPath) => `vscode-remote://127.0.0.1:${port}${fsPath.split(path.sep).map(encodeURIComponent).join('/')}`;
    const url = new URL(`http://127.0.0.1:${port}/`);
    url.searchParams.set('folder', remoteUri(workspace));
    const payload = [['skipWelcome', 'true']];
    if (openFile) payload.push(['openFile', remoteUri(path.join(workspace, openFile))]);
    url.searchParams.set('payload', JSON.stringify(payload));
    await page.goto(url.href, { timeout: 120_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
    return { page, runDir, workspace, extensionsDir, installedDir, serverLog, close };
  } catch (error) {
    await close({ keepRunDir: true });
    throw new Error(`${error?.message ?? error} (logs in ${runDir})`);
  }
}

/** Command lines of running processes (Linux /proc), to see which language server the extension host started. */
export function processCommandLines() {
  const lines = [];
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      lines.push(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim());
    } catch {
      // The process ended while listing.
    }
  }
  return lines;
}

// ---- Driving the workbench like a user (selectors of VS Code 1.139's DOM) ----

/** The editor showing `fileName` has rendered its text. */
export async function waitForEditor(page, fileName, timeout = 60_000) {
  await page.locator('.tabs-container .tab.active', { hasText: fileName }).waitFor({ timeout });
  await page.locator('.editor-group-container.active .monaco-editor .view-lines .view-line').first().waitFor({ timeout });
}

/** Opens a workspace file through Quick Open (Ctrl+P), as a user would. */
export async function quickOpen(page, fileName) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(fileName);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first().waitFor();
  await page.keyboard.press('Enter');
  await waitForEditor(page, fileName);
}

/** Moves the cursor to `line` (and column) with Go to Line (Ctrl+G); the editor reveals it. */
export async function goToLine(page, line, column) {
  await page.locator('.editor-group-container.active .monaco-editor textarea').first().focus();
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  // Ctrl+G opens the quick input with the ':' of line mode already typed; fill() replaces it.
  await input.fill(column ? `:${line}:${column}` : `:${line}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** The status bar's problem counts, once it shows at least one problem: { errors, warnings, infos, text }. */
export async function waitForProblemCounts(page, timeout = 60_000) {
  const item = page.locator('[id="status.problems"]');
  const counts = async () => {
    const text = ((await item.getAttribute('aria-label').catch(() => null)) ?? '').trim();
    // The label reads e.g. "Errors: 3, Warnings: 2" (zero counts left out).
    const count = (word) => Number(new RegExp(`${word}s?:\\s*(\\d+)`, 'i').exec(text)?.[1] ?? 0);
    return { errors: count('error'), warnings: count('warning'), infos: count('info'), text };
  };
  for (const deadline = Date.now() + timeout; Date.now() < deadline; await delay(250)) {
    const now = await counts();
    if (now.errors + now.warnings + now.infos > 0) return now;
  }
  throw new Error(`the status bar showed no problems within ${timeout / 1000} s (last: "${(await counts()).text}")`);
}

/**
 * Where `word` is drawn in the active editor's visible lines (the first occurrence), in page pixels.
 * Tokens are not one element each (`return ERROR_DI_DO_DEFAULT;` can be two spans), so this measures
 * a DOM Range over the word's characters.
 */
export async function wordBox(page, word, timeout = 30_000) {
  for (const deadline = Date.now() + timeout; Date.now() < deadline; await delay(250)) {
    const box = await page.evaluate((wanted) => {
      for (const line of document.querySelectorAll('.editor-group-container.active .monaco-editor .view-line')) {
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const at = node.textContent.indexOf(wanted);
          if (at < 0) continue;
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + wanted.length);
          const { x, y, width, height } = range.getBoundingClientRect();
          return { x, y, width, height };
        }
      }
      return undefined;
    }, word);
    if (box) return box;
  }
  throw new Error(`"${word}" is not on the active editor's screen`);
}

/** Hovers `word` (first occurrence on screen) and returns the hover's text once it contains `expected`. */
export async function hoverWord(page, word, expected, timeout = 30_000) {
  const hover = page.locator('.monaco-hover:not(.hidden)');
  for (const deadline = Date.now() + timeout; Date.now() < deadline; ) {
    const box = await wordBox(page, word);
    // Moving off and back on restarts the hover (the language server may not have answered the first one).
    await page.mouse.move(box.x + box.width / 2, box.y - 40);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
    try {
      await hover.filter({ hasText: expected }).first().waitFor({ timeout: 5_000 });
      // The problem part shows first; let the other parts (quick-fix lookup) settle before reading or a screenshot.
      for (const settled = Date.now() + 5_000; Date.now() < settled && /Loading\.\.\.|Checking for quick fixes/.test(await hover.first().innerText()); ) await delay(100);
      return (await hover.first().innerText()).trim();
    } catch {
      // Not (yet) our hover: try again until the deadline.
    }
  }
  throw new Error(`no hover containing "${expected}" over ${word} within ${timeout / 1000} s`);
}

/** Opens the Problems panel (Ctrl+Shift+M) and returns its rows' text once one contains `expected`. */
export async function problemsPanelRows(page, expected, timeout = 30_000) {
  await page.keyboard.press('Control+Shift+M');
  const rows = page.locator('.markers-panel .monaco-list-row');
  await rows.filter({ hasText: expected }).first().waitFor({ timeout });
  return rows.allInnerTexts();
}
