import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { flashAttention, flashAttentionTrace, scaledDotProductAttention } from '../../src/attention';
import { tf } from '../../src/core/backend';
import { randomNormal } from '../../src/core/random';
import { assertInputError, assertNoLeak, maxAbsDiff } from './_helpers';

const TOL = 1e-5;

describe('flashAttention equals plain attention', () => {
  // N = 37 is prime: no block size below it divides it.
  const q = randomNormal([2, 3, 37, 8], 11);
  const k = randomNormal([2, 3, 37, 8], 12);
  const v = randomNormal([2, 3, 37, 5], 13);
  const blocks = [
    [2, 3],
    [3, 2],
    [4, 4],
    [5, 7],
    [8, 16],
    [16, 8],
    [36, 36],
    [37, 37],
    [256, 256],
  ];
  for (const isCausal of [false, true]) {
    test(`(2, 3, 37, 8), ${isCausal ? 'causal' : 'no mask'}, block sizes ${blocks.map((b) => b.join('x')).join(' ')}`, (t) => {
      const plain = scaledDotProductAttention(q, k, v, { isCausal });
      let worst = 0;
      for (const [Br, Bc] of blocks) {
        const out = flashAttention(q, k, v, { blockSizeQ: Br, blockSizeK: Bc, isCausal });
        const d = maxAbsDiff(out, plain.output);
        worst = Math.max(worst, d);
        assert.ok(d <= TOL, `Br=${Br} Bc=${Bc}: differs by ${d}`);
        out.dispose();
      }
      t.diagnostic(`max |flash - plain| over all block sizes = ${worst.toExponential(2)}`);
      tf.dispose(plain);
    });
  }

  test('rectangular nQ != nK, causal top-left, both ways round', (t) => {
    let worst = 0;
    for (const [nQ, nK] of [
      [5, 13],
      [13, 5],
    ]) {
      const a = randomNormal([2, nQ, 6], 21);
      const b = randomNormal([2, nK, 6], 22);
      const c = randomNormal([2, nK, 3], 23);
      for (const isCausal of [false, true]) {
        const plain = scaledDotProductAttention(a, b, c, { isCausal });
        for (const [Br, Bc] of [
          [2, 3],
          [4, 4],
          [3, 5],
        ]) {
          const out = flashAttention(a, b, c, { blockSizeQ: Br, blockSizeK: Bc, isCausal });
          const d = maxAbsDiff(out, plain.output);
          worst = Math.max(worst, d);
          assert.ok(d <= TOL, `nQ=${nQ} nK=${nK} Br=${Br} Bc=${Bc} causal=${isCausal}: ${d}`);
          out.dispose();
        }
        tf.dispose(plain);
      }
      tf.dispose([a, b, c]);
    }
    t.diagnostic(`max |flash - plain| = ${worst.toExponential(2)}`);
  });

  test('N = 300 of rank 2, default blocks (256 does not divide 300), custom scale', (t) => {
    const a = randomNormal([300, 16], 31, 0, 3);
    const b = randomNormal([300, 16], 32, 0, 3);
    const c = randomNormal([300, 16], 33);
    const plain = scaledDotProductAttention(a, b, c, { isCausal: true, scale: 0.5 });
    const out = flashAttention(a, b, c, { isCausal: true, scale: 0.5 });
    const d = maxAbsDiff(out, plain.output);
    t.diagnostic(`max |flash - plain| = ${d.toExponential(2)}`);
    assert.ok(d <= TOL);
    tf.dispose([a, b, c, plain, out]);
  });

  test('blocks of one row each (Br = Bc = 1), with and without causal', () => {
    const a = randomNormal([3, 9, 4], 34);
    for (const isCausal of [false, true]) {
      const plain = scaledDotProductAttention(a, a, a, { isCausal });
      const out = flashAttention(a, a, a, { blockSizeQ: 1, blockSizeK: 1, isCausal });
      assert.ok(maxAbsDiff(out, plain.output) <= TOL);
      tf.dispose([plain, out]);
    }
    a.dispose();
  });
});

