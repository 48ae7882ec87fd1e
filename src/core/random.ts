// Seeded random tensors, so every notebook run and report shows the same numbers.
// tfjs draws seeded values in JavaScript (seedrandom's alea generator), not in the
// native backend, so a seed gives the same values on every machine and every run.
import type { Tensor } from '@tensorflow/tfjs-node';
import { tf } from './backend';
import { InputError, checkInteger } from './validate';

function checkShape(shape: unknown, fn: string): number[] {
  if (!Array.isArray(shape) || shape.length === 0)
    throw new InputError(`${fn} shape: expected a non-empty array of sizes such as [10, 16], got ${JSON.stringify(shape)}`);
  shape.forEach((n, a) => checkInteger(n, `${fn} shape[${a}]`));
  return shape as number[];
}

function checkFiniteNumber(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError(`${name}: expected a finite number, got ${String(v)}`);
  return v;
}

/** Values drawn uniformly from [min, max), float32, the same for the same seed. */
export function randomUniform(shape: number[], seed: number, min = 0, max = 1): Tensor {
  return tf.tidy(() => {
    const fn = 'randomUniform';
    const s = checkShape(shape, fn);
    checkInteger(seed, `${fn} seed`, 0);
    checkFiniteNumber(min, `${fn} min`);
    checkFiniteNumber(max, `${fn} max`);
    if (!(min < max)) throw new InputError(`${fn}: min must be < max, got min ${min} and max ${max}`);
    return tf.randomUniform(s, min, max, 'float32', seed);
  });
}

/** Values drawn from a normal distribution N(mean, stdDev^2), float32, the same for the same seed. */
export function randomNormal(shape: number[], seed: number, mean = 0, stdDev = 1): Tensor {
  return tf.tidy(() => {
    const fn = 'randomNormal';
    const s = checkShape(shape, fn);
    checkInteger(seed, `${fn} seed`, 0);
    checkFiniteNumber(mean, `${fn} mean`);
    if (checkFiniteNumber(stdDev, `${fn} stdDev`) <= 0) throw new InputError(`${fn} stdDev: must be > 0, got ${stdDev}`);
    return tf.randomNormal(s, mean, stdDev, 'float32', seed);
  });
}
