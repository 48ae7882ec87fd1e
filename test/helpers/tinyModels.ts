// TINY GENERATED MODELS, FOR TESTS ONLY. They exercise the code that loads the
// documents' models with transformers.js (folder layout, config, tokenizer, ONNX
// session, output names, the documents' pooling recipes) without their weights,
// which cannot be downloaded here. Each is a few hand-written ONNX nodes with
// fixed, made-up numbers: nothing they output means anything.
// The ONNX files are written with onnx-proto, which transformers.js's onnxruntime-web
// brings along.
import fs from 'node:fs';
import path from 'node:path';
import { wordPieceTokenizerJson, BERT_UNCASED_CONFIG } from '../../src/tokenizers/wordpiece';

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports */
const { onnx } = require('onnx-proto') as { onnx: any };

export const TINY_VOCAB = [
  '[PAD]',
  '[UNK]',
  '[CLS]',
  '[SEP]',
  '[MASK]',
  'pink',
  'short',
  'sleeve',
  'top',
  'long',
  'shirt',
  'man',
  'riding',
  'a',
  'horse',
  '##s',
];
export const TINY_DIM = 4;
/** Row i of the tiny token-embedding table: [i, i², 1, -i] / 10. */
export const tinyEmbedding = (i: number): number[] => [i, i * i, 1, -i].map((v) => v / 10);

type Dim = number | string;
const FLOAT = 1;
const INT64 = 7;

function valueInfo(name: string, elemType: number, dims: Dim[]): any {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function floatTensor(name: string, dims: number[], values: number[]): any {
  return { name, dims, dataType: FLOAT, floatData: values };
}

function model(graph: any): Uint8Array {
  // IR version 7, opset 13: what onnxruntime-node 1.14 (transformers.js 2.17) accepts
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({
      irVersion: 7,
      producerName: 'attention-lab tests (tiny, made-up weights)',
      opsetImport: [{ domain: '', version: 13 }],
      graph,
    }),
  ).finish();
}

const reduceMean = (input: string, output: string, axes: number[], keepdims: number) => ({
  opType: 'ReduceMean',
  input: [input],
  output: [output],
  name: output,
  attribute: [
    { name: 'axes', type: 7, ints: axes },
    { name: 'keepdims', type: 2, i: keepdims },
  ],
});

function write(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
}

const table = () =>
  floatTensor(
    'embedding_table',
    [TINY_VOCAB.length, TINY_DIM],
    TINY_VOCAB.flatMap((_, i) => tinyEmbedding(i)),
  );
const tokenizerFiles = (cls: string) => ({
  'tokenizer.json': JSON.stringify(wordPieceTokenizerJson(TINY_VOCAB)),
  'tokenizer_config.json': JSON.stringify({ ...BERT_UNCASED_CONFIG, tokenizer_class: cls }),
});

/** A DistilBERT-shaped model: last_hidden_state[b, t] = table[input_ids[b, t]]. */
export function writeTinyDistilBert(root: string, id: string): void {
  write(path.join(root, id), {
    'config.json': JSON.stringify({
      model_type: 'distilbert',
      dim: TINY_DIM,
      vocab_size: TINY_VOCAB.length,
      note: 'tiny generated test model',
      attention_lab_test_only: true,
    }),
    ...tokenizerFiles('DistilBertTokenizer'),
    'onnx/model.onnx': model({
      name: 'tiny_distilbert',
      node: [
        { opType: 'Gather', input: ['embedding_table', 'input_ids'], output: ['last_hidden_state'], name: 'lookup' },
      ],
      initializer: [table()],
      input: [
        valueInfo('input_ids', INT64, ['batch', 'tokens']),
        valueInfo('attention_mask', INT64, ['batch', 'tokens']),
      ],
      output: [valueInfo('last_hidden_state', FLOAT, ['batch', 'tokens', TINY_DIM])],
    }),
  });
}

/** A ResNet-shaped model: pooler_output[b, c, 1, 1] = mean over the pixels of channel c. */
export function writeTinyResNet(root: string, id: string): void {
  write(path.join(root, id), {
    'config.json': JSON.stringify({
      model_type: 'resnet',
      note: 'tiny generated test model',
      attention_lab_test_only: true,
    }),
    'onnx/model.onnx': model({
      name: 'tiny_resnet',
      node: [reduceMean('pixel_values', 'pooler_output', [2, 3], 1)],
      input: [valueInfo('pixel_values', FLOAT, ['batch', 3, 224, 224])],
      output: [valueInfo('pooler_output', FLOAT, ['batch', 3, 1, 1])],
    }),
  });
}

/** CLIP-shaped towers: text_embeds = mean of token rows; image_embeds = channel means · W (3 x 4). */
export const TINY_PROJECTION = [1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, -1];
export function writeTinyClip(root: string, id: string): void {
  write(path.join(root, id), {
    'config.json': JSON.stringify({
      model_type: 'clip',
      projection_dim: TINY_DIM,
      text_config: {},
      vision_config: {},
      note: 'tiny generated test model',
      attention_lab_test_only: true,
    }),
    ...tokenizerFiles('BertTokenizer'),
    'preprocessor_config.json': JSON.stringify({
      feature_extractor_type: 'CLIPFeatureExtractor',
      do_resize: true,
      size: 224,
      resample: 3,
      do_center_crop: true,
      crop_size: 224,
      do_normalize: true,
      image_mean: [0.48145466, 0.4578275, 0.40821073],
      image_std: [0.26862954, 0.26130258, 0.27577711],
      do_convert_rgb: true,
    }),
    'onnx/text_model.onnx': model({
      name: 'tiny_clip_text',
      node: [
        { opType: 'Gather', input: ['embedding_table', 'input_ids'], output: ['token_rows'], name: 'lookup' },
        reduceMean('token_rows', 'text_embeds', [1], 0),
      ],
      initializer: [table()],
      input: [
        valueInfo('input_ids', INT64, ['batch', 'tokens']),
        valueInfo('attention_mask', INT64, ['batch', 'tokens']),
      ],
      output: [valueInfo('text_embeds', FLOAT, ['batch', TINY_DIM])],
    }),
    'onnx/vision_model.onnx': model({
      name: 'tiny_clip_vision',
      node: [
        reduceMean('pixel_values', 'channel_means', [2, 3], 0),
        { opType: 'MatMul', input: ['channel_means', 'projection'], output: ['image_embeds'], name: 'project' },
      ],
      initializer: [floatTensor('projection', [3, TINY_DIM], TINY_PROJECTION)],
      input: [valueInfo('pixel_values', FLOAT, ['batch', 3, 224, 224])],
      output: [valueInfo('image_embeds', FLOAT, ['batch', TINY_DIM])],
    }),
  });
}
