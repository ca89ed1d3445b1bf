/**
 * The import invariants of ARCHITECTURE.md are checked by dependency-cruiser (`npm run lint:deps`, part of
 * `npm test`, with .dependency-cruiser.cjs). These tests prove the check bites: a small tree with one
 * forbidden import per invariant must fail it, each under its rule's name, and the same tree without
 * them must pass.
 */
import { after, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const DEPCRUISE = path.join(REPO_ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const CONFIG = path.join(REPO_ROOT, '.dependency-cruiser.cjs');

/** Files every tree has: an engine with a public surface and an internal feature, two front ends. */
const ALLOWED: Record<string, string> = {
  'server/src/engine/index.ts': "export * from './features/explain';\nexport * from './types';\n",
  'server/src/engine/types.ts': 'export type Severity = string;\n',
  'server/src/engine/catalogue.ts': "export const NO_ERROR = 0;\n",
  'server/src/engine/features/explain.ts': "import { NO_ERROR } from '../catalogue';\nexport const explainAt = () => NO_ERROR;\n",
  'server/src/engine/rules/rule.ts': 'export interface RuleDefinition { id: string }\n',
  'server/src/engine/rules/c/helpers.ts': "import { NO_ERROR } from '../../catalogue';\nexport const zero = NO_ERROR;\n",
  'server/src/engine/rules/c/some-rule.ts': "import type { RuleDefinition } from '../rule';\nimport { zero } from './helpers';\nexport const r: RuleDefinition = { id: String(zero) };\n",
  'server/src/cli/cli.ts': "import { explainAt } from '../engine';\nexport const run = explainAt;\n",
  'server/src/lsp/server.ts': "import { explainAt } from '../engine';\nexport const serve = explainAt;\n",
};

/** One forbidden import per invariant, with the rule that must report it. */
const FORBIDDEN: Array<{ rule: string; file: string; text: string }> = [
  { rule: 'front-ends-never-import-each-other', file: 'server/src/lsp/usesCli.ts', text: "import { run } from '../cli/cli';\nexport const x = run;\n" },
  { rule: 'engine-only-through-its-public-surface', file: 'server/src/lsp/reachesIn.ts', text: "import { explainAt } from '../engine/features/explain';\nexport const x = explainAt;\n" },
  { rule: 'engine-knows-no-lsp', file: 'server/src/engine/usesLsp.ts', text: "import { serve } from '../lsp/server';\nexport const x = serve;\n" },
  { rule: 'a-rule-sees-only-its-context', file: 'server/src/engine/rules/c/other-rule.ts', text: "import { explainAt } from '../../features/explain';\nexport const x = explainAt;\n" },
  { rule: 'imports-resolve', file: 'server/src/cli/typo.ts', text: "import { y } from './no-such-file';\nexport const x = y;\n" },
];

const temporaryFolders: string[] = [];
after(() => temporaryFolders.forEach((f) => fs.rmSync(f, { recursive: true, force: true })));

function cruise(files: Record<string, string>): { status: number | null; output: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fil-depcruise-'));
  temporaryFolders.push(root);
  for (const [relative, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    fs.writeFileSync(path.join(root, relative), text);
  }
  const run = spawnSync(process.execPath, [DEPCRUISE, '--config', CONFIG, '--output-type', 'err', 'server/src'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('the import invariants are enforced (dependency-cruiser)', () => {
  test('a tree that keeps them passes', () => {
    const { status, output } = cruise(ALLOWED);
    assert.equal(status, 0, output);
    assert.match(output, /no dependency violations found/);
  });

  test('each forbidden import fails the check under its rule', () => {
    const { status, output } = cruise({ ...ALLOWED, ...Object.fromEntries(FORBIDDEN.map((f) => [f.file, f.text])) });
    assert.notEqual(status, 0, output);
    for (const { rule, file } of FORBIDDEN) assert.match(output, new RegExp(`error ${rule}: ${file.replace(/\./g, '\\.')}`), `${rule} should report ${file}\n${output}`);
  });
});
