// The documents' model path end to end, without the real weights: `npm run models` fetches
// tiny test-only models of the same architectures (test/golden/models/make_tiny_models.py:
// DistilBertModel, ResNetModel, CLIPModel with seeded random weights) from a Hugging Face
// hub on loopback into a temporary models folder; the resolver picks them as the documents'
// models; their embeddings must equal Hugging Face's Python outputs (outputs.json) within
// 1e-4, with the documents' recipes. The numbers mean nothing; the code path is what is proven.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { tf } from '../../src/core/backend';
import { GOLDEN_DIR } from '../../src/core/paths';
import { loadPhoto, photoPath } from '../../src/datasets/photos';
import { cropImage } from '../../src/datasets/pixels';
import { resolveClip, resolveImageEmbedder, resolveTextEmbedder } from '../../src/embeddings';
import { TEST_ONLY_MARKER } from '../../src/embeddings/documentModels';
import { cosineSimilarityMatrix } from '../../src/maths/similarity';
import { Hub, startHub } from '../helpers/hubServer';
import { runModels } from '../helpers/runModels';

/* eslint-disable @typescript-eslint/no-explicit-any */
const TINY = path.join(GOLDEN_DIR, 'models');
const python = JSON.parse(fs.readFileSync(path.join(TINY, 'outputs.json'), 'utf8'));
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'al-parity-models-'));
const TOL = 1e-4;

function assertClose(got: tf.Tensor, want: number[][], what: string): void {
  assert.deepEqual(got.shape, [want.length, want[0].length], `${what}: shape`);
  const rows = got.arraySync() as number[][];
  let worst = 0;
  rows.forEach((r, i) => r.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - want[i][j])))));
  assert.ok(worst < TOL, `${what}: largest difference from Hugging Face's Python ${worst} (tolerance ${TOL})`);
}

/** The central 224 x 224 crops make_tiny_models.py used (no resize: PIL's and the JS resizers differ). */
function crops(): tf.Tensor3D[] {
  return python.resnet18.crops.map((c: any) =>
    tf.tidy(() => {
      const photo = loadPhoto(c.photo.replace(/\.png$/, ''));
      return cropImage(photo, c.top, c.left, c.size, c.size);
    }),
  );
}

let hub: Hub;
let download: { code: number | null; stdout: string; stderr: string };
before(async () => {
  hub = await startHub(path.join(TINY, 'hub'));
  download = await runModels(['--from', hub.url, '--into', root]);
});
after(() => hub.close());

describe("the documents' models from a loopback hub, against Hugging Face's Python", () => {
  test('npm run models -- --from http://127.0.0.1:PORT fetches all three, with progress', () => {
    assert.equal(download.code, 0, download.stdout + download.stderr);
    assert.match(download.stdout, /clip-vit-base-patch32\/onnx\/vision_model\.onnx: 25 % of 517\.5 kB/);
    assert.match(download.stdout, /Xenova\/resnet-18 complete/);
  });

  test('DistilBERT: mean-pooled last hidden state of the three sentences equals Python within 1e-4', async () => {
    const r = await resolveTextEmbedder({ root, prefer: 'document', allowTestOnly: true, log: false });
    assert.equal(r.usingDocumentModel, true);
    assert.match(r.message, /TEST-ONLY random weights/);
    const X = await r.embedder!.embed(python.distilbert.sentences);
    assertClose(X, python.distilbert.text_emb, 'DistilBERT text_emb');
    X.dispose();
    r.embedder!.dispose();
  });

  test('ResNet: pooled features of three photos (crops and resized whole) equal Python within 1e-4', async () => {
    const r = await resolveImageEmbedder({ root, prefer: 'document', allowTestOnly: true, log: false });
    assert.equal(r.embedder!.dim, python.resnet18.dim);
    const images = crops();
    const X = await r.embedder!.embed(images);
    assertClose(X, python.resnet18.img_emb, 'ResNet img_emb');
    // the whole photos: the document's Resize([224, 224]) as PIL does it, then the same
    const files = python.resnet18.full_photos.map((p: any) => photoPath(p.photo.replace(/\.png$/, '')));
    const F = await r.embedder!.embed(files);
    assertClose(
      F,
      python.resnet18.full_photos.map((p: any) => p.img_emb),
      'ResNet img_emb of the resized photos',
    );
    tf.dispose([X, F, ...images]);
    r.embedder!.dispose();
  });

  test("CLIP: text and image embeddings, logits_per_image and text2image's choice equal Python", async () => {
    const r = await resolveClip({ root, prefer: 'document', allowTestOnly: true, log: false });
    const clip = r.embedder!;
    const images = crops();
    const T = await clip.text.embed(python.clip.prompts);
    const I = await clip.image.embed(images);
    assertClose(T, python.clip.text_embeds, 'CLIP text_embeds');
    assertClose(I, python.clip.image_embeds, 'CLIP image_embeds');
    assert.ok(Math.abs(clip.logitScale - python.clip.logit_scale) < 1e-3, `logit scale ${python.clip.logit_scale}`);
    // as notebook 01 computes them: logit scale x cosine, images x prompts
    const logits = tf.tidy(() => tf.mul(cosineSimilarityMatrix(I, T), clip.logitScale));
    assertClose(logits, python.clip.logits_per_image, 'CLIP logits_per_image');
    const chosen = Array.from(tf.tidy(() => tf.argMax(logits, 0)).dataSync() as Int32Array).map(
      (i) => python.clip.photos[i],
    );
    assert.deepEqual(chosen, python.clip.chosen_photo);
    tf.dispose([T, I, logits, ...images]);
    clip.text.dispose();
    clip.image.dispose();
  });
});

describe('a test-only model never reaches a report', () => {
  test(`the resolver refuses a model marked ${TEST_ONLY_MARKER} unless the caller allows it`, async () => {
    await assert.rejects(resolveClip({ root, prefer: 'document', log: false }), (e: Error) => {
      assert.match(e.message, new RegExp(`"${TEST_ONLY_MARKER}": true`));
      assert.match(e.message, /npm run models/);
      return true;
    });
    // 'auto' (what the notebooks use) falls back to the offline model and says why
    const text = await resolveTextEmbedder({ root, log: false });
    assert.equal(text.usingDocumentModel, false);
    assert.equal(text.embedder?.name, 'Universal Sentence Encoder lite');
    assert.match(text.message, new RegExp(`loading it failed: .*${TEST_ONLY_MARKER}`));
    text.embedder?.dispose();
  });
});
