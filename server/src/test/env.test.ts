import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { Env } from '../engine/model/env';
import { unknown } from '../engine/model/values';
import type { AbstractValue } from '../engine/model/types';

// The interpreter's environments against plain Maps copied on every change (what they replaced).

const KEYS = ['hr', 'err', 'params', 'DeviceInfoSet', 'f1:rc', 'f2:rc', 'f3:status', 'x', 'y', 'z', 'w', 'v'];
const origin = { startIndex: 0, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } };
const VALUES: AbstractValue[][] = KEYS.map(() => [unknown('expression', origin)]);
const merge = (values: ReadonlyArray<AbstractValue[] | undefined>) => values.flatMap((v) => v ?? []);

type Op = { kind: 'bind'; from: number; key: number; value: number } | { kind: 'join'; envs: number[] };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('bind' as const), from: fc.nat(), key: fc.nat(KEYS.length - 1), value: fc.nat(VALUES.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('join' as const), envs: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }) }) },
);

function referenceJoin(maps: Array<Map<string, AbstractValue[]>>): Map<string, AbstractValue[]> {
  const out = new Map<string, AbstractValue[]>();
  for (const m of maps) {
    for (const key of m.keys()) {
      if (out.has(key)) continue;
      const values = maps.map((other) => other.get(key));
      out.set(key, values.every((v) => v === values[0]) ? values[0]! : merge(values));
    }
  }
  return out;
}

test('environments answer like Maps copied on every change, old ones included, through binds and joins', () => {
  fc.assert(
    fc.property(fc.array(op, { minLength: 10, maxLength: 120, size: 'max' }), (ops) => {
      const envs = [Env.of([['DifCode', VALUES[0]]])];
      const maps = [new Map([['DifCode', VALUES[0]]])];
      for (const o of ops) {
        if (o.kind === 'bind') {
          // Mostly the newest environments, so that chains grow long enough to fold their bindings.
          const from = Math.max(0, envs.length - 1 - (o.from % 3));
          envs.push(envs[from].with(KEYS[o.key], VALUES[o.value]));
          maps.push(new Map(maps[from]).set(KEYS[o.key], VALUES[o.value]));
        } else {
          const picked = o.envs.map((i) => i % envs.length);
          envs.push(Env.join(picked.map((i) => envs[i]), merge));
          maps.push(referenceJoin(picked.map((i) => maps[i])));
        }
      }
      envs.forEach((env, i) => {
        for (const key of ['DifCode', ...KEYS]) assert.deepEqual(env.get(key), maps[i].get(key), `environment ${i}, ${key}`);
      });
    }),
    { numRuns: 500 },
  );
});

test('binding a variable to the values it already has, or joining one environment, gives the same environment', () => {
  const env = Env.of([['hr', VALUES[1]]]).with('err', VALUES[2]);
  assert.equal(env.with('hr', VALUES[1]), env);
  assert.equal(env.with('err', VALUES[2]), env);
  assert.equal(Env.join([env, env], merge), env);
});
