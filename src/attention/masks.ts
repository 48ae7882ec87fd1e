// Attention masks: which keys each query may look at.
// Convention as torch: a boolean mask is true where the query attends, and a float
// mask is added to the scores (0 keeps a key, -Infinity removes it).
// The builders return bool tensors of shape (nQ, nK); they broadcast over any
// batch/head dims in scaledDotProductAttention.
import type { Tensor, Tensor2D } from '@tensorflow/tfjs-node';
import { tf } from '../core/backend';
import { InputError, checkInteger } from '../core/validate';

/** A mask as accepted by the attention functions: a tensor or nested arrays of booleans or numbers. */
export type MaskLike =
  Tensor | boolean[] | boolean[][] | boolean[][][] | boolean[][][][] | number[][] | number[][][] | number[][][][];

/** Query position i and key position j as a column and a row, to compare by broadcasting. */
function positions(nQ: number, nK: number, keyOffset = 0): [Tensor, Tensor] {
  const i = tf.reshape(tf.range(0, nQ, 1, 'int32'), [nQ, 1]); // (nQ, 1)
  const j = tf.reshape(tf.range(keyOffset, keyOffset + nK, 1, 'int32'), [1, nK]); // (1, nK)
  return [i, j];
}

/**
 * Causal mask (nQ, nK): query i sees keys j <= i. Aligned top-left, exactly as torch's
 * `is_causal` (`torch.ones(nQ, nK).tril(0)`), so with nQ < nK the last keys are never seen.
 */
export function causalMask(nQ: number, nK: number = nQ): Tensor2D {
  return tf.tidy(() => {
    checkInteger(nQ, 'causalMask nQ');
    checkInteger(nK, 'causalMask nK');
    const [i, j] = positions(nQ, nK);
    return tf.lessEqual(j, i) as Tensor2D; // (nQ, nK)
  });
}

/**
 * Sliding-window mask (n, n), causal: query i sees the `window` most recent keys including
 * itself, i.e. i - window < j <= i. This is Mistral's sliding window as Hugging Face builds it
 * (`kv_idx > q_idx - sliding_window` and `kv_idx <= q_idx`); queries and keys are the same
 * n positions (no cache offset). window >= n gives the plain causal mask.
 */
export function slidingWindowMask(n: number, window: number): Tensor2D {
  return tf.tidy(() => {
    checkInteger(n, 'slidingWindowMask n');
    checkInteger(window, 'slidingWindowMask window');
    const [i, j] = positions(n, n);
    const causal = tf.lessEqual(j, i); // (n, n) j <= i
    const recent = tf.greater(j, tf.sub(i, window)); // (n, n) j > i - window
    return tf.logicalAnd(causal, recent) as Tensor2D; // (n, n)
  });
}

/**
 * Symmetric (Longformer-style) window (n, n): query i sees keys with |i - j| <= radius,
 * i.e. 2 * radius + 1 keys away from the ends. Not causal: it looks both ways.
 */
export function symmetricWindowMask(n: number, radius: number): Tensor2D {
  return tf.tidy(() => {
    checkInteger(n, 'symmetricWindowMask n');
    checkInteger(radius, 'symmetricWindowMask radius', 0);
    const [i, j] = positions(n, n);
    return tf.lessEqual(tf.abs(tf.sub(i, j)), radius) as Tensor2D; // (n, n)
  });
}

export interface MaskCost {
  /** Query-key pairs that are computed (true, or a float entry above -Infinity). */
  attended: number;
  /** All pairs: nQ * nK (times any leading dims), what dense attention computes. */
  total: number;
  /** attended / total. */
  fraction: number;
}

/** How many query-key pairs a mask keeps, against the N^2 of dense attention. */
export function maskCost(mask: MaskLike): MaskCost {
  return tf.tidy(() => {
    const { visible, additive } = toMask(mask, 'maskCost mask');
    const kept = visible ?? tf.greater(additive as Tensor, -Infinity); // same shape as the mask
    const attended = tf.sum(tf.cast(kept, 'int32')).dataSync()[0];
    const total = kept.size;
    return { attended, total, fraction: attended / total };
  });
}

/**
 * Reads a mask given as a tensor or nested arrays. Booleans give `visible` (true = attend);
 * numbers give `additive` (float32, added to the scores; -Infinity allowed, NaN and +Infinity not).
 * Call inside tf.tidy.
 */
export function toMask(mask: unknown, name: string): { visible?: Tensor; additive?: Tensor } {
  let t: Tensor;
  if (mask instanceof tf.Tensor) {
    t = mask;
  } else {
    if (!Array.isArray(mask))
      throw new InputError(`${name}: expected a tensor or nested arrays of booleans or numbers, got ${typeof mask}`);
    const leaves = (mask as unknown[]).flat(Infinity) as unknown[];
    const kind = leaves.every((x) => typeof x === 'boolean')
      ? 'bool'
      : leaves.every((x) => typeof x === 'number')
        ? 'float32'
        : undefined;
    if (kind === undefined)
      throw new InputError(`${name}: must hold only booleans (true = attend) or only numbers (added to the scores)`);
    try {
      t = tf.tensor(mask as number[], undefined, kind);
    } catch (e) {
      throw new InputError(`${name}: not a rectangular array (${(e as Error).message})`);
    }
  }
  if (t.size === 0) throw new InputError(`${name}: is empty (shape [${t.shape.join(', ')}])`);
  if (t.dtype === 'bool') return { visible: t };
  if (t.dtype === 'string' || t.dtype === 'complex64')
    throw new InputError(`${name}: has dtype ${t.dtype}, expected bool or numbers`);
  const additive = tf.cast(t, 'float32');
  // -Infinity removes a key; NaN or +Infinity would turn the whole row into NaN.
  const bad = tf.any(tf.logicalOr(tf.isNaN(additive), tf.equal(additive, Infinity))).dataSync()[0];
  if (bad)
    throw new InputError(`${name}: a float mask may hold finite numbers and -Infinity only, found NaN or +Infinity`);
  return { additive };
}

/**
 * A boolean mask as an additive one of its own shape (broadcast later, never tiled to the
 * scores' shape): log(1) = 0 where the query attends, log(0) = -Infinity where it does not.
 */
export function maskBias(visible: Tensor): Tensor {
  return tf.tidy(() => tf.log(tf.cast(visible, 'float32')));
}
