// Every public function of src/ (every function src/index.ts exports), in one table:
//  - bad input (wrong shapes, empty, NaN/Infinity, wrong types from untyped notebook code)
//    gives an InputError whose message names the function or argument and the problem;
//  - no leaks: the valid call and every bad call, run many times, leave tfjs' tensor count
//    and bytes where they started (results are disposed by the caller, as notebooks do).
// The test fails when src/index.ts exports a function this table does not list: add a row.
// A second table, INTERNALS, keeps the same checks on the functions that src/index.ts
// no longer exports (they stay inside src/), called from their own modules.
// Rows marked `todo` are known shortcomings, reported rather than fixed here.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as attention from '../../src/attention/index';
import * as paths from '../../src/core/paths';
import * as random from '../../src/core/random';
import * as transformersjs from '../../src/core/transformersjs';
import * as validate from '../../src/core/validate';
import * as fruit from '../../src/datasets/fruit';
import * as photos from '../../src/datasets/photos';
import * as pixels from '../../src/datasets/pixels';
import * as documentModels from '../../src/embeddings/documentModels';
import * as glove from '../../src/embeddings/glove';
import * as mobilenetV2 from '../../src/embeddings/mobilenetV2';
import * as progress from '../../src/embeddings/progress';
import * as embedderTypes from '../../src/embeddings/types';
import * as universalSentenceEncoder from '../../src/embeddings/universalSentenceEncoder';
import * as api from '../../src/index';
import * as pythonFormat from '../../src/lessons/pythonFormat';
import * as toyAttention from '../../src/lessons/toyAttention';
import * as display from '../../src/show/display';
import * as heatmaps from '../../src/show/heatmaps';
import * as scatter from '../../src/show/scatter';
import * as tables from '../../src/show/tables';
import * as tokenizers from '../../src/tokenizers/index';
import * as tokenizerTypes from '../../src/tokenizers/types';
import * as wordpiece from '../../src/tokenizers/wordpiece';

const { tf, InputError } = api;
// Untyped notebook code can pass anything: the tables call through `any` on purpose.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const A = api as any;
// The modules of the functions in INTERNALS, as one object.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const I: any = {
  ...attention,
  ...paths,
  ...random,
  ...transformersjs,
  ...validate,
  ...fruit,
  ...photos,
  ...pixels,
  ...documentModels,
  ...glove,
  ...mobilenetV2,
  ...progress,
  ...embedderTypes,
  ...universalSentenceEncoder,
  ...pythonFormat,
  ...toyAttention,
  ...display,
  ...heatmaps,
  ...scatter,
  ...tables,
  ...tokenizers,
  ...tokenizerTypes,
  ...wordpiece,
};

type Call = () => unknown;
interface Bad {
  /** Accept another Error class than InputError (the message must still be clear). */
  anyError?: string;
  /** A known shortcoming in src/, reported instead of fixed here: the test shows as TODO. */
  todo?: string;
}
interface Row {
  /** A valid call (its result is disposed), or null with a note. */
  good: Call | null;
  /** Bad inputs tried: [what, call, what the message must say, options]. */
  bad: Array<[string, Call, RegExp, Bad?]>;
  /** Leak-check repetitions (default 20; model loaders fewer). */
  times?: number;
  note?: string;
}

// ---- inputs -------------------------------------------------------------------
const M = [
  [1, 2, 3],
  [4, 5, 6],
];
const V = [1, 2, 3];
const NAN_M = [
  [1, NaN, 3],
  [4, 5, 6],
];
const INF_V = [1, Infinity, 3];
const RAGGED = [
  [1, 2, 3],
  [4, 5],
];
const STR_M = [
  [1, 'x', 3],
  [4, 5, 6],
];
const X3 = [
  [
    [1, 0],
    [0, 1],
    [1, 1],
  ],
]; // (1, 3, 2)
const W2 = [
  [1, 0],
  [0, 1],
];
const PNG_FILE = photos.photoPath('coffee');
const NOT_IMAGE = new Uint8Array([1, 2, 3, 4, 5]);
let tmp: string;
// Tensors used as inputs are made once (in before()), so the leak checks count only
// what the functions themselves allocate.
let t3: api.tf.Tensor3D; // a small [4, 5, 3] image
let matrixT: api.tf.Tensor; // [2, 2] zeros
let vectorT: api.tf.Tensor; // [3] zeros
let rank3T: api.tf.Tensor; // [1, 1, 1] zeros
let nanT: api.tf.Tensor; // [[NaN]]
let over255T: api.tf.Tensor; // [2, 2, 3] of 300
let nanImageT: api.tf.Tensor; // [2, 2, 3] of NaN
let digits: { images: api.tf.Tensor2D; labels: number[] };
let digits40: api.tf.Tensor2D;

/** Loads a model, uses it, and always disposes it (the bad calls below throw inside `use`). */
async function withModel<T extends { dispose(): void }>(
  load: () => Promise<T> | T,
  use: (m: T) => unknown,
): Promise<unknown> {
  const m = await load();
  try {
    return await use(m);
  } finally {
    m.dispose();
  }
}

// USE lite's vocabulary layout: <unk>, <s>, </s> first, then [piece, score] pairs.
const UNIGRAM = [
  ['<unk>', 0],
  ['<s>', 0],
  ['</s>', 0],
  ['▁a', -1],
  ['▁b', -2],
  ['▁', -3],
  ['a', -4],
  ['b', -5],
];
const fig = () =>
  api.heatmap([
    [1, 2],
    [3, 4],
  ]);
const quiet = <T>(f: () => T): T => f();

