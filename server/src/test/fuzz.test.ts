/**
 * A short, seeded fuzz run in the normal test suite (the long runs are `npm run fuzz`): mutated
 * fixtures and examples through every property of fuzz/properties.ts, then a selection of extreme
 * inputs. Same seed, same inputs: a failure here reproduces with the printed replay command.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Engine } from '../engine';
import { extremeCases, runCampaign, runExtremes, TIME_LIMIT_MS } from '../fuzz/campaign';
import { NESTING_SHAPES } from '../fuzz/extremes';
import { checkDocument } from '../fuzz/properties';
import { loadSeeds } from '../fuzz/seeds';
import { MAX_SYNTAX_DEPTH } from '../engine/model/syntaxTree';

const SEED = 20251126;

test('fuzz: mutated fixtures and examples keep every property (seeded short run)', async () => {
  const engine = await Engine.create();
  const result = runCampaign(engine, {
    runs: 600,
    seed: SEED,
    languages: ['c', 'cpp', 'inf'],
    timeLimitMs: TIME_LIMIT_MS.mutated,
    suppressionChecks: 1,
    determinism: true,
    maxMutations: 6,
    shrink: false,
  });
  const input = result.counterexample;
  assert.ok(
    !result.failed,
    [
      `failed after ${result.runs} runs:`,
      ...(result.violations ?? []).map((v) => `[${v.property}] ${v.detail}`),
      result.error !== undefined ? `threw: ${String(result.error)}` : '',
      input ? `seed file ${input.seed} as ${input.language}, mutations ${JSON.stringify(input.mutations)}` : '',
      `replay: npm run fuzz -- --seed ${result.seed} --path ${result.path} --runs 1`,
    ].join('\n'),
  );
});

test('fuzz: the seeds themselves keep every property', async () => {
  const engine = await Engine.create();
  for (const seed of loadSeeds()) {
    const violations = checkDocument(engine, { path: seed.name, text: seed.text, language: seed.language }, { timeLimitMs: TIME_LIMIT_MS.mutated, suppressionChecks: 3, determinism: true });
    assert.deepEqual(violations, [], seed.name);
  }
});

test('fuzz: extreme inputs (10k-deep nesting, 10k-long INF runs, 50 MB line at the default limit)', async () => {
  const engine = await Engine.create();
  // One shape per kind of recursion in the model (statements, expressions, preprocessor, file level),
  // both grammars; the rest run in `npm run fuzz -- --extremes`.
  const wanted = [
    'braces x10000 (c)', 'unclosed-braces x10000 (cpp)', 'parens x10000 (cpp)', 'else-ifs x10000 (c)', 'switches x10000 (cpp)',
    'preprocessor-ifs x10000 (c)', 'binary-chain x10000 (cpp)', 'nested-calls x10000 (c)', 'top-level-preprocessor x10000 (c)',
    'namespaces x10000 (cpp)', 'labels-and-gotos x10000 (c)', 'continuations x10000 (inf)', 'sections x10000 (inf)',
    'string-chain x10000 (inf)', '50 MB line, default limit (c)', '50 MB INF line, default limit',
  ];
  // INF shapes scale with ten times the depth: 10k here, 100k in the CLI.
  const cases = [...extremeCases(), ...extremeCases(1000).filter((c) => c.language === 'inf' && !c.big)].filter((c) => wanted.includes(c.name));
  assert.equal(cases.length, wanted.length, 'every wanted case exists');
  const results = runExtremes(engine, cases);
  const failures = results.filter((r) => r.violations.length).map((r) => `${r.name}: ${r.violations.map((v) => `[${v.property}] ${v.detail}`).join('; ')}`);
  assert.deepEqual(failures, []);
  for (const r of results.filter((r) => r.name.includes('default limit'))) assert.match(r.skipped ?? '', /larger than 2048 KB/, r.name);
});

test('fuzz: nesting the model can follow is analysed, not skipped', async () => {
  // The stack is exhausted some thousands of levels deep; a few hundred levels (far beyond real code)
  // must still be analysed in full.
  const engine = await Engine.create();
  for (const [shape, build] of Object.entries(NESTING_SHAPES)) {
    const result = engine.analyze({ path: `deep-${shape}.c`, text: build(300) }, { maxFileSizeKB: 64 * 1024 });
    assert.equal(result.skipped, undefined, shape);
    assert.deepEqual(result.ruleFailures, [], shape);
  }
});

test('fuzz: the nesting limit is a depth, not whatever stack is left', async () => {
  // Found by `npm run fuzz`: 2000 nested #ifs were skipped on a path's first analysis (the stack ran out
  // while the JIT had compiled little of the engine) and analysed on the second. Just past the limit is
  // skipped whatever the JIT did, well before the stack runs out; just under it is analysed.
  const engine = await Engine.create();
  const levels = (shape: keyof typeof NESTING_SHAPES, n: number) => engine.analyze({ path: `edge-${shape}-${n}.c`, text: NESTING_SHAPES[shape](n) }, { maxFileSizeKB: 64 * 1024 });
  for (const shape of ['braces', 'preprocessor-ifs', 'binary-chain', 'top-level-preprocessor'] as const) {
    for (let pass = 0; pass < 2; pass++) {
      assert.equal(levels(shape, MAX_SYNTAX_DEPTH + 10).skipped, 'it is nested too deeply to analyse', `${shape}, pass ${pass}`);
      assert.equal(levels(shape, MAX_SYNTAX_DEPTH - 20).skipped, undefined, `${shape}, pass ${pass}`);
    }
  }
});
