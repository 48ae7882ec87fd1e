// The documents' own models, run with transformers.js (ONNX) and the documents'
// recipes, read from models/<id> (downloaded by `npm run models` while online):
//   DistilBERT  distilbert-base-uncased: mean of the last hidden state over all
//               tokens ([CLS] and [SEP] included), as `last_hidden_state.mean(1)`
//   ResNet-18   the 512-d average-pool output, input resized to 224x224, scaled to
//               0..1 and normalised with ImageNet's mean and std, as the document's
//               torchvision transforms
//   CLIP        openai/clip-vit-base-patch32: text and image towers projected into
//               one 512-d space; logits = 100 · cos(image, text)
// None of these weights can be reached offline; src/embeddings/resolver.ts falls
// back to the offline models and says so.
import fs from 'node:fs';
import path from 'node:path';
import type { Tensor2D } from '@tensorflow/tfjs-node';
import { tf } from '../core/backend';
import { MODELS_DIR } from '../core/paths';
import { allowDownloads, hasLocalModel, modelDir, transformers } from '../core/transformersjs';
import { InputError } from '../core/validate';
import { resizeLikePil } from '../datasets/pilResize';
import { ImageInput, toImageTensor } from '../datasets/pixels';
import { DOCUMENT_MODELS, DocumentModel, DocumentModelName } from './documentModelTable';
import { ProgressOptions, downloadProgress, withProgress } from './progress';
import { ImageEmbedder, TextEmbedder, checkImages, checkTexts } from './types';

/* eslint-disable @typescript-eslint/no-explicit-any */

export { DOCUMENT_MODELS } from './documentModelTable';
export type { DocumentModel, DocumentModelName } from './documentModelTable';

export interface LoadOptions extends ProgressOptions {
  /** Read from this folder's <id> instead of models/ (tests use a tiny generated model). */
  root?: string;
  /** Let transformers.js download missing files into models/ (default false: offline). */
  download?: boolean;
  /** Load onnx/*_quantized.onnx instead of the full-precision files (default false). */
  quantized?: boolean;
  /**
   * Accept a model whose config.json says `"attention_lab_test_only": true` (tiny, random
   * weights, made by test/golden/models/make_tiny_models.py). Only tests set this (or
   * ATTENTION_LAB_ALLOW_TEST_ONLY_MODELS=1 for a test's notebook run): such a model is
   * refused otherwise, so it never produces a report's numbers.
   */
  allowTestOnly?: boolean;
}

/** The config key that marks a model made for tests only. */
export const TEST_ONLY_MARKER = 'attention_lab_test_only';

/** True when models/<id> has every file the document's model needs. */
function documentModel(name: unknown): DocumentModel {
  if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(DOCUMENT_MODELS, name))
    throw new InputError(
      `document model: expected one of ${Object.keys(DOCUMENT_MODELS).join(', ')}, got ${JSON.stringify(name)}`,
    );
  return DOCUMENT_MODELS[name as DocumentModelName];
}

/** The folder a document model is read from: `root/<id>` when given, else models/<id>. */
function folderOf(m: DocumentModel, options: LoadOptions): string {
  return options.root ? path.join(options.root, m.id) : modelDir(m.id);
}

export function isDocumentModelPresent(name: DocumentModelName, options: LoadOptions = {}): boolean {
  const m = documentModel(name);
  const files = m.files.map((f) => (options.quantized ? f.replace(/\.onnx$/, '_quantized.onnx') : f));
  if (options.root) return files.every((f) => fs.existsSync(path.join(folderOf(m, options), f)));
  return (
    hasLocalModel(
      m.id,
      files.filter((f) => f.endsWith('.onnx')),
    ) && files.every((f) => fs.existsSync(path.join(folderOf(m, options), f)))
  );
}

/** Refuses a model marked test-only unless the caller allows it; returns whether it is one. */
function checkTestOnly(m: DocumentModel, options: LoadOptions): boolean {
  const file = path.join(folderOf(m, options), 'config.json');
  if (!fs.existsSync(file)) return false;
  let config: Record<string, unknown>;
  try {
    config = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError(
      `${m.document}: ${file} is not valid JSON (${(e as Error).message}); run \`npm run models\` again`,
    );
  }
  if (config[TEST_ONLY_MARKER] !== true) return false;
  if (!(options.allowTestOnly ?? process.env.ATTENTION_LAB_ALLOW_TEST_ONLY_MODELS === '1'))
    throw new InputError(
      `${m.document}: ${file} says "${TEST_ONLY_MARKER}": true: a tiny model with random weights, made for tests, ` +
        `never used for a report. Delete ${options.root ?? 'models'}/${m.id} and run \`npm run models\` while online for the real one.`,
    );
  return true;
}

