// Universal Sentence Encoder lite's own attention maps (real pretrained weights, offline).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { tf } from '../../src/core/backend';
import { InputError } from '../../src/core/validate';
import { PretrainedAttention, loadPretrainedAttention } from '../../src/embeddings/useAttention';

describe('pretrained attention: Universal Sentence Encoder lite', () => {
  let use: PretrainedAttention;
  before(async () => {
    use = await loadPretrainedAttention({ log: false });
  });
  after(() => use.dispose());

  test('layers × heads × queries × keys with its SentencePiece pieces; rows sum to 1', async () => {
    const a = await use.attention('pink short sleeve top');
    assert.deepEqual(a.pieces, ['▁pink', '▁short', '▁sl', 'ee', 've', '▁top']);
    assert.equal(a.weights.length, 2);
    for (const layer of a.weights) {
      assert.equal(layer.length, 4);
      for (const head of layer) {
        assert.equal(head.length, 6);
        for (const row of head) {
          assert.equal(row.length, 6);
          assert.ok(Math.abs(row.reduce((s, w) => s + w, 0) - 1) < 1e-5);
          assert.ok(row.every((w) => w >= 0));
        }
      }
    }
  });
  test('the [heads × pieces, pieces] order: equal to softmax(Q Kᵀ) of each head, the other order is not', async () => {
    const a = await use.attention('Awareness is power in a world where knowledge is everywhere');
    assert.ok(a.orderCheck <= 1e-5, `order check ${a.orderCheck}`);
    assert.ok(a.otherOrderDiff > 0.1, `the other order differs by only ${a.otherOrderDiff}`);
    // The heads differ from one another: not one map repeated.
    assert.ok(Math.abs(a.weights[0][1][0][0] - a.weights[0][2][0][0]) > 1e-3);
  });
  test('the same maps on two runs', async () => {
    const a = await use.attention('The cat sat on the mat because it was tired');
    const b = await use.attention('The cat sat on the mat because it was tired');
    assert.deepEqual(a.weights, b.weights);
  });
  test('bad input: empty text, too long, not a string', async () => {
    await assert.rejects(use.attention('   '), /text is empty/);
    await assert.rejects(use.attention(''), InputError);
    await assert.rejects(use.attention('word '.repeat(200)), /at most 128/);
    await assert.rejects(use.attention(42 as unknown as string), /expected a string/);
  });
  test('a model file missing: a clear InputError naming it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'use-missing-'));
    await assert.rejects(loadPretrainedAttention({ log: false, modelDir: dir }), /model\.json is missing/);
    fs.writeFileSync(path.join(dir, 'model.json'), '{}');
    await assert.rejects(loadPretrainedAttention({ log: false, modelDir: dir }), /vocab\.json is missing/);
    fs.rmSync(dir, { recursive: true });
  });
  test('no tensors leak', async () => {
    const start = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await use.attention('pink short sleeve top');
    await use.attention('').catch(() => undefined);
    assert.equal(tf.memory().numTensors, start);
  });
});
