/**
 * The "findings identical" proof for refactors: what a user sees on every fixture and example, in one
 * deterministic snapshot (test/golden/snapshot.json). The CLI's JSON findings and exit code per fixture
 * root (so INF cross-checks see the sources they see in a real run), and the hover text at every
 * catalogue name, numeric literal, TRUE/FALSE and return in each C/C++ file. A change that means to alter
 * what users see regenerates it (`npm run golden:update`) and the diff of the snapshot is the review.
 */
import { createIncludeResolver } from '../shared/includes';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main, type CliDependencies } from '../cli/cli';
import { Engine, type Position } from '../engine';
import { explainAt } from '../engine/features/explain';
import { REPO_ROOT } from '../test/support/fixtures';

export const GOLDEN_FILE = path.join(REPO_ROOT, 'test', 'golden', 'snapshot.json');

/** Each root is linted as one CLI run, as a user would run it over that folder. */
const ROOTS = [
  'examples',
  'test/workspace',
  'test/fixtures/editor',
  ...subfolders('test/fixtures/c'),
  ...subfolders('test/fixtures/inf'),
  'test/fixtures/inf-crossfile',
  ...subfolders('test/fixtures/inf-crossfile'),
  ...subfolders('test/cli-fixtures'),
  ...subfolders('test/fixtures/packages'),
];

function subfolders(relative: string): string[] {
  const dir = path.join(REPO_ROOT, relative);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => `${relative}/${e.name}`)
    .sort();
}

export interface GoldenSnapshot {
  runs: Record<string, { exitCode: number; findings: unknown[] }>;
  hovers: Record<string, string[]>;
}

/** Tokens a user hovers to learn what a return means (found in fixture text by the harness, not the engine). */
const HOVER_TOKEN = /\b(?:DIF_\w+|ERROR_\w+|NO_ERROR|DI_\w+|TRUE|FALSE|0[xX][0-9a-fA-F]+|return)\b/g;

export async function collectGoldenSnapshot(): Promise<GoldenSnapshot> {
  const engine = await Engine.create();
  const dependencies: CliDependencies = { createAnalyzer: async () => engine };
  const snapshot: GoldenSnapshot = { runs: {}, hovers: {} };
  for (const root of ROOTS) {
    let stdout = '';
    const exitCode = await main(['--format', 'json', root], { stdout: (t) => (stdout += t), stderr: () => {}, cwd: REPO_ROOT }, dependencies);
    snapshot.runs[root] = { exitCode, findings: stdout ? (JSON.parse(stdout) as unknown[]) : [] };
  }
  // Hovers as the editor shows them: with the project headers the file includes (inside the repository).
  const includes = createIncludeResolver(() => [REPO_ROOT]).resolve;
  for (const file of sourceFiles()) {
    const text = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
    const doc = { path: path.join(REPO_ROOT, file), text };
    const analysis = engine.analyze(doc, { includes });
    const seen: string[] = [];
    const lines = text.split('\n');
    lines.forEach((line, lineNumber) => {
      for (const match of line.matchAll(HOVER_TOKEN)) {
        const position: Position = { line: lineNumber, character: match.index! };
        const explanation = explainAt(engine, doc, position, { analysis, docUrl: (p) => `docs:${p}` });
        if (explanation) seen.push(`${lineNumber + 1}:${match.index! + 1} ${match[0]}\n${explanation.markdown}`);
      }
    });
    if (seen.length) snapshot.hovers[file] = seen;
  }
  return snapshot;
}

function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(REPO_ROOT, relative), { withFileTypes: true })) {
      const child = `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (/\.(c|cc|cpp|cxx|h|hpp)$/i.test(entry.name)) out.push(child);
    }
  };
  for (const root of ['examples', 'test/fixtures', 'test/cli-fixtures', 'test/workspace']) walk(root);
  return out.sort();
}
