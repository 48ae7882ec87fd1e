// The one place tfjs-node is loaded: every module takes `tf` from here, so the
// whole process computes on one backend (libtensorflow through the native addon).
// TensorFlow's C++ logs are quieted by TF_CPP_MIN_LOG_LEVEL=2, set by the kernel
// spec (kernels/tslab/kernel.json) and by the npm scripts.
import * as tf from '@tensorflow/tfjs-node';

export { tf };

export interface BackendInfo {
  backend: string;
  tfjs: string;
  libtensorflow: string;
  node: string;
}

export function backendInfo(): BackendInfo {
  const binding = (tf.backend() as unknown as { binding?: { TF_Version?: string } }).binding;
  return {
    backend: tf.getBackend(),
    tfjs: tf.version.tfjs,
    libtensorflow: binding?.TF_Version ?? 'n/a',
    node: process.version,
  };
}

/** One line for the top of a notebook: which backend computes the numbers below. */
export function describeBackend(): string {
  const b = backendInfo();
  return `tfjs ${b.tfjs} on backend '${b.backend}' (libtensorflow ${b.libtensorflow}), Node ${b.node}`;
}
