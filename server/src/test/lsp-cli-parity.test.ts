/**
 * "The CLI and the editor share one engine": on the same tree, the diagnostics the language server
 * publishes for each document are the findings the CLI reports for that file (position, rule, severity,
 * message). The server builds its evidence by its own scan (lsp/entryPointIndex.ts) and the CLI by its
 * own passes (cli/lint.ts); this holds them to one answer on every fixture, packages and all, with the
 * documents opened while the scan may still be running (each is analysed again once it is done).
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { C_FILE_SUFFIXES, decodeText, isInfFileName } from '../engine';
import type { JsonFinding } from '../cli/formats/json';
import { delay, LspSession } from './lspHarness';
import { FIXTURES, REPO_ROOT } from './support/fixtures';

const SEVERITY_NAMES = ['', 'error', 'warning', 'information', 'hint'];

/** The C/C++ and INF files the CLI lints in a folder (dot folders skipped, as both front ends do). */
function lintedFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith('.') ? [] : lintedFiles(full);
    return C_FILE_SUFFIXES.includes(path.extname(entry.name).toLowerCase()) || isInfFileName(entry.name) ? [full] : [];
  });
}

/** "file:line:column severity [rule] message", 1-based as the CLI prints it, sorted. */
function cliFindings(folder: string): string[] {
  const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'finish-install-lint.js'), '--format', 'json', folder], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const findings = JSON.parse(run.stdout) as JsonFinding[];
  return findings.map((f) => `${path.resolve(f.file)}:${f.line}:${f.column} ${f.severity} [${f.ruleId}] ${f.message}`).sort();
}

function editorDiagnostics(session: LspSession, uris: readonly string[]): string[] {
  return uris
    .flatMap((uri) =>
      (session.latest(uri)?.diagnostics ?? []).map(
        (d) => `${fileURLToPath(uri)}:${d.range.start.line + 1}:${d.range.start.character + 1} ${SEVERITY_NAMES[d.severity ?? 0]} [${d.code}] ${d.message}`,
      ),
    )
    .sort();
}

describe('language server and CLI on the same tree', () => {
  let session: LspSession | undefined;
  before(async () => {
    session = await LspSession.start({ folders: [FIXTURES] });
  });
  after(async () => {
    await session?.stop();
  });

  test('every document gets the diagnostics the CLI reports for its file', { timeout: 90_000 }, async () => {
    const expected = cliFindings(FIXTURES);
    assert.ok(expected.length > 50, `the CLI found only ${expected.length} findings in the fixtures`);
    const files = lintedFiles(FIXTURES);
    const uris = files.map((file) => pathToFileURL(file).href);
    for (const file of files) {
      const languageId = isInfFileName(file) ? 'inf' : path.extname(file).toLowerCase() === '.c' ? 'c' : 'cpp';
      await session!.open(pathToFileURL(file).href, languageId, decodeText(fs.readFileSync(file)).text);
    }
    await session!.waitForLog(/Indexed \d+ installer entry point/, 60_000);
    // The documents opened before the scan ended are analysed again with its evidence: wait until they agree.
    const deadline = Date.now() + 60_000;
    let actual = editorDiagnostics(session!, uris);
    while (JSON.stringify(actual) !== JSON.stringify(expected) && Date.now() < deadline) {
      await delay(200);
      actual = editorDiagnostics(session!, uris);
    }
    assert.deepEqual(
      { editorOnly: actual.filter((d) => !expected.includes(d)), cliOnly: expected.filter((f) => !actual.includes(f)) },
      { editorOnly: [], cliOnly: [] },
    );
  });
});
