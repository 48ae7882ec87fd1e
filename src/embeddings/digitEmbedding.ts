// A learned embedding for the 8x8 digits, trained here in a couple of seconds: a
// small network 64 -> 32 -> 16 -> 10 classes, whose 16-unit layer is the embedding.
// It is supervised on the digits' labels, so it is an illustration of "a learned
// embedding puts alike things together", not a pretrained model. Seeded weights, no
// shuffling: the same embedding every run.
import type { Tensor2D } from '@tensorflow/tfjs-node';
import { tf } from '../core/backend';
import { InputError, checkInteger } from '../core/validate';

export interface DigitEmbedding {
  /** [n, dim] embeddings of 8x8 images given as [n, 64] rows of 0..16. */
  embed(images: Tensor2D): Tensor2D;
  /** Accuracy on the training images after the last epoch. */
  trainAccuracy: number;
  dim: number;
  dispose(): void;
}

export interface DigitEmbeddingOptions {
  dim?: number;
  epochs?: number;
  seed?: number;
  /** Activation of the embedding layer: 'relu' (default) or 'linear' (e.g. for a 2-D embedding to plot directly). */
  activation?: 'relu' | 'linear';
}

/** Trains the small digit network (about 2 s on 1,200 images) and returns its embedding layer. */
export async function trainDigitEmbedding(
  images: Tensor2D,
  labels: number[],
  options: DigitEmbeddingOptions = {},
): Promise<DigitEmbedding> {
  const { dim = 16, epochs = 20, seed = 0 } = options;
  checkInteger(dim, 'trainDigitEmbedding dim', 2);
  checkInteger(epochs, 'trainDigitEmbedding epochs');
  checkInteger(seed, 'trainDigitEmbedding seed', 0);
  if (!(images instanceof tf.Tensor) || images.rank !== 2 || images.shape[1] !== 64)
    throw new InputError('trainDigitEmbedding: images must be a [n, 64] tensor');
  if (
    !Array.isArray(labels) ||
    labels.length !== images.shape[0] ||
    !labels.every((l) => Number.isInteger(l) && l >= 0 && l <= 9)
  )
    throw new InputError(`trainDigitEmbedding: expected ${images.shape[0]} labels 0..9`);
  const init = (s: number) => tf.initializers.glorotUniform({ seed: seed * 10 + s });
  const input = tf.input({ shape: [64] });
  const hidden = tf.layers
    .dense({ units: 32, activation: 'relu', kernelInitializer: init(1) })
    .apply(input) as tf.SymbolicTensor;
  const embedding = tf.layers
    .dense({ units: dim, activation: options.activation ?? 'relu', kernelInitializer: init(2), name: 'embedding' })
    .apply(hidden) as tf.SymbolicTensor;
  const output = tf.layers
    .dense({ units: 10, activation: 'softmax', kernelInitializer: init(3) })
    .apply(embedding) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: output });
  model.compile({ optimizer: tf.train.adam(0.02), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const x = tf.div(images, 16);
  const y = tf.tensor1d(labels, 'float32');
  const history = await model.fit(x, y, { epochs, batchSize: 100, shuffle: false, verbose: 0 });
  tf.dispose([x, y]);
  const acc = history.history.acc ?? history.history.accuracy;
  const encoder = tf.model({ inputs: input, outputs: embedding });
  return {
    dim,
    trainAccuracy: Number(acc[acc.length - 1]),
    embed: (imgs: Tensor2D) => tf.tidy(() => encoder.predict(tf.div(imgs, 16)) as Tensor2D),
    dispose: () => {
      model.optimizer.dispose();
      model.dispose();
    },
  };
}
