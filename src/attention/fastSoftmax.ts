// Softmax over the last axis, the step that costs attention most besides its two matrix
// products. tfjs-node runs tf.softmax as TensorFlow's `Softmax` kernel (Eigen, compiled for
// plain AVX), which measured 2 to 2.5 times slower here than the oneDNN softmax the same
// libtensorflow carries for its graph optimiser (`_MklSoftmax`, JIT-compiled for the CPU it
// runs on; `npm run bench` and notebooks/05 show the numbers). TensorFlow only picks that
// kernel when a node carries the label `_kernel: "MklNameChangeOp"`, which an eager call can
// set, so it is registered here as a tfjs kernel of its own (with softmax's gradient).
// Used only when a probe at first use shows it exists and agrees with tf.softmax; anywhere
// else (another backend, a libtensorflow without oneDNN, TF_ENABLE_ONEDNN_OPTS=0) this is
// tf.softmax. Rows must hold at least one finite score (a row of all -Infinity gives NaN,
// as in tf.softmax): callers with masks that can hide a whole row use their own softmax.
import type { Tensor, TensorInfo } from '@tensorflow/tfjs-node';
import { NodeBackend, tf } from '../core/backend';

const KERNEL = 'AttentionLabSoftmaxOneDnn';

let usable: boolean | undefined;

function register(): void {
  if (!tf.getKernel(KERNEL, 'tensorflow')) {
    tf.registerKernel({
      kernelName: KERNEL,
      backendName: 'tensorflow',
      kernelFunc: ({ inputs, backend }) => {
        const b = backend as unknown as NodeBackend;
        const attrs = [
          { name: 'T', type: b.binding.TF_ATTR_TYPE, value: b.binding.TF_FLOAT },
          { name: '_kernel', type: b.binding.TF_ATTR_STRING, value: 'MklNameChangeOp' },
        ];
        return b.executeSingleOutput('_MklSoftmax', attrs, [inputs.logits as TensorInfo]);
      },
    });
  }
  if (!tf.getGradient(KERNEL)) {
    // d softmax: dx = y (dy - sum(dy y)), as tfjs' own Softmax gradient.
    tf.registerGradient({
      kernelName: KERNEL,
      outputsToSave: [true],
      gradFunc: (dy, saved) => {
        const [y] = saved;
        const dyTimesY = tf.mul(dy as Tensor, y);
        return { logits: () => tf.sub(dyTimesY, tf.mul(tf.sum(dyTimesY, -1, true), y)) };
      },
    });
  }
}

/** Whether the oneDNN kernel runs here and gives tf.softmax's numbers (checked once). */
function probe(): boolean {
  if (process.env.TF_ENABLE_ONEDNN_OPTS === '0' || tf.getBackend() !== 'tensorflow') return false;
  try {
    register();
    return tf.tidy(() => {
      // Rank 4 as attention uses it, rows of different scales, some -Infinity (masked keys).
      const x = tf.tensor4d([
        [
          [
            [1, 2, 3, -Infinity],
            [-5, 0, 5, 80],
            [1e-3, -1e-3, 0, 0],
          ],
        ],
      ]);
      const fast = tf.engine().runKernel(KERNEL, { logits: x }, {}) as Tensor;
      const diff = tf.max(tf.abs(tf.sub(fast, tf.softmax(x)))).dataSync()[0];
      return fast.dtype === 'float32' && diff <= 1e-6;
    });
  } catch {
    return false;
  }
}

/** Whether softmaxLastAxis runs on oneDNN in this process. */
export function oneDnnSoftmaxAvailable(): boolean {
  if (usable === undefined) usable = probe();
  return usable;
}

/** softmax over the last axis of float32 logits: oneDNN's kernel where available, else tf.softmax. */
export function softmaxLastAxis(logits: Tensor): Tensor {
  if (logits.dtype === 'float32' && logits.rank >= 2 && logits.rank <= 5 && oneDnnSoftmaxAvailable())
    return tf.engine().runKernel(KERNEL, { logits }, {}) as Tensor;
  return tf.softmax(logits);
}