function prepare(
  name: DocumentModelName,
  options: LoadOptions,
): { T: any; m: DocumentModel; opts: Record<string, unknown>; testOnly: string } {
  const T = transformers();
  const m = documentModel(name);
  if (!options.download && !isDocumentModelPresent(name, options))
    throw new InputError(
      `${m.document}: ${options.root ?? 'models'}/${m.id} is missing or incomplete (needs ${m.files.join(', ')}); ` +
        'run `npm run models` while online to download it',
    );
  const testOnly = checkTestOnly(m, options) ? `, TEST-ONLY random weights (${TEST_ONLY_MARKER})` : '';
  if (options.root) T.env.localModelPath = `${options.root}/`;
  allowDownloads(Boolean(options.download));
  return {
    T,
    m,
    testOnly,
    opts: { quantized: Boolean(options.quantized), progress_callback: downloadProgress(options.log !== false) },
  };
}

function restore(T: any, options: LoadOptions): void {
  if (options.root) T.env.localModelPath = `${MODELS_DIR}/`;
  allowDownloads(false);
}

function toTf(t: any, what: string): tf.Tensor {
  if (!t || !t.dims || !t.data) throw new InputError(`${what}: the model gave no such output`);
  return tf.tensor(Array.from(t.data as Float32Array), t.dims as number[], 'float32');
}

/** distilbert-base-uncased, mean-pooled last hidden state (768-d), one text at a time as the document does. */
export async function loadDistilBert(options: LoadOptions = {}): Promise<TextEmbedder> {
  const { T, m, opts, testOnly } = prepare('distilbert', options);
  try {
    const [tokenizer, model] = await withProgress(
      m.document,
      () =>
        Promise.all([
          T.AutoTokenizer.from_pretrained(m.id, { ...opts }),
          T.AutoModel.from_pretrained(m.id, { ...opts }),
        ]),
      options,
    );
    const dim = (model.config?.dim as number) ?? 768;
    return {
      name: 'DistilBERT (distilbert-base-uncased)',
      modality: 'text',
      dim,
      source: `${options.root ?? 'models'}/${m.id} (ONNX${options.quantized ? ', quantised' : ''}, transformers.js${testOnly})`,
      recipe: 'mean of the last hidden state over all tokens, [CLS] and [SEP] included (last_hidden_state.mean(1))',
      isDocumentModel: true,
      async embed(texts: string[]): Promise<Tensor2D> {
        return stackRows(checkTexts(texts, 'DistilBERT embed'), async (text) => {
          const out = await model(await tokenizer(text));
          const h = toTf(out.last_hidden_state, 'DistilBERT last_hidden_state'); // [1, tokens, dim]
          const row = tf.tidy(() => tf.mean(h, 1));
          h.dispose();
          return row;
        });
      },
      dispose: () => void model.dispose?.(),
    };
  } finally {
    restore(T, options);
  }
}

/** Embeds items one at a time (these exports take one input each) and stacks the rows; frees them all on error. */
async function stackRows<I>(items: I[], embedOne: (item: I) => Promise<tf.Tensor>): Promise<Tensor2D> {
  const rows: tf.Tensor[] = [];
  try {
    for (const item of items) rows.push(await embedOne(item));
    return tf.tidy(() => tf.concat(rows, 0) as Tensor2D);
  } finally {
    tf.dispose(rows);
  }
}

const IMAGENET_MEAN = [0.485, 0.456, 0.406];
const IMAGENET_STD = [0.229, 0.224, 0.225];

/**
 * The document's torchvision input: Resize([224, 224]) (PIL's bilinear, antialiased, byte for
 * byte), ToTensor, Normalize(ImageNet), as [1, 3, 224, 224].
 */
export function resnetInput(image: ImageInput): tf.Tensor4D {
  return tf.tidy(() => {
    const x = tf.div(tf.cast(resizeLikePil(image, 224, 224, 'ResNet-18 image'), 'float32'), 255);
    const normalised = tf.div(tf.sub(x, tf.tensor1d(IMAGENET_MEAN)), tf.tensor1d(IMAGENET_STD));
    return tf.expandDims(tf.transpose(normalised, [2, 0, 1]), 0) as tf.Tensor4D;
  });
}

/** ResNet-18's 512-d average-pool features (the document's `avgpool` hook). */
export async function loadResNet18(options: LoadOptions = {}): Promise<ImageEmbedder> {
  const { T, m, opts, testOnly } = prepare('resnet18', options);
  try {
    const model: any = await withProgress(m.document, () => T.AutoModel.from_pretrained(m.id, { ...opts }), options);
    return {
      name: 'ResNet-18 (avgpool features)',
      modality: 'image',
      // 512 for resnet-18: the width of its last stage
      dim: (model.config?.hidden_sizes as number[] | undefined)?.at(-1) ?? 512,
      source: `${options.root ?? 'models'}/${m.id} (ONNX, transformers.js${testOnly})`,
      recipe: 'avgpool output; input resized to 224x224, 0..1, ImageNet mean/std',
      isDocumentModel: true,
      async embed(images: ImageInput[]): Promise<Tensor2D> {
        return stackRows(checkImages(images, 'ResNet-18 embed'), async (image) => {
          const x = resnetInput(image);
          const pixels = new T.Tensor('float32', x.dataSync(), x.shape);
          x.dispose();
          const out = await model({ pixel_values: pixels });
          // ResNetModel exports pooler_output [1, 512, 1, 1]; a last_hidden_state [1, 512, 7, 7] is pooled here.
          if (out.pooler_output) return tf.tidy(() => tf.reshape(toTf(out.pooler_output, 'pooler_output'), [1, -1]));
          if (out.last_hidden_state)
            return tf.tidy(() => tf.mean(toTf(out.last_hidden_state, 'last_hidden_state'), [2, 3]));
          throw new InputError(
            `ResNet-18: ${m.id} gives only ${Object.keys(out).join(', ')}; the avgpool features need a feature-extraction export`,
          );
        });
      },
      dispose: () => void model.dispose?.(),
    };
  } finally {
    restore(T, options);
  }
}

