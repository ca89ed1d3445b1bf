#!/usr/bin/env node
// Installs the packaged .vsix (not the development folder) into real VS Code and checks, through the
// UI as a user sees it, that the packaged extension works: the co-installer example gets its
// diagnostics (status bar, Problems panel), a return code gets its hover, and the language server runs
// from the installed package. Catches what only packaging can break: a file left out by .vscodeignore,
// the bundle, the wasm lookup. Run by `npm run test:package` after `npm run package`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  goToLine,
  hoverWord,
  problemsPanelRows,
  processCommandLines,
  startInstalledWorkbench,
  waitForEditor,
  waitForProblemCounts,
} from './vscode-test/installed-workbench.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { name, version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const vsix = path.join(repoRoot, `${name}-${version}.vsix`);
const TIMEOUT_SECONDS = Number(process.env.FINISH_INSTALL_VSCODE_TEST_TIMEOUT_SECONDS) || 300;
const EXAMPLE = 'examples/fabrikam-coinstaller/FabrikamCo.c';

const startedAt = Date.now();
const log = (message) => console.log(`[test:package +${((Date.now() - startedAt) / 1000).toFixed(1)}s] ${message}`);
let failures = 0;
function check(ok, what, detail = '') {
  if (ok) log(`ok   ${what}`);
  else {
    failures++;
    log(`FAIL ${what}${detail ? `\n${detail}` : ''}`);
  }
}

async function main() {
  log(`installing ${path.relative(repoRoot, vsix)} (${(fs.statSync(vsix).size / 1024).toFixed(0)} KB) into a fresh profile`);
  const workbench = await startInstalledWorkbench({
    vsix,
    workspace: [[path.join(repoRoot, 'examples'), 'examples']],
    openFile: EXAMPLE,
  });
  const { page } = workbench;
  try {
    check(fs.existsSync(path.join(workbench.installedDir, 'dist', 'extension.js')), `installed as ${path.basename(workbench.installedDir)}`);
    // The flow view's page loads only these, from the package (its CSP allows nothing else).
    for (const file of ['flow.js', 'flow.css']) check(fs.existsSync(path.join(workbench.installedDir, 'dist', 'webview', file)), `the package holds the flow view's dist/webview/${file}`);
    check(fs.existsSync(path.join(workbench.installedDir, 'dist', 'scanWorker.js')), "the package holds the workspace scan's second thread (dist/scanWorker.js)");
    await waitForEditor(page, path.basename(EXAMPLE));
    log('workbench open on the example');

    const counts = await waitForProblemCounts(page);
    check(counts.errors > 0 && counts.warnings > 0, `status bar counts the example's problems (${counts.text})`);
    const rows = await problemsPanelRows(page, 'coinstaller-do-default');
    check(
      rows.some((row) => row.includes('coinstaller-do-default') && row.includes('Ln 43')),
      'Problems panel lists coinstaller-do-default on line 43',
      rows.join('\n'),
    );

    await goToLine(page, 43);
    const squiggle = page.locator('.editor-group-container.active .monaco-editor .squiggly-error').first();
    check(await squiggle.waitFor({ timeout: 10_000 }).then(() => true, () => false), 'the editor draws error squiggles around line 43');
    const hover = await hoverWord(page, 'ERROR_DI_DO_DEFAULT', '0xE000020E');
    check(/co-installer/.test(hover) && /DIF_FINISHINSTALL_ACTION/.test(hover), 'hover over ERROR_DI_DO_DEFAULT explains it for this co-installer', hover);

    const serverCommand = processCommandLines().find((line) => line.includes(path.join(workbench.installedDir, 'dist', 'server.js')));
    check(Boolean(serverCommand), 'the language server runs from the installed package (dist/server.js)');
  } catch (error) {
    failures++;
    log(`FAIL ${error?.message ?? error}`);
    const screenshot = path.join(workbench.runDir, 'failure.png');
    await page.screenshot({ path: screenshot }).catch(() => {});
    log(`screenshot: ${screenshot}`);
  } finally {
    await workbench.close({ keepRunDir: failures > 0 });
    if (failures > 0) log(`kept ${workbench.runDir} (profile, server log, workspace copy)`);
  }
}

const hardTimeout = setTimeout(() => {
  log(`timed out after ${TIMEOUT_SECONDS} s`);
  process.exit(124);
}, TIMEOUT_SECONDS * 1000);
main()
  .catch((error) => {
    failures++;
    log(`FAIL ${error?.stack ?? error}`);
  })
  .finally(() => {
    clearTimeout(hardTimeout);
    log(failures === 0 ? 'passed' : `${failures} check(s) failed`);
    process.exitCode = failures === 0 ? 0 : 1;
  });
