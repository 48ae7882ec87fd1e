import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backendInfo, describeBackend, tf } from '../../src/core/backend';

test('tfjs-node runs on the native tensorflow backend', () => {
  assert.equal(tf.getBackend(), 'tensorflow');
  const info = backendInfo();
  assert.equal(info.tfjs, '4.22.0');
  assert.match(info.libtensorflow, /^\d+\.\d+/);
  assert.match(describeBackend(), /backend 'tensorflow'/);
});

test('the native backend computes (a matmul checked by hand)', () => {
  const r = tf.tidy(() =>
    tf
      .matMul(
        tf.tensor2d([
          [1, 2],
          [3, 4],
        ]),
        tf.tensor2d([[5], [6]]),
      )
      .arraySync(),
  );
  assert.deepEqual(r, [[17], [39]]);
});
