// The fused attention kernel: softmax(Q K^T * scale + bias) V as one TensorFlow op written in
// C++ (native/fused_attention/fused_attention_op.cc), which keeps each query-block x key-block
// tile in cache with the online softmax, skips key blocks above the diagonal and runs the tile
// products on oneDNN's sgemm. `npm install` builds it (scripts/build-fused-attention.mjs)
// against the headers of the TensorFlow whose runtime tfjs-node runs; a small addon loads it
// into that runtime (TF_LoadLibrary) and tfjs-node's backend runs it by op name, registered
// here as a tfjs kernel as fastSoftmax.ts registers oneDNN's softmax. Used only when it was
// built for this runtime and a first-call check finds it equal to the tfjs-op path; otherwise
// (or with ATTENTION_LAB_FUSED=0) one line says so and attention runs on tfjs ops.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Tensor, TensorInfo } from '@tensorflow/tfjs-node';
import { NodeBackend, addBackendNote, tf } from '../core/backend';
import { PROJECT_ROOT } from '../core/paths';
import { scaledDotProductAttention } from './scaledDotProduct';

const KERNEL = 'AttentionLabFusedAttention'; // the TensorFlow op's name and the tfjs kernel's
export const FUSED_BUILD_DIR = path.join(PROJECT_ROOT, 'native', 'build');

/** Which attention kernel runs in this process, and why. */
export interface AttentionKernelStatus {
  kernel: 'fused' | 'tfjs-ops';
  /** What was loaded (BLAS, TensorFlow version), or why the fused kernel is not used. */
  detail: string;
}

interface KernelAttrs {
  scale: number;
  causal: boolean;
  window: number;
  blockQ: number;
  blockK: number;
}

/**
 * Query rows and key rows per tile: 128 x 256 scores (128 KiB) stay in L2 with their Q, K and V
 * rows. Against 64 x 256, 128 x 512, 32 x 512, 64 x 512 and 64 x 128 (N = 1024 and 4096, 8 heads,
 * CPU time on the loaded 2-core machine) it was the best or within 10 % of it in every case.
 */
const BLOCK_Q = 128;
const BLOCK_K = 256;

let status: AttentionKernelStatus | undefined;

function register(): void {
  if (tf.getKernel(KERNEL, 'tensorflow')) return;
  tf.registerKernel({
    kernelName: KERNEL,
    backendName: 'tensorflow',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const b = backend as unknown as NodeBackend;
      const a = attrs as unknown as KernelAttrs;
      const { TF_ATTR_FLOAT, TF_ATTR_BOOL, TF_ATTR_INT } = b.binding;
      return b.executeSingleOutput(
        KERNEL,
        [
          { name: 'scale', type: TF_ATTR_FLOAT, value: a.scale },
          { name: 'causal', type: TF_ATTR_BOOL, value: a.causal },
          { name: 'window', type: TF_ATTR_INT, value: a.window },
          { name: 'block_q', type: TF_ATTR_INT, value: a.blockQ },
          { name: 'block_k', type: TF_ATTR_INT, value: a.blockK },
        ],
        ['query', 'key', 'value', 'bias'].map((n) => inputs[n] as TensorInfo),
      );
    },
  });
}

/** The fused op on rank-3 float32 tensors: (B, nQ, d), (B, nK, d), (B, nK, dv), bias (1|B, 1|nQ, 1|nK) or none. */
function runFused(q: Tensor, k: Tensor, v: Tensor, bias: Tensor | undefined, attrs: KernelAttrs): Tensor {
  return tf.tidy(() => {
    const b = bias ?? tf.zeros([0, 0, 0]); // no elements: no bias
    return tf.engine().runKernel(KERNEL, { query: q, key: k, value: v, bias: b }, { ...attrs }) as Tensor;
  });
}

/** Whether the op, freshly loaded, gives the tfjs-op path's numbers (several tiles, causal, a hidden row). */
function agrees(): boolean {
  return tf.tidy(() => {
    const [B, nQ, nK, d] = [2, 70, 300, 8];
    const seeded = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);
    const q = seeded([B, nQ, d], 1);
    const k = seeded([B, nK, d], 2);
    const v = seeded([B, nK, 5], 3);
    const hidden = tf.concat([tf.fill([1, nK], -Infinity), tf.zeros([nQ - 1, nK])]); // row 0 sees nothing
    const bias = tf.reshape(tf.add(seeded([nQ, nK], 4), hidden), [1, nQ, nK]);
    const attrs = { scale: 0.3, causal: true, window: 0, blockQ: BLOCK_Q, blockK: BLOCK_K };
    const fused = runFused(q, k, v, bias, attrs);
    // the reference is the library's own plain attention, so the check follows it if it changes
    const expected = scaledDotProductAttention(q, k, v, { mask: bias, isCausal: true, scale: 0.3 }).output;
    return tf.max(tf.abs(tf.sub(fused, expected))).dataSync()[0] <= 1e-5;
  });
}

