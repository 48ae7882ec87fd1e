// Shared by the attention tests (not a test file itself).
import assert from 'node:assert/strict';
import type { Tensor, TensorContainer } from '@tensorflow/tfjs-node';
import { tf } from '../../src/core/backend';
import { InputError } from '../../src/core/validate';

/** max |a - b| over all elements; plain arrays are read as float32 tensors. */
export function maxAbsDiff(a: Tensor | unknown[], b: Tensor | unknown[]): number {
  return tf.tidy(() => {
    const x = a instanceof tf.Tensor ? a : tf.tensor(a as number[]);
    const y = b instanceof tf.Tensor ? b : tf.tensor(b as number[]);
    assert.deepEqual(x.shape, y.shape, 'shapes differ');
    return tf.max(tf.abs(tf.sub(tf.cast(x, 'float32'), tf.cast(y, 'float32')))).dataSync()[0];
  });
}

/** Asserts fn throws an InputError whose message matches every pattern. */
export function assertInputError(fn: () => unknown, ...patterns: RegExp[]): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof InputError, `expected InputError, got ${String(e)}`);
    for (const p of patterns) assert.match(e.message, p);
    return true;
  });
}

/** Calls fn `times` times (disposing what it returns, ignoring InputErrors) and checks no tensor is left behind. */
export function assertNoLeak(fn: () => unknown, times = 10): void {
  const call = () => {
    try {
      tf.dispose(fn() as TensorContainer);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
    }
  };
  call(); // first call may create cached constants
  const before = tf.memory().numTensors;
  for (let i = 0; i < times; i++) call();
  assert.equal(tf.memory().numTensors, before, 'tensors leaked');
}

/** Nested arrays with null read back as -Infinity (JSON cannot hold it). */
export function nullToNegInf(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(nullToNegInf);
  return x === null ? -Infinity : x;
}
