// A small Transformer trained here, on a task whose right attention is known in advance:
// reversing a sequence of digits. Output position i must copy input position N-1-i, so a
// head that does the work puts its weight on the anti-diagonal. Built from transformerBlock
// (this library's multiHeadAttention), trained with tf.train.adam on seeded data and a
// seeded initialisation; everything it allocates is freed before it returns.
//
// Without positional encoding the model cannot do it: attention is permutation-
// equivariant (permuting the input rows permutes the output rows the same way), so the
// output at position i depends on the digit there and on the multiset of all digits, never
// on where i is; a reversal needs exactly that.
import type { Tensor, Tensor2D, Variable } from '@tensorflow/tfjs-node';
import { tf } from '../core/backend';
import { seededRandom } from '../core/random';
import { InputError, checkInteger } from '../core/validate';
import { matMulRows } from '../attention/projections';
import { TrainingOptions, checkOptionsObject, trainWithAdam } from './training';
import { TransformerBlockWeights, layerNorm, sinusoidalPositions, transformerBlock } from './transformer';

/** Sizes of the model; training options as in TrainingOptions (attention of one held-out probe recorded). */
export interface ReversalOptions extends TrainingOptions {
  /** Digits 0..vocab-1. Default 10. */
  vocab?: number;
  /** Sequence length N. Default 8. */
  length?: number;
  dModel?: number;
  numHeads?: number;
  dFF?: number;
  layers?: number;
  /** Add sinusoidal positions to the embeddings. Default true. */
  positional?: boolean;
}

export interface ReversalSnapshot {
  step: number;
  /** layers × heads × queries × keys, for `probe`. */
  weights: number[][][][];
}

export interface ReversalResult {
  options: Required<ReversalOptions>;
  /** Whole sequences exactly reversed, among held-out sequences never seen in training. */
  accuracy: number;
  /** Digits in the right place, held-out. */
  digitAccuracy: number;
  /** Mean cross-entropy every 25 steps: [step, loss]. */
  losses: Array<[number, number]>;
  probe: number[];
  snapshots: ReversalSnapshot[];
}

const DEFAULTS: Required<ReversalOptions> = {
  vocab: 10,
  length: 8,
  dModel: 32,
  numHeads: 2,
  dFF: 64,
  layers: 1,
  positional: true,
  steps: 300,
  batchSize: 64,
  learningRate: 0.01,
  trainSize: 2000,
  testSize: 500,
  seed: 1,
  snapshotSteps: [0, 50, 100, 300],
};

/** Distinct seeded digit sequences: the first `trainSize` for training, the rest held out. */
export function reversalData(
  count: number,
  length: number,
  vocab: number,
  seed: number,
): { inputs: number[][]; targets: number[][] } {
  checkInteger(count, 'reversalData count');
  checkInteger(length, 'reversalData length', 2);
  checkInteger(vocab, 'reversalData vocab', 2);
  if (Math.pow(vocab, length) < 2 * count)
    throw new InputError(`reversalData: ${count} distinct sequences of ${length} digits < ${vocab} are too many`);
  const rand = seededRandom(seed);
  const seen = new Set<string>();
  const inputs: number[][] = [];
  while (inputs.length < count) {
    const s = Array.from({ length }, () => Math.floor(rand() * vocab));
    const key = s.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    inputs.push(s);
  }
  return { inputs, targets: inputs.map((s) => [...s].reverse()) };
}

interface Model {
  embedding: Variable;
  blocks: Array<Record<string, Variable>>;
  lnGamma: Variable;
  lnBeta: Variable;
  W_out: Variable;
  b_out: Variable;
  variables: Variable[];
}

function buildModel(o: Required<ReversalOptions>): Model {
  let seed = o.seed * 1000;
  // tf.variable keeps its initial tensor alive unless that is freed: made inside tidy.
  const normal = (shape: number[], std: number) =>
    tf.tidy(() => tf.variable(tf.randomNormal(shape, 0, std, 'float32', seed++)));
  const ones = (n: number) => tf.tidy(() => tf.variable(tf.ones([n])));
  const zeros = (shape: number[]) => tf.tidy(() => tf.variable(tf.zeros(shape)));
  const d = o.dModel;
  const embedding = normal([o.vocab, d], 1);
  const blocks = Array.from({ length: o.layers }, () => ({
    W_Q: normal([d, d], 1 / Math.sqrt(d)),
    W_K: normal([d, d], 1 / Math.sqrt(d)),
    W_V: normal([d, d], 1 / Math.sqrt(d)),
    W_O: normal([d, d], 1 / Math.sqrt(d)),
    ln1Gamma: ones(d),
    ln1Beta: zeros([d]),
    ln2Gamma: ones(d),
    ln2Beta: zeros([d]),
    W1: normal([d, o.dFF], 1 / Math.sqrt(d)),
    b1: zeros([o.dFF]),
    W2: normal([o.dFF, d], 1 / Math.sqrt(o.dFF)),
    b2: zeros([d]),
  }));
  const lnGamma = ones(d);
  const lnBeta = zeros([d]);
  const W_out = normal([d, o.vocab], 1 / Math.sqrt(d));
  const b_out = zeros([o.vocab]);
  const variables = [embedding, ...blocks.flatMap((b) => Object.values(b)), lnGamma, lnBeta, W_out, b_out];
  return { embedding, blocks, lnGamma, lnBeta, W_out, b_out, variables };
}

