import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Tensor } from '@tensorflow/tfjs-node';
import { randomNormal, randomUniform, seededRandom } from '../../src/core/random';
import { assertInputError, assertNoLeak } from '../attention/_helpers';

const values = (t: Tensor) => {
  const v = Array.from(t.dataSync());
  t.dispose();
  return v;
};

test('the same seed gives the same values, another seed others', () => {
  assert.deepEqual(values(randomUniform([4, 5], 7)), values(randomUniform([4, 5], 7)));
  assert.deepEqual(values(randomNormal([4, 5], 7)), values(randomNormal([4, 5], 7)));
  assert.notDeepEqual(values(randomUniform([4, 5], 7)), values(randomUniform([4, 5], 8)));
});

test('seeded values are the same in every run (pinned)', () => {
  // Recorded once; tfjs draws seeded numbers in JavaScript (alea), so they do not depend on the machine.
  const u = values(randomUniform([3], 42));
  const n = values(randomNormal([3], 42));
  const pinnedU = [0.6848635077476501, 0.5463244915008545, 0.8455933332443237];
  const pinnedN = [1.9053093194961548, 0.4774465560913086, 0.4454464018344879];
  u.forEach((x, i) => assert.equal(x, pinnedU[i]));
  n.forEach((x, i) => assert.equal(x, pinnedN[i]));
});

test('shape, range and moments', () => {
  const u = randomUniform([100, 50], 1, -2, 3);
  assert.deepEqual(u.shape, [100, 50]);
  assert.equal(u.dtype, 'float32');
  const uv = values(u);
  assert.ok(uv.every((x) => x >= -2 && x < 3));
  const nv = values(randomNormal([20000], 2, 5, 0.5));
  const mean = nv.reduce((a, b) => a + b, 0) / nv.length;
  const sd = Math.sqrt(nv.reduce((a, b) => a + (b - mean) ** 2, 0) / nv.length);
  assert.ok(Math.abs(mean - 5) < 0.02, `mean ${mean}`);
  assert.ok(Math.abs(sd - 0.5) < 0.02, `sd ${sd}`);
});

test('bad arguments are rejected with the argument named', () => {
  assertInputError(() => randomUniform([], 1), /randomUniform shape: expected a non-empty array/);
  assertInputError(() => randomUniform([3, 0], 1), /randomUniform shape\[1\]: must be an integer >= 1, got 0/);
  assertInputError(() => randomNormal([2.5], 1), /randomNormal shape\[0\]: must be an integer >= 1, got 2.5/);
  assertInputError(() => randomUniform([2], -1), /randomUniform seed: must be an integer >= 0, got -1/);
  assertInputError(() => randomUniform([2], undefined as unknown as number), /randomUniform seed: value is undefined/);
  assertInputError(() => randomUniform([2], 1, 1, 1), /min must be < max, got min 1 and max 1/);
  assertInputError(() => randomUniform([2], 1, 0, Infinity), /randomUniform max: expected a finite number/);
  assertInputError(() => randomNormal([2], 1, 0, 0), /randomNormal stdDev: must be > 0, got 0/);
  assertInputError(() => randomNormal([2], 1, NaN), /randomNormal mean: expected a finite number/);
});

test('no tensor leaks, returning or throwing', () => {
  assertNoLeak(() => randomUniform([3, 4], 1));
  assertNoLeak(() => randomNormal([3, 4], 1));
  assertNoLeak(() => randomNormal([3, 4], 1, 0, -1));
});

test('seededRandom is deterministic and in [0, 1)', () => {
  const r1 = seededRandom(5),
    r2 = seededRandom(5);
  const xs = Array.from({ length: 100 }, () => r1());
  assert.deepEqual(
    xs,
    Array.from({ length: 100 }, () => r2()),
  );
  assert.ok(xs.every((x) => x >= 0 && x < 1));
});
