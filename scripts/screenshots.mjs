#!/usr/bin/env node
// Regenerates the README's pictures from the packaged extension running in real VS Code:
//   docs/images/diagnostics.png         FabrikamCo.c with its squiggles and the Problems panel
//   docs/images/hover.png               the hover on ERROR_DI_DO_DEFAULT (line 43) for this co-installer
//   docs/images/completion.png          the handler completions inside NewCoInstaller.c's switch
//   docs/images/completion-inserted.png the DIF_FINISHINSTALL_ACTION handler once inserted
//   docs/images/flow-dark.png           the flow view of FabrikamCo.c (dark theme)
//   docs/images/flow-light.png          the flow view of ContosoClassInstaller.cpp (light theme)
// `npm run screenshots` packages first; not part of npm test (pictures are reviewed by eye).
// `node scripts/screenshots.mjs --only flow` retakes some of them (names: diagnostics, hover, completion, flow).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  goToLine,
  hoverWord,
  problemsPanelRows,
  quickOpen,
  startInstalledWorkbench,
  waitForEditor,
  waitForProblemCounts,
  wordBox,
} from './vscode-test/installed-workbench.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const imagesDir = path.join(repoRoot, 'docs', 'images');
const { name, version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const vsix = path.join(repoRoot, `${name}-${version}.vsix`);

const startedAt = Date.now();
const log = (message) => console.log(`[screenshots +${((Date.now() - startedAt) / 1000).toFixed(1)}s] ${message}`);
const settle = (page) => page.waitForTimeout(600); // let animations (hover fade-in, list scroll) finish

/** VS Code as most users see it, minus what only clutters a picture: the empty secondary side bar, sticky scroll, the minimap. */
const PICTURE_SETTINGS = {
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'editor.stickyScroll.enabled': false,
  'editor.minimap.enabled': false,
  'editor.fontSize': 15,
};

async function save(page, fileName, clip) {
  const file = path.join(imagesDir, fileName);
  await page.screenshot({ path: file, clip });
  log(`wrote ${path.relative(repoRoot, file)}`);
}

/** The active editor group's area, to crop pictures that are about the editor only. */
async function editorArea(page) {
  return page.locator('.editor-group-container.active').boundingBox();
}

async function diagnostics(page) {
  await waitForEditor(page, 'FabrikamCo.c');
  await waitForProblemCounts(page);
  // The explorer would only squeeze the messages in the Problems panel.
  await page.keyboard.press('Control+B');
  await problemsPanelRows(page, 'coinstaller-do-default');
  // Lines 26-46 hold three of the five findings (28, 38, 43).
  await goToLine(page, 36);
  await page.mouse.move(0, 0);
  await settle(page);
  await save(page, 'diagnostics.png');
}

/**
 * VS Code caps a hover at 250 px until the user resizes it; drag its top edge up, as a user would, so
 * the whole explanation shows. The mouse ends inside the hover, which keeps it open.
 */
async function enlargeHover(page, pixels) {
  const hover = page.locator('.monaco-hover:not(.hidden)').first();
  const before = await hover.boundingBox();
  const topEdge = await page.locator('.monaco-resizable-hover .monaco-sash.orthogonal-edge-north').boundingBox();
  const x = topEdge.x + 100;
  // Straight up from the word into the hover (it sits right above the word), then onto its top edge.
  await page.mouse.move(x, before.y + before.height - 10, { steps: 5 });
  await page.mouse.move(x, topEdge.y + topEdge.height / 2, { steps: 5 });
  await page.mouse.down();
  await page.mouse.move(x, topEdge.y - pixels, { steps: 15 });
  await page.mouse.up();
  const after = await hover.boundingBox();
  await page.mouse.move(x, after.y + 20);
}

async function hover(page) {
  await page.keyboard.press('Control+J'); // hide the panel: the hover needs the room
  // Line 43 near the bottom leaves the hover room above it.
  await goToLine(page, 28);
  await hoverWord(page, 'ERROR_DI_DO_DEFAULT', '0xE000020E');
  await enlargeHover(page, 300);
  await page.locator('.monaco-hover:not(.hidden)', { hasText: 'Finish-install contract' }).waitFor();
  await settle(page);
  await save(page, 'hover.png', await editorArea(page));
}

async function completion(page) {
  await quickOpen(page, 'NewCoInstaller.c');
  // Line 14 is the empty line inside the switch: write a case there as a user would.
  await goToLine(page, 14);
  await page.keyboard.type('    case');
  await page.keyboard.press('Control+Space');
  const wanted = 'case DIF_FINISHINSTALL_ACTION';
  const suggestion = page.locator('.suggest-widget .monaco-list-row', { hasText: wanted }).first();
  await suggestion.waitFor({ timeout: 30_000 });
  for (let step = 0; step < 20 && !(await suggestion.getAttribute('class'))?.includes('focused'); step++) await page.keyboard.press('ArrowDown');
  // Ctrl+Space on an open list shows the focused item's details: the code it inserts.
  if (!(await page.locator('.suggest-details-container .suggest-details').isVisible())) await page.keyboard.press('Control+Space');
  await page.locator('.suggest-details-container .suggest-details').waitFor({ timeout: 10_000 }).catch(() => log('no details pane shown'));
  await settle(page);
  // The lower half of the editor is empty: stop a little below the suggestion list.
  const area = await editorArea(page);
  const list = await page.locator('.suggest-widget').boundingBox();
  await save(page, 'completion.png', { ...area, height: Math.min(area.height, list.y + list.height + 60 - area.y) });

  await page.keyboard.press('Enter');
  await wordBox(page, 'DIF_FINISHINSTALL_ACTION:');
  // Leave snippet mode and its selected placeholder: the picture shows the code as inserted.
  await page.keyboard.press('Escape');
  await goToLine(page, 14);
  await waitForProblemCounts(page);
  await page.mouse.move(0, 0);
  await settle(page);
  await save(page, 'completion-inserted.png', await editorArea(page));
}

/** Runs a command from the command palette (F1), as a user would. */
async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** The flow view's page: the webview's outer iframe holds the extension's page in #active-frame. */
function flowPage(page) {
  return page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
}

async function showFlow(page, fileName, line, picture) {
  await runCommand(page, 'View: Close All Editors');
  await quickOpen(page, fileName);
  await goToLine(page, line);
  await runCommand(page, 'Finish-Install: Show Installer Flow');
  await flowPage(page).locator('svg.flow g.step').first().waitFor({ timeout: 60_000 });
  await page.mouse.move(0, 0);
  await settle(page);
  // The view's editor group only: the diagram, not the source beside it.
  const group = page.locator('.editor-group-container', { has: page.locator('.tab', { hasText: 'Installer Flow' }) });
  const box = await group.boundingBox();
  const size = await flowPage(page).locator('svg.flow').evaluate((svg) => svg.getBoundingClientRect());
  await save(page, picture, { x: box.x, y: box.y, width: Math.min(box.width, size.right + 24), height: Math.min(box.height, size.bottom + 60) });
}

/** The flow view in the workbench's theme: `npm run screenshots` takes it in a dark and a light workbench. */
async function flow(page, picture) {
  // The side bar and the panel would only take room from the diagram.
  if (await page.locator('.part.sidebar').isVisible()) await page.keyboard.press('Control+B');
  if (await page.locator('.part.panel').isVisible()) await page.keyboard.press('Control+J');
  // The diagram is tall and wide: a large window, of which the pictures keep the view's half.
  await page.setViewportSize({ width: 3000, height: 1900 });
  if (picture === 'flow-dark.png') await showFlow(page, 'FabrikamCo.c', 64, picture);
  else await showFlow(page, 'ContosoClassInstaller.cpp', 44, picture);
}

const PICTURES = ['diagnostics', 'hover', 'completion', 'flow'];

async function main() {
  fs.mkdirSync(imagesDir, { recursive: true });
  const only = process.argv.includes('--only') ? process.argv.slice(process.argv.indexOf('--only') + 1) : PICTURES;
  let failed = false;
  const inWorkbench = async (settings, take) => {
    if (failed) return;
    const workbench = await startInstalledWorkbench({
      vsix,
      workspace: [
        [path.join(repoRoot, 'examples'), 'examples'],
        [path.join(repoRoot, 'test', 'workspace', 'src'), 'src'],
      ],
      openFile: 'examples/fabrikam-coinstaller/FabrikamCo.c',
      settings,
    });
    try {
      await take(workbench.page);
    } catch (error) {
      failed = true;
      log(`failed: ${error?.stack ?? error}`);
      const screenshot = path.join(workbench.runDir, 'failure.png');
      await workbench.page.screenshot({ path: screenshot }).catch(() => {});
      log(`what the workbench showed: ${screenshot}`);
    } finally {
      await workbench.close({ keepRunDir: failed });
    }
  };
  await inWorkbench(PICTURE_SETTINGS, async (page) => {
    if (only.includes('diagnostics') || only.includes('hover') || only.includes('completion')) await diagnostics(page);
    if (only.includes('hover')) await hover(page);
    if (only.includes('completion')) await completion(page);
    if (only.includes('flow')) await flow(page, 'flow-dark.png');
  });
  // The flow view follows the theme: the same view in a light workbench.
  if (only.includes('flow')) await inWorkbench({ ...PICTURE_SETTINGS, 'workbench.colorTheme': 'Default Light Modern' }, (page) => flow(page, 'flow-light.png'));
  process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
  log(`failed: ${error?.stack ?? error}`);
  process.exitCode = 1;
});
