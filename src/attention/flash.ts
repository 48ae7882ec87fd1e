// FlashAttention forward pass (Dao et al. 2022, "FlashAttention: Fast and Memory-Efficient
// Exact Attention with IO-Awareness", Algorithm 1), on tfjs tensors.
// The (nQ, nK) score matrix is never built. Queries are cut into blocks of Br rows, keys and
// values into blocks of Bc rows, and each (Br, Bc) tile is folded into the output with an
// online softmax. Per query row we keep
//   m  the largest score seen so far,
//   l  the sum of exp(score - m) over the keys seen so far,
//   O  the output so far, already divided by l.
// When a new block raises the max, what was accumulated is rescaled by exp(m_old - m_new),
// so the end result is softmax(Q K^T * scale) V, equal to the plain version up to float32
// rounding. Memory is O(N d) plus one tile, instead of O(N^2).
// Loop order as Algorithm 1: key/value blocks outside, query blocks inside. Every tile works
// on all batch/head dims at once (one batched matMul per tile).
import type { Tensor } from '@tensorflow/tfjs-node';
import { tf } from '../backend';
import { InputError, checkInteger } from '../validate';
import { TensorLike, attentionScale, checkCausal, toQueryKeyValue } from './scaledDotProduct';

/**
 * Default Br and Bc. Each tile costs about 20 tfjs ops (~17 us each on tfjs-node) besides
 * its two matMuls, so small tiles are slow here: measured for 8 heads of width 64 at N = 4096,
 * blocks of 64 / 128 / 256 / 512 took 7.6 / 2.4 / 1.2 / 1.1 s against 1.5 s for the plain version.
 */
export const DEFAULT_BLOCK_SIZE = 256;

export interface FlashAttentionOptions {
  /** Br: query rows per block. Default 256. Need not divide nQ. */
  blockSizeQ?: number;
  /** Bc: key/value rows per block. Default 256. Need not divide nK. */
  blockSizeK?: number;
  /** Factor on Q K^T. Default 1 / sqrt(d). */
  scale?: number;
  /** Query i sees keys j <= i (top-left, as torch's is_causal); tiles entirely above the diagonal are skipped. */
  isCausal?: boolean;
}

/** One tile as the loop sees it; tensors are absent when a causal tile is skipped. */
interface Tile {
  queryBlock: number;
  keyBlock: number;
  queries: [number, number];
  keys: [number, number];
  state?: {
    blockMax: Tensor;
    blockSum: Tensor;
    runningMaxBefore: Tensor;
    runningSumBefore: Tensor;
    runningMax: Tensor;
    runningSum: Tensor;
    rescaleOld: Tensor;
    rescaleBlock: Tensor;
    output: Tensor;
  };
}

/** Block lengths covering n rows: b, b, ..., and the remainder. */
function blockSizes(n: number, b: number): number[] {
  return Array.from({ length: Math.ceil(n / b) }, (_, t) => Math.min(b, n - t * b));
}

/** (Br, Bc) bool: query i0 + r sees key j0 + c when j0 + c <= i0 + r. */
function tileCausalMask(i0: number, i1: number, j0: number, j1: number): Tensor {
  const i = tf.reshape(tf.range(i0, i1, 1, 'int32'), [i1 - i0, 1]); // (Br, 1)
  const j = tf.reshape(tf.range(j0, j1, 1, 'int32'), [1, j1 - j0]); // (1, Bc)
  return tf.lessEqual(j, i); // (Br, Bc)
}

/** -Infinity (a row with nothing visible yet) replaced by 0, so that exp() gives 0 rather than NaN. */
function finiteOrZero(t: Tensor): Tensor {
  return tf.where(tf.isFinite(t), t, tf.zerosLike(t));
}

