// Shared test helpers: closeness checks and a leak check on tfjs' own counters.
import assert from 'node:assert/strict';
import { tf } from '../../src/core/backend';

export function assertClose(actual: number, expected: number, tol = 1e-5, what = 'value'): void {
  assert.ok(Number.isFinite(actual), `${what}: got ${actual}`);
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} differs from ${expected} by more than ${tol}`);
}

export function assertAllClose(actual: unknown, expected: unknown, tol = 1e-5, what = 'array'): void {
  const a = (actual instanceof tf.Tensor ? actual.arraySync() : actual) as unknown;
  const flat = (x: unknown): number[] => (Array.isArray(x) ? x.flatMap(flat) : [x as number]);
  const fa = flat(a);
  const fe = flat(expected);
  assert.equal(fa.length, fe.length, `${what}: ${fa.length} values, expected ${fe.length}`);
  fa.forEach((v, i) => assertClose(v, fe[i], tol, `${what}[${i}]`));
}

/**
 * Runs fn many times (including when it throws) and asserts that tfjs' tensor
 * count and byte count are back where they started: nothing leaked.
 */
export function assertNoLeak(fn: () => unknown, times = 20): void {
  const run = () => {
    try {
      const out = fn();
      tf.dispose(out as tf.TensorContainer);
      if (out && typeof out === 'object' && !(out instanceof tf.Tensor)) {
        for (const v of Object.values(out)) if (v instanceof tf.Tensor) v.dispose();
      }
    } catch {
      // bad inputs throw; they must not leak either
    }
  };
  run(); // first call may allocate backend constants once
  const before = tf.memory();
  for (let i = 0; i < times; i++) run();
  const after = tf.memory();
  assert.equal(
    after.numTensors,
    before.numTensors,
    `tensor count grew from ${before.numTensors} to ${after.numTensors}`,
  );
  assert.equal(after.numBytes, before.numBytes, `tensor bytes grew from ${before.numBytes} to ${after.numBytes}`);
}
