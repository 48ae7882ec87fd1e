// Document 004's simplified attention, softmax(X X^T) X: the same steps as
// scaled dot-product attention with Q = K = V = X, no learned projections and no scale.
//   scores  = X X^T          inner product of every vector with every other (N, N)
//   weights = softmax(rows)  each row turned into a probability distribution
//   output  = weights X      each vector replaced by a weighted sum of all vectors
import type { Tensor } from '@tensorflow/tfjs-node';
import { tf } from '../core/backend';
import { InputError, toTensor } from '../core/validate';
import { softmax } from '../maths/softmax';
import { TensorLike } from './scaledDotProduct';

export type SimpleAttentionResult = {
  /** (..., N, N) X X^T */
  scores: Tensor;
  /** (..., N, N) softmax of each row of scores */
  weights: Tensor;
  /** (..., N, d) weights X */
  output: Tensor;
};

/** softmax(X X^T) X for X of shape (N, d), or (..., N, d) with batch dims. */
export function simpleAttention(X: TensorLike): SimpleAttentionResult {
  return tf.tidy(() => {
    const x = toTensor(X, 'simpleAttention X');
    if (x.rank < 2)
      throw new InputError(`simpleAttention X: expected rank >= 2 (..., N, d), got shape [${x.shape.join(', ')}]`);
    const scores = tf.matMul(x, x, false, true); // (..., N, N)
    const weights = softmax(scores); // (..., N, N)
    const output = tf.matMul(weights, x); // (..., N, d)
    return { scores, weights, output };
  });
}
