// The one place tfjs-node is loaded: every module takes `tf` from here, so the
// whole process computes on one backend (libtensorflow through the native addon).
// TensorFlow's C++ logs are quieted by TF_CPP_MIN_LOG_LEVEL=2, set by the kernel
// spec (kernels/tslab/kernel.json) and by the npm scripts.
import * as tf from '@tensorflow/tfjs-node';
import type { TensorInfo } from '@tensorflow/tfjs-node';

export { tf };

/**
 * What src/attention needs of tfjs-node's backend to run a TensorFlow op by name
 * (fastSoftmax.ts, fusedKernel.ts): executeSingleOutput, and the C API's enum values.
 */
export interface NodeBackend {
  executeSingleOutput(
    name: string,
    attrs: Array<{ name: string; type: number; value: unknown }>,
    inputs: TensorInfo[],
  ): TensorInfo;
  binding: Record<
    'TF_ATTR_STRING' | 'TF_ATTR_TYPE' | 'TF_ATTR_FLOAT' | 'TF_ATTR_BOOL' | 'TF_ATTR_INT' | 'TF_FLOAT',
    number
  >;
}

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

const notes: Array<() => string> = [];

/** Adds a clause to describeBackend (src/attention/fusedKernel.ts: which attention kernel runs). */
export function addBackendNote(note: () => string): void {
  notes.push(note);
}

/** One line for the top of a notebook: which backend computes the numbers below. */
export function describeBackend(): string {
  const b = backendInfo();
  const line = `tfjs ${b.tfjs} on backend '${b.backend}' (libtensorflow ${b.libtensorflow}), Node ${b.node}`;
  return [line, ...notes.map((n) => n())].join('; ');
}
