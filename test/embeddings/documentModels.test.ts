// The loaders of the documents' models (DistilBERT, ResNet-18, CLIP through
// transformers.js) and the resolver's "document model present" path, run on TINY
// GENERATED MODELS (test/helpers/tinyModels.ts) with made-up weights: the real ones
// cannot be downloaded here. What is checked is the loading code and the documents'
// recipes (mean over all tokens, [CLS] and [SEP] included; avgpool; one joint space),
// never what the numbers mean.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { tf } from '../../src/core/backend';
import {
  DOCUMENT_MODELS,
  isDocumentModelPresent,
  loadClip,
  loadDistilBert,
  loadResNet18,
  resolveClip,
  resolveTextEmbedder,
} from '../../src/embeddings';
import { resnetInput } from '../../src/embeddings/documentModels';
import {
  TINY_DIM,
  TINY_VOCAB,
  tinyEmbedding,
  writeTinyClip,
  writeTinyDistilBert,
  writeTinyResNet,
} from '../helpers/tinyModels';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'al-tiny-models-'));

before(() => {
  writeTinyDistilBert(root, DOCUMENT_MODELS.distilbert.id);
  writeTinyResNet(root, DOCUMENT_MODELS.resnet18.id);
  writeTinyClip(root, DOCUMENT_MODELS.clip.id);
});

const id = (t: string) => TINY_VOCAB.indexOf(t);
const meanOf = (rows: number[][]) => rows[0].map((_, j) => rows.reduce((s, r) => s + r[j], 0) / rows.length);

describe('document models on tiny generated ONNX files (loading code only)', () => {
  test('the folders count as present', () => {
    for (const name of ['distilbert', 'resnet18', 'clip'] as const)
      assert.ok(isDocumentModelPresent(name, { root }), name);
  });

  test("DistilBERT: the document's last_hidden_state.mean(1), [CLS] and [SEP] included", async () => {
    const model = await loadDistilBert({ root, log: false, allowTestOnly: true });
    assert.equal(model.isDocumentModel, true);
    assert.equal(model.dim, TINY_DIM);
    const X = await model.embed(['pink short sleeve top', 'man riding a horse']);
    const tokens = [
      ['[CLS]', 'pink', 'short', 'sleeve', 'top', '[SEP]'],
      ['[CLS]', 'man', 'riding', 'a', 'horse', '[SEP]'],
    ];
    const want = tokens.map((ts) => meanOf(ts.map((t) => tinyEmbedding(id(t)))));
    const got = X.arraySync() as number[][];
    got.forEach((row, i) =>
      row.forEach((v, j) => assert.ok(Math.abs(v - want[i][j]) < 1e-6, `[${i}][${j}] ${v} vs ${want[i][j]}`)),
    );
    X.dispose();
    await assert.rejects(model.embed(['']), /empty/);
  });

  test("ResNet-18: the avgpool output of the document's preprocessing", async () => {
    const model = await loadResNet18({ root, log: false, allowTestOnly: true });
    const image = tf.fill([30, 40, 3], 128, 'int32') as tf.Tensor3D;
    const X = await model.embed([image]);
    const want = tf.tidy(() => Array.from(tf.mean(resnetInput(image), [2, 3]).dataSync()));
    assert.deepEqual(X.shape, [1, 3]);
    Array.from(X.dataSync()).forEach((v, j) => assert.ok(Math.abs(v - want[j]) < 1e-4, `${v} vs ${want[j]}`));
    tf.dispose([image, X]);
  });

  test('CLIP: text and image towers give vectors of one width', async () => {
    const clip = await loadClip({ root, log: false, allowTestOnly: true });
    const T = await clip.text.embed(['pink top', 'a horse']);
    const I = await clip.image.embed(['data/photos/chelsea.png', 'data/photos/coffee.png']);
    assert.deepEqual(T.shape, [2, TINY_DIM]);
    assert.deepEqual(I.shape, [2, TINY_DIM]);
    assert.equal(clip.logitScale, 100);
    tf.dispose([T, I]);
  });

  test('the resolver takes the document model when it is present, and says so', async () => {
    const lines: string[] = [];
    const orig = console.log;
    console.log = (...a: unknown[]) => void lines.push(a.join(' '));
    try {
      const text = await resolveTextEmbedder({ root, allowTestOnly: true });
      assert.equal(text.usingDocumentModel, true);
      assert.match(text.message, /the document's own model/);
      const clip = await resolveClip({ root, allowTestOnly: true });
      assert.ok(clip.embedder);
    } finally {
      console.log = orig;
    }
    assert.ok(
      lines.some((l) => l.includes('DistilBERT')),
      lines.join('\n'),
    );
  });

  test('a broken model file falls back to the offline model and names the failure', async () => {
    const broken = fs.mkdtempSync(path.join(os.tmpdir(), 'al-broken-'));
    writeTinyDistilBert(broken, DOCUMENT_MODELS.distilbert.id);
    fs.writeFileSync(path.join(broken, DOCUMENT_MODELS.distilbert.id, 'onnx/model.onnx'), 'not onnx');
    const r = await resolveTextEmbedder({ root: broken, log: false, allowTestOnly: true });
    assert.equal(r.usingDocumentModel, false);
    assert.equal(r.embedder?.name, 'Universal Sentence Encoder lite');
    assert.match(r.message, /loading it failed/);
    r.embedder?.dispose();
  });
});
