import assert from 'node:assert/strict';
import { test } from 'node:test';
import { referenceValues } from '../../src/datasets/reference';
import { InputError } from '../../src/core/validate';

test('golden files name the script and library versions that produced them', () => {
  for (const name of ['000', '001', '002', '003', '004']) {
    const g = referenceValues(name);
    assert.match(g.generated_by.script, new RegExp(`gen_${name}\\.py$`));
    assert.ok(g.generated_by.numpy, `${name}: numpy version recorded`);
  }
});

test('a missing or malformed name gets a clear error', () => {
  assert.throws(
    () => referenceValues('nope'),
    (e: unknown) => e instanceof InputError && /npm run golden/.test((e as Error).message),
  );
  assert.throws(() => referenceValues('../package'), /bad name/);
});
