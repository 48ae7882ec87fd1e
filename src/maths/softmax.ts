// softmax(z)_i = exp(z_i / T) / sum_j exp(z_j / T), along one axis.
// Subtracting the max first keeps exp() from overflowing: the documents' raw RGB
// dot products reach 65,025, and exp(65025) is Infinity in float32.
import type { Tensor } from '@tensorflow/tfjs-node';
import { tf } from '../core/backend';
import { InputError, checkPositive, toTensor } from '../core/validate';

export interface SoftmaxOptions {
  /** Axis to normalise over; negative counts from the end. Default -1 (each row). */
  axis?: number;
  /** Temperature T: scores are divided by T. T > 1 flattens, T < 1 sharpens. Default 1. */
  temperature?: number;
}

/** Numerically stable softmax of a tensor or nested arrays; returns a new float32 tensor. */
export function softmax<T extends Tensor>(scores: T | number[] | number[][], options: SoftmaxOptions = {}): T {
  const { axis = -1, temperature = 1 } = options;
  checkPositive(temperature, 'softmax temperature');
  return tf.tidy(() => {
    const x = toTensor(scores, 'softmax scores');
    if (!Number.isInteger(axis) || axis < -x.rank || axis >= x.rank)
      throw new InputError(`softmax axis: ${axis} is out of range for a tensor of rank ${x.rank}`);
    const z = temperature === 1 ? x : tf.div(x, temperature);
    const e = tf.exp(tf.sub(z, tf.max(z, axis, true)));
    return tf.div(e, tf.sum(e, axis, true)) as T;
  });
}
