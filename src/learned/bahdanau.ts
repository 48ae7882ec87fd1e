// Bahdanau, Cho and Bengio's (2014) additive attention, trained here to translate dates
// written by people into ISO dates. At each output step i the decoder scores every encoder
// annotation hⱼ against its previous state sᵢ₋₁,
//   eᵢⱼ = vᵀ tanh(W sᵢ₋₁ + U hⱼ),   αᵢ = softmax(eᵢ),   cᵢ = Σⱼ αᵢⱼ hⱼ,
// and a recurrent layer takes the context cᵢ and the previous output character to its next state.
// The encoder is convolutional (character embeddings, two 1-D convolutions of width 5)
// rather than the paper's bidirectional RNN: each hⱼ still summarises the input around j,
// and the whole sequence is encoded in a few ops, which keeps training within seconds on
// two cores. Training uses tf.train.adam, teacher forcing, seeded data and initialisation;
// everything it allocates is freed before it returns.
import type { Tensor, Tensor2D, Variable } from '@tensorflow/tfjs-node';
import { matMulRows } from '../attention/projections';
import { tf } from '../core/backend';
import { InputError, checkInteger } from '../core/validate';
import { TrainingOptions, checkOptionsObject, trainWithAdam } from './training';
import { DATE_INPUT_CHARS, DATE_OUTPUT_CHARS, DatePair, datePairs } from '../datasets/dates';

/** Sizes of the model; training options as in TrainingOptions (alignments of `probes` held-out dates recorded). */
export interface BahdanauOptions extends TrainingOptions {
  embed?: number;
  /** Width of the annotations hⱼ. */
  hidden?: number;
  /** Width of the decoder state sᵢ. */
  state?: number;
  /** Width of the attention's tanh layer. */
  attention?: number;
  /** How many held-out examples to record alignments for during training. */
  probes?: number;
  /** How many held-out examples to return the final alignments of. */
  alignmentSample?: number;
}

export interface AlignmentSnapshot {
  step: number;
  /** Per probe: output characters × input characters, each row sums to 1. */
  alignments: number[][][];
  /** Per probe: what the model wrote at this step. */
  outputs: string[];
}

export interface BahdanauResult {
  options: Required<BahdanauOptions>;
  /** Whole ISO date exactly right, on held-out dates never seen in training. */
  accuracy: number;
  losses: Array<[number, number]>;
  probes: DatePair[];
  snapshots: AlignmentSnapshot[];
  /** Alignments after training for the first `alignmentSample` held-out dates (output × input characters). */
  heldOutAlignments: Array<{ pair: DatePair; alignment: number[][] }>;
  /** A few held-out mistakes (human, expected, written). */
  mistakes: Array<{ human: string; expected: string; written: string }>;
  trainSize: number;
}

const DEFAULTS: Required<BahdanauOptions> = {
  embed: 16,
  hidden: 64,
  state: 64,
  attention: 32,
  steps: 100,
  batchSize: 64,
  learningRate: 0.01,
  trainSize: 4000,
  testSize: 500,
  seed: 1,
  snapshotSteps: [0, 25, 50, 100],
  probes: 3,
  alignmentSample: 100,
};

const OUT_LEN = 10; // yyyy-mm-dd
const IN_INDEX = new Map(DATE_INPUT_CHARS.map((c, i) => [c, i]));
const OUT_INDEX = new Map(DATE_OUTPUT_CHARS.map((c, i) => [c, i]));

function encodeHuman(s: string, length: number): number[] {
  const ids = Array.from(s).map((c) => {
    const i = IN_INDEX.get(c);
    if (i === undefined) throw new InputError(`Bahdanau dates: character '${c}' is not in the input alphabet`);
    return i;
  });
  return [...ids, ...Array<number>(length - ids.length).fill(0)];
}

type Params = Record<string, Variable>;

function buildParams(o: Required<BahdanauOptions>): Params {
  let seed = o.seed * 1000;
  const glorot = (shape: number[]) => {
    const fanIn = shape.length === 3 ? shape[0] * shape[1] : shape[0];
    // tf.variable keeps its initial tensor alive unless that is freed: made inside tidy.
    return tf.tidy(() => tf.variable(tf.randomNormal(shape, 0, 1 / Math.sqrt(fanIn), 'float32', seed++)));
  };
  const zeros = (n: number) => tf.tidy(() => tf.variable(tf.zeros([n])));
  const V = DATE_INPUT_CHARS.length;
  const Y = DATE_OUTPUT_CHARS.length;
  return {
    E: glorot([V, o.embed]), // input character embeddings
    conv1: glorot([5, o.embed, o.hidden]),
    conv1b: zeros(o.hidden),
    conv2: glorot([5, o.hidden, o.hidden]),
    conv2b: zeros(o.hidden),
    W: glorot([o.state, o.attention]), // W sᵢ₋₁
    U: glorot([o.hidden, o.attention]), // U hⱼ
    v: glorot([o.attention, 1]),
    Ey: glorot([Y, o.embed]), // previous output character
    init: glorot([o.hidden, o.state]), // s₀ from the mean annotation
    Wy: glorot([o.embed, o.state]), // sᵢ = tanh(yᵢ₋₁ Wy + cᵢ Wc + sᵢ₋₁ Ws + b)
    Wc: glorot([o.hidden, o.state]),
    Ws: glorot([o.state, o.state]),
    bs: zeros(o.state),
    Wo: glorot([o.state + o.hidden + o.embed, Y]), // output from [sᵢ; cᵢ; yᵢ₋₁]
    bo: zeros(Y),
  };
}

