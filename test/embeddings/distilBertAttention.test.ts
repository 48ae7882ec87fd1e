// Whether DistilBERT's attention maps can be shown (notebook 06): absent here, and when
// present (a tiny generated ONNX file in DistilBERT's layout), why its export cannot.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { DOCUMENT_MODELS, distilBertAttentionOutputs } from '../../src/embeddings/documentModels';
import { writeTinyDistilBert } from '../helpers/tinyModels';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'al-distil-attention-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

test('absent: says which file is missing and why it cannot be fetched here', async () => {
  const r = await distilBertAttentionOutputs({ root });
  assert.equal(r.present, false);
  assert.match(r.reason ?? '', /onnx\/model\.onnx is not there.*npm run models.*Hugging Face hub/);
});

test('present without attention outputs: names the outputs it has and why the maps are not there', async () => {
  writeTinyDistilBert(root, DOCUMENT_MODELS.distilbert.id);
  const r = await distilBertAttentionOutputs({ root });
  assert.equal(r.present, true);
  assert.deepEqual(r.outputs, ['last_hidden_state']);
  assert.deepEqual(r.attentionOutputs, []);
  assert.match(r.reason ?? '', /has the outputs last_hidden_state only.*output_attentions/);
});

test('bad options are refused', async () => {
  await assert.rejects(distilBertAttentionOutputs({ root: 3 as never }), /expected options/);
  await assert.rejects(distilBertAttentionOutputs(null as never), /expected options/);
});
