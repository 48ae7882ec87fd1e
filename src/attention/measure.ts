// Measuring attention on this machine, for notebooks/05: how long a call takes and how much
// tensor memory it holds at its peak, plus what dense attention costs on paper.
// `npm run bench` (scripts/bench.mjs) measures the same things at full size, against numpy and
// PyTorch, in separate processes; this is the small, in-kernel version.
import type { Tensor, TensorContainer } from '@tensorflow/tfjs-node';
import { tf } from '../core/backend';
import { InputError, checkInteger } from '../core/validate';

export interface Timing {
  /** Median wall time of one call, in milliseconds. */
  medianMs: number;
  /** Fastest call, in milliseconds. */
  minMs: number;
  /** Every timed call, in milliseconds, in the order they ran. */
  samplesMs: number[];
}

/**
 * Wall time of `fn` (which may return tensors: they are disposed), the median of `reps` calls
 * after `warmup` untimed ones. tfjs-node computes eagerly, so a call's time includes its work.
 */
export function timeCall(fn: () => TensorContainer, options: { reps?: number; warmup?: number } = {}): Timing {
  const reps = checkInteger(options.reps ?? 5, 'timeCall reps');
  const warmup = checkInteger(options.warmup ?? 1, 'timeCall warmup', 0);
  if (typeof fn !== 'function') throw new InputError('timeCall: expected a function to time');
  for (let i = 0; i < warmup; i++) tf.dispose(fn());
  const samplesMs: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint();
    const out = fn();
    samplesMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
    tf.dispose(out);
  }
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return { medianMs: sorted[Math.floor((sorted.length - 1) / 2)], minMs: sorted[0], samplesMs };
}

/**
 * The most tensor memory (bytes, tfjs' own count) alive at once during one call of `fn`, above
 * what was alive before it: the intermediates a computation needs, not the process's RSS.
 */
export async function peakTensorBytes(fn: () => TensorContainer): Promise<number> {
  if (typeof fn !== 'function') throw new InputError('peakTensorBytes: expected a function to measure');
  const before = tf.memory().numBytes;
  const profile = await tf.profile(() => {
    tf.dispose(fn());
    return undefined as unknown as Tensor;
  });
  return Math.max(0, profile.peakBytes - before);
}

export interface AttentionCost {
  /** Query-key pairs scored, over all heads. */
  pairs: number;
  /** Bytes of the float32 score matrix dense attention holds (all heads): 4 x pairs. */
  scoreBytes: number;
  /** Multiply-adds x 2 of the two matrix products, Q K^T and weights V: 4 x pairs x d. */
  flops: number;
}

/**
 * What dense attention costs on paper for N queries and keys: every head scores N x N pairs.
 * With `window`, each query scores only its `window` most recent keys (causal sliding window).
 */
export function attentionCost(n: number, options: { heads?: number; d?: number; window?: number } = {}): AttentionCost {
  checkInteger(n, 'attentionCost n');
  const heads = checkInteger(options.heads ?? 1, 'attentionCost heads');
  const d = checkInteger(options.d ?? 64, 'attentionCost d');
  const perHead =
    options.window === undefined
      ? n * n
      : (() => {
          const w = checkInteger(options.window, 'attentionCost window');
          return n <= w ? (n * (n + 1)) / 2 : w * n - (w * (w - 1)) / 2;
        })();
  const pairs = heads * perHead;
  return { pairs, scoreBytes: 4 * pairs, flops: 4 * pairs * d };
}
