// Reading a computed tensor back into nested JS arrays. Not `tf.tidy(() => t.arraySync())`:
// tidy walks whatever its function returns, looking for tensors to keep, and on a million
// read-back numbers that walk took a second (PCA of 24 fruit pictures of 607,500 pixels).
import type { Tensor } from '@tensorflow/tfjs-node';
import { tf } from './backend';

/** The tensor `compute` returns, as nested arrays; every tensor made on the way is freed. */
export function readBack<T>(compute: () => Tensor): T {
  const t = tf.tidy(compute);
  try {
    return t.arraySync() as T;
  } finally {
    t.dispose();
  }
}
