// The one place transformers.js (@xenova/transformers, an ES module) is loaded and
// configured. Offline by default: models are read from models/ (what `npm run
// models` downloaded) and nothing is fetched at run time unless asked for.
import fs from 'node:fs';
import path from 'node:path';
import { MODELS_DIR } from './paths';
import { InputError } from './validate';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type TransformersLib = any;

let lib: TransformersLib | null = null;

/** transformers.js, configured to read models from `models/` and never download. */
export function transformers(): TransformersLib {
  if (!lib) {
    // require() of an ES module returns its namespace (Node >= 20.19).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    lib = require('@xenova/transformers');
    lib.env.localModelPath = `${MODELS_DIR}/`;
    lib.env.cacheDir = `${MODELS_DIR}/`; // downloads land where localModelPath looks: models/<id>/<file>
    lib.env.allowLocalModels = true;
    lib.env.allowRemoteModels = false;
  }
  return lib;
}

/** Lets transformers.js download from the Hugging Face hub into models/ (used by `npm run models`). */
export function allowDownloads(allow: boolean): void {
  if (typeof allow !== 'boolean')
    throw new InputError(`allowDownloads: expected true or false, got ${JSON.stringify(allow)}`);
  transformers().env.allowRemoteModels = allow;
}

/** The folder a model id is read from, e.g. models/Xenova/distilbert-base-uncased. */
export function modelDir(id: string): string {
  if (typeof id !== 'string' || !/^[\w.-]+\/[\w.-]+$/.test(id) || id.split('/').some((p) => p === '.' || p === '..'))
    throw new InputError(
      `modelDir: expected a model id such as "Xenova/distilbert-base-uncased", got ${JSON.stringify(id)}`,
    );
  return path.join(MODELS_DIR, id);
}

/** True when models/<id> holds a config and the ONNX file transformers.js loads by default. */
export function hasLocalModel(id: string, onnxFiles: string[] = ['onnx/model_quantized.onnx']): boolean {
  const dir = modelDir(id);
  if (!Array.isArray(onnxFiles) || !onnxFiles.every((f) => typeof f === 'string'))
    throw new InputError('hasLocalModel: onnxFiles must be an array of file names');
  return fs.existsSync(`${dir}/config.json`) && onnxFiles.every((f) => fs.existsSync(`${dir}/${f}`));
}