const TABLE: Record<string, Row> = {
  // core
  backendInfo: { good: () => A.backendInfo(), bad: [], note: 'takes no arguments' },
  describeBackend: { good: () => A.describeBackend(), bad: [], note: 'takes no arguments' },
  InputError: { good: () => new InputError('x'), bad: [], note: 'the error class itself' },
  randomUniform: {
    good: () => A.randomUniform([2, 3], 1),
    bad: [
      ['shape', () => A.randomUniform([], 1), /randomUniform shape/],
      ['seed', () => A.randomUniform([2], -1), /randomUniform seed/],
      ['min >= max', () => A.randomUniform([2], 1, 1, 0), /randomUniform: min must be < max/],
    ],
  },
  randomNormal: {
    good: () => A.randomNormal([2, 3], 1),
    bad: [
      ['stdDev 0', () => A.randomNormal([2], 1, 0, 0), /randomNormal stdDev: must be > 0/],
      ['shape 1.5', () => A.randomNormal([1.5], 1), /randomNormal shape\[0\]/],
    ],
  },
  // maths
  dot: {
    good: () => A.dot(V, V),
    bad: [
      ['lengths differ', () => A.dot([1, 2], V), /dot: vectors have different lengths \(2 and 3\)/],
      ['empty', () => A.dot([], []), /dot: a: is empty/],
      ['NaN', () => A.dot([NaN, 1, 2], V), /dot: a: element 0 is NaN/],
      ['string', () => A.dot('abc', V), /dot: a: expected an array of numbers/],
    ],
  },
  norm: {
    good: () => A.norm(V),
    bad: [
      ['empty', () => A.norm([]), /norm: is empty/],
      ['Infinity', () => A.norm(INF_V), /norm: element 1 is Infinity/],
      ['matrix', () => A.norm(M), /norm: element 0 is an array/],
    ],
  },
  cosineSimilarity: {
    good: () => A.cosineSimilarity(V, [3, 2, 1]),
    bad: [
      ['lengths differ', () => A.cosineSimilarity([1], V), /cosineSimilarity: vectors have different lengths/],
      ['NaN', () => A.cosineSimilarity(V, [1, NaN, 1]), /cosineSimilarity: b: element 1 is NaN/],
      ['undefined', () => A.cosineSimilarity(V, undefined), /cosineSimilarity: b: expected an array of numbers/],
    ],
  },
  angleDegrees: {
    good: () => A.angleDegrees([1, 0], [0, 1]),
    bad: [
      ['lengths differ', () => A.angleDegrees([1], V), /cosineSimilarity: vectors have different lengths/],
      ['empty', () => A.angleDegrees([], []), /is empty/],
    ],
  },
  euclideanDistance: {
    good: () => A.euclideanDistance(V, [0, 0, 0]),
    bad: [
      ['lengths differ', () => A.euclideanDistance([1, 2], V), /euclideanDistance: vectors have different lengths/],
      ['Infinity', () => A.euclideanDistance(INF_V, V), /euclideanDistance: a: element 1 is Infinity/],
    ],
  },
  l2Normalize: {
    good: () => A.l2Normalize(M),
    bad: [
      ['ragged', () => A.l2Normalize(RAGGED), /l2Normalize: rows have different lengths/],
      ['empty', () => A.l2Normalize([]), /l2Normalize: is empty/],
      ['NaN', () => A.l2Normalize(NAN_M), /l2Normalize: element \[0\]\[1\] is NaN/],
    ],
  },
  cosineSimilarityMatrix: {
    good: () => A.cosineSimilarityMatrix(M),
    bad: [
      [
        'widths differ',
        () => A.cosineSimilarityMatrix(M, [[1, 2]]),
        /cosineSimilarityMatrix: X has vectors of width 3 but Y has width 2/,
      ],
      ['string', () => A.cosineSimilarityMatrix(STR_M), /element \[0\]\[1\] is string x/],
      ['vector', () => A.cosineSimilarityMatrix(V), /row 0 is number 1/],
    ],
  },
  dotProductMatrix: {
    good: () => A.dotProductMatrix(M, M),
    bad: [
      [
        'widths differ',
        () => A.dotProductMatrix(M, [[1, 2]]),
        /dotProductMatrix: X has vectors of width 3 but Y has width 2/,
      ],
      ['NaN tensor', () => A.dotProductMatrix(nanT), /dotProductMatrix: X: contains NaN or Infinity/],
    ],
  },
  softmax: {
    good: () => A.softmax(M),
    bad: [
      ['temperature 0', () => A.softmax(M, { temperature: 0 }), /softmax temperature: must be > 0/],
      ['axis out of range', () => A.softmax(M, { axis: 2 }), /softmax axis: 2 is out of range for a tensor of rank 2/],
      ['NaN', () => A.softmax(NAN_M), /softmax scores: element \[0\]\[1\] is NaN/],
      ['empty', () => A.softmax([]), /softmax scores: is empty/],
      ['string', () => A.softmax('1,2'), /softmax scores: expected a tensor or nested arrays/],
    ],
  },
  tokenIndices: {
    good: () => A.tokenIndices(['a', 'b', 'a']),
    bad: [
      ['empty', () => A.tokenIndices([]), /tokenIndices: expected a non-empty array of tokens/],
      ['number token', () => A.tokenIndices(['a', 1]), /tokenIndices: token 1 is number, expected a string/],
    ],
  },
  oneHot: {
    good: () => A.oneHot([0, 2], 3),
    bad: [
      ['index out of range', () => A.oneHot([3], 3), /oneHot indices: entry 0 is 3, expected an integer in 0\.\.2/],
      ['order', () => A.oneHot([0], 3, 'reversed'), /oneHot order: expected 'standard' or 'document'/],
      ['depth 0', () => A.oneHot([0], 0), /oneHot/],
    ],
  },
  oneHotBits: {
    good: () => A.oneHotBits(1, 4, 'document'),
    bad: [['NaN', () => A.oneHotBits(NaN, 4), /oneHotBits/]],
  },
  embeddingLookup: {
    good: () => A.embeddingLookup(M, [1, 0]),
    bad: [
      ['index', () => A.embeddingLookup(M, [2]), /embeddingLookup indices: entry 0 is 2/],
      ['NaN weights', () => A.embeddingLookup(NAN_M, [0]), /embeddingLookup/],
    ],
  },
  ExactSearch: {
    good: async () => {
      const s = new A.ExactSearch(3);
      await s.add([0, 1], M);
      const hits = await s.search([V], 1);
      s.close();
      return hits;
    },
    bad: [
      ['dim 0', () => new A.ExactSearch(0), /ExactSearch dim: must be an integer >= 1/],
      [
        'NaN query',
        async () => {
          const s = new A.ExactSearch(3);
          try {
            await s.add([0, 1], M);
            return await s.search([INF_V], 1);
          } finally {
            s.close();
          }
        },
        /ExactSearch queries: element 1 is Infinity|ExactSearch queries: element \[0\]\[1\] is Infinity/,
      ],
      [
        'empty',
        async () => {
          const s = new A.ExactSearch(3);
          try {
            return await s.search([V], 1);
          } finally {
            s.close();
          }
        },
        /ExactSearch search: the table is empty/,
      ],
    ],
  },
  LanceSearch: {
    good: async () => {
      const s = await A.LanceSearch.open({ uri: path.join(tmp, 'lance'), table: 't', mode: 'overwrite', dim: 3 });
      try {
        await s.add([0, 1], M);
        return await s.search([V], 1);
      } finally {
        s.close();
      }
    },
    bad: [
      ['no uri', () => A.LanceSearch.open({ table: 't' }), /LanceSearch uri: expected a folder or URI string/],
      ['no table', () => A.LanceSearch.open({ uri: path.join(tmp, 'none'), table: 't' }), /LanceSearch: no table t in/],
      [
        'widths',
        async () => {
          const s = await A.LanceSearch.open({ uri: path.join(tmp, 'lance'), table: 'w', mode: 'overwrite', dim: 3 });
          try {
            await s.add([0, 1], M);
            return await s.search([[1, 2]], 1);
          } finally {
            s.close();
          }
        },
        /LanceSearch queries: vectors have width 2 but this search holds width 3/,
      ],
    ],
    times: 3,
  },
  recallAtK: {
    good: () => A.recallAtK([[{ id: 1, score: 1 }]], [[{ id: 1, score: 1 }]], 1),
    bad: [
      ['lengths', () => A.recallAtK([], [[{ id: 1, score: 1 }]], 1), /recallAtK: 0 approximate results for 1 queries/],
      ['k', () => A.recallAtK([[{ id: 1, score: 1 }]], [[{ id: 1, score: 1 }]], 2), /fewer than k = 2/],
    ],
  },
  topK: {
    good: () => A.topK(M, M, 1),
    bad: [
      ['k too big', () => A.topK(M, M, 3), /topK: k = 3 but the corpus has only 2 candidate rows/],
      ['widths', () => A.topK([[1, 2]], M, 1), /topK: queries have width 2 but the corpus has width 3/],
      ['metric', () => A.topK(M, M, 1, { metric: 'manhattan' }), /topK metric: expected 'cosine' or 'euclidean'/],
      ['k 0', () => A.topK(M, M, 0), /topK k: must be an integer >= 1/],
    ],
  },
  nearDuplicates: {
    good: () => A.nearDuplicates(M, 0.9),
    bad: [
      ['threshold 2', () => A.nearDuplicates(M, 2), /nearDuplicates threshold: expected a number in \[-1, 1\]/],
      ['NaN', () => A.nearDuplicates(NAN_M, 0.5), /element \[0\]\[1\] is NaN/],
    ],
  },
  pca: {
    good: () =>
      A.pca(
        [
          [1, 2, 0],
          [3, 1, 1],
          [0, 0, 5],
          [2, 2, 2],
        ],
        2,
      ),
    bad: [
      ['one row', () => A.pca([[1, 2]]), /pca: needs at least 2 rows/],
      ['components', () => A.pca(M, 5), /pca: nComponents = 5 but at most/],
      ['NaN', () => A.pca(NAN_M), /pca: element \[0\]\[1\] is NaN/],
    ],
    times: 5,
  },
  umap: {
    good: () =>
      A.umap(
        Array.from({ length: 12 }, (_, i) => [i, (i * i) % 7, i % 3]),
        { nEpochs: 20 },
      ),
    bad: [
      ['too few rows', () => A.umap([[1, 2]]), /umap/],
      ['metric', () => A.umap(M, { metric: 'manhattan' }), /umap/],
    ],
    times: 3,
  },
  // attention
  causalMask: {
    good: () => A.causalMask(4),
    bad: [
      ['n 0', () => A.causalMask(0), /causalMask/],
      ['fraction', () => A.causalMask(2.5), /causalMask/],
    ],
  },
  slidingWindowMask: {
    good: () => A.slidingWindowMask(5, 2),
    bad: [['window 0', () => A.slidingWindowMask(5, 0), /slidingWindowMask/]],
  },
  symmetricWindowMask: {
    good: () => A.symmetricWindowMask(5, 1),
    bad: [['radius -1', () => A.symmetricWindowMask(5, -1), /symmetricWindowMask/]],
  },
  maskCost: {
    good: () =>
      A.maskCost([
        [true, false],
        [true, true],
      ]),
    bad: [
      ['empty', () => A.maskCost([]), /mask/i],
      ['NaN', () => A.maskCost([[NaN]]), /mask/i],
    ],
  },
  scaledDotProductAttention: {
    good: () => A.scaledDotProductAttention(X3, X3, X3),
    bad: [
      ['widths differ', () => A.scaledDotProductAttention(X3, [[[1, 2, 3]]], X3), /scaledDotProductAttention/],
      ['NaN', () => A.scaledDotProductAttention([[[NaN, 1]]], X3, X3), /scaledDotProductAttention/],
      ['vector', () => A.scaledDotProductAttention(V, V, V), /scaledDotProductAttention/],
      ['scale 0', () => A.scaledDotProductAttention(X3, X3, X3, { scale: 0 }), /scale/],
      ['mask shape', () => A.scaledDotProductAttention(X3, X3, X3, { mask: [[true, false]] }), /mask/],
    ],
  },
  projectQKV: {
    good: () => A.projectQKV(X3, W2, W2, W2),
    bad: [
      ['weights', () => A.projectQKV(X3, [[1, 2, 3]], W2, W2), /projectQKV/],
      [
        'NaN',
        () =>
          A.projectQKV(
            X3,
            [
              [NaN, 0],
              [0, 1],
            ],
            W2,
            W2,
          ),
        /projectQKV/,
      ],
    ],
  },
  selfAttention: {
    good: () => A.selfAttention(X3, W2, W2, W2),
    bad: [
      ['weights', () => A.selfAttention(X3, W2, W2, [[1]]), /selfAttention/],
      ['empty', () => A.selfAttention([], W2, W2, W2), /selfAttention/],
    ],
  },
  multiHeadAttention: {
    good: () => A.multiHeadAttention(X3, { W_Q: W2, W_K: W2, W_V: W2, W_O: W2, numHeads: 2 }),
    bad: [
      [
        'heads',
        () => A.multiHeadAttention(X3, { W_Q: W2, W_K: W2, W_V: W2, W_O: W2, numHeads: 3 }),
        /multiHeadAttention/,
      ],
      ['no weights', () => A.multiHeadAttention(X3, undefined), /multiHeadAttention/],
    ],
  },
  flashAttention: {
    good: () => A.flashAttention(X3, X3, X3, { blockSizeQ: 2, blockSizeK: 2 }),
    bad: [
      ['block 0', () => A.flashAttention(X3, X3, X3, { blockSizeQ: 0 }), /flashAttention/],
      ['NaN', () => A.flashAttention([[[NaN, 1]]], X3, X3), /flashAttention/],
      ['mask of the wrong size', () => A.flashAttention(X3, X3, X3, { mask: [[1, 0]] }), /flashAttention mask/],
    ],
  },
  attentionKernel: { good: () => A.attentionKernel(), bad: [], note: 'no arguments' },
  flashBlockSizes: {
    good: () => A.flashBlockSizes(8, 1024, 1024, { isCausal: true }),
    bad: [['heads NaN', () => A.flashBlockSizes(NaN, 16, 16), /flashBlockSizes/]],
  },
  flashAttentionTrace: {
    good: () => A.flashAttentionTrace(X3[0], X3[0], X3[0], { blockSizeQ: 2, blockSizeK: 2 }),
    bad: [
      ['rank 3', () => A.flashAttentionTrace(X3, X3, X3), /flashAttentionTrace/],
      ['too big', () => A.flashAttentionTrace(zeros(65, 2), zeros(65, 2), zeros(65, 2)), /flashAttentionTrace/],
    ],
  },
  simpleAttention: {
    good: () => A.simpleAttention(X3),
    bad: [
      ['vector', () => A.simpleAttention(V), /simpleAttention/],
      ['Infinity', () => A.simpleAttention([[Infinity, 1]]), /simpleAttention/],
    ],
  },
  oneDnnSoftmaxAvailable: { good: () => A.oneDnnSoftmaxAvailable(), bad: [], note: 'takes no arguments' },
  timeCall: {
    good: () => A.timeCall(() => tf.ones([4]), { reps: 2, warmup: 0 }),
    bad: [
      ['not a function', () => A.timeCall(1), /timeCall/],
      ['reps 0', () => A.timeCall(() => tf.ones([1]), { reps: 0 }), /timeCall/],
    ],
  },
  peakTensorBytes: {
    good: () => A.peakTensorBytes(() => tf.ones([4])),
    bad: [['not a function', () => A.peakTensorBytes(1), /peakTensorBytes/]],
  },
  attentionCost: {
    good: () => A.attentionCost(16, { heads: 2, d: 8 }),
    bad: [
      ['n 0', () => A.attentionCost(0), /attentionCost/],
      ['window NaN', () => A.attentionCost(8, { window: NaN }), /attentionCost/],
    ],
  },
  // embeddings
  isDocumentModelPresent: {
    good: () => A.isDocumentModelPresent('clip'),
    bad: [['unknown', () => A.isDocumentModelPresent('gpt'), /isDocumentModelPresent|gpt/]],
  },
  loadDistilBert: {
    good: null,
    bad: [
      ['no model files', () => A.loadDistilBert({ log: false }), /distilbert-base-uncased is missing or incomplete/],
    ],
    times: 2,
    note: 'offline: models/ is empty',
  },
  loadResNet18: {
    good: null,
    bad: [['no model files', () => A.loadResNet18({ log: false }), /resnet-18 is missing or incomplete/]],
    times: 2,
    note: 'offline: models/ is empty',
  },
  loadClip: {
    good: null,
    bad: [
      [
        'no model files',
        () => A.loadClip({ log: false }),
        /clip-vit-base-patch32 is missing or incomplete.*npm run models/,
      ],
    ],
    times: 2,
    note: 'offline: models/ is empty',
  },
  resolveTextEmbedder: { good: () => A.resolveTextEmbedder({ log: false }), bad: [], times: 2, note: 'options only' },
  resolveImageEmbedder: { good: () => A.resolveImageEmbedder({ log: false }), bad: [], times: 2, note: 'options only' },
  resolveClip: { good: () => A.resolveClip({ log: false }), bad: [], times: 2, note: 'options only' },
  loadGloVe: {
    good: () =>
      withModel(
        () => A.loadGloVe(),
        async (g) => tf.dispose(await embedOf(g)(['cat hat'])),
      ),
    bad: [
      [
        'embed(1)',
        () =>
          withModel(
            () => A.loadGloVe(),
            (g) => embedOf(g)(1),
          ),
        /expected a non-empty array of texts/,
      ],
    ],
    times: 3,
  },
  loadGloveVocabulary: {
    good: () => A.loadGloveVocabulary().words.length,
    bad: [['missing folder', () => A.loadGloveVocabulary('/no/such/corpus'), /is missing: run `npm run data`/]],
    times: 2,
  },
  vocabularyRows: {
    good: () => A.vocabularyRows({ vectors: { values: new Float32Array(6), dim: 3 } }, [1, 0]),
    bad: [
      [
        'row out of range',
        () => A.vocabularyRows({ vectors: { values: new Float32Array(6), dim: 3 } }, [2]),
        /vocabularyRows: row 2 is not in \[0, 2\)/,
      ],
    ],
  },
  loadFaceDescriptor: {
    good: () => A.loadFaceDescriptor({ log: false }),
    bad: [
      [
        'embed(["/no/such.png"])',
        () =>
          withModel(
            () => A.loadFaceDescriptor({ log: false }),
            (e) => embedOf(e)(['/no/such.png']),
          ),
        /does not exist/,
      ],
    ],
    times: 2,
    note: 'the face model is loaded once per process and shared',
  },
  trainDigitEmbedding: {
    good: () => A.trainDigitEmbedding(digits40, digits.labels.slice(0, 40), { epochs: 1 }),
    bad: [
      ['labels', () => A.trainDigitEmbedding(digits.images, [1, 2]), /trainDigitEmbedding/],
      ['array', () => A.trainDigitEmbedding([[1]], [1]), /trainDigitEmbedding/],
    ],
    times: 2,
  },
  // tokenizers
  cl100kTokenizer: {
    good: () => A.cl100kTokenizer().encode('Apple is a fruit'),
    bad: [
      ['encode(null)', () => A.cl100kTokenizer().encode(null), /expected a string, got null/],
      ['decode([-1])', () => A.cl100kTokenizer().decode([-1]), /id 0 is -1/],
    ],
    times: 5,
  },
  llama2Tokenizer: {
    good: () => A.llama2Tokenizer().encode('Apple is a fruit'),
    bad: [
      ['encode(1)', () => A.llama2Tokenizer().encode(1), /expected a string, got number/],
      ['pieces([1.5])', () => A.llama2Tokenizer().pieces([1.5]), /id 0 is 1\.5/],
    ],
    times: 5,
  },
  wordPieceTokenizer: {
    good: () => A.wordPieceTokenizer().encode('Apple is a fruit'),
    bad: [['encode(undefined)', () => A.wordPieceTokenizer().encode(undefined), /expected a string/]],
    times: 3,
  },
  // datasets
  loadPhoto: {
    good: () => A.loadPhoto('coffee'),
    bad: [['unknown', () => A.loadPhoto('nope'), /no photo named "nope"/]],
    times: 5,
  },
  faceSamplePaths: { good: () => A.faceSamplePaths(), bad: [], note: 'takes no arguments' },
  toGrayscale: {
    good: () => A.toGrayscale(t3),
    bad: [['null', () => A.toGrayscale(null), /toGrayscale: expected a file path/]],
  },
  resizeImage: {
    good: () => A.resizeImage(t3, 2, 2),
    bad: [
      ['height 0', () => A.resizeImage(t3, 0, 2), /resizeImage height: must be an integer >= 1/],
      ['bad image', () => A.resizeImage(NOT_IMAGE, 2, 2), /not a PNG/],
    ],
  },
  pixelVector: {
    good: () => A.pixelVector(t3),
    bad: [['array', () => A.pixelVector([[1]]), /pixelVector/]],
  },
  shiftImage: {
    good: () => A.shiftImage(t3, 1, -1),
    bad: [
      ['fraction', () => A.shiftImage(t3, 0.5, 0), /shiftImage/],
      ['array', () => A.shiftImage([[1]], 1, 0), /shiftImage/],
    ],
  },
  cropImage: {
    good: () => A.cropImage(t3, 0, 0, 2, 2),
    bad: [
      ['outside', () => A.cropImage(t3, 3, 3, 5, 5), /cropImage/],
      ['NaN', () => A.cropImage(t3, NaN, 0, 1, 1), /cropImage/],
    ],
  },
  flipImage: { good: () => A.flipImage(t3), bad: [['undefined', () => A.flipImage(undefined), /flipImage/]] },
  adjustBrightness: {
    good: () => A.adjustBrightness(t3, 1.5, 10),
    bad: [
      ['NaN factor', () => A.adjustBrightness(t3, NaN), /adjustBrightness/],
      ['negative', () => A.adjustBrightness(t3, -1), /adjustBrightness/],
    ],
  },
  imageToArray: {
    good: () => A.imageToArray(t3),
    bad: [['null', () => A.imageToArray(null), /imageToArray/]],
  },
  thumbnail: {
    good: () => A.thumbnail(t3, 2),
    bad: [
      ['height 0', () => A.thumbnail(t3, 0), /thumbnail/],
      ['missing file', () => A.thumbnail('/no/such.png'), /does not exist/],
    ],
  },
  loadDigits: { good: () => A.loadDigits(), bad: [], note: 'takes no arguments', times: 5 },
  loadProducts: { good: () => A.loadProducts(), bad: [], note: 'takes no arguments' },
  fruitPictures: {
    good: () => A.fruitPictures(1, 0, 32),
    bad: [['n 0', () => A.fruitPictures(0), /fruitPictures/]],
    times: 5,
  },
  loadBenchResults: {
    good: () => A.loadBenchResults(),
    bad: [
      ['empty path', () => A.loadBenchResults(''), /loadBenchResults: file must be a path/],
      [
        'missing',
        () => A.loadBenchResults('/no/such/bench.json'),
        /loadBenchResults: \/no\/such\/bench\.json is missing/,
      ],
      [
        'not JSON',
        () => A.loadBenchResults(path.join(__dirname, '..', '..', 'README.md')),
        /README\.md is not valid JSON/,
      ],
    ],
    times: 3,
  },
  referenceValues: {
    good: () => A.referenceValues('000'),
    bad: [
      ['path', () => A.referenceValues('../etc'), /referenceValues: bad name/],
      ['missing', () => A.referenceValues('no-such-doc'), /referenceValues: .*no-such-doc\.json is missing/],
      ['number', () => A.referenceValues(0), /referenceValues: bad name 0/],
    ],
  },
  // show (outside a kernel, show* print their text/plain)
  showFigure: {
    good: () => A.showFigure(fig()),
    bad: [['null', () => A.showFigure(null), /showFigure: expected a plotly figure/]],
  },
  showMarkdown: {
    good: () => A.showMarkdown('*x*'),
    bad: [['number', () => A.showMarkdown(1), /showMarkdown: expected a string/]],
  },
  showTable: {
    good: () => A.showTable(['', 'a'], [['x', '1']], 'title'),
    bad: [
      ['empty head', () => A.showTable([], []), /showTable: head must be a non-empty array of strings/],
      ['short row', () => A.showTable(['', 'a'], [['x']]), /showTable: every row must be an array of 2 strings/],
      ['number cell', () => A.showTable(['', 'a'], [['x', 1]]), /showTable: every row must be an array of 2 strings/],
    ],
  },
  showMatrix: {
    good: () => A.showMatrix(M),
    bad: [['null', () => A.showMatrix(null), /matrix table: expected a non-empty/]],
  },
  showComparison: {
    good: () => A.showComparison([{ what: 'x', ours: 1, reference: 1 }]),
    bad: [
      ['empty', () => A.showComparison([]), /showComparison: expected at least one row/],
      ['no number', () => A.showComparison([{ what: 'x', ours: 'a' }]), /showComparison: "x" has no number in ours/],
      [
        'tolerance NaN',
        () => A.showComparison([{ what: 'x', ours: 1 }], { tolerance: NaN }),
        /showComparison: tolerance must be a number ≥ 0, got NaN/,
      ],
      [
        'empty reason',
        () => A.showComparison([{ what: 'x', ours: 1, reference: 2, expectedToDiffer: '' }]),
        /"x" expectedToDiffer must say why/,
      ],
    ],
  },
  showDifferences: {
    good: () => A.showDifferences([{ what: 'm', ours: M, reference: M }]),
    bad: [
      ['empty', () => A.showDifferences([]), /showDifferences: expected at least one row/],
      ['shapes', () => A.showDifferences([{ what: 'm', ours: M, reference: V }]), /shapes differ/],
    ],
  },
  MismatchError: { good: () => new A.MismatchError('x', ['row']), bad: [], note: 'the error class itself' },
  check: {
    good: () => A.check('holds', true),
    bad: [
      ['no description', () => A.check('', true), /check: what must be a non-empty string/],
      ['not a boolean', () => A.check('x', 1), /check "x": holds must be a boolean, got number/],
    ],
  },
  checkEqual: {
    good: () => A.checkEqual('ids', [1, 2], [1, 2]),
    bad: [['no description', () => A.checkEqual(undefined, 1, 1), /checkEqual: what must be a non-empty string/]],
  },
  checkProse: {
    good: () => A.checkProse([{ says: '43,425', value: 43425 }]),
    bad: [
      ['empty', () => A.checkProse([]), /checkProse: expected at least one/],
      ['not a number', () => A.checkProse([{ says: 'about six', value: 6 }]), /"about six" is not a number/],
      ['NaN value', () => A.checkProse([{ says: '1', value: NaN }]), /the value for "1" must be a finite number/],
      ['about 2', () => A.checkProse([{ says: '1', value: 1, about: 2 }]), /about must be in \(0, 1\)/],
    ],
  },
  checkTensorsFreed: {
    good: () => A.checkTensorsFreed(tf.memory().numTensors),
    bad: [['negative', () => A.checkTensorsFreed(-1), /checkTensorsFreed: atStart must be the tensor count/]],
  },
  maxAbsDiff: {
    good: () => A.maxAbsDiff(M, M),
    bad: [
      ['shapes', () => A.maxAbsDiff(M, V), /maxAbsDiff: shapes differ/],
      ['NaN', () => A.maxAbsDiff(NAN_M, M), /maxAbsDiff ours: element \[0\]\[1\] is NaN/],
    ],
  },
  formatBytes: {
    good: () => A.formatBytes(3 * 2 ** 30, { gibDigits: 2 }),
    bad: [
      ['negative', () => A.formatBytes(-1), /formatBytes: expected a number >= 0, got -1/],
      ['NaN', () => A.formatBytes(NaN), /formatBytes: expected a finite number, got NaN/],
      ['gibDigits -1', () => A.formatBytes(1, { gibDigits: -1 }), /formatBytes gibDigits: expected an integer 0\.\.20/],
    ],
  },
  formatMs: {
    good: () => A.formatMs(12.5),
    bad: [
      ['string', () => A.formatMs('12'), /formatMs: expected a finite number, got string/],
      ['Infinity', () => A.formatMs(Infinity), /formatMs: expected a finite number, got Infinity/],
    ],
  },
  formatCount: {
    good: () => A.formatCount(131072),
    bad: [['null', () => A.formatCount(null), /formatCount: expected a finite number, got null/]],
  },
  heatmap: {
    good: () => A.heatmap(M),
    bad: [
      ['ragged', () => A.heatmap(RAGGED), /heatmap: row 1 does not have 3 values/],
      ['empty', () => A.heatmap([]), /heatmap: expected a non-empty number\[\]\[\]/],
      ['vector tensor', () => A.heatmap(vectorT), /heatmap: expected a matrix \(rank 2\)/],
    ],
  },
  heatmapGrid: {
    good: () => A.heatmapGrid([{ matrix: M, title: 'a' }]),
    bad: [
      ['no panels', () => A.heatmapGrid([]), /heatmapGrid: expected at least one panel/],
      [
        'bad matrix',
        () => A.heatmapGrid([{ matrix: [[Infinity]], title: 'a' }]),
        /heatmap: element \[0\]\[0\] is not a finite number/,
      ],
    ],
  },
  heatmapSlider: {
    good: () => A.heatmapSlider([{ label: 'a', matrix: M }]),
    bad: [
      ['no steps', () => A.heatmapSlider([]), /heatmapSlider: expected at least one step/],
      [
        'active',
        () => A.heatmapSlider([{ label: 'a', matrix: M }], { active: 3 }),
        /heatmapSlider: active step 3 is out of range/,
      ],
    ],
  },
  reverseColorscale: {
    good: () => A.reverseColorscale(fig()),
    bad: [['null', () => A.reverseColorscale(null), /reverseColorscale: expected a plotly figure/]],
  },
  weightsHeatmap: {
    good: () => A.weightsHeatmap([[0.2, 0.8]]),
    bad: [
      ['zmax', () => A.weightsHeatmap([[0.2, 0.8]], { zmax: 2 }), /weightsHeatmap: zmax is fixed \(0 to 1, 'Blues'\)/],
      ['NaN', () => A.weightsHeatmap(NAN_M), /heatmap: element \[0\]\[1\] is not a finite number/],
    ],
  },
  weightsHeatmapGrid: {
    good: () => A.weightsHeatmapGrid([{ matrix: M, title: 'a' }]),
    bad: [
      ['no panels', () => A.weightsHeatmapGrid([]), /weightsHeatmapGrid: expected at least one panel/],
      [
        'colorscale',
        () => A.weightsHeatmapGrid([{ matrix: M, title: 'a', colorscale: 'Viridis' }]),
        /weightsHeatmapGrid panel 0: colorscale is fixed/,
      ],
    ],
  },
  weightsHeatmapSlider: {
    good: () => A.weightsHeatmapSlider([{ label: 'a', matrix: M }], { sliderTitle: 'x' }),
    bad: [
      ['no steps', () => A.weightsHeatmapSlider([]), /weightsHeatmapSlider: expected at least one step/],
      [
        'options null',
        () => A.weightsHeatmapSlider([{ label: 'a', matrix: M }], null),
        /weightsHeatmapSlider: expected an options object/,
      ],
    ],
  },
  barChart: {
    good: () => A.barChart(['a', 'b'], [{ name: 's', values: [1, 2] }]),
    bad: [
      ['values', () => A.barChart(['a', 'b'], [{ name: 's', values: [1] }]), /expected 2 values, got 1/],
      ['NaN', () => A.barChart(['a'], [{ name: 's', values: [NaN] }]), /value 0 is not a finite number/],
      ['no categories', () => A.barChart([], []), /expected a non-empty array of category labels/],
    ],
  },
  barSlider: {
    good: () => A.barSlider(['a'], [{ label: 'x', values: [1] }]),
    bad: [['no steps', () => A.barSlider(['a'], []), /barSlider/]],
  },
  lineChart: {
    good: () => A.lineChart([{ name: 's', x: [1, 2], y: [3, 4] }], { logY: true }),
    bad: [
      ['empty', () => A.lineChart([]), /lineChart: expected at least one series/],
      ['log of 0', () => A.lineChart([{ name: 's', x: [1], y: [0] }], { logY: true }), /a log y axis needs values > 0/],
    ],
  },
  imageRow: {
    good: () => A.imageRow([{ image: A.discImage([255, 0, 0], 4), title: 'red' }]),
    bad: [['no images', () => A.imageRow([]), /imageRow: expected at least one image/]],
  },
  anglePanels: {
    good: () => A.anglePanels([{ a: [1, 0], b: [0, 1], title: '90' }]),
    bad: [['no pairs', () => A.anglePanels([]), /anglePanels: expected at least one pair/]],
  },
  scatterFigure: {
    good: () => A.scatterFigure([[1, 2, 3]]),
    bad: [
      ['empty', () => A.scatterFigure([]), /scatterFigure: expected a non-empty array of points/],
      ['groups', () => A.scatterFigure([[1, 2]], { groups: ['a', 'b'] }), /scatter: 2 groups for 1 points/],
    ],
  },
  scatterPanels: {
    good: () => A.scatterPanels([{ points: [[1, 2]], title: 'a' }]),
    bad: [['no panels', () => A.scatterPanels([]), /scatterPanels/]],
  },
  vectorsFigure: {
    good: () =>
      A.vectorsFigure(
        [
          [1, 0],
          [0, 1],
        ],
        ['a', 'b'],
        { fromOrigin: true, angle: { a: 0, b: 1, label: '90°' } },
      ),
    bad: [
      ['names', () => A.vectorsFigure([[1, 0]], ['a', 'b']), /vectorsFigure: 2 names for 1 points/],
      [
        'segment',
        () => A.vectorsFigure([[1, 0]], ['a'], { segments: [{ from: 0, to: 5, label: 'x' }] }),
        /vectorsFigure/,
      ],
    ],
  },
  // lessons
  discImage: {
    good: () => A.discImage([255, 0, 0], 8),
    bad: [
      ['colour 300', () => A.discImage([300, 0, 0]), /discImage color: expected \[r, g, b\] with integers 0\.\.255/],
      ['size 2', () => A.discImage([0, 0, 0], 2), /discImage size: must be an integer >= 3/],
      ['string', () => A.discImage('red'), /discImage color/],
    ],
  },
  centrePixel: {
    good: () => A.centrePixel(A.discImage([255, 0, 0], 5)),
    bad: [
      ['empty', () => A.centrePixel([]), /centrePixel: expected a non-empty image/],
      ['NaN pixel', () => A.centrePixel([[[NaN, 0, 0]]]), /centrePixel pixel: expected \[r, g, b\]/],
    ],
  },
  wordLengthAttention: {
    good: () => A.wordLengthAttention('the cat is on the mat'),
    bad: [
      ['empty', () => A.wordLengthAttention(''), /wordLengthAttention/],
      ['null', () => A.wordLengthAttention(null), /wordLengthAttention/],
    ],
  },
  paddedWordLengthAttention: {
    good: () => A.paddedWordLengthAttention('the cat is on the mat'),
    bad: [['array', () => A.paddedWordLengthAttention(['the']), /paddedWordLengthAttention/]],
  },
  pyFloatRepr: { good: () => A.pyFloatRepr(0.1), bad: [['string', () => A.pyFloatRepr('1'), /pyFloatRepr/]] },
  pyFormatFixed: {
    good: () => A.pyFormatFixed(1.5, 2),
    bad: [
      ['digits -1', () => A.pyFormatFixed(1, -1), /pyFormatFixed/],
      ['string', () => A.pyFormatFixed('1', 2), /pyFormatFixed/],
    ],
  },
  pyList: { good: () => A.pyList(['1', '2']), bad: [['not an array', () => A.pyList('12'), /pyList/]] },
  // learned attention (notebook 06)
  loadPretrainedAttention: {
    good: () =>
      withModel(
        () => A.loadPretrainedAttention({ log: false }),
        async (m) => (m as unknown as { attention(t: string): Promise<unknown> }).attention('pink top'),
      ),
    bad: [
      [
        'empty text',
        () =>
          withModel(
            () => A.loadPretrainedAttention({ log: false }),
            (m) => (m as unknown as { attention(t: string): Promise<unknown> }).attention(''),
          ),
        /pretrained attention: the text is empty/,
      ],
      [
        'missing model',
        () => A.loadPretrainedAttention({ log: false, modelDir: '/no/such/dir' }),
        /model\.json is missing/,
      ],
    ],
    times: 2,
  },
  distilBertAttentionOutputs: {
    good: () => A.distilBertAttentionOutputs(),
    bad: [
      [
        'root not a folder',
        () => A.distilBertAttentionOutputs({ root: 1 }),
        /distilBertAttentionOutputs: expected options/,
      ],
    ],
    times: 2,
  },
  headPattern: {
    good: () =>
      A.headPattern([
        [1, 0],
        [0.5, 0.5],
      ]),
    bad: [
      [
        'row sum',
        () =>
          A.headPattern([
            [1, 1],
            [0.5, 0.5],
          ]),
        /headPattern: row 0 sums to 2/,
      ],
      ['not square', () => A.headPattern(M), /headPattern: row 0 does not have 2 weights/],
    ],
  },
  diagonalWeight: {
    good: () =>
      A.diagonalWeight(
        [
          [1, 0],
          [0.5, 0.5],
        ],
        -1,
      ),
    bad: [['offset', () => A.diagonalWeight([[1]], 0.5), /diagonalWeight offset/]],
  },
  antiDiagonalWeight: {
    good: () =>
      A.antiDiagonalWeight([
        [0, 1],
        [1, 0],
      ]),
    bad: [['NaN', () => A.antiDiagonalWeight([[NaN]]), /antiDiagonalWeight: weight \[0\]\[0\]/]],
  },
  rowEntropy: {
    good: () =>
      A.rowEntropy([
        [0.5, 0.5],
        [1, 0],
      ]),
    bad: [['empty', () => A.rowEntropy([]), /rowEntropy: expected a non-empty matrix/]],
  },
  weightsHeatmapGridSlider: {
    good: () => A.weightsHeatmapGridSlider([{ label: 'a', panels: [{ matrix: [[1]], title: 'h' }] }]),
    bad: [
      ['no steps', () => A.weightsHeatmapGridSlider([]), /weightsHeatmapGridSlider: expected at least one step/],
      [
        'uneven panels',
        () =>
          A.weightsHeatmapGridSlider([
            { label: 'a', panels: [{ matrix: [[1]], title: 'h' }] },
            { label: 'b', panels: [] },
          ]),
        /weightsHeatmapGridSlider: step 1 has 0 panels, expected 1/,
      ],
    ],
  },
  transformerBlock: {
    good: () => {
      const eye2 = [
        [1, 0],
        [0, 1],
      ];
      return A.transformerBlock(X3, {
        W_Q: eye2,
        W_K: eye2,
        W_V: eye2,
        W_O: eye2,
        numHeads: 1,
        ln1Gamma: [1, 1],
        ln1Beta: [0, 0],
        ln2Gamma: [1, 1],
        ln2Beta: [0, 0],
        W1: eye2,
        b1: [0, 0],
        W2: eye2,
        b2: [0, 0],
      });
    },
    bad: [
      ['weights null', () => A.transformerBlock(X3, null), /transformerBlock: expected the block weights/],
      ['X NaN', () => A.transformerBlock(NAN_M, { numHeads: 1 }), /transformerBlock X: contains NaN|NaN/],
    ],
  },
  layerNorm: {
    good: () => A.layerNorm(M, V, V),
    bad: [
      ['gamma width', () => A.layerNorm(M, [1], [0]), /layerNorm: gamma and beta must have shape \[3\]/],
      ['X NaN', () => A.layerNorm(NAN_M, V, V), /layerNorm X/],
    ],
  },
  sinusoidalPositions: {
    good: () => A.sinusoidalPositions(4, 6),
    bad: [['n 0', () => A.sinusoidalPositions(0, 4), /sinusoidalPositions n/]],
  },
  reversalData: {
    good: () => A.reversalData(10, 4, 10, 1),
    bad: [
      ['too many', () => A.reversalData(100, 2, 3, 1), /reversalData: 100 distinct sequences/],
      ['length 1', () => A.reversalData(5, 1, 10, 1), /reversalData length/],
    ],
  },
  trainReversal: {
    good: () => A.trainReversal({ steps: 2, trainSize: 50, testSize: 10, snapshotSteps: [0, 2] }),
    bad: [
      ['heads', () => A.trainReversal({ numHeads: 3 }), /trainReversal: dModel 32 does not split into 3 heads/],
      ['options', () => A.trainReversal('fast'), /trainReversal: expected an options object/],
    ],
    times: 2,
  },
  trainBahdanau: {
    good: () => A.trainBahdanau({ steps: 2, trainSize: 100, testSize: 10, snapshotSteps: [0, 2], alignmentSample: 2 }),
    bad: [
      ['probes', () => A.trainBahdanau({ probes: 9, testSize: 5 }), /trainBahdanau: 9 probes > 5 test dates/],
      ['array', () => A.trainBahdanau([]), /trainBahdanau: expected an options object/],
    ],
    times: 2,
  },
  datePairs: {
    good: () => A.datePairs(20, 10, 1),
    bad: [
      ['trainCount', () => A.datePairs(10, 11, 1), /datePairs: trainCount 11 > count 10/],
      ['seed', () => A.datePairs(10, 5, -1), /datePairs seed/],
    ],
  },
  dateFields: {
    good: () => A.dateFields('9 may 2018'),
    bad: [['not a date', () => A.dateFields('soon'), /dateFields: 'soon' is not in one of the formats/]],
  },
  weightsHeatmapRows: {
    good: () => A.weightsHeatmapRows([{ title: 'layer 0', panels: [{ matrix: [[1]], title: 'head 0' }] }]),
    bad: [['no rows', () => A.weightsHeatmapRows([]), /weightsHeatmapRows: expected at least one row/]],
  },
};

