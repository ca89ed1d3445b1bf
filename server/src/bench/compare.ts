/**
 * `node server/out/bench/compare.js OTHER_CHECKOUT [--seconds N] [--stage model|analysis]`: this
 * checkout's engine against another's (a `git worktree` of the commit before a change, compiled with
 * `npx tsc -b`), on the 10k-line bench installer, in one process, taking turns (A B, B A, ...).
 *
 * Why: a change worth 2% of a model build cannot be seen by timing two runs one after the other on a
 * shared machine (their medians move by 10% with the load); run side by side, both engines see the same
 * load, and the median of the paired differences says which is faster. Compare the same checkout with
 * itself first: the difference it shows (about 1%) is the tool's own noise.
 */
import * as path from 'node:path';
import type { Engine } from '../engine';
import { benchDocument } from './documents';
import { summarize } from './results';

interface Contender {
  label: string;
  run: () => void;
}

type Stage = 'model' | 'analysis';

async function contender(root: string, stage: Stage): Promise<Contender> {
  // Each checkout's own compiled engine (and its own web-tree-sitter runtime): nothing shared but the heap.
  const out = path.join(root, 'server', 'out');
  const { Engine: OtherEngine } = require(path.join(out, 'engine')) as { Engine: typeof Engine };
  const { buildFileModel } = require(path.join(out, 'engine', 'model', 'build')) as typeof import('../engine/model/build');
  const engine = await OtherEngine.create();
  const text = benchDocument(10_000);
  if (stage === 'model') {
    const parsed = engine.parse(text, 'c');
    return { label: root, run: () => void buildFileModel(parsed, '/bench/compare.c') };
  }
  const docPath = '/bench/compare.c';
  return {
    label: root,
    run: () => {
      engine.forget(docPath);
      const result = engine.analyze({ path: docPath, text }, { maxFileSizeKB: 1024 * 1024 });
      engine.forget(docPath);
      result.parsed?.tree.delete();
    },
  };
}

async function main(): Promise<void> {
  let other: string | undefined;
  let seconds = 12;
  let stage: Stage = 'model';
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--seconds') seconds = Number(args[++i]);
    else if (args[i] === '--stage') stage = args[++i] === 'analysis' ? 'analysis' : 'model';
    else other = args[i];
  }
  if (!other || !(seconds > 0)) {
    console.error('usage: node server/out/bench/compare.js OTHER_CHECKOUT [--seconds N] [--stage model|analysis]');
    process.exit(2);
  }
  const here = path.resolve(__dirname, '..', '..', '..');
  const a = await contender(path.resolve(other), stage);
  const b = await contender(here, stage);
  for (let i = 0; i < 15; i++) {
    a.run();
    b.run();
  }
  const timesA: number[] = [];
  const timesB: number[] = [];
  const started = performance.now();
  for (let round = 0; performance.now() - started < seconds * 1000; round++) {
    // Who goes first alternates: the second of a pair may pay for the first one's garbage.
    const pair = round % 2 === 0 ? [a, b] : [b, a];
    for (const c of pair) {
      const t = performance.now();
      c.run();
      (c === a ? timesA : timesB).push(performance.now() - t);
    }
  }
  const differences = timesB.map((t, i) => t - timesA[i]);
  const medianA = summarize(timesA).medianMs;
  const difference = summarize(differences).medianMs;
  console.log(`${stage} of the 10k-line installer, ${timesA.length} pairs`);
  console.log(`  A ${a.label}: median ${medianA.toFixed(1)} ms`);
  console.log(`  B ${b.label}: median ${summarize(timesB).medianMs.toFixed(1)} ms`);
  console.log(`  B - A, median of the pairs: ${difference.toFixed(2)} ms (${((100 * difference) / medianA).toFixed(1)}%)`);
}

void main();
