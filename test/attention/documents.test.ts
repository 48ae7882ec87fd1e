// Attention against the numbers of documents 003 and 004 as their own code computes them
// (test/golden/003.json, 004.json): what notebooks 03 and 04 show beside the documents.
// (Document 004's one-hot distances and the two scientists: test/maths/similarity.test.ts.)
import { describe, test } from 'node:test';
import { projectQKV, scaledDotProductAttention, selfAttention, simpleAttention } from '../../src/attention/index';
import { tf } from '../../src/core/backend';
import { referenceValues } from '../../src/datasets/reference';
import { assertAllClose } from '../helpers/tensors';

const g3 = referenceValues('003').scaled_dot_product_attention;
const ext3 = referenceValues('003').extension;
const g4 = referenceValues('004');

describe('document 003 §4.2-4.6: scaled dot-product attention on the seeded 10 x 16 example (numpy float64)', () => {
  test('Q, K, V, Q K^T and the division by sqrt(16) = 4', () => {
    tf.tidy(() => {
      const { query, key, value } = projectQKV(g3.X, g3.W_Q, g3.W_K, g3.W_V);
      assertAllClose(query, g3.Q, 1e-5, 'Q');
      assertAllClose(key, g3.K, 1e-5, 'K');
      assertAllClose(value, g3.V, 1e-5, 'V');
      const dot = tf.matMul(query, key, false, true);
      assertAllClose(dot, g3.dot_product, 2e-4, 'Q K^T'); // entries near 300: float32 keeps ~7 digits
      assertAllClose(tf.div(dot, Math.sqrt(g3.d_k)), g3.scaled_dot_product, 5e-5, 'scaled');
    });
  });
  test("the document's function: attention weights and output", () => {
    const r = selfAttention(g3.X, g3.W_Q, g3.W_K, g3.W_V);
    assertAllClose(r.weights, g3.attention_weights, 1e-5, 'weights');
    assertAllClose(r.output, g3.output, 1e-5, 'output');
    tf.dispose(r);
  });
  test('without the scale (scale 1) the weights peak as numpy says (extension)', () => {
    tf.tidy(() => {
      const { query, key, value } = projectQKV(g3.X, g3.W_Q, g3.W_K, g3.W_V);
      const r = scaledDotProductAttention(query, key, value, { scale: 1 });
      assertAllClose(tf.max(r.weights, 1), ext3.unscaled_max_weight_per_row, 1e-5, 'unscaled max per row');
    });
  });
  test("the step-by-step code's softmax with no axis normalises the whole 10 x 10 matrix", () => {
    tf.tidy(() => {
      const s = tf.div(tf.matMul(tf.matMul(g3.X, g3.W_Q), tf.matMul(g3.X, g3.W_K), false, true), 4);
      const e = tf.exp(tf.sub(s, tf.max(s))); // the same as exp(s) / sum(exp(s)), without overflow
      const w = tf.div(e, tf.sum(e));
      assertAllClose(w, g3.stepwise_with_first_softmax.attention_weights, 1e-5, 'whole-matrix softmax');
      assertAllClose(tf.matMul(w, tf.matMul(g3.X, g3.W_V)), g3.stepwise_with_first_softmax.output, 1e-5, 'its output');
    });
  });
});

describe('document 004: softmax(X X^T) X on 早上好', () => {
  test('scores, weights and output against torch float64', () => {
    const r = simpleAttention(g4.attention.X);
    assertAllClose(r.scores, g4.attention.scores, 1e-6, 'scores');
    assertAllClose(r.weights, g4.attention.weights, 1e-6, 'weights');
    assertAllClose(r.output, g4.attention.output, 1e-6, 'output');
    tf.dispose(r);
  });
});