/** Annotations h (B, T, hidden) and the additive mask (B, T): 0 on characters, -1e9 on padding. */
function encode(p: Params, ids: Tensor) {
  const x = matMulRows(tf.oneHot(ids, DATE_INPUT_CHARS.length).toFloat(), p.E as Tensor2D); // (B, T, embed)
  const h1 = tf.tanh(tf.add(tf.conv1d(x as tf.Tensor3D, p.conv1 as tf.Tensor3D, 1, 'same'), p.conv1b));
  const h = tf.tanh(tf.add(tf.conv1d(h1 as tf.Tensor3D, p.conv2 as tf.Tensor3D, 1, 'same'), p.conv2b)); // (B, T, hidden)
  const present = tf.cast(tf.notEqual(ids, 0), 'float32'); // (B, T)
  const bias = tf.mul(tf.sub(present, 1), 1e9);
  return { h, bias, present };
}

/**
 * Decodes OUT_LEN characters. With `targets` (teacher forcing) it returns the logits for the
 * loss; without, it feeds back its own greedy choices. Also returns the alignments (B, OUT_LEN, T).
 * Written for few ops per step (tfjs runs each op on its own): what does not depend on the
 * previous step (the encoder's U hⱼ, the teacher's characters, the output layer) is computed
 * for all steps at once.
 */
function decode(p: Params, ids: Tensor, targets?: Tensor) {
  const { h, bias, present } = encode(p, ids);
  const B = ids.shape[0];
  const Uh = matMulRows(h, p.U as Tensor2D); // (B, T, attention): U hⱼ, once for all steps
  const v = tf.reshape(p.v, [1, 1, -1]);
  const meanH = tf.div(tf.sum(tf.mul(h, present.expandDims(2)), 1), tf.sum(present, 1, true)); // (B, hidden)
  let s = tf.tanh(tf.matMul(meanH, p.init)); // (B, state)
  const embedOut = (chars: Tensor) =>
    matMulRows(tf.oneHot(chars, DATE_OUTPUT_CHARS.length).toFloat(), p.Ey as Tensor2D);
  // The previous characters: <start> then the targets (teacher forcing), all at once.
  const teacher = targets
    ? embedOut(tf.concat([tf.zeros([B, 1], 'int32'), targets.slice([0, 0], [B, OUT_LEN - 1])], 1))
    : null; // (B, OUT_LEN, embed)
  const teacherY = teacher ? tf.unstack(teacher, 1) : [];
  const teacherGate = teacher ? tf.unstack(tf.add(matMulRows(teacher, p.Wy as Tensor2D), p.bs), 1) : [];
  let y = embedOut(tf.zeros([B], 'int32')); // (B, embed): <start>
  const states: Tensor[] = [];
  const contexts: Tensor[] = [];
  const ys: Tensor[] = [];
  const alphas: Tensor[] = [];
  for (let i = 0; i < OUT_LEN; i++) {
    const Ws = tf.matMul(s, p.W).expandDims(1); // (B, 1, attention): W sᵢ₋₁
    const e = tf.add(tf.sum(tf.mul(tf.tanh(tf.add(Ws, Uh)), v), 2), bias); // (B, T): vᵀ tanh(W sᵢ₋₁ + U hⱼ)
    const alpha = tf.softmax(e); // (B, T)
    const c = tf.sum(tf.mul(alpha.expandDims(2), h), 1); // (B, hidden): Σⱼ αᵢⱼ hⱼ
    if (teacher) y = teacherY[i];
    const gate = teacher ? teacherGate[i] : tf.add(tf.matMul(y, p.Wy), p.bs);
    s = tf.tanh(tf.add(gate, tf.add(tf.matMul(c, p.Wc), tf.matMul(s, p.Ws)))); // (B, state)
    states.push(s);
    contexts.push(c);
    ys.push(y);
    alphas.push(alpha);
    if (!teacher) {
      const out = tf.add(tf.matMul(tf.concat([s, c, y], 1), p.Wo), p.bo); // (B, Y)
      y = embedOut(tf.argMax(out, 1).toInt());
    }
  }
  const features = tf.concat([tf.stack(states, 1), tf.stack(contexts, 1), tf.stack(ys, 1)], 2); // (B, OUT_LEN, ...)
  const logits = tf.add(matMulRows(features, p.Wo as Tensor2D), p.bo); // (B, OUT_LEN, Y)
  return { logits, alignments: tf.stack(alphas, 1) }; // (B, OUT_LEN, T)
}