function load(): AttentionKernelStatus {
  if (process.env.ATTENTION_LAB_FUSED === '0') return { kernel: 'tfjs-ops', detail: 'ATTENTION_LAB_FUSED=0' };
  if (tf.getBackend() !== 'tensorflow') return { kernel: 'tfjs-ops', detail: `backend '${tf.getBackend()}'` };
  const buildFile = path.join(FUSED_BUILD_DIR, 'build.json');
  if (!fs.existsSync(buildFile))
    return { kernel: 'tfjs-ops', detail: 'not built (native/build/build.json is missing; npm install builds it)' };
  const build = JSON.parse(fs.readFileSync(buildFile, 'utf8')) as { tensorflow: string; blas: string };
  try {
    const loader = createRequire(__filename)(path.join(FUSED_BUILD_DIR, 'loader.node')) as {
      load(p: string): boolean;
      version(): string;
    };
    const runtime = loader.version();
    if (runtime !== build.tensorflow)
      return { kernel: 'tfjs-ops', detail: `built for TensorFlow ${build.tensorflow}, this process runs ${runtime}` };
    loader.load(path.join(FUSED_BUILD_DIR, 'fused_attention.so'));
    register();
    if (!agrees()) return { kernel: 'tfjs-ops', detail: 'its first-call check disagreed with the tfjs-op path' };
    return { kernel: 'fused', detail: `fused C++ kernel (${build.blas} sgemm, TensorFlow ${runtime})` };
  } catch (err) {
    return { kernel: 'tfjs-ops', detail: `could not load it: ${(err as Error).message.split('\n')[0]}` };
  }
}

/** Which attention kernel flashAttention runs here (loaded and checked at the first call). */
export function attentionKernel(): AttentionKernelStatus {
  if (!status) {
    status = load();
    if (status.kernel === 'tfjs-ops')
      console.warn(`attention-lab: fused attention kernel not used (${status.detail}); attention runs on tfjs ops`);
  }
  return status;
}

addBackendNote(() => {
  const s = attentionKernel();
  return s.kernel === 'fused' ? `attention: ${s.detail}` : `attention: tfjs ops (${s.detail})`;
});

/**
 * Attention through the fused kernel, on checked float32 tensors; call inside tf.tidy.
 * query (..., nQ, d), key (..., nK, d), value (..., nK, dv); `bias` additive (0 or -Infinity,
 * or any float) broadcastable to (..., nQ, nK); window > 0 implies causal. Returns (..., nQ, dv).
 */
export function fusedAttention(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  options: { scale: number; isCausal: boolean; window?: number; bias?: Tensor },
): Tensor {
  const lead = q.shape.slice(0, -2);
  const B = lead.reduce((a, b) => a * b, 1);
  const [nQ, d] = q.shape.slice(-2);
  const [nK, dv] = v.shape.slice(-2);
  let bias3: Tensor | undefined;
  if (options.bias) {
    const bias = options.bias;
    const mq = bias.rank >= 2 ? bias.shape[bias.rank - 2] : 1;
    const mk = bias.shape[bias.rank - 1];
    const biasLead = bias.shape.slice(0, -2).reduce((a, b) => a * b, 1);
    bias3 =
      biasLead === 1 ? tf.reshape(bias, [1, mq, mk]) : tf.reshape(tf.broadcastTo(bias, [...lead, mq, mk]), [B, mq, mk]);
  }
  const out = runFused(tf.reshape(q, [B, nQ, d]), tf.reshape(k, [B, nK, d]), tf.reshape(v, [B, nK, dv]), bias3, {
    scale: options.scale,
    causal: options.isCausal,
    window: options.window ?? 0,
    blockQ: BLOCK_Q,
    blockK: BLOCK_K,
  });
  return tf.reshape(out, [...lead, nQ, dv]);
}
