// The resolver's offline path (the documents' models are not in models/ here) and
// the errors of the document-model loaders when their folder is missing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import {
  DOCUMENT_MODELS,
  isDocumentModelPresent,
  loadClip,
  loadDistilBert,
  loadResNet18,
  resolveClip,
  resolveImageEmbedder,
  resolveTextEmbedder,
} from '../../src/embeddings';

const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'al-models-'));

function captureLog<T>(fn: () => Promise<T>): Promise<{ out: T; lines: string[] }> {
  const lines: string[] = [];
  const orig = console.log;
  console.log = (...a: unknown[]) => void lines.push(a.join(' '));
  return fn().then(
    (out) => ((console.log = orig), { out, lines }),
    (e) => {
      console.log = orig;
      throw e;
    },
  );
}

describe('resolver: offline path', () => {
  test('text: the Universal Sentence Encoder, with one line naming it and how to get DistilBERT', async () => {
    const { out, lines } = await captureLog(() => resolveTextEmbedder({ root: empty }));
    assert.equal(out.usingDocumentModel, false);
    assert.equal(out.embedder?.name, 'Universal Sentence Encoder lite');
    assert.equal(out.embedder?.isDocumentModel, false);
    const line = lines.find((l) => l.startsWith('Text embeddings below come from'));
    assert.ok(line, lines.join('\n'));
    assert.match(line, /Universal Sentence Encoder lite/);
    assert.match(line, /distilbert-base-uncased/);
    assert.match(line, /npm run models/);
    out.embedder?.dispose();
  });
  test('images: MobileNetV2 features, naming ResNet-18', async () => {
    const { out } = await captureLog(() => resolveImageEmbedder({ root: empty }));
    assert.equal(out.embedder?.dim, 1280);
    assert.match(out.message, /resnet18/);
    assert.match(out.message, /npm run models/);
    out.embedder?.dispose();
  });
  test('CLIP: no stand-in; the message says what is missing', async () => {
    const { out } = await captureLog(() => resolveClip({ root: empty }));
    assert.equal(out.embedder, null);
    assert.match(out.message, /openai\/clip-vit-base-patch32/);
    assert.match(out.message, /npm run models/);
  });
  test("prefer: 'document' fails clearly when the model is absent", async () => {
    await assert.rejects(resolveTextEmbedder({ root: empty, prefer: 'document', log: false }), /npm run models/);
  });
  test('log: false prints nothing', async () => {
    const { lines, out } = await captureLog(() => resolveClip({ root: empty, log: false }));
    assert.deepEqual(lines, []);
    assert.equal(out.embedder, null);
  });
});

describe('document models: a missing folder is a clear error, never random weights', () => {
  test('each loader names the folder and the command', async () => {
    for (const [load, name] of [
      [loadDistilBert, 'distilbert'],
      [loadResNet18, 'resnet18'],
      [loadClip, 'clip'],
    ] as const) {
      assert.equal(isDocumentModelPresent(name, { root: empty }), false);
      await assert.rejects((load as (o: object) => Promise<unknown>)({ root: empty, log: false }), (e: Error) => {
        assert.match(e.message, new RegExp(DOCUMENT_MODELS[name].id.replace('/', '\\/')));
        assert.match(e.message, /npm run models/);
        return true;
      });
    }
  });
  test('a folder with only some files is incomplete', () => {
    const dir = path.join(empty, DOCUMENT_MODELS.distilbert.id);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'config.json'), '{}');
    assert.equal(isDocumentModelPresent('distilbert', { root: empty }), false);
  });
});
