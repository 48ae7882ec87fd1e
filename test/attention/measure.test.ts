import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  attentionCost,
  peakTensorBytes,
  scaledDotProductAttention,
  slidingWindowMask,
  maskCost,
  timeCall,
} from '../../src/attention';
import { tf } from '../../src/core/backend';
import { randomNormal } from '../../src/core/random';
import { assertInputError } from './_helpers';

test('timeCall: median of the timed calls, tensors disposed', () => {
  const before = tf.memory().numTensors;
  let calls = 0;
  const t = timeCall(
    () => {
      calls++;
      return tf.ones([10, 10]);
    },
    { reps: 4, warmup: 2 },
  );
  assert.equal(calls, 6);
  assert.equal(t.samplesMs.length, 4);
  assert.ok(t.minMs <= t.medianMs && t.medianMs <= Math.max(...t.samplesMs));
  assert.equal(tf.memory().numTensors, before);
  assertInputError(() => timeCall(() => tf.scalar(1), { reps: 0 }), /timeCall reps: must be an integer >= 1/);
});

test('peakTensorBytes sees the (N, N) weights plain attention holds', async () => {
  const x = randomNormal([64, 8], 101);
  const peak = await peakTensorBytes(() => scaledDotProductAttention(x, x, x));
  assert.ok(peak >= 64 * 64 * 4, `peak ${peak}`); // at least the weights
  assert.ok(peak < 3 * 64 * 64 * 4 + 10 * 64 * 8 * 4, `peak ${peak}`);
  x.dispose();
});

test('attentionCost counts what maskCost counts', () => {
  assert.deepEqual(attentionCost(10, { heads: 2, d: 4 }), { pairs: 200, scoreBytes: 800, flops: 3200 });
  for (const [n, w] of [
    [10, 3],
    [5, 8],
    [12, 12],
  ]) {
    const m = slidingWindowMask(n, w);
    assert.equal(attentionCost(n, { window: w }).pairs, maskCost(m).attended);
    m.dispose();
  }
  assertInputError(() => attentionCost(0), /attentionCost n: must be an integer >= 1/);
});