export interface Clip {
  text: TextEmbedder;
  image: ImageEmbedder;
  /** CLIP's learned temperature: logits = logitScale · cos(image, text). 100 for the released ViT-B/32. */
  logitScale: number;
}

/** CLIP ViT-B/32: both towers, embeddings in one 512-d space (text_embeds, image_embeds). */
export async function loadClip(options: LoadOptions = {}): Promise<Clip> {
  const { T, m, opts, testOnly } = prepare('clip', options);
  try {
    const [tokenizer, processor, textModel, visionModel] = await withProgress(
      m.document,
      () =>
        Promise.all([
          // a fresh options object each: from_pretrained writes its default file name into it
          T.AutoTokenizer.from_pretrained(m.id, { ...opts }),
          T.AutoProcessor.from_pretrained(m.id, { ...opts }),
          T.CLIPTextModelWithProjection.from_pretrained(m.id, { ...opts }),
          T.CLIPVisionModelWithProjection.from_pretrained(m.id, { ...opts }),
        ]),
      options,
    );
    const dim = (textModel.config?.projection_dim as number) ?? 512;
    const source = `${options.root ?? 'models'}/${m.id} (ONNX, transformers.js${testOnly})`;
    const base = { source, isDocumentModel: true, dim };
    return {
      logitScale: 100,
      text: {
        ...base,
        name: 'CLIP ViT-B/32 text tower',
        modality: 'text',
        recipe: 'text_embeds (projection of the end-of-text token)',
        async embed(texts: string[]): Promise<Tensor2D> {
          const inputs = await tokenizer(checkTexts(texts, 'CLIP text embed'), { padding: true, truncation: true });
          const out = await textModel(inputs);
          return toTf(out.text_embeds, 'CLIP text_embeds') as Tensor2D;
        },
        dispose: () => void textModel.dispose?.(),
      },
      image: {
        ...base,
        name: 'CLIP ViT-B/32 image tower',
        modality: 'image',
        recipe: "image_embeds; CLIPProcessor's resize, centre crop 224, CLIP mean/std",
        async embed(images: ImageInput[]): Promise<Tensor2D> {
          const raws = checkImages(images, 'CLIP image embed').map((im, i) => {
            const t = toImageTensor(im, `CLIP image ${i}`);
            const [h, w] = t.shape;
            const raw = new T.RawImage(new Uint8ClampedArray(t.dataSync()), w, h, 3);
            t.dispose();
            return raw;
          });
          const inputs = await processor(raws);
          const out = await visionModel(inputs);
          return toTf(out.image_embeds, 'CLIP image_embeds') as Tensor2D;
        },
        dispose: () => void visionModel.dispose?.(),
      },
    };
  } finally {
    restore(T, options);
  }
}

/**
 * Whether DistilBERT's attention maps can be shown: its ONNX export must be in models/ and
 * must have attention outputs. Returns the output names found and, when they cannot be
 * shown, exactly why not (offline here: the folder is missing).
 */
export async function distilBertAttentionOutputs(
  options: { root?: string } = {},
): Promise<{ present: boolean; outputs: string[]; attentionOutputs: string[]; reason?: string }> {
  if (
    options === null ||
    typeof options !== 'object' ||
    (options.root !== undefined && typeof options.root !== 'string')
  )
    throw new InputError('distilBertAttentionOutputs: expected options { root?: a folder path }');
  const m = DOCUMENT_MODELS.distilbert;
  const dir = folderOf(m, options);
  const file = path.join(dir, 'onnx', 'model.onnx');
  const shown = options.root ? file : `models/${m.id}/onnx/model.onnx`; // the same words on every clone
  if (!fs.existsSync(file))
    return {
      present: false,
      outputs: [],
      attentionOutputs: [],
      reason:
        `${shown} is not there: the ONNX DistilBERT (${m.id}, ${m.size}) is downloaded by \`npm run models\`, ` +
        'which needs the Hugging Face hub, unreachable from this machine; so its attention maps cannot be read here',
    };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ort = require('onnxruntime-node');
  const session = await ort.InferenceSession.create(file);
  const outputs: string[] = [...session.outputNames];
  await session.release?.();
  const attentionOutputs = outputs.filter((n) => /attention/i.test(n));
  return {
    present: true,
    outputs,
    attentionOutputs,
    reason: attentionOutputs.length
      ? undefined
      : `${shown} has the outputs ${outputs.join(', ')} only: the export was made without output_attentions, ` +
        'so the softmax weights exist inside the graph but are not outputs; re-export with attentions to show them',
  };
}