// Functions that were on the front before src/ had folders and are now internal to src/:
// the same checks, called from their own modules (I). None of them may be exported by
// src/index.ts; one that becomes public again moves up into TABLE.
const INTERNALS: Record<string, Row> = {
  // core
  checkFinite: {
    good: () => tf.tidy(() => I.checkFinite(tf.tensor1d([1, 2]), 'x')),
    bad: [
      ['NaN tensor', () => tf.tidy(() => I.checkFinite(tf.tensor1d([1, NaN]), 'x')), /x: contains NaN or Infinity/],
    ],
  },
  toVector: {
    good: () => I.toVector(V),
    bad: [
      ['empty', () => I.toVector([]), /vector: is empty/],
      ['NaN', () => I.toVector([1, NaN]), /element 1 is NaN/],
      ['Infinity', () => I.toVector(INF_V), /element 1 is Infinity, expected a finite number/],
      ['string element', () => I.toVector([1, 'a']), /element 1 is string a, expected a number/],
      ['matrix tensor', () => I.toVector(matrixT), /expected a vector \(rank 1\)/],
      ['null', () => I.toVector(null), /expected an array of numbers, got null/],
    ],
  },
  toMatrix: {
    good: () => I.toMatrix(M),
    bad: [
      ['empty', () => I.toMatrix([]), /is empty \(no rows\)/],
      ['ragged', () => I.toMatrix(RAGGED), /rows have different lengths/],
      ['NaN', () => I.toMatrix(NAN_M), /element \[0\]\[1\] is NaN/],
      ['string', () => I.toMatrix(STR_M), /element \[0\]\[1\] is string x/],
      ['vector', () => I.toMatrix(V), /row 0 is number 1, expected an array of numbers/],
      ['undefined', () => I.toMatrix(undefined), /expected an array of rows/],
    ],
  },
  toTensor: {
    good: () => I.toTensor(X3),
    bad: [
      ['ragged', () => I.toTensor([[[1], [2, 3]]]), /not a rectangular array/],
      ['wrong rank', () => I.toTensor(M, 't', 3), /expected rank 3/],
      ['Infinity', () => I.toTensor([[Infinity]]), /expected a finite number/],
      ['object', () => I.toTensor({ a: 1 }), /expected a tensor or nested arrays of numbers/],
    ],
  },
  checkPositive: {
    good: () => I.checkPositive(1, 'p'),
    bad: [
      ['zero', () => I.checkPositive(0, 'p'), /p: must be > 0, got 0/],
      ['NaN', () => I.checkPositive(NaN, 'p'), /p: value is NaN/],
      ['string', () => I.checkPositive('1', 'p'), /expected a number/],
    ],
  },
  checkInteger: {
    good: () => I.checkInteger(2, 'n'),
    bad: [
      ['fraction', () => I.checkInteger(1.5, 'n'), /n: must be an integer >= 1, got 1.5/],
      ['Infinity', () => I.checkInteger(Infinity, 'n'), /expected a finite number/],
    ],
  },
  seededRandom: {
    good: () => I.seededRandom(1)(),
    bad: [['NaN', () => I.seededRandom(NaN), /seededRandom/]],
  },
  dataPath: {
    good: () => I.dataPath('photos'),
    bad: [
      ['number', () => I.dataPath(1), /The "path" argument must be of type string/, { anyError: "Node's own check" }],
    ],
  },
  transformers: { good: () => I.transformers(), bad: [], note: 'takes no arguments' },
  allowDownloads: {
    good: () => I.allowDownloads(false),
    bad: [['string', () => I.allowDownloads('yes'), /allowDownloads/]],
  },
  modelDir: {
    good: () => I.modelDir('Xenova/resnet-18'),
    bad: [
      ['escape', () => I.modelDir('../../etc'), /modelDir/],
      ['number', () => I.modelDir(1), /modelDir/],
    ],
  },
  hasLocalModel: {
    good: () => I.hasLocalModel('Xenova/resnet-18'),
    bad: [['undefined', () => I.hasLocalModel(undefined), /hasLocalModel|modelDir/]],
  },
  // attention
  softmaxLastAxis: {
    good: () => tf.tidy(() => I.softmaxLastAxis(tf.tensor2d(M))),
    bad: [
      [
        'a string',
        () => I.softmaxLastAxis('abc'),
        /Argument 'logits' passed to 'softmax' must be float32 tensor/,
        { anyError: "tfjs' own check" },
      ],
    ],
    note: 'a low-level fast path over tensors (plain arrays work too); no NaN check',
  },
  // embeddings
  checkImages: {
    good: () => I.checkImages([PNG_FILE], 'where'),
    bad: [['empty', () => I.checkImages([], 'where'), /where: expected a non-empty array of images/]],
  },
  checkTexts: {
    good: () => I.checkTexts(['a'], 'where'),
    bad: [
      ['one string', () => I.checkTexts('a', 'where'), /got one string \(wrap it in \[ \]\)/],
      ['blank', () => I.checkTexts([' '], 'where'), /where: text 0 is empty/],
    ],
  },
  describeEmbedder: {
    good: () =>
      I.describeEmbedder({ name: 'n', modality: 'text', dim: 2, source: 's', recipe: 'r', isDocumentModel: false }),
    bad: [['null', () => I.describeEmbedder(null), /describeEmbedder/]],
  },
  downloadProgress: {
    good: () => I.downloadProgress(false)({ status: 'progress', file: 'f', progress: 50 }),
    bad: [],
    note: 'a callback for transformers.js events',
  },
  withProgress: {
    good: () => I.withProgress('x', async () => 1, { log: false }),
    bad: [
      [
        'rejects',
        () => I.withProgress('x', async () => Promise.reject(new InputError('x: broken')), { log: false }),
        /x: broken/,
      ],
    ],
  },
  useModelDir: { good: () => I.useModelDir(), bad: [], note: 'takes no arguments' },
  loadUniversalSentenceEncoder: {
    good: () =>
      withModel(
        () => I.loadUniversalSentenceEncoder({ log: false }),
        async (e) => tf.dispose(await embedOf(e)(['a sentence'])),
      ),
    bad: [
      [
        'embed("one")',
        () =>
          withModel(
            () => I.loadUniversalSentenceEncoder({ log: false }),
            (e) => embedOf(e)('one'),
          ),
        /got one string/,
      ],
    ],
    times: 2,
  },
  mobileNetInput: {
    good: () => I.mobileNetInput([t3]),
    bad: [
      ['empty', () => I.mobileNetInput([]), /mobileNetInput|MobileNetV2/],
      ['bad image', () => I.mobileNetInput([NOT_IMAGE]), /MobileNetV2 image 0: not a PNG/],
    ],
  },
  loadMobileNetV2Features: {
    good: () =>
      withModel(
        () => I.loadMobileNetV2Features({ log: false }),
        async (e) => tf.dispose(await embedOf(e)([t3])),
      ),
    bad: [
      [
        'embed([])',
        () =>
          withModel(
            () => I.loadMobileNetV2Features({ log: false }),
            (e) => embedOf(e)([]),
          ),
        /expected a non-empty array of images/,
      ],
    ],
    times: 2,
  },
  gloveTokens: {
    good: () => I.gloveTokens('The cat, the hat.'),
    bad: [['null', () => I.gloveTokens(null), /gloveTokens/]],
  },
  resnetInput: {
    good: () => I.resnetInput(t3),
    bad: [['not an image', () => I.resnetInput(NOT_IMAGE), /ResNet-18 image: not a PNG/]],
    times: 5,
  },
  // tokenizers
  checkText: {
    good: () => I.checkText('x', 'where'),
    bad: [['null', () => I.checkText(null, 'where'), /where: expected a string, got null/]],
  },
  checkIds: {
    good: () => I.checkIds([1, 2], 10, 'where'),
    bad: [
      ['out of range', () => I.checkIds([10], 10, 'where'), /where: id 0 is 10, expected an integer in 0\.\.9/],
      ['not an array', () => I.checkIds('1', 10, 'where'), /where: expected an array of token ids/],
    ],
  },
  wordPieceTokenizerJson: {
    good: () => I.wordPieceTokenizerJson(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'a']),
    bad: [['no [CLS]', () => I.wordPieceTokenizerJson(['[PAD]', 'a']), /wordpiece: the vocabulary has no \[UNK\]/]],
  },
  unigramTokenizer: {
    good: () => I.unigramTokenizer(UNIGRAM).encode('a b'),
    bad: [
      [
        'empty vocabulary',
        () => I.unigramTokenizer([]),
        /unigramTokenizer: expected a vocabulary of \[piece, score\] pairs/,
      ],
      ['encode(null)', () => I.unigramTokenizer(UNIGRAM).encode(null), /expected a string, got null/],
    ],
  },
  // datasets
  photoInfo: {
    good: () => I.photoInfo('chelsea'),
    bad: [['dog', () => I.photoInfo('dog'), /photo: no photo named "dog"; choose from/]],
  },
  photoPath: { good: () => I.photoPath('coffee'), bad: [['number', () => I.photoPath(1), /no photo named 1/]] },
  decodeImage: {
    good: () => I.decodeImage(fs.readFileSync(PNG_FILE)),
    bad: [
      ['not an image', () => I.decodeImage(NOT_IMAGE), /image: not a PNG, JPEG, GIF or BMP image/],
      ['empty', () => I.decodeImage(new Uint8Array(0)), /image: no image bytes/],
      [
        'truncated PNG',
        () => I.decodeImage(fs.readFileSync(PNG_FILE).subarray(0, 100)),
        /the PNG data could not be decoded/,
      ],
      ['string', () => I.decodeImage('x.png'), /no image bytes/],
    ],
  },
  readImage: {
    good: () => I.readImage(PNG_FILE),
    bad: [
      ['missing', () => I.readImage('/no/such/file.png'), /readImage: \/no\/such\/file\.png does not exist/],
      ['folder', () => I.readImage(os.tmpdir()), /is not a file/],
      ['not an image', () => I.readImage(__filename), /not a PNG, JPEG, GIF or BMP image/],
    ],
  },
  toImageTensor: {
    good: () => I.toImageTensor(t3),
    bad: [
      ['grey tensor', () => I.toImageTensor(matrixT), /expected an RGB image tensor \[height, width, 3\]/],
      ['out of range', () => I.toImageTensor(over255T), /pixel values must be within 0\.\.255/],
      ['NaN', () => I.toImageTensor(nanImageT), /pixel values must be within 0\.\.255/],
      ['number', () => I.toImageTensor(1), /expected a file path, image bytes or a \[height, width, 3\] tensor/],
    ],
  },
  drawFruit: {
    good: () => I.drawFruit('apple', 1, 32),
    bad: [
      ['pear', () => I.drawFruit('pear', 1), /drawFruit/],
      ['seed NaN', () => I.drawFruit('apple', NaN), /drawFruit/],
      ['size 16', () => I.drawFruit('apple', 1, 16), /drawFruit size: must be an integer >= 32, got 16/],
    ],
    times: 5,
  },
  // show (outside a kernel, show* print their text/plain)
  scriptSafeJson: { good: () => I.scriptSafeJson({ a: '</script>' }), bad: [], note: 'any JSON value is valid input' },
  escapeHtml: {
    good: () => I.escapeHtml('<b>'),
    bad: [['number', () => I.escapeHtml(1), /escapeHtml: expected a string/]],
  },
  figureBundle: {
    good: () => I.figureBundle(fig()),
    bad: [
      ['no data', () => I.figureBundle({}), /showFigure: expected a plotly figure/],
      ['tensor inside', () => I.figureBundle({ data: [{ z: vectorT }] }), /the figure holds a tensor/],
    ],
  },
  displayBundle: {
    good: () => I.displayBundle({ data: { 'text/plain': 'x' }, metadata: {} }),
    bad: [['no data', () => I.displayBundle({}), /displayBundle: expected a mime bundle/]],
  },
  formatMatrix: {
    good: () => I.formatMatrix(M, { rowLabels: ['a', 'b'] }),
    bad: [
      ['labels', () => I.formatMatrix(M, { rowLabels: ['a'] }), /matrix table: 1 row labels for 2 rows/],
      ['ragged', () => I.formatMatrix(RAGGED), /matrix table: row 1 has 2 values, row 0 has 3/],
      ['string', () => I.formatMatrix(STR_M), /matrix table: element \[0\]\[1\] is not a number/],
      ['rank 3 tensor', () => I.formatMatrix(rank3T), /expected a matrix \(rank 2\)/],
    ],
  },
  matrixTableHtml: {
    good: () => I.matrixTableHtml(M),
    bad: [
      ['empty', () => I.matrixTableHtml([]), /matrix table: expected a non-empty number\[\]\[\]/],
      ['labels', () => I.matrixTableHtml(M, { colLabels: ['a'] }), /1 column labels for 3 columns/],
    ],
  },
  heatmapTrace: {
    good: () => I.heatmapTrace(M),
    bad: [
      ['NaN', () => I.heatmapTrace(NAN_M), /heatmap: element \[0\]\[1\] is not a finite number/],
      ['labels', () => I.heatmapTrace(M, { rowLabels: ['a'] }), /heatmap row labels: 1 labels for 2 entries/],
    ],
  },
  scatterTraces: {
    good: () =>
      I.scatterTraces([
        [1, 2],
        [3, 4],
      ]),
    bad: [
      ['1-D points', () => I.scatterTraces([[1], [2]]), /points must have 2 or 3 coordinates, got 1/],
      ['NaN', () => I.scatterTraces([[1, NaN]]), /point 0 is not 2 finite numbers/],
    ],
  },
  // lessons
  pyStrRepr: { good: () => I.pyStrRepr("it's"), bad: [['number', () => I.pyStrRepr(1), /pyStrRepr/]] },
  letterEmbedding: {
    good: () => I.letterEmbedding('abc'),
    bad: [
      ['empty', () => I.letterEmbedding(''), /letterEmbedding/],
      ['number', () => I.letterEmbedding(1), /letterEmbedding/],
    ],
  },
};