/** Logits (B, N, vocab) and each layer's attention (B, h, N, N). */
function forward(m: Model, ids: Tensor, positions: Tensor | null, o: Required<ReversalOptions>) {
  // Embedding lookup as one-hot × E (document 004): a matrix product, whose gradient is one too.
  let x = matMulRows(tf.oneHot(ids, o.vocab).toFloat(), m.embedding as Tensor2D); // (B, N, d)
  if (positions) x = tf.add(x, positions);
  const attention: Tensor[] = [];
  for (const b of m.blocks) {
    const out = transformerBlock(x, { ...(b as unknown as TransformerBlockWeights), numHeads: o.numHeads });
    x = out.output;
    attention.push(out.weights);
  }
  const logits = tf.add(matMulRows(layerNorm(x, m.lnGamma, m.lnBeta), m.W_out as Tensor2D), m.b_out); // (B, N, vocab)
  return { logits, attention };
}

/** Trains the reversal Transformer and measures it on held-out sequences; frees the model. */
export function trainReversal(options: ReversalOptions = {}): ReversalResult {
  const o: Required<ReversalOptions> = {
    ...DEFAULTS,
    ...checkOptionsObject<ReversalOptions>(options, 'trainReversal'),
  };
  for (const k of ['vocab', 'length', 'dModel', 'numHeads', 'dFF', 'layers', 'batchSize', 'trainSize', 'testSize'])
    checkInteger(o[k as keyof ReversalOptions], `trainReversal ${k}`);
  checkInteger(o.steps, 'trainReversal steps', 0);
  checkInteger(o.seed, 'trainReversal seed', 0);
  if (o.dModel % o.numHeads !== 0)
    throw new InputError(`trainReversal: dModel ${o.dModel} does not split into ${o.numHeads} heads`);
  if (!(o.learningRate > 0)) throw new InputError(`trainReversal learningRate: must be > 0, got ${o.learningRate}`);

  const data = reversalData(o.trainSize + o.testSize, o.length, o.vocab, o.seed);
  const train = { inputs: data.inputs.slice(0, o.trainSize), targets: data.targets.slice(0, o.trainSize) };
  const test = { inputs: data.inputs.slice(o.trainSize), targets: data.targets.slice(o.trainSize) };
  const probe = test.inputs[0];

  const model = buildModel(o);
  const positions = o.positional ? sinusoidalPositions(o.length, o.dModel) : null;
  const snapshots: ReversalSnapshot[] = [];
  const snapshot = (step: number) => {
    if (!o.snapshotSteps.includes(step)) return;
    const weights = tf.tidy(() =>
      forward(model, tf.tensor2d([probe], undefined, 'int32'), positions, o).attention.map(
        (a) => (a.arraySync() as number[][][][])[0],
      ),
    );
    snapshots.push({ step, weights });
  };
  try {
    const losses = trainWithAdam({
      ...o,
      seed: o.seed + 7,
      variables: model.variables,
      after: snapshot,
      loss: (picks) => {
        const ids = tf.tensor2d(
          picks.map((i) => train.inputs[i]),
          undefined,
          'int32',
        );
        const targets = tf.tensor2d(
          picks.map((i) => train.targets[i]),
          undefined,
          'int32',
        );
        const { logits } = forward(model, ids, positions, o);
        return tf.losses.softmaxCrossEntropy(tf.oneHot(targets, o.vocab), logits);
      },
    });
    const predicted = tf.tidy(
      () =>
        tf
          .argMax(forward(model, tf.tensor2d(test.inputs, undefined, 'int32'), positions, o).logits, -1)
          .arraySync() as number[][],
    );
    let whole = 0;
    let digits = 0;
    predicted.forEach((p, i) => {
      const right = p.filter((v, j) => v === test.targets[i][j]).length;
      digits += right;
      if (right === o.length) whole += 1;
    });
    return {
      options: o,
      accuracy: whole / test.inputs.length,
      digitAccuracy: digits / (test.inputs.length * o.length),
      losses,
      probe,
      snapshots,
    };
  } finally {
    tf.dispose(model.variables);
    if (positions) positions.dispose();
  }
}
