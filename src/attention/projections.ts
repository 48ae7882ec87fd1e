// Query, key and value are three learned linear views of the same input X
// (document 003, step 2: Q = X W_Q, K = X W_K, V = X W_V), then attention over them.
// Weights multiply from the right, X W, as in the document's numpy (torch's nn.Linear
// stores the transpose). X is (N, d_model) or has leading batch dims (..., N, d_model).
import type { Tensor, Tensor2D } from '@tensorflow/tfjs-node';
import { tf } from '../core/backend';
import { InputError, Matrix, checkInteger, toMatrix, toTensor } from '../core/validate';
import { AttentionOptions, AttentionResult, TensorLike, scaledDotProductAttention } from './scaledDotProduct';

/** A weight matrix: number[][] or a rank-2 tensor (the rank is checked when called). */
export type WeightLike = Matrix | Tensor;

export type QueryKeyValue = {
  /** (..., N, d_k) */
  query: Tensor;
  /** (..., N, d_k) */
  key: Tensor;
  /** (..., N, d_v) */
  value: Tensor;
};

export interface MultiHeadWeights {
  /** (d_model, h * d_k) */
  W_Q: WeightLike;
  /** (d_model, h * d_k) */
  W_K: WeightLike;
  /** (d_model, h * d_v) */
  W_V: WeightLike;
  /** (h * d_v, d_out) */
  W_O: WeightLike;
  /** h: the projected widths are split into this many heads of equal width. */
  numHeads: number;
}

const shape = (t: Tensor): string => `[${t.shape.join(', ')}]`;

function toInput(X: unknown, fn: string): Tensor {
  const x = toTensor(X, `${fn} X`);
  if (x.rank < 2) throw new InputError(`${fn} X: expected rank >= 2 (..., N, d_model), got shape ${shape(x)}`);
  return x;
}

/** X W for one weight matrix whose rows must match X's width. */
function project(x: Tensor, W: unknown, name: string, fn: string): Tensor {
  const w = toMatrix(W, `${fn} ${name}`); // (d_model, width)
  const dModel = x.shape[x.rank - 1];
  if (w.shape[0] !== dModel)
    throw new InputError(
      `${fn} ${name}: has ${w.shape[0]} rows but X has width ${dModel} (X ${shape(x)}, ${name} ${shape(w)})`,
    );
  return matMulRows(x, w); // (..., N, width)
}

/**
 * x W for x (..., N, d) and W (d, width), as one 2-D product: tfjs's gradient of a
 * batch-broadcast matMul gives W a gradient with the batch dims still in it (it does not sum
 * over them), which breaks training through these functions.
 */
export function matMulRows(x: Tensor, w: Tensor2D): Tensor {
  const rows = tf.reshape(x, [-1, x.shape[x.rank - 1]]); // (... N, d)
  return tf.reshape(tf.matMul(rows as Tensor2D, w), [...x.shape.slice(0, -1), w.shape[1]]); // (..., N, width)
}

function projectAll(X: unknown, W_Q: unknown, W_K: unknown, W_V: unknown, fn: string): QueryKeyValue {
  const x = toInput(X, fn); // (..., N, d_model)
  const query = project(x, W_Q, 'W_Q', fn); // (..., N, d_k)
  const key = project(x, W_K, 'W_K', fn); // (..., N, d_k)
  const value = project(x, W_V, 'W_V', fn); // (..., N, d_v)
  const dq = query.shape[query.rank - 1];
  const dk = key.shape[key.rank - 1];
  if (dq !== dk)
    throw new InputError(
      `${fn}: W_Q and W_K must have the same width (queries meet keys in a dot product), got ${dq} and ${dk}`,
    );
  return { query, key, value };
}

/** Q = X W_Q, K = X W_K, V = X W_V. */
export function projectQKV(X: TensorLike, W_Q: WeightLike, W_K: WeightLike, W_V: WeightLike): QueryKeyValue {
  return tf.tidy(() => projectAll(X, W_Q, W_K, W_V, 'projectQKV'));
}

