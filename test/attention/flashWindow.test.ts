// flashAttention's sliding window and default tiling, and scaledDotProductAttention's memory:
// the fast paths of src/attention (issue 4) against the plain, fully masked computation.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  flashAttention,
  flashAttentionTrace,
  flashBlockSizes,
  PLAIN_BUDGET_BYTES,
  scaledDotProductAttention,
  slidingWindowMask,
  DEFAULT_TILE_ELEMENTS,
} from '../../src/attention';
import { tf } from '../../src/core/backend';
import { randomNormal } from '../../src/core/random';
import { assertInputError, assertNoLeak, maxAbsDiff } from './_helpers';

const TOL = 1e-5;

describe('flashAttention with a sliding window equals plain attention with slidingWindowMask', () => {
  const n = 29; // prime: no block size below it divides it
  const q = randomNormal([2, 3, n, 8], 51);
  const k = randomNormal([2, 3, n, 8], 52);
  const v = randomNormal([2, 3, n, 5], 53);
  for (const window of [1, 2, 5, 13, 28, 29, 40]) {
    test(`window ${window}, one key block and several (online softmax, rows that see nothing in early blocks)`, (t) => {
      const plain = scaledDotProductAttention(q, k, v, { mask: slidingWindowMask(n, window) });
      let worst = 0;
      for (const [Br, Bc] of [
        [undefined, undefined],
        [4, 3],
        [3, 4],
        [7, 2],
        [1, 1],
        [29, 29],
        [8, 64],
      ] as const) {
        const out = flashAttention(q, k, v, { window, blockSizeQ: Br, blockSizeK: Bc });
        const d = maxAbsDiff(out, plain.output);
        worst = Math.max(worst, d);
        assert.ok(d <= TOL, `window ${window} Br=${Br} Bc=${Bc}: differs by ${d}`);
        out.dispose();
      }
      t.diagnostic(`max |flash - plain| = ${worst.toExponential(2)}`);
      tf.dispose(plain);
    });
  }

  test('window implies causal; window >= N is plain causal attention', () => {
    const causal = scaledDotProductAttention(q, k, v, { isCausal: true });
    const out = flashAttention(q, k, v, { window: n, isCausal: false, blockSizeQ: 5, blockSizeK: 6 });
    assert.ok(maxAbsDiff(out, causal.output) <= TOL);
    tf.dispose([causal, out]);
  });

  test('fewer queries than keys (top-left, as the mask builders)', () => {
    const a = randomNormal([6, 4], 54);
    const b = randomNormal([11, 4], 55);
    const c = randomNormal([11, 3], 56);
    const mask = tf.tidy(() => tf.slice(slidingWindowMask(11, 3), [0, 0], [6, 11]));
    const plain = scaledDotProductAttention(a, b, c, { mask });
    for (const [Br, Bc] of [
      [2, 2],
      [6, 11],
      [4, 3],
    ]) {
      const out = flashAttention(a, b, c, { window: 3, blockSizeQ: Br, blockSizeK: Bc });
      assert.ok(maxAbsDiff(out, plain.output) <= TOL, `Br=${Br} Bc=${Bc}`);
      out.dispose();
    }
    tf.dispose([a, b, c, mask, plain]);
  });
});

describe('flashAttention default tiling', () => {
  test('flashBlockSizes: every key in one block while the tile fits, Br from 64 to 1024 (512 causal)', () => {
    assert.deepEqual(flashBlockSizes(8, 1024, 1024), { blockSizeQ: 1024, blockSizeK: 1024 });
    // Unmasked, the plain computation (one tile) while it fits PLAIN_BUDGET_BYTES: 64 x N^2 for 8 heads.
    assert.deepEqual(flashBlockSizes(8, 4096, 4096), { blockSizeQ: 4096, blockSizeK: 4096 });
    assert.equal(8 * 8 * 4096 * 4096, PLAIN_BUDGET_BYTES);
    assert.deepEqual(flashBlockSizes(8, 4097, 4096), { blockSizeQ: 1024, blockSizeK: 4096 });
    assert.deepEqual(flashBlockSizes(8, 4096, 4096, { window: 4096 }), { blockSizeQ: 512, blockSizeK: 4096 });
    assert.deepEqual(flashBlockSizes(8, 4096, 4096, { isCausal: true }), { blockSizeQ: 512, blockSizeK: 4096 });
    assert.deepEqual(flashBlockSizes(8, 32768, 32768), { blockSizeQ: 128, blockSizeK: 32768 });
    // online softmax, 2 key blocks
    assert.deepEqual(flashBlockSizes(8, 131072, 131072), { blockSizeQ: 64, blockSizeK: 65536 });
    assert.deepEqual(flashBlockSizes(1, 10, 300), { blockSizeQ: 10, blockSizeK: 300 });
    assert.deepEqual(flashBlockSizes(4, 4096, 4096, { window: 256 }), { blockSizeQ: 512, blockSizeK: 4096 });
    for (const [h, n] of [
      [8, 32768],
      [8, 131072],
      [32, 100000],
    ]) {
      const b = flashBlockSizes(h, n, n);
      assert.ok(h * b.blockSizeQ * b.blockSizeK <= DEFAULT_TILE_ELEMENTS, `heads ${h}, N ${n}: tile over budget`);
    }
  });

  test('default blocks (every key in one block) equal small key blocks (online softmax) and plain', () => {
    const a = randomNormal([2, 300, 16], 61, 0, 2);
    const b = randomNormal([2, 300, 16], 62, 0, 2);
    const c = randomNormal([2, 300, 16], 63);
    for (const isCausal of [false, true]) {
      const plain = scaledDotProductAttention(a, b, c, { isCausal });
      const whole = flashAttention(a, b, c, { isCausal });
      const online = flashAttention(a, b, c, { isCausal, blockSizeQ: 64, blockSizeK: 48 });
      assert.ok(maxAbsDiff(whole, plain.output) <= TOL);
      assert.ok(maxAbsDiff(online, plain.output) <= TOL);
      tf.dispose([plain, whole, online]);
    }
    tf.dispose([a, b, c]);
  });

  test('causal: only the diagonal block masked, every query block size and more queries than keys', () => {
    const a = randomNormal([3, 37, 8], 64, 0, 2);
    const b = randomNormal([3, 29, 8], 65, 0, 2);
    const c = randomNormal([3, 29, 5], 66);
    for (const [qa, kb] of [
      [a, b],
      [tf.slice(a, [0, 0, 0], [3, 29, 8]), b],
    ]) {
      const plain = scaledDotProductAttention(qa, kb, c, { isCausal: true });
      for (const Br of [1, 4, 7, 16, 29, 37]) {
        const out = flashAttention(qa, kb, c, { isCausal: true, blockSizeQ: Br, blockSizeK: 64 });
        const d = maxAbsDiff(out, plain.output);
        assert.ok(d <= TOL, `Br ${Br}, ${qa.shape[1]} queries: differs by ${d}`);
        out.dispose();
      }
      tf.dispose(plain);
      if (qa !== a) qa.dispose();
    }
    tf.dispose([a, b, c]);
  });
});

