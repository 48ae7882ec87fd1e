// FlashAttention forward pass on tfjs tensors: softmax(Q K^T * scale) V without ever building
// the (nQ, nK) score matrix. Queries are cut into blocks of Br rows, keys and values into
// blocks of Bc rows, and each (Br, Bc) tile is folded into the output with an online softmax.
// Per query row we keep
//   m  the largest score seen so far,
//   l  the sum of exp(score - m) over the keys seen so far,
//   O  the output so far.
// When a new block raises the max, what was accumulated is rescaled by exp(m_old - m_new),
// so the end result equals the plain version up to float32 rounding. Memory is O(N d) plus
// one tile, instead of O(N^2).
//
// Two loop orders, two functions:
// - flashAttention runs FlashAttention-2's order (Dao 2023, Algorithm 1): query blocks outside,
//   key blocks inside, O kept un-normalised and divided by l once per query block. Its blocks
//   are sized for tfjs-node (flashBlockSizes): a key block holds every key while the tile fits
//   a budget, and then the online softmax has a single step, an ordinary softmax of the
//   (Br, nK) tile, one op (oneDNN's softmax where available: fastSoftmax.ts). Causal: keys
//   after a query block's last query are never visited; with a sliding window, neither are
//   keys older than the window.
// - flashAttentionTrace follows FlashAttention's own Algorithm 1 (Dao et al. 2022) line by line:
//   key/value blocks outside, query blocks inside, O normalised after every tile, and records
//   m, l and the rescale factors after every tile so a notebook can print them.
// Every tile works on all batch/head dims at once (one batched matMul per tile).
// flashAttention's default is the same loop fused in C++ (fusedKernel.ts) when it is built.
import type { Tensor } from '@tensorflow/tfjs-node';
import { tf } from '../core/backend';
import { InputError, checkInteger } from '../core/validate';
import { softmaxLastAxis } from './fastSoftmax';
import { attentionKernel, fusedAttention } from './fusedKernel';
import { MaskLike, maskBias, toMask } from './masks';
import {
  TensorLike,
  attentionScale,
  checkBroadcast,
  checkCausal,
  scaledDotProductAttention,
  toQueryKeyValue,
} from './scaledDotProduct';

/** flashAttentionTrace's default Br and Bc: 256, one block for any example small enough to trace. */
export const DEFAULT_BLOCK_SIZE = 256;

/**
 * flashAttention's tile budget: the most scores (float32, over all batch/head dims) one tile
 * may hold, 2^25 = 128 MiB. Its default blocks are sized from it (flashBlockSizes), so memory
 * is O(N d) plus this budget however long N is.
 */
export const DEFAULT_TILE_ELEMENTS = 2 ** 25;

/**
 * The most bytes flashAttention's default blocks let the plain computation (one tile of all
 * queries and keys) hold: two float32 (heads, nQ, nK) arrays, 64 x N^2 bytes for 8 heads, so
 * 1 GiB is N = 4096 with 8 heads.
 */
export const PLAIN_BUDGET_BYTES = 2 ** 30;

/**
 * flashAttention's default (Br, Bc) for `heads` batch/head dims, nQ queries and nK keys.
 * Every tfjs op costs some microseconds of dispatch, and a tile whose key block holds every key
 * a query block sees needs no online softmax (one softmax op instead of about ten ops), so:
 * Bc = every key, and Br = as many query rows as then fit in the tile budget, between 64 and
 * 1024 (512 when causal, where a large block wastes more of its diagonal tile). Only past
 * 65,536 keys for 8 heads does Br stop at 64 and Bc shrink to fit: the online softmax.
 * Measured on the 2-core machine of `npm run bench` (README, issue 4).
 */
