// Seeded randomness, so every notebook run and report shows the same numbers: random
// tensors (tfjs draws seeded values in JavaScript, seedrandom's alea generator, not in
// the native backend, so a seed gives the same values on every machine and every run),
// and a seeded generator of plain numbers for code that draws one number at a time
// (UMAP's layout, the generated fruit pictures).
import type { Tensor } from '@tensorflow/tfjs-node';
import { tf } from './backend';
import { InputError, checkInteger } from './validate';

function checkShape(shape: unknown, fn: string): number[] {
  if (!Array.isArray(shape) || shape.length === 0)
    throw new InputError(
      `${fn} shape: expected a non-empty array of sizes such as [10, 16], got ${JSON.stringify(shape)}`,
    );
  shape.forEach((n, a) => checkInteger(n, `${fn} shape[${a}]`));
  return shape as number[];
}

function checkFiniteNumber(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new InputError(`${name}: expected a finite number, got ${String(v)}`);
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
    if (checkFiniteNumber(stdDev, `${fn} stdDev`) <= 0)
      throw new InputError(`${fn} stdDev: must be > 0, got ${stdDev}`);
    return tf.randomNormal(s, mean, stdDev, 'float32', seed);
  });
}

/** A small seeded generator (mulberry32): the same numbers for the same seed. */
export function seededRandom(seed: number): () => number {
  checkInteger(seed, 'seededRandom seed', 0);
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