describe('memory', () => {
  test('plain attention holds at most two (..., N, N) arrays at once (scores and weights), besides an (N, N) causal mask', async (t) => {
    const n = 256;
    const heads = 4;
    const x = randomNormal([1, heads, n, 16], 71);
    const square = heads * n * n * 4; // bytes of one (1, heads, N, N) float32 array
    const mask = n * n * 4; // bytes of one (N, N) float32 array: the causal mask, shared by the heads
    for (const isCausal of [false, true]) {
      const before = tf.memory().numBytes;
      const profile = await tf.profile(() => {
        const r = scaledDotProductAttention(x, x, x, { isCausal });
        tf.dispose(r);
        return tf.scalar(0);
      });
      const peak = profile.peakBytes - before;
      t.diagnostic(`causal=${isCausal}: peak ${(peak / square).toFixed(2)} x N^2 arrays`);
      // Two (1, heads, N, N) arrays, the (N, N) causal mask while it is built, and O(N d) besides.
      assert.ok(
        peak <= 2 * square + 2.5 * mask + 8 * x.size * 4,
        `peak ${peak} bytes, ${(peak / square).toFixed(2)} N x N arrays`,
      );
    }
    x.dispose();
  });

  test('flashAttention never holds an (N, N) array: peak grows with N, not N^2', async () => {
    const peakAt = async (n: number) => {
      const x = randomNormal([1, 2, n, 16], 72);
      const before = tf.memory().numBytes;
      const profile = await tf.profile(() => {
        flashAttention(x, x, x, { blockSizeQ: 32, blockSizeK: 64 }).dispose();
        return tf.scalar(0);
      });
      x.dispose();
      return profile.peakBytes - before;
    };
    const small = await peakAt(256);
    const large = await peakAt(1024); // 4 x N: a quadratic peak would be 16 x
    assert.ok(large < 6 * small, `peak ${small} -> ${large} bytes for 4 x N`);
  });
});

describe('flashAttention window rejects bad input', () => {
  const q = [
    [1, 0],
    [0, 1],
    [1, 1],
  ];
  test('window 0', () =>
    assertInputError(
      () => flashAttention(q, q, q, { window: 0 }),
      /flashAttention window: must be an integer >= 1, got 0/,
    ));
  test('window not an integer', () =>
    assertInputError(() => flashAttention(q, q, q, { window: 1.5 }), /window: must be an integer >= 1, got 1.5/));
  test('more queries than keys', () =>
    assertInputError(
      () =>
        flashAttention(
          [
            [1, 0],
            [0, 1],
            [1, 1],
          ],
          [[1, 0]],
          [[1, 0]],
          { window: 2 },
        ),
      /needs at least as many keys as queries \(each query sees itself\), got 3 queries and 1 keys/,
    ));
  test('tensors: Infinity or NaN named, empty named (one combined check for the three)', () => {
    const good = tf.tensor2d(q);
    const inf = tf.tensor2d([
      [1, 0],
      [Infinity, 1],
      [1, 1],
    ]);
    const nan = tf.tensor2d([
      [1, 0],
      [0, 1],
      [NaN, 1],
    ]);
    const empty = tf.zeros([0, 2]);
    assertInputError(() => flashAttention(good, inf, good), /^flashAttention key: contains NaN or Infinity$/);
    assertInputError(
      () => scaledDotProductAttention(good, good, nan),
      /^scaledDotProductAttention value: contains NaN or Infinity$/,
    );
    assertInputError(() => flashAttention(empty, good, good), /flashAttention query: is empty \(shape \[0, 2\]\)/);
    tf.dispose([good, inf, nan, empty]);
  });
  test('the trace has no window', () =>
    assertInputError(
      () => flashAttentionTrace(q, q, q, { window: 2 }),
      /flashAttentionTrace: the trace follows Algorithm 1 without a window/,
    ));
});

test('flashAttention with a window leaks no tensors', () => {
  const q = randomNormal([2, 11, 4], 81);
  assertNoLeak(() => flashAttention(q, q, q, { window: 3, blockSizeQ: 3, blockSizeK: 2 }));
  assertNoLeak(() => flashAttention(q, q, q, { window: 4 }));
  assertNoLeak(() => flashAttention(q, q, q, { window: 0 }));
  q.dispose();
});