describe('flashAttentionTrace', () => {
  const q = [
    [1, 0],
    [0, 1],
    [1, 1],
    [2, 0],
    [0, -1],
  ];
  const k = [
    [1, 0],
    [0, 2],
    [1, 1],
    [-1, 0],
    [3, 1],
  ];
  const v = [
    [1, 2],
    [3, 4],
    [5, 6],
    [7, 8],
    [9, 10],
  ];

  test('records m, l and the rescale factors of every tile; ends at the plain result', () => {
    const trace = flashAttentionTrace(q, k, v, { blockSizeQ: 2, blockSizeK: 2 });
    assert.equal(trace.steps.length, 3 * 3); // Tr = Tc = ceil(5 / 2)
    assert.deepEqual(
      trace.steps.slice(0, 3).map((s) => s.queries),
      [
        [0, 2],
        [2, 4],
        [4, 5],
      ],
    ); // queries inside keys
    const plain = scaledDotProductAttention(q, k, v);
    assert.ok(maxAbsDiff(trace.output, plain.output) < 1e-6);
    // After the last key block, m is each row's max score and l the softmax denominator.
    const scores = q.map((qi) => k.map((kj) => (qi[0] * kj[0] + qi[1] * kj[1]) * trace.scale));
    for (const s of trace.steps.filter((st) => st.keyBlock === 2)) {
      s.runningMax.forEach((m, r) => {
        const row = scores[s.queries[0] + r];
        assert.ok(Math.abs(m - Math.max(...row)) < 1e-6);
        const l = row.reduce((acc, x) => acc + Math.exp(x - m), 0);
        assert.ok(Math.abs(s.runningSum[r] - l) < 1e-5);
      });
    }
    // The first tile of a row starts from m = -Infinity, l = 0: nothing to rescale.
    const first = trace.steps[0];
    assert.deepEqual(first.runningMaxBefore, [-Infinity, -Infinity]);
    assert.deepEqual(first.rescaleOld, [0, 0]);
    for (const s of trace.steps) {
      s.runningMax.forEach((m, r) => {
        assert.ok(Math.abs(s.rescaleOld[r] - Math.exp(s.runningMaxBefore[r] - m)) < 1e-6);
        assert.ok(Math.abs(s.rescaleBlock[r] - Math.exp(s.blockMax[r] - m)) < 1e-6);
      });
    }
    tf.dispose(plain);
  });

  test('causal: tiles above the diagonal are skipped', () => {
    const trace = flashAttentionTrace(q, k, v, { blockSizeQ: 2, blockSizeK: 2, isCausal: true });
    assert.deepEqual(
      trace.skipped.map((s) => [s.queryBlock, s.keyBlock]),
      [
        [0, 1],
        [0, 2],
        [1, 2],
      ],
    );
    assert.equal(trace.steps.length, 6);
    const plain = scaledDotProductAttention(q, k, v, { isCausal: true });
    assert.ok(maxAbsDiff(trace.output, plain.output) < 1e-6);
    tf.dispose(plain);
  });
});

describe('flashAttention rejects bad input', () => {
  const q = [
    [1, 0],
    [0, 1],
  ];
  test('block size 0', () =>
    assertInputError(
      () => flashAttention(q, q, q, { blockSizeQ: 0 }),
      /flashAttention blockSizeQ: must be an integer >= 1, got 0/,
    ));
  test('block size not an integer', () =>
    assertInputError(
      () => flashAttention(q, q, q, { blockSizeK: 2.5 }),
      /blockSizeK: must be an integer >= 1, got 2.5/,
    ));
  test('block size negative', () =>
    assertInputError(() => flashAttention(q, q, q, { blockSizeK: -4 }), /blockSizeK: must be an integer >= 1, got -4/));
  test('query and key widths differ', () =>
    assertInputError(() => flashAttention([[1, 2, 3]], q, q), /flashAttention: query width 3 must equal key width 2/));
  test('key and value lengths differ', () =>
    assertInputError(() => flashAttention(q, q, [[1, 2]]), /same length, got 2 keys and 1 values/));
  test('NaN in the value', () =>
    assertInputError(
      () =>
        flashAttention(q, q, [
          [1, NaN],
          [0, 0],
        ]),
      /flashAttention value: .*NaN/,
    ));
  test('scale <= 0', () =>
    assertInputError(() => flashAttention(q, q, q, { scale: -1 }), /flashAttention scale: must be > 0/));
  test('trace of a batched input', () =>
    assertInputError(
      () => flashAttentionTrace([q], [q], [q]),
      /flashAttentionTrace: traces a single head, expected rank-2 query/,
    ));
  test('trace of a large input', () => {
    const big = tf.zeros([65, 2]);
    assertInputError(() => flashAttentionTrace(big, big, big), /small examples only/);
    big.dispose();
  });
});

test('flashAttention leaks no tensors, returning or throwing', () => {
  const q = randomNormal([2, 11, 4], 41);
  assertNoLeak(() => flashAttention(q, q, q, { blockSizeQ: 3, blockSizeK: 4, isCausal: true }));
  assertNoLeak(() => flashAttention(q, q, q, { blockSizeQ: 5, blockSizeK: 2 }));
  assertNoLeak(() => flashAttention(q, q, q, { blockSizeQ: 0 }));
  assertNoLeak(() =>
    flashAttentionTrace(
      [
        [1, 0],
        [0, 1],
        [1, 1],
      ],
      [
        [1, 0],
        [0, 1],
        [1, 1],
      ],
      [[1], [2], [3]],
      { blockSizeQ: 2, blockSizeK: 2, isCausal: true },
    ),
  );
  assertNoLeak(() => flashAttentionTrace([[1, 0]], [[1, 0]], [[1, 0, 0]], { blockSizeQ: -1 }));
  q.dispose();
});
