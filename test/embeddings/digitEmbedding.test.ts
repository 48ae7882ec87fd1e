import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tf } from '../../src/core/backend';
import { loadDigits } from '../../src/datasets/digits';
import { trainDigitEmbedding } from '../../src/embeddings';
import { InputError } from '../../src/core/validate';

describe('a learned embedding of the digits (trained in the test, seeded)', () => {
  test('the same embedding every run, and it learns the digits', async () => {
    const { images, labels } = loadDigits();
    const train = tf.slice(images, [0, 0], [600, 64]) as tf.Tensor2D;
    const before = tf.memory().numTensors;
    const runs: Float32Array[] = [];
    for (let r = 0; r < 2; r++) {
      const net = await trainDigitEmbedding(train, labels.slice(0, 600), {
        dim: 2,
        activation: 'linear',
        epochs: 8,
        seed: 1,
      });
      const e = net.embed(train);
      runs.push(e.dataSync() as Float32Array);
      assert.deepEqual(e.shape, [600, 2]);
      assert.ok(net.trainAccuracy > 0.5, `accuracy ${net.trainAccuracy}`);
      e.dispose();
      net.dispose();
    }
    assert.deepEqual(runs[0], runs[1]);
    assert.equal(tf.memory().numTensors, before);
    await assert.rejects(trainDigitEmbedding(train, labels.slice(0, 10)), InputError);
    tf.dispose([images, train]);
  });
});