/** The tiled forward pass on checked tensors; call inside tf.tidy. */
function flashForward(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  Br: number,
  Bc: number,
  scale: number,
  isCausal: boolean,
  onTile?: (tile: Tile) => void,
): Tensor {
  const lead = q.shape.slice(0, -2);
  const nQ = q.shape[q.rank - 2];
  const nK = k.shape[k.rank - 2];
  const dv = v.shape[v.rank - 1];
  const qSizes = blockSizes(nQ, Br);
  const kSizes = blockSizes(nK, Bc);

  // Lines 3-4: split into blocks. The scale goes on Q once, not on every tile.
  const Qb = tf.split(tf.mul(q, scale), qSizes, -2); // Tr x (..., Br, d)
  const Kb = tf.split(k, kSizes, -2); // Tc x (..., Bc, d)
  const Vb = tf.split(v, kSizes, -2); // Tc x (..., Bc, dv)
  // Line 2: O = 0, l = 0, m = -Infinity, held per query block.
  const O = qSizes.map((br) => tf.zeros([...lead, br, dv])); // Tr x (..., Br, dv)
  const l = qSizes.map((br) => tf.zeros([...lead, br, 1])); // Tr x (..., Br, 1)
  const m = qSizes.map((br) => tf.fill([...lead, br, 1], -Infinity)); // Tr x (..., Br, 1)

  for (let j = 0; j < Kb.length; j++) {
    // Line 5: one key/value block at a time.
    const j0 = j * Bc;
    const j1 = j0 + kSizes[j];
    for (let i = 0; i < Qb.length; i++) {
      // Line 7: every query block meets this key block.
      const i0 = i * Br;
      const i1 = i0 + qSizes[i];
      const at = { queryBlock: i, keyBlock: j, queries: [i0, i1] as [number, number], keys: [j0, j1] as [number, number] };
      // Causal: when the first key comes after the last query, the whole tile is masked.
      if (isCausal && j0 > i1 - 1) {
        if (onTile) onTile(at);
        continue;
      }
      const crossesDiagonal = isCausal && j1 - 1 > i0; // some of its keys come after some of its queries

      const next = tf.tidy(() => {
        let S = tf.matMul(Qb[i], Kb[j], false, true); // (..., Br, Bc) line 9: S_ij = Q_i K_j^T
        if (crossesDiagonal) S = tf.where(tileCausalMask(i0, i1, j0, j1), S, tf.scalar(-Infinity)); // (..., Br, Bc)
        // Line 10: the tile's own softmax pieces.
        const blockMax = tf.max(S, -1, true); // (..., Br, 1) m~_ij = rowmax(S_ij)
        const shift = crossesDiagonal ? finiteOrZero(blockMax) : blockMax; // (..., Br, 1)
        const P = tf.exp(tf.sub(S, shift)); // (..., Br, Bc) P~_ij = exp(S_ij - m~_ij)
        const blockSum = tf.sum(P, -1, true); // (..., Br, 1) l~_ij = rowsum(P~_ij)
        // Line 11: merge with the running max and sum.
        const runningMax = tf.maximum(m[i], blockMax); // (..., Br, 1) m_new = max(m_i, m~_ij)
        const reference = crossesDiagonal ? finiteOrZero(runningMax) : runningMax; // (..., Br, 1)
        const rescaleOld = tf.exp(tf.sub(m[i], reference)); // (..., Br, 1) e^(m_i - m_new)
        const rescaleBlock = tf.exp(tf.sub(blockMax, reference)); // (..., Br, 1) e^(m~_ij - m_new)
        const runningSum = tf.add(tf.mul(rescaleOld, l[i]), tf.mul(rescaleBlock, blockSum)); // (..., Br, 1) l_new
        // Line 12: O_i = (l_i e^(m_i - m_new) O_i + e^(m~_ij - m_new) P~_ij V_j) / l_new
        const kept = tf.mul(tf.mul(l[i], rescaleOld), O[i]); // (..., Br, dv) old output, un-normalised, rescaled
        const added = tf.mul(rescaleBlock, tf.matMul(P, Vb[j])); // (..., Br, dv)
        const output = tf.divNoNan(tf.add(kept, added), runningSum); // (..., Br, dv); 0 while nothing is visible
        if (onTile) {
          const state = { blockMax, blockSum, runningMaxBefore: m[i], runningSumBefore: l[i], runningMax, runningSum, rescaleOld, rescaleBlock, output };
          onTile({ ...at, state });
        }
        return { output, runningSum, runningMax };
      });
      // Line 13: write back; the previous block state is no longer needed.
      tf.dispose([O[i], l[i], m[i]]);
      O[i] = next.output;
      l[i] = next.runningSum;
      m[i] = next.runningMax;
    }
  }
  return tf.concat(O, -2); // (..., nQ, dv)
}

function readOptions(options: FlashAttentionOptions, d: number, fn: string) {
  if (options === null || typeof options !== 'object') throw new InputError(`${fn} options: expected an object, got ${String(options)}`);
  return {
    Br: checkInteger(options.blockSizeQ ?? DEFAULT_BLOCK_SIZE, `${fn} blockSizeQ`),
    Bc: checkInteger(options.blockSizeK ?? DEFAULT_BLOCK_SIZE, `${fn} blockSizeK`),
    scale: attentionScale(options.scale, d, fn),
    isCausal: checkCausal(options.isCausal, fn),
  };
}

