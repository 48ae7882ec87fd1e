// Where the project's files are, wherever the code runs from: under tslab, src/ is
// reached through the notebooks/src link, so the real path is resolved first.
import fs from 'node:fs';
import path from 'node:path';

/** The repository root (the folder holding package.json), two folders above src/core/. */
export const PROJECT_ROOT = path.join(fs.realpathSync(__dirname), '..', '..');
/** Small committed data files (data/README.md lists each one and its source). */
export const DATA_DIR = path.join(PROJECT_ROOT, 'data');
/** The documents' own numbers, from their own code run offline by `npm run golden`. */
export const GOLDEN_DIR = path.join(PROJECT_ROOT, 'test', 'golden');
/** The documents' own models, downloaded by `npm run models` (gitignored); ATTENTION_LAB_MODELS_DIR moves it. */
export const MODELS_DIR = path.resolve(PROJECT_ROOT, process.env.ATTENTION_LAB_MODELS_DIR || 'models');

/** Large data made at install from npm packages (`npm run data`; gitignored, never committed). */
export const CORPORA_DIR = path.join(PROJECT_ROOT, 'corpora');

export function dataPath(...parts: string[]): string {
  return path.join(DATA_DIR, ...parts);
}
