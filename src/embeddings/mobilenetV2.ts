// MobileNetV2 (Sandler et al. 2018) image features: the 1280-d global average pool
// of the convolutional backbone. Real pretrained weights that ship inside the npm
// package nsfwjs (its "MobileNetV2" model: an ImageNet MobileNetV2 backbone that
// nsfwjs fine-tuned for content moderation). Only the pooled backbone features are
// used here, never its classification head. Offline.
import fs from 'node:fs';
import path from 'node:path';
import type { Tensor2D, Tensor4D } from '@tensorflow/tfjs-node';
import { tf } from '../core/backend';
import { InputError } from '../core/validate';
import { ImageInput, toImageTensor } from '../datasets/pixels';
import { ProgressOptions, withProgress } from './progress';
import { ImageEmbedder, checkImages } from './types';

/** The weight specs of a model.json (tf.io.WeightsManifestEntry[]). */
type WeightSpecs = NonNullable<Parameters<typeof tf.io.fromMemory>[1]>;

export const MOBILENET_PACKAGE = 'nsfwjs';
const POOL_LAYER = 'flatten_1'; // average_pooling2d_1 (7x7 -> 1x1) flattened: 1280 values
const SIZE = 224;

function modelFiles(): { dir: string; version: string } {
  let pkg: string;
  try {
    pkg = path.dirname(require.resolve(`${MOBILENET_PACKAGE}/package.json`, { paths: [__dirname] }));
  } catch {
    // nsfwjs's "exports" hides package.json: find it from the entry point instead
    const entry = require.resolve(MOBILENET_PACKAGE);
    pkg = entry.slice(0, entry.lastIndexOf(`${path.sep}dist${path.sep}`));
  }
  const dir = path.join(pkg, 'dist', 'models', 'mobilenet_v2');
  if (!fs.existsSync(path.join(dir, 'model.min.js')))
    throw new InputError(`MobileNetV2: ${dir}/model.min.js is missing (npm install nsfwjs)`);
  const version = (JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8')) as { version: string }).version;
  return { dir, version };
}

async function loadLayers(dir: string): Promise<tf.LayersModel> {
  // The package wraps model.json and the weights (base64) in UMD modules.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const unwrap = <T>(m: { default?: T } & T): T => (m.default ?? m) as T;
  const json = unwrap(require(path.join(dir, 'model.min.js'))) as {
    modelTopology: object;
    weightsManifest: Array<{ weights: WeightSpecs }>;
  };
  const b64 = unwrap(require(path.join(dir, 'group1-shard1of1.min.js'))) as string;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const buf = Buffer.from(b64, 'base64');
  const weightData = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  return tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData }),
  );
}

/** The network input: resized to 224x224 (bilinear), scaled to 0..1, as nsfwjs feeds it. */
export function mobileNetInput(images: ImageInput[]): Tensor4D {
  checkImages(images, 'mobileNetInput');
  return tf.tidy(
    () =>
      tf.stack(
        images.map((im, i) => {
          const t = tf.cast(toImageTensor(im, `MobileNetV2 image ${i}`), 'float32') as tf.Tensor3D;
          return tf.div(tf.image.resizeBilinear(t, [SIZE, SIZE], true), 255);
        }),
      ) as Tensor4D,
  );
}

/** Loads MobileNetV2's pooled features from nsfwjs (about 0.3 s, 3.5 MB of uint8-quantised weights). */
export async function loadMobileNetV2Features(options: ProgressOptions = {}): Promise<ImageEmbedder> {
  const { dir, version } = modelFiles();
  const full = await withProgress('MobileNetV2 (nsfwjs backbone)', () => loadLayers(dir), options);
  const features = tf.model({ inputs: full.inputs, outputs: full.getLayer(POOL_LAYER).output as tf.SymbolicTensor });
  return {
    name: 'MobileNetV2 backbone (pooled features)',
    modality: 'image',
    dim: 1280,
    source: `npm ${MOBILENET_PACKAGE} ${version} (ImageNet MobileNetV2 fine-tuned by nsfwjs; its class head unused)`,
    recipe: 'global average pool of the last convolutional block, input 224x224 scaled to 0..1',
    isDocumentModel: false,
    async embed(images: ImageInput[]): Promise<Tensor2D> {
      const x = mobileNetInput(checkImages(images, 'MobileNetV2 embed'));
      try {
        return tf.tidy(() => features.predict(x) as Tensor2D);
      } finally {
        x.dispose();
      }
    },
    dispose: () => full.dispose(),
  };
}
