import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { referenceValues } from '../../src/datasets/reference';
import { cl100kTokenizer, llama2Tokenizer, unigramTokenizer, wordPieceTokenizer } from '../../src/tokenizers';
import { InputError } from '../../src/core/validate';

const g001 = referenceValues('001');
const TEXT = 'Apple is a fruit'; // document 001, section 四

describe('cl100k_base (GPT-4), js-tiktoken', () => {
  const tok = cl100kTokenizer();
  test("'Apple is a fruit' has OpenAI's ids", () => {
    assert.deepEqual(tok.encode(TEXT), [27665, 374, 264, 14098]);
    assert.deepEqual(tok.pieces([27665, 374, 264, 14098]), ['Apple', ' is', ' a', ' fruit']);
  });
  test('round trip, including non-ASCII text', () => {
    for (const t of [TEXT, '', '苹果是一种水果', 'tabs\tand\nnewlines  ', 'emoji 🍎'])
      assert.equal(tok.decode(tok.encode(t)), t);
  });
  test('special-token text is ordinary text', () => {
    assert.equal(tok.decode(tok.encode('<|endoftext|>')), '<|endoftext|>');
  });
  test('bad input', () => {
    assert.throws(() => tok.encode(42 as unknown as string), InputError);
    assert.throws(() => tok.decode([1.5]), /integer/);
    assert.throws(() => tok.decode([-1]), InputError);
  });
});

describe('Llama 2, llama-tokenizer-js', () => {
  const tok = llama2Tokenizer();
  test("'Apple is a fruit' has Llama 2's ids, <s> first", () => {
    const ids = tok.encode(TEXT);
    assert.deepEqual(ids, [1, 12113, 338, 263, 15774]);
    assert.deepEqual(tok.pieces(ids), ['<s>', '▁Apple', '▁is', '▁a', '▁fruit']);
    assert.equal(tok.vocabSize, 32000);
  });
  test("decode: the text back, and as Hugging Face's decode prints it", () => {
    assert.equal(tok.decode([1, 12113, 338, 263, 15774]), TEXT);
    assert.equal(tok.decodeWithSpecialTokens([1, 12113, 338, 263, 15774]), `<s> ${TEXT}`);
  });
  test('round trip, including bytes outside the vocabulary', () => {
    for (const t of [TEXT, '苹果是一种水果', 'emoji 🍎 and  two spaces']) assert.equal(tok.decode(tok.encode(t)), t);
  });
  test('bad input', () => {
    assert.throws(() => tok.encode(undefined as unknown as string), InputError);
    assert.throws(() => tok.decode([32000]), /0\.\.31999/);
  });
});

describe("DistilBERT's WordPiece (bert-base-uncased vocabulary)", () => {
  const tok = wordPieceTokenizer();
  test("ids equal Hugging Face tokenizers' (test/golden/001.json)", () => {
    for (const c of g001.wordpiece.cases) {
      const ids = tok.encode(c.text);
      assert.deepEqual(ids, c.ids, c.text);
      assert.deepEqual(tok.pieces(ids), c.tokens, c.text);
      assert.equal(tok.decode(ids), c.decoded, c.text);
    }
  });
  test('lower-cased round trip; unknown characters become [UNK] (id 100)', () => {
    assert.equal(tok.decode(tok.encode('Pink Short Sleeve Top')), 'pink short sleeve top');
    assert.ok(tok.encode('🍎').includes(100));
  });
  test('bad input', () => {
    assert.throws(() => tok.encode(null as unknown as string), InputError);
    assert.throws(() => tok.pieces([30522]), InputError);
  });
});

describe('SentencePiece unigram (the Universal Sentence Encoder tokenizer)', () => {
  const vocab: Array<[string, number | null]> = [
    ['<unk>', 0],
    ['<s>', 0],
    ['</s>', 0],
    ['x1', 0],
    ['x2', 0],
    ['x3', 0],
    ['▁', -5],
    ['▁a', -2],
    ['▁ab', -3],
    ['b', -2.5],
    ['c', -4],
    ['▁abc', -9],
    ['a', -3],
  ];
  const tok = unigramTokenizer(vocab);
  test('Viterbi picks the most probable segmentation', () => {
    // "▁ab" (-3) beats "▁a"+"b" (-4.5); "▁abc" (-9) loses to "▁ab"+"c" (-7)
    assert.deepEqual(tok.pieces(tok.encode('ab')), ['▁ab']);
    assert.deepEqual(tok.pieces(tok.encode('abc')), ['▁ab', 'c']);
    assert.equal(tok.decode(tok.encode('ab abc')), 'ab abc');
  });
  test('unknown symbols become one id 0 per run', () => {
    assert.deepEqual(tok.encode('a zz'), [7, 6, 0]);
  });
  test('empty text has no tokens; bad vocabularies are refused', () => {
    assert.deepEqual(tok.encode(''), []);
    assert.throws(() => unigramTokenizer([] as Array<[string, number]>), InputError);
  });
});