/** Trains the date translator with additive attention and measures it on held-out dates; frees the model. */
export function trainBahdanau(options: BahdanauOptions = {}): BahdanauResult {
  const o: Required<BahdanauOptions> = {
    ...DEFAULTS,
    ...checkOptionsObject<BahdanauOptions>(options, 'trainBahdanau'),
  };
  for (const k of [
    'embed',
    'hidden',
    'state',
    'attention',
    'batchSize',
    'trainSize',
    'testSize',
    'probes',
    'alignmentSample',
  ])
    checkInteger(o[k as keyof BahdanauOptions], `trainBahdanau ${k}`);
  checkInteger(o.steps, 'trainBahdanau steps', 0);
  checkInteger(o.seed, 'trainBahdanau seed', 0);
  if (!(o.learningRate > 0)) throw new InputError(`trainBahdanau learningRate: must be > 0, got ${o.learningRate}`);
  if (o.probes > o.testSize) throw new InputError(`trainBahdanau: ${o.probes} probes > ${o.testSize} test dates`);

  const { train, test } = datePairs(o.trainSize + o.testSize, o.trainSize, o.seed);
  const T = Math.max(...[...train, ...test].map((p) => p.human.length));
  const trainIds = train.map((p) => encodeHuman(p.human, T));
  // Decoder inputs are the targets shifted right by one (teacher forcing): <start>, y₁, ..., y₉.
  const trainTargets = train.map((p) => Array.from(p.iso).map((c) => OUT_INDEX.get(c) as number));
  const testIds = test.map((p) => encodeHuman(p.human, T));
  const probes = test.slice(0, o.probes);

  const p = buildParams(o);
  const variables = Object.values(p);
  const snapshots: AlignmentSnapshot[] = [];
  // What the decoder wrote; '∅' where it chose the start symbol (only before training).
  const write = (rows: number[][]) => rows.map((r) => r.map((k) => (k === 0 ? '∅' : DATE_OUTPUT_CHARS[k])).join(''));
  const snapshot = (step: number) => {
    if (!o.snapshotSteps.includes(step)) return;
    const [alignments, written] = tf.tidy(() => {
      const out = decode(p, tf.tensor2d(testIds.slice(0, o.probes), undefined, 'int32'));
      return [out.alignments.arraySync() as number[][][], tf.argMax(out.logits, -1).arraySync() as number[][]];
    });
    snapshots.push({
      step,
      alignments: alignments.map((a, k) => a.map((row) => row.slice(0, probes[k].human.length))),
      outputs: write(written),
    });
  };
  try {
    const losses = trainWithAdam({
      ...o,
      seed: o.seed + 7,
      variables,
      after: snapshot,
      loss: (picks) => {
        const ids = tf.tensor2d(
          picks.map((i) => trainIds[i]),
          undefined,
          'int32',
        );
        const targets = tf.tensor2d(
          picks.map((i) => trainTargets[i]),
          undefined,
          'int32',
        );
        const { logits } = decode(p, ids, targets);
        return tf.losses.softmaxCrossEntropy(tf.oneHot(targets, DATE_OUTPUT_CHARS.length), logits);
      },
    });
    const [predicted, aligned] = tf.tidy(() => {
      const out = decode(p, tf.tensor2d(testIds, undefined, 'int32'));
      const sample = Math.min(o.alignmentSample, test.length);
      return [
        tf.argMax(out.logits, -1).arraySync() as number[][],
        out.alignments.slice([0, 0, 0], [sample, -1, -1]).arraySync() as number[][][],
      ];
    });
    const written = write(predicted);
    const heldOutAlignments = aligned.map((a, k) => ({
      pair: test[k],
      alignment: a.map((row) => row.slice(0, test[k].human.length)),
    }));
    const mistakes = test
      .map((pair, i) => ({ human: pair.human, expected: pair.iso, written: written[i] }))
      .filter((m) => m.written !== m.expected);
    return {
      options: o,
      accuracy: 1 - mistakes.length / test.length,
      losses,
      probes,
      snapshots,
      heldOutAlignments,
      mistakes: mistakes.slice(0, 5),
      trainSize: train.length,
    };
  } finally {
    tf.dispose(variables);
  }
}