export function flashBlockSizes(
  heads: number,
  nQ: number,
  nK: number,
  options: { isCausal?: boolean; window?: number } = {},
): { blockSizeQ: number; blockSizeK: number } {
  checkInteger(heads, 'flashBlockSizes heads');
  checkInteger(nQ, 'flashBlockSizes nQ');
  checkInteger(nK, 'flashBlockSizes nK');
  if (options.window !== undefined) checkInteger(options.window, 'flashBlockSizes window');
  const causal = options.isCausal === true || options.window !== undefined;
  // Without masks one tile of every query and key (the plain computation) measured faster than
  // tiles up to N = 4096 with 8 heads (269.7 against 344.9 ms, issue 15), which is where its
  // two (heads, nQ, nK) float32 arrays reach PLAIN_BUDGET_BYTES. Causal tiles win (they skip
  // the keys above the diagonal).
  if (!causal && 2 * 4 * heads * nQ * nK <= PLAIN_BUDGET_BYTES) return { blockSizeQ: nQ, blockSizeK: nK };
  const span = options.window === undefined ? nK : Math.min(nK, options.window); // keys one query sees
  const fit = Math.floor(DEFAULT_TILE_ELEMENTS / (heads * span));
  const blockSizeQ = Math.max(1, Math.min(nQ, Math.max(64, Math.min(causal ? 512 : 1024, fit))));
  const blockSizeK = Math.max(1, Math.min(nK, Math.floor(DEFAULT_TILE_ELEMENTS / (heads * blockSizeQ))));
  return { blockSizeQ, blockSizeK };
}