function embedOf(model: unknown): (input: unknown) => Promise<api.tf.Tensor> {
  return (input) =>
    Promise.resolve((model as { embed: (i: unknown) => api.tf.Tensor | Promise<api.tf.Tensor> }).embed(input));
}

function zeros(r: number, c: number): number[][] {
  return Array.from({ length: r }, () => new Array(c).fill(0));
}

// ---- running a row ----------------------------------------------------------------
/** Frees whatever a call returned: tensors, containers, objects with dispose(). */
function release(out: unknown): void {
  if (out instanceof tf.Tensor) return out.dispose();
  if (out && typeof out === 'object') {
    if (typeof (out as { dispose?: unknown }).dispose === 'function') (out as { dispose: () => void }).dispose();
    for (const v of Array.isArray(out) ? out : Object.values(out)) if (v && typeof v === 'object') release(v);
  }
}

async function settle(call: Call): Promise<{ value?: unknown; error?: unknown }> {
  try {
    return { value: await call() };
  } catch (error) {
    return { error };
  }
}

/** Runs fn with console.log/info silenced (show* print their text outside a kernel). */
async function silently<T>(fn: () => Promise<T>): Promise<T> {
  const { log, info } = console;
  console.log = () => {};
  console.info = () => {};
  try {
    return await fn();
  } finally {
    console.log = log;
    console.info = info;
  }
}

