// The documents' own numbers: test/golden/<name>.json, produced by running each
// document's Python (numpy, scikit-learn, torch) offline with `npm run golden`.
// Notebooks show them beside ours; tests assert against them.
import fs from 'node:fs';
import path from 'node:path';
import { GOLDEN_DIR } from '../core/paths';
import { InputError } from '../core/validate';

/** The parsed golden file for a document or check, e.g. referenceValues('000'). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function referenceValues(name: string): any {
  if (typeof name !== 'string' || !/^[\w-]+$/.test(name))
    throw new InputError(`referenceValues: bad name ${JSON.stringify(name)}`);
  const file = path.join(GOLDEN_DIR, `${name}.json`);
  if (!fs.existsSync(file))
    throw new InputError(`referenceValues: ${file} is missing; run \`npm run golden\` to produce it`);
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}