export interface FlashAttentionOptions {
  /** Br: query rows per block. Need not divide nQ. Default: flashBlockSizes for flashAttention, 256 for the trace. */
  blockSizeQ?: number;
  /** Bc: key/value rows per block. Need not divide nK.
   * Default: flashBlockSizes for flashAttention, 256 for the trace. */
  blockSizeK?: number;
  /** Factor on Q K^T. Default 1 / sqrt(d). */
  scale?: number;
  /** Query i sees keys j <= i (top-left, as torch's is_causal); tiles entirely above the diagonal are skipped. */
  isCausal?: boolean;
  /**
   * Sliding window (flashAttention only): query i sees the `window` most recent keys including
   * itself, i - window < j <= i, as slidingWindowMask (Mistral); causal is implied. Only the key
   * blocks inside the window are visited, so time and memory grow as N x window, not N^2.
   * Needs nQ <= nK, so that every query sees at least itself.
   */
  window?: number;
  /**
   * Boolean (true = attend) or additive float mask broadcastable to (..., nQ, nK), as
   * scaledDotProductAttention's (flashAttention only). A row that sees no key gives zeros.
   * Applied per tile by the fused kernel; without it, by the plain computation.
   */
  mask?: MaskLike;
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

/** Rows [start, start + size) of (..., rows, width), for every batch/head dim. */
function rowBlock(t: Tensor, start: number, size: number): Tensor {
  if (start === 0 && size === t.shape[t.rank - 2]) return t; // every row: no copy
  const begin = t.shape.map((_, a) => (a === t.rank - 2 ? start : 0));
  const sizes = t.shape.map((n, a) => (a === t.rank - 2 ? size : -1));
  return tf.slice(t, begin, sizes); // (..., size, width)
}

/**
 * (i1 - i0, j1 - j0) additive mask of a tile: 0 where query i sees key j (j <= i, and with a
 * window also j > i - window), -Infinity elsewhere.
 */
function tileBias(i0: number, i1: number, j0: number, j1: number, window?: number): Tensor {
  return tf.tidy(() => {
    let visible = tileCausalMask(i0, i1, j0, j1); // (Br, Bc) j <= i
    if (window !== undefined) {
      const i = tf.reshape(tf.range(i0 - window, i1 - window, 1, 'int32'), [i1 - i0, 1]); // (Br, 1) i - window
      const j = tf.reshape(tf.range(j0, j1, 1, 'int32'), [1, j1 - j0]); // (1, Bc)
      visible = tf.logicalAnd(visible, tf.greater(j, i)); // (Br, Bc) and j > i - window
    }
    return maskBias(visible); // (Br, Bc)
  });
}

/**
 * (Br, nK + Br) causal bias: 0 where column c <= nK + r, -Infinity elsewhere. Columns
 * [nK - i0, nK - i0 + keys) of its first rows are the bias of the query block starting at i0
 * against keys [0, keys): there c - (nK - i0) <= i0 + r, that is key <= query.
 */
function causalBiasTable(Br: number, nK: number): Tensor {
  return tileBias(0, Br, -nK, Br);
}

/**
 * FlashAttention-2's loop order on checked tensors; call inside tf.tidy.
 * For each block of Br queries, the key blocks in order; O stays un-normalised until the end.
 * `window` implies causal.
 */
function tiledForward(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  Br: number,
  Bc: number,
  scale: number,
  isCausal: boolean,
  window?: number,
): Tensor {
  const nQ = q.shape[q.rank - 2];
  const nK = k.shape[k.rank - 2];
  const causal = isCausal || window !== undefined;
  const qScaled = tf.mul(q, scale); // (..., nQ, d) the scale goes on Q once, not on every tile
  // Causal, no window: every query block's bias is a slice of one table, built once (building
  // it per block took 4 ops per block and 8 % of the time at N = 4096), unless the table would
  // outgrow the tile budget.
  const causalTable =
    isCausal && window === undefined && Br * (nK + Br) <= DEFAULT_TILE_ELEMENTS ? causalBiasTable(Br, nK) : undefined;
  const biasOf = (i0: number, i1: number, j0: number, j1: number) =>
    causalTable && j0 === 0 && nK - i0 >= 0
      ? tf.slice(causalTable, [0, nK - i0], [i1 - i0, j1])
      : tileBias(i0, i1, j0, j1, window);
  // Causal, no window, one key block per query block: the (Br, Br) lower triangle, the mask of
  // every diagonal block. (Masking the whole (Br, i1) tile instead measured the same or up to
  // 10 % slower in CPU time at N = 4096 on a loaded machine.)
  const diagonalBias = isCausal && window === undefined && nK <= Bc ? tileBias(0, Br, 0, Br) : undefined;
  const blocks: Tensor[] = [];
  for (let i0 = 0; i0 < nQ; i0 += Br) {
    const i1 = Math.min(nQ, i0 + Br);
    // The keys this query block can see at all: causal, none after its last query i1 - 1;
    // with a window, none at or before i0 - window (too old for its first query).
    const kStart = window === undefined ? 0 : Math.max(0, i0 - window + 1);
    const kEnd = causal ? Math.min(nK, i1) : nK;
    // A tile needs a mask when some of its keys come after some of its queries, or (window)
    // some of its keys are too old for some of its queries.
    const masked = (j0: number, j1: number) =>
      (causal && j1 - 1 > i0) || (window !== undefined && j0 <= i1 - 1 - window);
    blocks.push(
      tf.tidy(() => {
        const Qi = rowBlock(qScaled, i0, i1 - i0); // (..., Br, d)
        if (kEnd - kStart <= Bc) {
          // One key block holds every key: the online softmax below would take a single step,
          // m = rowmax(S), l = rowsum(exp(S - m)), O = exp(S - m) V / l, which is softmax(S) V.
          // Every query sees at least itself here, so no row is all -Infinity.
          let S: Tensor;
          if (diagonalBias && i0 > kStart && i0 < kEnd) {
            // Causal: keys before the block's first query are seen by all its queries and need
            // no mask; only the diagonal block [i0, kEnd) is masked, then both join one softmax.
            const before = tf.matMul(Qi, rowBlock(k, kStart, i0 - kStart), false, true); // (..., Br, i0)
            const diagonal = tf.add(
              tf.matMul(Qi, rowBlock(k, i0, kEnd - i0), false, true),
              tf.slice(diagonalBias, [0, 0], [i1 - i0, kEnd - i0]),
            ); // (..., Br, kEnd - i0)
            S = tf.concat([before, diagonal], -1); // (..., Br, keys)
          } else {
            S = tf.matMul(Qi, rowBlock(k, kStart, kEnd - kStart), false, true); // (..., Br, keys)
            if (masked(kStart, kEnd)) S = tf.add(S, biasOf(i0, i1, kStart, kEnd)); // (..., Br, keys)
          }
          return tf.matMul(softmaxLastAxis(S), rowBlock(v, kStart, kEnd - kStart)); // (..., Br, dv)
        }
        // Several key blocks: the online softmax. Without a window the first block holds key 0,
        // which every query sees, so m is finite from the first step on. With a window some rows
        // may see nothing in the first blocks (m = -Infinity): then 0 stands in for m when
        // shifting, so exp gives 0 rather than NaN (-Infinity - -Infinity).
        const shiftOf = (t: Tensor) => (window === undefined ? t : tf.where(tf.isFinite(t), t, tf.zerosLike(t)));
        let m: Tensor | undefined; // (..., Br, 1) running max
        let l: Tensor | undefined; // (..., Br, 1) running sum of exp(score - m)
        let O: Tensor | undefined; // (..., Br, dv) running sum of exp(score - m) v, not yet divided by l
        for (let j0 = kStart; j0 < kEnd; j0 += Bc) {
          const j1 = Math.min(kEnd, j0 + Bc);
          const next = tf.tidy(() => {
            let S = tf.matMul(Qi, rowBlock(k, j0, j1 - j0), false, true); // (..., Br, Bc) S = Q_i K_j^T
            if (masked(j0, j1)) S = tf.add(S, biasOf(i0, i1, j0, j1)); // (..., Br, Bc)
            const Vj = rowBlock(v, j0, j1 - j0); // (..., Bc, dv)
            const blockMax = tf.max(S, -1, true); // (..., Br, 1) rowmax(S)
            if (!m || !l || !O) {
              const P = tf.exp(tf.sub(S, shiftOf(blockMax))); // (..., Br, Bc)
              return { m: blockMax, l: tf.sum(P, -1, true), O: tf.matMul(P, Vj) };
            }
            const mNew = tf.maximum(m, blockMax); // (..., Br, 1) m_new = max(m, rowmax(S))
            const shift = shiftOf(mNew); // (..., Br, 1)
            const P = tf.exp(tf.sub(S, shift)); // (..., Br, Bc) exp(S - m_new)
            const rescale = tf.exp(tf.sub(m, shift)); // (..., Br, 1) e^(m - m_new): what was summed shrinks
            const lNew = tf.add(tf.mul(rescale, l), tf.sum(P, -1, true)); // (..., Br, 1)
            const ONew = tf.add(tf.mul(rescale, O), tf.matMul(P, Vj)); // (..., Br, dv)
            return { m: mNew, l: lNew, O: ONew };
          });
          tf.dispose([m, l, O].filter((t): t is Tensor => t !== undefined)); // the previous step's state
          ({ m, l, O } = next);
        }
        return tf.div(O as Tensor, l as Tensor); // (..., Br, dv) normalised once, at the end
      }),
    );
  }
  return blocks.length === 1 ? blocks[0] : tf.concat(blocks, -2); // (..., nQ, dv)
}

/** FlashAttention's Algorithm 1 on checked tensors, reporting every tile; call inside tf.tidy. */
function algorithm1Forward(
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
      const at = {
        queryBlock: i,
        keyBlock: j,
        queries: [i0, i1] as [number, number],
        keys: [j0, j1] as [number, number],
      };
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
          const state = {
            blockMax,
            blockSum,
            runningMaxBefore: m[i],
            runningSumBefore: l[i],
            runningMax,
            runningSum,
            rescaleOld,
            rescaleBlock,
            output,
          };
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
  if (options === null || typeof options !== 'object')
    throw new InputError(`${fn} options: expected an object, got ${String(options)}`);
  return {
    Br: options.blockSizeQ === undefined ? undefined : checkInteger(options.blockSizeQ, `${fn} blockSizeQ`),
    Bc: options.blockSizeK === undefined ? undefined : checkInteger(options.blockSizeK, `${fn} blockSizeK`),
    scale: attentionScale(options.scale, d, fn),
    isCausal: checkCausal(options.isCausal, fn),
    window: options.window === undefined ? undefined : checkInteger(options.window, `${fn} window`),
  };
}

/**
 * softmax(Q K^T * scale + mask) V computed tile by tile, never holding the (nQ, nK) matrix.
 * query (..., nQ, d), key (..., nK, d), value (..., nK, dv) -> output (..., nQ, dv).
 * Only the output: the attention weights are never formed. By default the fused C++ kernel
 * runs (fusedKernel.ts) when `npm install` built it; given block sizes, or without it, the
 * tiles below run as tfjs ops (a mask then goes through the plain computation).
 */
export function flashAttention(
  query: TensorLike,
  key: TensorLike,
  value: TensorLike,
  options: FlashAttentionOptions = {},
): Tensor {
  const fn = 'flashAttention';
  return tf.tidy(() => {
    const [q, k, v] = toQueryKeyValue(query, key, value, fn);
    const { Br, Bc, scale, isCausal, window } = readOptions(options, q.shape[q.rank - 1], fn);
    const heads = q.shape.slice(0, -2).reduce((a, b) => a * b, 1); // all batch/head dims
    const nQ = q.shape[q.rank - 2];
    const nK = k.shape[k.rank - 2];
    if (window !== undefined && nQ > nK)
      throw new InputError(
        `${fn} window: needs at least as many keys as queries (each query sees itself), got ${nQ} queries and ${nK} keys`,
      );
    // The masks as one additive bias of the mask's own shape, checked as scaledDotProductAttention checks it.
    let bias: Tensor | undefined;
    if (options.mask !== undefined) {
      const { visible, additive } = toMask(options.mask, `${fn} mask`);
      checkBroadcast((visible ?? (additive as Tensor)).shape, [...q.shape.slice(0, -2), nQ, nK], fn);
      bias = visible ? (additive ? tf.add(additive, maskBias(visible)) : maskBias(visible)) : additive;
    }
    // The fused kernel unless tiles of given sizes were asked for (the tfjs-op tiling then runs).
    if (Br === undefined && Bc === undefined && attentionKernel().kernel === 'fused')
      return fusedAttention(q, k, v, { scale, isCausal, window, bias });
    if (bias) {
      // tfjs ops: a mask goes through the plain computation (its careful softmax for hidden rows).
      if (window !== undefined) bias = tf.add(bias, tileBias(0, nQ, 0, nK, window)); // (..., nQ, nK)
      return scaledDotProductAttention(q, k, v, { mask: bias, isCausal, scale }).output;
    }
    const auto = flashBlockSizes(heads, nQ, nK, { isCausal, window });
    const blockQ = Br ?? auto.blockSizeQ;
    const blockK =
      Bc ??
      (Br === undefined
        ? auto.blockSizeK
        : Math.max(1, Math.min(nK, Math.floor(DEFAULT_TILE_ELEMENTS / (heads * Math.min(Br, nQ))))));
    return tiledForward(q, k, v, blockQ, blockK, scale, isCausal, window);
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
    if (q.rank !== 2)
      throw new InputError(
        `${fn}: traces a single head, expected rank-2 query (N, d), got shape [${q.shape.join(', ')}]`,
      );
    if (q.shape[0] > 64 || k.shape[0] > 64)
      throw new InputError(
        `${fn}: for small examples only (at most 64 queries and 64 keys), got ${q.shape[0]} and ${k.shape[0]}`,
      );
    const {
      Br = DEFAULT_BLOCK_SIZE,
      Bc = DEFAULT_BLOCK_SIZE,
      scale,
      isCausal,
      window,
    } = readOptions(options, q.shape[q.rank - 1], fn);
    if (window !== undefined || options.mask !== undefined)
      throw new InputError(
        `${fn}: the trace follows Algorithm 1 without a window or mask; use flashAttention for those`,
      );
    const steps: FlashTraceStep[] = [];
    const skipped: FlashTrace['skipped'] = [];
    const column = (t: Tensor) => Array.from(t.dataSync());
    const output = algorithm1Forward(q, k, v, Br, Bc, scale, isCausal, (tile) => {
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
    trace = {
      blockSizeQ: Br,
      blockSizeK: Bc,
      scale,
      isCausal,
      steps,
      skipped,
      output: output.arraySync() as number[][],
    };
  });
  return trace as FlashTrace;
}
