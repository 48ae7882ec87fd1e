// Scaled dot-product attention (Vaswani et al. 2017), the steps of document 003:
//   scores  = Q K^T * scale          how well each query matches each key
//   weights = softmax(scores + mask)  one probability row per query
//   output  = weights V               a weighted average of the values
// Shapes as torch.nn.functional.scaled_dot_product_attention: query (..., nQ, d),
// key (..., nK, d), value (..., nK, dv), where ... are batch/head dims shared by all three.
import type { Tensor } from '@tensorflow/tfjs-node';
import { tf } from '../core/backend';
import { InputError, checkFinite, checkPositive, toTensor } from '../core/validate';
import { softmaxLastAxis } from './fastSoftmax';
import { MaskLike, causalMask, maskBias, toMask } from './masks';

/** Tensors, or nested arrays of numbers, at least (N, d). */
export type TensorLike = Tensor | number[][] | number[][][] | number[][][][];

export interface AttentionOptions {
  /** Boolean (true = attend, as torch) or additive float mask, broadcastable to (..., nQ, nK). */
  mask?: MaskLike;
  /** Factor on Q K^T. Default 1 / sqrt(d), d = the query width. */
  scale?: number;
  /** Query i sees keys j <= i, aligned top-left as torch's is_causal. With `mask`, both apply. */
  isCausal?: boolean;
}

export type AttentionResult = {
  /** (..., nQ, dv) */
  output: Tensor;
  /** (..., nQ, nK), each row sums to 1 (or is all zeros when every key is masked). */
  weights: Tensor;
};

const shape = (t: Tensor): string => `[${t.shape.join(', ')}]`;

/**
 * Tensors as float32 (float32 ones as they are), checked non-empty and finite as toTensor checks
 * them, but with one read-back for all of them (toTensor's per-tensor check cost 3 reads back
 * and about 9% of a call at N = 1024; sum(x * 0) per tensor, 8 ops, still 5 %).
 */
function finiteTensors(ts: Tensor[], names: string[]): Tensor[] {
  const out = ts.map((t, i) => {
    if (t.size === 0) throw new InputError(`${names[i]}: is empty (shape [${t.shape.join(', ')}])`);
    return t.dtype === 'float32' ? t : tf.cast(t, 'float32');
  });
  // A NaN or an Infinity makes the sum of all three non-finite; so can an overflow of large
  // finite values, and then the exact check below finds nothing. Five ops and one read-back.
  const allFinite = tf.tidy(() => tf.isFinite(tf.addN(out.map((t) => tf.sum(t)))).dataSync()[0] === 1);
  if (!allFinite) out.forEach((t, i) => checkFinite(t, names[i])); // throws, naming the first bad one
  return out;
}

/** Converts and checks query, key and value; call inside tf.tidy. */
export function toQueryKeyValue(query: unknown, key: unknown, value: unknown, fn: string): [Tensor, Tensor, Tensor] {
  const names = [`${fn} query`, `${fn} key`, `${fn} value`];
  const [q, k, v] = [query, key, value].every((x) => x instanceof tf.Tensor)
    ? finiteTensors([query, key, value] as Tensor[], names)
    : [toTensor(query, names[0]), toTensor(key, names[1]), toTensor(value, names[2])];
  for (const [t, name] of [
    [q, 'query'],
    [k, 'key'],
    [v, 'value'],
  ] as const) {
    if (t.rank < 2) throw new InputError(`${fn} ${name}: expected rank >= 2 (..., N, d), got shape ${shape(t)}`);
  }
  const lead = (t: Tensor) => t.shape.slice(0, -2).join(',');
  if (lead(q) !== lead(k) || lead(q) !== lead(v))
    throw new InputError(
      `${fn}: query, key and value must share their leading (batch/head) dims, got query ${shape(q)}, key ${shape(k)}, value ${shape(v)}`,
    );
  const d = q.shape[q.rank - 1];
  if (k.shape[k.rank - 1] !== d)
    throw new InputError(
      `${fn}: query width ${d} must equal key width ${k.shape[k.rank - 1]} (query ${shape(q)}, key ${shape(k)})`,
    );
  if (k.shape[k.rank - 2] !== v.shape[v.rank - 2])
    throw new InputError(
      `${fn}: key and value must have the same length, got ${k.shape[k.rank - 2]} keys and ${v.shape[v.rank - 2]} values (key ${shape(k)}, value ${shape(v)})`,
    );
  return [q, k, v];
}

/** The scale option checked, or 1 / sqrt(d). */
export function attentionScale(scale: unknown, d: number, fn: string): number {
  return scale === undefined ? 1 / Math.sqrt(d) : checkPositive(scale, `${fn} scale`);
}