/** Self-attention: queries, keys and values all come from the same X (document 003's function). */
export function selfAttention(
  X: TensorLike,
  W_Q: WeightLike,
  W_K: WeightLike,
  W_V: WeightLike,
  options: AttentionOptions = {},
): AttentionResult {
  return tf.tidy(() => {
    const { query, key, value } = projectAll(X, W_Q, W_K, W_V, 'selfAttention');
    return scaledDotProductAttention(query, key, value, options); // output (..., N, d_v), weights (..., N, N)
  });
}

/** (..., N, h * d) -> (..., h, N, d): each head gets its own slice of the features. */
function splitHeads(t: Tensor, h: number): Tensor {
  const lead = t.shape.slice(0, -2);
  const [n, width] = t.shape.slice(-2);
  const r = lead.length;
  const heads = tf.reshape(t, [...lead, n, h, width / h]); // (..., N, h, d)
  return tf.transpose(heads, [...lead.map((_, a) => a), r + 1, r, r + 2]); // (..., h, N, d)
}

/** (..., h, N, d) -> (..., N, h * d): the heads side by side again. */
function mergeHeads(t: Tensor): Tensor {
  const lead = t.shape.slice(0, -3);
  const [h, n, d] = t.shape.slice(-3);
  const r = lead.length;
  const swapped = tf.transpose(t, [...lead.map((_, a) => a), r + 1, r, r + 2]); // (..., N, h, d)
  return tf.reshape(swapped, [...lead, n, h * d]); // (..., N, h * d)
}

/**
 * Multi-head self-attention: project, split into h heads, attend in every head at once,
 * concatenate the heads and project with W_O. Each head uses scale 1 / sqrt(d_k / h)
 * unless `scale` is given; a mask broadcasts against (..., h, N, N), so a per-item mask of a
 * batch needs shape (B, 1, N, N). Returns the output (..., N, d_out) and the per-head weights (..., h, N, N).
 */
export function multiHeadAttention(
  X: TensorLike,
  weights: MultiHeadWeights,
  options: AttentionOptions = {},
): AttentionResult {
  const fn = 'multiHeadAttention';
  return tf.tidy(() => {
    if (weights === null || typeof weights !== 'object')
      throw new InputError(`${fn}: expected weights {W_Q, W_K, W_V, W_O, numHeads}, got ${String(weights)}`);
    const h = checkInteger(weights.numHeads, `${fn} numHeads`);
    const { query, key, value } = projectAll(X, weights.W_Q, weights.W_K, weights.W_V, fn); // (..., N, h * d)
    for (const [t, name] of [
      [query, 'W_Q'],
      [value, 'W_V'],
    ] as const) {
      const width = t.shape[t.rank - 1];
      if (width % h !== 0)
        throw new InputError(`${fn} ${name}: width ${width} does not split into ${h} heads of equal width`);
    }
    const W_O = toMatrix(weights.W_O, `${fn} W_O`); // (h * d_v, d_out)
    const dv = value.shape[value.rank - 1];
    if (W_O.shape[0] !== dv)
      throw new InputError(
        `${fn} W_O: has ${W_O.shape[0]} rows but the concatenated heads have width ${dv} (the width of W_V)`,
      );

    const q = splitHeads(query, h); // (..., h, N, d_k)
    const k = splitHeads(key, h); // (..., h, N, d_k)
    const v = splitHeads(value, h); // (..., h, N, d_v)
    const attended = scaledDotProductAttention(q, k, v, options); // output (..., h, N, d_v), weights (..., h, N, N)
    const heads = mergeHeads(attended.output); // (..., N, h * d_v)
    const output = matMulRows(heads, W_O); // (..., N, d_out)
    return { output, weights: attended.weights };
  });
}