/** tf.memory() before and after running every call `times` times (after one warm-up round). */
async function memoryAround(
  calls: Call[],
  times: number,
): Promise<{ start: api.tf.MemoryInfo; end: api.tf.MemoryInfo }> {
  const once = () =>
    silently(async () => {
      for (const c of calls) release((await settle(c)).value);
    });
  await once(); // first calls may create lasting backend state (kernels, caches)
  const start = tf.memory();
  for (let i = 0; i < times; i++) await once();
  return { start, end: tf.memory() };
}

const exported = Object.entries(api)
  .filter(([, v]) => typeof v === 'function')
  .map(([k]) => k)
  .sort();

before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'attention-lab-api-'));
  t3 = tf.tidy(() => tf.cast(tf.randomUniform([4, 5, 3], 0, 255, 'float32', 1), 'int32')) as api.tf.Tensor3D;
  matrixT = tf.zeros([2, 2]);
  vectorT = tf.zeros([3]);
  rank3T = tf.zeros([1, 1, 1]);
  nanT = tf.tensor2d([[NaN]]);
  over255T = tf.fill([2, 2, 3], 300);
  nanImageT = tf.fill([2, 2, 3], NaN);
  digits = api.loadDigits();
  digits40 = tf.slice(digits.images, [0, 0], [40, -1]);
  void quiet;
});