export function checkCausal(isCausal: unknown, fn: string): boolean {
  if (isCausal !== undefined && typeof isCausal !== 'boolean')
    throw new InputError(`${fn} isCausal: expected true or false, got ${typeof isCausal}`);
  return isCausal === true;
}

/** Throws unless `maskShape` broadcasts to `scoresShape` (numpy rules, the mask may not grow the scores). */
export function checkBroadcast(maskShape: number[], scoresShape: number[], fn: string): void {
  const fits =
    maskShape.length <= scoresShape.length &&
    maskShape.every((m, a) => m === 1 || m === scoresShape[scoresShape.length - maskShape.length + a]);
  if (!fits)
    throw new InputError(
      `${fn} mask: shape [${maskShape.join(', ')}] does not broadcast to the scores' shape [${scoresShape.join(', ')}] (..., nQ, nK)`,
    );
}

/** Frees `old` (a large intermediate) once `next` has been computed from it; returns `next`. */
function replace(old: Tensor, next: Tensor): Tensor {
  old.dispose();
  return next;
}

/** softmax(Q K^T * scale + mask) V, returning the output and the attention weights. */
export function scaledDotProductAttention(
  query: TensorLike,
  key: TensorLike,
  value: TensorLike,
  options: AttentionOptions = {},
): AttentionResult {
  const fn = 'scaledDotProductAttention';
  return tf.tidy(() => {
    const [q, k, v] = toQueryKeyValue(query, key, value, fn);
    const nQ = q.shape[q.rank - 2];
    const nK = k.shape[k.rank - 2];
    const scale = attentionScale(options.scale, q.shape[q.rank - 1], fn);
    const isCausal = checkCausal(options.isCausal, fn);
    const scoresShape = [...q.shape.slice(0, -2), nQ, nK];

    // Which keys each query may see: a boolean mask and/or causal, and an additive float mask.
    let visible: Tensor | undefined;
    let additive: Tensor | undefined;
    if (options.mask !== undefined) {
      ({ visible, additive } = toMask(options.mask, `${fn} mask`));
      checkBroadcast((visible ?? (additive as Tensor)).shape, scoresShape, fn);
    }
    if (isCausal) visible = visible ? tf.logicalAnd(visible, causalMask(nQ, nK)) : causalMask(nQ, nK); // (..., nQ, nK)

    // The masks as one additive bias of the mask's own shape (broadcast by the add, never tiled
    // to the scores' shape): 0 where a query attends, -Infinity where it does not, plus any float mask.
    let bias: Tensor | undefined = additive;
    if (visible) bias = bias ? tf.add(bias, maskBias(visible)) : maskBias(visible); // (mask shape)
    // A row whose keys are all masked has no softmax (0 / 0); such rows are looked for on the
    // bias, which is small, rather than on the scores. Causal alone (top-left) never makes one.
    const someRowAllMasked = bias !== undefined && !tf.all(tf.isFinite(tf.max(bias, -1))).dataSync()[0];

    // Scaling the query (nQ * d numbers) gives the same scores as scaling Q K^T (nQ * nK).
    // Each (..., nQ, nK) step below frees the one before it, so at most two such arrays are
    // alive at once (the one being read and the one being written).
    let scores = tf.matMul(tf.mul(q, scale), k, false, true); // (..., nQ, nK)
    if (bias) scores = replace(scores, tf.add(scores, bias)); // (..., nQ, nK) -Infinity where masked

    let weights: Tensor;
    if (!someRowAllMasked) {
      // Every row keeps at least one key: a one-op softmax (oneDNN's where available: fastSoftmax.ts).
      weights = replace(scores, softmaxLastAxis(scores)); // (..., nQ, nK)
    } else {
      // Stable softmax over the keys, written out because some row is all -Infinity.
      let rowMax = tf.max(scores, -1, true); // (..., nQ, 1)
      // A row with every key masked has max -Infinity; use 0 so exp gives zeros, not NaN.
      rowMax = tf.where(tf.isFinite(rowMax), rowMax, tf.zerosLike(rowMax)); // (..., nQ, 1)
      const shifted = replace(scores, tf.sub(scores, rowMax)); // (..., nQ, nK)
      const e = replace(shifted, tf.exp(shifted)); // (..., nQ, nK)
      weights = replace(e, tf.divNoNan(e, tf.sum(e, -1, true))); // (..., nQ, nK); 0 / 0 -> 0 for such a row
    }

    const output = tf.matMul(weights, v); // (..., nQ, dv)
    return { output, weights };
  });
}
