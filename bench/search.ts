// Case 4 on tfjs-node: cosine top-k of each query among N stored embeddings, two ways.
// - `search`: the project's own topK (src/maths/search.ts, issue 3) exactly as a notebook calls it:
//   queries and corpus checked and L2-normalised on every call, one matrix product, tf.topk.
// - `searchIndexed`: the corpus normalised once when the index is built (not timed), as a vector
//   index keeps it; a query batch is then normalise (B, d) -> Q^ E^T (B, N) -> tf.topk -> JS arrays.
// Both return, per query, the k row numbers best first.
import type { Tensor, Tensor2D } from '@tensorflow/tfjs-node';
import { tf } from '../src/core/backend';
import { topK } from '../src/maths/search';

/** Rows divided by their L2 norm (zero rows stay zero). */
function normalizeRows(x: Tensor): Tensor2D {
  return tf.tidy(() => {
    const n = tf.norm(x, 'euclidean', 1, true); // (rows, 1)
    return tf.div(x, tf.maximum(n, 1e-30)) as Tensor2D; // (rows, d)
  });
}

function rows(values: ArrayLike<number>, b: number, k: number): number[][] {
  return Array.from({ length: b }, (_, i) => Array.from(values).slice(i * k, (i + 1) * k));
}

export interface SearchIndex {
  unit: Tensor2D;
}

export function buildIndex(embeddings: Tensor): SearchIndex {
  return { unit: normalizeRows(embeddings) };
}

/** (B, k) indices of the most similar rows of the prebuilt index, best first. */
export function searchIndexed(index: SearchIndex, queries: Tensor, k: number): { indices: number[][] } {
  const { values, indices } = tf.tidy(() => {
    const q = normalizeRows(queries); // (B, d)
    const scores = tf.matMul(q, index.unit, false, true); // (B, N)
    return tf.topk(scores, k, true); // (B, k) each
  });
  const result = { indices: rows(indices.dataSync(), queries.shape[0], k) };
  tf.dispose([values, indices]);
  return result;
}

/** (B, k) indices through src/maths/search.ts topK (normalises the corpus on every call). */
export function search(corpus: Tensor, queries: Tensor, k: number): { indices: number[][] } {
  return { indices: topK(queries as Tensor2D, corpus as Tensor2D, k).map((r) => r.map((n) => n.index)) };
}
