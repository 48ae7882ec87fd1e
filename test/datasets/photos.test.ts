import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PHOTOS, faceSamplePaths, loadPhoto, photoInfo } from '../../src/datasets/photos';

test('every photo loads; there is no dog', () => {
  for (const p of PHOTOS) {
    const t = loadPhoto(p.name);
    assert.equal(t.shape[2], 3, p.name);
    t.dispose();
  }
  assert.throws(() => photoInfo('dog'), /no dog photo/);
  assert.equal(faceSamplePaths().length, 6);
});
