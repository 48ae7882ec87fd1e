// softmaxLastAxis: oneDNN's softmax where libtensorflow has it, tf.softmax otherwise; either
// way tf.softmax's numbers and gradient.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { oneDnnSoftmaxAvailable, softmaxLastAxis } from '../../src/attention';
import { tf } from '../../src/core/backend';
import { randomNormal } from '../../src/core/random';
import { assertNoLeak, maxAbsDiff } from './_helpers';

test('which softmax runs here', (t) => {
  t.diagnostic(
    `oneDNN softmax: ${oneDnnSoftmaxAvailable() ? 'yes' : 'no (tf.softmax)'}; TF_ENABLE_ONEDNN_OPTS=${process.env.TF_ENABLE_ONEDNN_OPTS ?? '(unset)'}`,
  );
  assert.equal(typeof oneDnnSoftmaxAvailable(), 'boolean');
});

test('equals tf.softmax for ranks 2 to 5, large and masked (-Infinity) scores', () => {
  for (const shape of [
    [7, 13],
    [3, 5, 300],
    [2, 3, 17, 33],
    [2, 2, 2, 3, 9],
  ]) {
    tf.tidy(() => {
      const x = tf.mul(randomNormal(shape, 91), 30); // scores up to about +-100
      const masked = tf.where(tf.greater(randomNormal(shape, 92), 1), tf.fill(shape, -Infinity), x); // some keys hidden
      for (const logits of [x, masked]) {
        const d = maxAbsDiff(softmaxLastAxis(logits), tf.softmax(logits));
        assert.ok(d <= 1e-6, `shape [${shape}]: differs by ${d}`);
      }
    });
  }
});

test('gradient equals tf.softmax gradient', () => {
  tf.tidy(() => {
    const x = randomNormal([2, 4, 6], 93);
    const w = randomNormal([2, 4, 6], 94);
    const g1 = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(softmaxLastAxis(t), w)))(x);
    const g2 = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.softmax(t), w)))(x);
    assert.ok(maxAbsDiff(g1, g2) <= 1e-6);
  });
});

test('rank 1 and non-float inputs go to tf.softmax', () => {
  tf.tidy(() => {
    assert.ok(maxAbsDiff(softmaxLastAxis(tf.tensor1d([1, 2, 3])), tf.softmax(tf.tensor1d([1, 2, 3]))) <= 1e-7);
  });
});

test('leaks no tensors', () => {
  const x = randomNormal([3, 50], 95);
  assertNoLeak(() => softmaxLastAxis(x));
  x.dispose();
});