after(() => {
  tf.dispose([t3, matrixT, vectorT, rank3T, nanT, over255T, nanImageT, digits40]);
  release(digits);
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('public API table (every function src/index.ts exports)', () => {
  test('every exported function has a row, and every row is an exported function', () => {
    const missing = exported.filter((k) => !(k in TABLE));
    const stale = Object.keys(TABLE).filter((k) => !exported.includes(k));
    assert.deepEqual(missing, [], `add rows to test/reliability/public-api.test.ts for: ${missing.join(', ')}`);
    assert.deepEqual(stale, [], `rows for functions src/index.ts no longer exports: ${stale.join(', ')}`);
  });

  test('every row of INTERNALS is a function of its module that src/index.ts does not export', () => {
    const exportedNow = Object.keys(INTERNALS).filter((k) => k in api);
    const notFunctions = Object.keys(INTERNALS).filter((k) => typeof I[k] !== 'function');
    assert.deepEqual(
      exportedNow,
      [],
      `now exported by src/index.ts: move these rows up into TABLE: ${exportedNow.join(', ')}`,
    );
    assert.deepEqual(
      notFunctions,
      [],
      `rows of INTERNALS that name no function of the modules imported above: ${notFunctions.join(', ')}`,
    );
  });

  test('the leak check itself sees a leak, and a thrown error does not hide one', async () => {
    const kept: api.tf.Tensor[] = [];
    const leaky = () => {
      kept.push(tf.ones([4])); // not returned, not disposed
      throw new InputError('leaky: throws after allocating');
    };
    const { start, end } = await memoryAround([leaky], 5);
    tf.dispose(kept);
    assert.equal(end.numTensors - start.numTensors, 5);
    assert.equal(end.numBytes - start.numBytes, 5 * 16);
  });

  for (const [name, row] of [...Object.entries(TABLE), ...Object.entries(INTERNALS)]) {
    describe(name, () => {
      if (row.good) {
        test('a valid call works', async () => {
          const r = await silently(() => settle(row.good!));
          assert.equal(r.error, undefined, `valid call threw: ${String((r.error as Error)?.stack ?? r.error)}`);
          release(r.value);
        });
      }
      for (const [what, call, message, opts = {}] of row.bad) {
        test(`bad input: ${what}`, opts.todo ? { todo: opts.todo } : {}, async () => {
          const r = await silently(() => settle(call));
          release(r.value);
          assert.ok('error' in r && r.error !== undefined, `no error for ${what}`);
          const e = r.error as Error;
          if (!opts.anyError)
            assert.ok(e instanceof InputError, `expected an InputError, got ${e?.constructor?.name}: ${e?.message}`);
          assert.match(e.message, message);
        });
      }
      test(`no tensor leaks over ${row.times ?? 20} calls of each`, async () => {
        const calls = [...(row.good ? [row.good] : []), ...row.bad.map(([, c]) => c)];
        const { start, end } = await memoryAround(calls, row.times ?? 20);
        assert.equal(end.numTensors, start.numTensors, `tensors: ${start.numTensors} -> ${end.numTensors}`);
        assert.equal(end.numBytes, start.numBytes, `bytes: ${start.numBytes} -> ${end.numBytes}`);
      });
    });
  }
});
