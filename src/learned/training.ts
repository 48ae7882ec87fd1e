// The training loop both trained models of notebook 06 share: seeded mini-batches of
// example indices, tf.train.adam over the given variables, the loss read back every
// `lossEvery` steps (each read-back waits for the backend), a callback after each step.
import type { Scalar, Tensor, Variable } from '@tensorflow/tfjs-node';
import { tf } from '../core/backend';
import { seededRandom } from '../core/random';
import { InputError } from '../core/validate';

/** What both trainers take besides their model's sizes. */
export interface TrainingOptions {
  steps?: number;
  batchSize?: number;
  learningRate?: number;
  trainSize?: number;
  /** Held-out examples, never among the training ones. */
  testSize?: number;
  seed?: number;
  /** Steps at which the attention is recorded (0 = before training). */
  snapshotSteps?: number[];
}

export interface AdamLoop {
  steps: number;
  batchSize: number;
  learningRate: number;
  /** Examples are drawn from 0..trainSize-1, uniformly, with a seeded generator. */
  trainSize: number;
  seed: number;
  variables: Variable[];
  /** The mean loss of a batch of example indices (called inside tf.tidy). */
  loss: (picks: number[]) => Scalar | Tensor;
  /** Called after step 0 (before training) and after every step. */
  after?: (step: number) => void;
  lossEvery?: number;
}

/** Runs the loop; returns [step, loss] every `lossEvery` steps. Frees the optimizer. */
export function trainWithAdam(loop: AdamLoop): Array<[number, number]> {
  const { steps, batchSize, trainSize, variables, lossEvery = 25 } = loop;
  const rand = seededRandom(loop.seed);
  const optimizer = tf.train.adam(loop.learningRate);
  const losses: Array<[number, number]> = [];
  try {
    loop.after?.(0);
    for (let step = 1; step <= steps; step++) {
      const picks = Array.from({ length: batchSize }, () => Math.floor(rand() * trainSize));
      const loss = optimizer.minimize(
        () => tf.tidy(() => loop.loss(picks) as Scalar),
        step % lossEvery === 0,
        variables,
      );
      if (loss) {
        losses.push([step, loss.dataSync()[0]]);
        loss.dispose();
      }
      loop.after?.(step);
    }
    return losses;
  } finally {
    optimizer.dispose();
  }
}

/** The options object of a trainer, refused when it is not a plain object. */
export function checkOptionsObject<T extends object>(options: unknown, fn: string): T {
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    throw new InputError(`${fn}: expected an options object`);
  return options as T;
}
