// Document 003, section 三 (注意的早期迹象): the word-length toy "attention", Steps 1-5.
//   Step 1  words      = sentence.split()
//   Step 2  embedding  = [ord(c) - 96 for c in word.lower()]   (a = 1, b = 2, ...)
//   Step 3  weight     = len(word) / total characters
//   Step 4  final      = sum of weight * embedding over the words
//   Step 5  output     = sum(final)
// `wordLengthAttention` runs the document's Python exactly, in float64 JavaScript numbers and
// the same order of operations, so it prints what the document prints, `[10.100000000000001]`
// included. Two things in that code are not what its comments say:
//   - the results live in dicts keyed by word, so a repeated word ("is") is kept once;
//   - Step 4 adds lists with zip(), which stops at the shorter list, so after the
//     one-letter word "a" only the first letter of every word is left.
// `paddedWordLengthAttention` is the corrected version: every token counted, embeddings
// padded with zeros to the longest word, the weighted sum taken over every position.
import { InputError } from '../core/validate';
import { pyFloatRepr, pyFormatFixed, pyList, pyStrRepr } from './pythonFormat';

/** What the document's Steps 1-5 compute, in its order (Maps keep insertion order, as Python dicts). */
export interface WordLengthAttention {
  /** Step 1: sentence.split(), every token. */
  words: string[];
  /** Step 2: one entry per distinct word (a repeated word keeps its first position). */
  wordEmbeddings: Map<string, number[]>;
  /** sum(len(word) for word in words), over every token. */
  totalCharacters: number;
  /** Step 3: len(word) / totalCharacters, one entry per distinct word. */
  attentionWeights: Map<string, number>;
  /** Step 4: weight * value for each letter of each distinct word. */
  weightedEmbeddings: Map<string, number[]>;
  /** len(max(embeddings, key=len)): the length final_vector starts with. */
  finalVectorInitialLength: number;
  /** Step 4: after zip() has cut it to the shortest embedding. */
  finalVector: number[];
  /** Step 5: sum(final_vector). */
  processedOutput: number;
  /** Everything the program prints, as Python prints it. */
  printed: string;
}

function splitWords(sentence: unknown, fn: string): string[] {
  if (typeof sentence !== 'string') throw new InputError(`${fn}: expected a sentence (string), got ${typeof sentence}`);
  const words = sentence.split(/\s+/).filter((w) => w.length > 0); // Python's str.split()
  if (words.length === 0)
    throw new InputError(`${fn}: the sentence has no words (the document's max() would fail on it)`);
  return words;
}

/** Step 2 for one word: ord(char) - 96 for each character of word.lower() (a = 1 ... z = 26). */
export function letterEmbedding(word: string): number[] {
  if (typeof word !== 'string' || word.length === 0)
    throw new InputError(`letterEmbedding: expected a non-empty word, got ${JSON.stringify(word)}`);
  return Array.from(word.toLowerCase(), (ch) => (ch.codePointAt(0) as number) - 96);
}

/** Python's len(): counts code points, not UTF-16 units. */
const pyLen = (s: string): number => Array.from(s).length;

/** The document's Steps 1-5, computed and printed exactly as its Python does. */
export function wordLengthAttention(sentence: string): WordLengthAttention {
  const words = splitWords(sentence, 'wordLengthAttention'); // Step 1
  const wordEmbeddings = new Map<string, number[]>(); // Step 2: {word: [...] for word in words}
  for (const w of words) wordEmbeddings.set(w, letterEmbedding(w));
  let totalCharacters = 0; // Step 3
  for (const w of words) totalCharacters += pyLen(w);
  const attentionWeights = new Map<string, number>();
  for (const w of words) attentionWeights.set(w, pyLen(w) / totalCharacters);
  const weightedEmbeddings = new Map<string, number[]>(); // Step 4: [weight * val for val in embedding]
  for (const [w, embedding] of wordEmbeddings) {
    const weight = attentionWeights.get(w) as number;
    weightedEmbeddings.set(
      w,
      embedding.map((val) => weight * val),
    );
  }
  // final_vector = [0] * len(max(word_embeddings.values(), key=len))
  const finalVectorInitialLength = Math.max(...[...wordEmbeddings.values()].map((e) => e.length));
  let finalVector: number[] = new Array(finalVectorInitialLength).fill(0);
  for (const embedding of weightedEmbeddings.values()) {
    // [sum(x) for x in zip(final_vector, embedding)]: zip stops at the shorter list; sum() starts at 0.
    const n = Math.min(finalVector.length, embedding.length);
    finalVector = Array.from({ length: n }, (_, i) => 0 + finalVector[i] + embedding[i]);
  }
  let processedOutput = 0; // Step 5: sum(final_vector)
  for (const v of finalVector) processedOutput += v;

  const lines = [
    `Step 1 - Tokenized Words: ${pyList(words.map(pyStrRepr))}`,
    '\nStep 2 - Word Embeddings:',
    ...[...wordEmbeddings].map(([w, e]) => `${w}: ${pyList(e.map(String))}`),
    '\nStep 3 - Attention Weights:',
    ...[...attentionWeights].map(([w, a]) => `${w}: ${pyFormatFixed(a, 3)}`),
    '\nStep 4 - Final Vector Before Transformation:',
    pyList(finalVector.map(pyFloatRepr)),
    `\nStep 5 - Processed Output: ${pyFloatRepr(processedOutput)}`,
  ];
  return {
    words,
    wordEmbeddings,
    totalCharacters,
    attentionWeights,
    weightedEmbeddings,
    finalVectorInitialLength,
    finalVector,
    processedOutput,
    printed: lines.map((l) => `${l}\n`).join(''),
  };
}

/** The corrected toy: every token, embeddings padded to the longest word. */
export interface PaddedWordLengthAttention {
  /** Every token, repeats included. */
  tokens: string[];
  /** (N tokens, L letters) letter indices, padded with zeros on the right. */
  embeddings: number[][];
  /** (N) len(token) / total characters; sums to 1. */
  weights: number[];
  /** (L) sum over tokens of weight * embedding, position by position. */
  finalVector: number[];
  /** sum(finalVector). */
  processedOutput: number;
}

/** Steps 1-5 as the document's comments describe them: both "is" counted, no letter dropped. */
export function paddedWordLengthAttention(sentence: string): PaddedWordLengthAttention {
  const tokens = splitWords(sentence, 'paddedWordLengthAttention');
  const raw = tokens.map(letterEmbedding);
  const L = Math.max(...raw.map((e) => e.length));
  const embeddings = raw.map((e) => [...e, ...new Array(L - e.length).fill(0)]); // (N, L)
  let total = 0;
  for (const t of tokens) total += pyLen(t);
  const weights = tokens.map((t) => pyLen(t) / total); // (N)
  const finalVector = new Array(L).fill(0); // (L) = weights (1, N) x embeddings (N, L)
  embeddings.forEach((e, i) => e.forEach((v, j) => (finalVector[j] += weights[i] * v)));
  let processedOutput = 0;
  for (const v of finalVector) processedOutput += v;
  return { tokens, embeddings, weights, finalVector, processedOutput };
}
