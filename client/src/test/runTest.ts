// Runs the extension's integration tests (client/out/test/suite) inside real VS Code.
// By default VS Code is the one provisioned by scripts/vscode-test/setup.mjs and driven by its
// stand-in executable; FINISH_INSTALL_VSCODE_EXECUTABLE selects a desktop VS Code instead.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const standInExecutable = path.join(repoRoot, 'scripts', 'vscode-test', 'code-standin.mjs');
const fixtureWorkspace = path.join(repoRoot, 'test', 'workspace');

async function main(): Promise<number> {
  // Tests edit and save files: they get a throwaway copy, never the checked-in fixture.
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'finish-install-lint-vscode-test-'));
  const workspaceCopy = path.join(runDir, 'workspace');
  fs.cpSync(fixtureWorkspace, workspaceCopy, { recursive: true });
  // The suite opens the examples a user would: the ones the README shows.
  fs.cpSync(path.join(repoRoot, 'examples'), path.join(workspaceCopy, 'examples'), { recursive: true });
  // A co-installer whose helpers are in another file of its DLL (helperFiles.test.ts).
  const helperPackage = path.join('test', 'fixtures', 'packages', 'contoso-helper-coinstaller');
  fs.cpSync(path.join(repoRoot, helperPackage), path.join(workspaceCopy, 'contoso-helper-coinstaller'), { recursive: true });
  // As on the desktop: VS Code for the web saves edits after a delay, so a test's edits (a quick fix, typed
  // keys) reached the disk before its revert, and the next tests read a changed file.
  fs.mkdirSync(path.join(workspaceCopy, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(workspaceCopy, '.vscode', 'settings.json'), JSON.stringify({ 'files.autoSave': 'off' }, null, 2) + '\n');

  let passed = false;
  try {
    await runTests({
      vscodeExecutablePath: process.env.FINISH_INSTALL_VSCODE_EXECUTABLE || standInExecutable,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(__dirname, 'suite', 'index.js'),
      launchArgs: [
        workspaceCopy,
        // Own profile per run: no settings or extensions from the developer's VS Code leak in.
        `--user-data-dir=${path.join(runDir, 'user-data')}`,
        `--extensions-dir=${path.join(runDir, 'extensions')}`,
      ],
      extensionTestsEnv: { FINISH_INSTALL_TEST_WORKSPACE: workspaceCopy },
    });
    passed = true;
    return 0;
  } catch (error) {
    console.error(`Integration tests failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    // Keep a failed run's workspace copy and logs for inspection.
    if (passed) fs.rmSync(runDir, { recursive: true, force: true });
    else console.error(`Kept ${runDir} (workspace copy, user data and workbench logs) for inspection.`);
  }
}

void main().then((exitCode) => {
  process.exitCode = exitCode;
});
