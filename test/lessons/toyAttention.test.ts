import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { letterEmbedding, paddedWordLengthAttention, wordLengthAttention } from '../../src/lessons/toyAttention';
import { referenceValues } from '../../src/datasets/reference';
import { InputError } from '../../src/core/validate';

const g = referenceValues('003').word_length_attention;

describe("document 003 §三: the word-length toy, as the document's Python computes it", () => {
  const toy = wordLengthAttention(g.sentence);

  test('prints exactly what the Python prints, character for character', () => {
    assert.equal(toy.printed, g.printed);
  });
  test('final vector [10.100000000000001] and processed output 10.100000000000001, bit for bit', () => {
    assert.deepEqual(toy.finalVector, g.final_vector);
    assert.equal(toy.finalVector[0], 10.100000000000001);
    assert.equal(toy.processedOutput, g.processed_output);
    assert.equal(toy.finalVectorInitialLength, g.final_vector_initial_length);
  });
  test('words, embeddings, weights and weighted embeddings equal the golden dicts, in their order', () => {
    assert.deepEqual(toy.words, g.words);
    assert.equal(toy.totalCharacters, g.total_characters);
    assert.deepEqual([...toy.wordEmbeddings.keys()], Object.keys(g.word_embeddings));
    assert.deepEqual(Object.fromEntries(toy.wordEmbeddings), g.word_embeddings);
    assert.deepEqual(Object.fromEntries(toy.attentionWeights), g.attention_weights);
    assert.deepEqual(Object.fromEntries(toy.weightedEmbeddings), g.weighted_embeddings);
  });
  test('the repeated "is" is kept once: 9 entries for 10 tokens', () => {
    assert.equal(toy.words.length, 10);
    assert.equal(toy.wordEmbeddings.size, 9);
  });
  test('a sentence with no one-letter word keeps more coordinates', () => {
    const t = wordLengthAttention('ab  cde');
    assert.deepEqual(t.words, ['ab', 'cde']);
    assert.equal(t.finalVector.length, 2); // cut to "ab"
    assert.equal(t.finalVector[0], 0 + 0 + 0.4 * 1 + 0.6 * 3);
    assert.match(t.printed, /^Step 1 - Tokenized Words: \['ab', 'cde'\]\n/);
  });
});

describe('the corrected toy: every token, padded embeddings', () => {
  const p = paddedWordLengthAttention(g.sentence);
  test('both "is" are counted and the weights sum to 1', () => {
    assert.equal(p.tokens.length, 10);
    assert.equal(p.weights.filter((w, i) => p.tokens[i] === 'is' && w === 0.04).length, 2);
    assert.ok(Math.abs(p.weights.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  });
  test('embeddings are padded with zeros to the longest word, and the sum covers every letter', () => {
    assert.ok(p.embeddings.every((e) => e.length === 10));
    assert.deepEqual(p.embeddings[4], [1, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // "a"
    assert.equal(p.finalVector.length, 10);
    // first letters: the document's 10.1 plus the second "is" (0.04 * 9)
    assert.ok(Math.abs(p.finalVector[0] - 10.46) < 1e-12);
    let expected = 0;
    p.tokens.forEach((t, i) => letterEmbedding(t).forEach((v) => (expected += p.weights[i] * v)));
    assert.ok(Math.abs(p.processedOutput - expected) < 1e-9);
  });
});

describe('bad input', () => {
  test('no words, not a string, empty word', () => {
    for (const s of ['', '   ', 42, null]) {
      assert.throws(() => wordLengthAttention(s as string), InputError);
      assert.throws(() => paddedWordLengthAttention(s as string), InputError);
    }
    assert.throws(() => letterEmbedding(''), /non-empty word/);
  });
  test('letter indices: a = 1, z = 26, upper case folded', () => {
    assert.deepEqual(letterEmbedding('AzB'), [1, 26, 2]);
  });
});
