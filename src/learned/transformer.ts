// A Transformer block made of this library's own multi-head attention (src/attention), in
// the pre-norm arrangement of GPT-2 and of torch's nn.TransformerEncoderLayer(norm_first=True):
//   a   = X + MultiHeadAttention(LayerNorm₁(X))
//   out = a + W₂ relu(LayerNorm₂(a) W₁ + b₁) + b₂
// Attention has no biases here (torch: nn.MultiheadAttention(bias=False)); the MLP and the
// norms have theirs. test/golden/gen_transformer_torch.py checks it against torch.
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs-node';
import { tf } from '../core/backend';
import { InputError, checkInteger, toTensor } from '../core/validate';
import type { AttentionOptions, TensorLike } from '../attention/scaledDotProduct';
import { MultiHeadWeights, matMulRows, multiHeadAttention } from '../attention/projections';

/** torch.nn.LayerNorm's default epsilon. */
export const LAYER_NORM_EPS = 1e-5;

export interface TransformerBlockWeights extends MultiHeadWeights {
  /** LayerNorm before attention: scale and shift, (d_model) each. */
  ln1Gamma: Tensor | number[];
  ln1Beta: Tensor | number[];
  /** LayerNorm before the MLP. */
  ln2Gamma: Tensor | number[];
  ln2Beta: Tensor | number[];
  /** MLP: (d_model, d_ff), (d_ff), (d_ff, d_model), (d_model); weights multiply from the right. */
  W1: Tensor | number[][];
  b1: Tensor | number[];
  W2: Tensor | number[][];
  b2: Tensor | number[];
}

/** LayerNorm over the last axis, as torch's (biased variance, eps inside the square root). */
export function layerNorm(X: TensorLike, gamma: Tensor | number[], beta: Tensor | number[]): Tensor {
  return tf.tidy(() => {
    const x = toTensor(X, 'layerNorm X');
    const d = x.shape[x.rank - 1];
    const g = toTensor(gamma, 'layerNorm gamma') as Tensor1D;
    const b = toTensor(beta, 'layerNorm beta') as Tensor1D;
    if (g.rank !== 1 || g.shape[0] !== d || b.rank !== 1 || b.shape[0] !== d)
      throw new InputError(
        `layerNorm: gamma and beta must have shape [${d}] (the width of X), got [${g.shape}] and [${b.shape}]`,
      );
    const { mean, variance } = tf.moments(x, -1, true);
    return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, LAYER_NORM_EPS))), g), b);
  });
}

/** One pre-norm Transformer block; returns the output (..., N, d_model) and the attention weights (..., h, N, N). */
export function transformerBlock(
  X: TensorLike,
  weights: TransformerBlockWeights,
  options: AttentionOptions = {},
): { output: Tensor; weights: Tensor } {
  return tf.tidy(() => {
    if (weights === null || typeof weights !== 'object')
      throw new InputError(
        'transformerBlock: expected the block weights {W_Q, W_K, W_V, W_O, numHeads, ln1Gamma, ...}',
      );
    const x = toTensor(X, 'transformerBlock X');
    const attended = multiHeadAttention(layerNorm(x, weights.ln1Gamma, weights.ln1Beta), weights, options);
    const a = tf.add(x, attended.output); // residual around attention
    const W1 = toTensor(weights.W1, 'transformerBlock W1') as Tensor2D;
    const W2 = toTensor(weights.W2, 'transformerBlock W2') as Tensor2D;
    if (W1.rank !== 2 || W2.rank !== 2 || W1.shape[0] !== a.shape[a.rank - 1] || W2.shape[0] !== W1.shape[1])
      throw new InputError(
        `transformerBlock: W1 must be (d_model, d_ff) and W2 (d_ff, d_model), got [${W1.shape}] and [${W2.shape}]`,
      );
    const hidden = tf.relu(tf.add(matMulRows(layerNorm(a, weights.ln2Gamma, weights.ln2Beta), W1), weights.b1));
    const output = tf.add(a, tf.add(matMulRows(hidden, W2), weights.b2)); // residual around the MLP
    return { output, weights: attended.weights };
  });
}

/** Vaswani et al.'s sinusoidal positions (N, d): sin at even features, cos at odd ones. */
export function sinusoidalPositions(n: number, d: number): Tensor2D {
  checkInteger(n, 'sinusoidalPositions n');
  checkInteger(d, 'sinusoidalPositions d');
  const rows = Array.from({ length: n }, (_, pos) =>
    Array.from({ length: d }, (_, i) => {
      const angle = pos / Math.pow(10000, (2 * Math.floor(i / 2)) / d);
      return i % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }),
  );
  return tf.tensor2d(rows, [n, d]);
}