/**
 * softmax(Q K^T * scale) V computed tile by tile, never holding the (nQ, nK) matrix.
 * query (..., nQ, d), key (..., nK, d), value (..., nK, dv) -> output (..., nQ, dv).
 * Only the output: the attention weights are never formed.
 */
export function flashAttention(query: TensorLike, key: TensorLike, value: TensorLike, options: FlashAttentionOptions = {}): Tensor {
  const fn = 'flashAttention';
  return tf.tidy(() => {
    const [q, k, v] = toQueryKeyValue(query, key, value, fn);
    const { Br, Bc, scale, isCausal } = readOptions(options, q.shape[q.rank - 1], fn);
    return flashForward(q, k, v, Br, Bc, scale, isCausal);
  });
}

/** One processed tile of the trace; per-row values are for the tile's query rows in order. */
export interface FlashTraceStep {
  queryBlock: number;
  keyBlock: number;
  /** Query rows [start, end) of this tile. */
  queries: [number, number];
  /** Key rows [start, end) of this tile. */
  keys: [number, number];
  /** m~: the largest score of each row within this tile. */
  blockMax: number[];
  /** l~: sum of exp(score - blockMax) within this tile. */
  blockSum: number[];
  /** m before and after this tile. */
  runningMaxBefore: number[];
  runningMax: number[];
  /** l before and after this tile. */
  runningSumBefore: number[];
  runningSum: number[];
  /** e^(m_before - m_after): how much the output so far is scaled down. */
  rescaleOld: number[];
  /** e^(blockMax - m_after): the weight of this tile's exponentials. */
  rescaleBlock: number[];
  /** The tile's query rows of O after this step (already divided by l). */
  output: number[][];
}

export interface FlashTrace {
  blockSizeQ: number;
  blockSizeK: number;
  scale: number;
  isCausal: boolean;
  /** Processed tiles in the order Algorithm 1 visits them. */
  steps: FlashTraceStep[];
  /** Causal tiles skipped because every key in them comes after every query. */
  skipped: Array<{ queryBlock: number; keyBlock: number; queries: [number, number]; keys: [number, number] }>;
  /** The final output (nQ, dv), the same numbers flashAttention returns. */
  output: number[][];
}

/**
 * flashAttention on a small single-head example (rank-2 query, key, value, at most 64 x 64
 * scores), recording the online-softmax state after every tile, for printing step by step.
 */
export function flashAttentionTrace(
  query: TensorLike,
  key: TensorLike,
  value: TensorLike,
  options: FlashAttentionOptions = {},
): FlashTrace {
  const fn = 'flashAttentionTrace';
  let trace: FlashTrace | undefined;
  // The trace holds plain numbers only; tidy frees every tensor made on the way.
  tf.tidy(() => {
    const [q, k, v] = toQueryKeyValue(query, key, value, fn);
    if (q.rank !== 2) throw new InputError(`${fn}: traces a single head, expected rank-2 query (N, d), got shape [${q.shape.join(', ')}]`);
    if (q.shape[0] > 64 || k.shape[0] > 64)
      throw new InputError(`${fn}: for small examples only (at most 64 queries and 64 keys), got ${q.shape[0]} and ${k.shape[0]}`);
    const { Br, Bc, scale, isCausal } = readOptions(options, q.shape[q.rank - 1], fn);
    const steps: FlashTraceStep[] = [];
    const skipped: FlashTrace['skipped'] = [];
    const column = (t: Tensor) => Array.from(t.dataSync());
    const output = flashForward(q, k, v, Br, Bc, scale, isCausal, (tile) => {
      const { state, ...where } = tile;
      if (!state) {
        skipped.push(where);
        return;
      }
      steps.push({
        ...where,
        blockMax: column(state.blockMax),
        blockSum: column(state.blockSum),
        runningMaxBefore: column(state.runningMaxBefore),
        runningMax: column(state.runningMax),
        runningSumBefore: column(state.runningSumBefore),
        runningSum: column(state.runningSum),
        rescaleOld: column(state.rescaleOld),
        rescaleBlock: column(state.rescaleBlock),
        output: state.output.arraySync() as number[][],
      });
    });
    trace = { blockSizeQ: Br, blockSizeK: Bc, scale, isCausal, steps, skipped, output: output.arraySync() as number[][] };
  });
  return trace as FlashTrace;
}
