// resizeLikePil against PIL itself: the bytes of Image.resize((224, 224), Image.BILINEAR) for
// three photos, as sha256 recorded by test/golden/models/make_tiny_models.py (Pillow 12.3.0).
// tf's bilinear resize (no antialiasing) gives other bytes, which is why this exists.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { tf } from '../../src/core/backend';
import { GOLDEN_DIR } from '../../src/core/paths';
import { InputError } from '../../src/core/validate';
import { resizeLikePil } from '../../src/datasets/pilResize';
import { photoPath } from '../../src/datasets/photos';
import { resizeImage } from '../../src/datasets/pixels';

const python = JSON.parse(fs.readFileSync(path.join(GOLDEN_DIR, 'models', 'outputs.json'), 'utf8'));
const sha256 = (t: tf.Tensor) => crypto.createHash('sha256').update(Uint8Array.from(t.dataSync())).digest('hex');

describe("resizeLikePil: PIL's bilinear resize, byte for byte", () => {
  for (const p of python.resnet18.full_photos as {
    photo: string;
    width: number;
    height: number;
    resized_sha256: string;
  }[])
    test(`${p.photo} (${p.width} x ${p.height}) to 224 x 224 equals PIL's bytes`, () => {
      const file = photoPath(p.photo.replace(/\.png$/, ''));
      const before = tf.memory().numTensors;
      const ours = resizeLikePil(file, 224, 224);
      assert.deepEqual(ours.shape, [224, 224, 3]);
      assert.equal(sha256(ours), p.resized_sha256);
      // tf's bilinear resize is not PIL's: the reason this module exists
      const tfResized = resizeImage(file, 224, 224);
      const rounded = tf.tidy(() => tf.cast(tf.round(tfResized), 'int32'));
      assert.notEqual(sha256(rounded), p.resized_sha256);
      tf.dispose([ours, tfResized, rounded]);
      assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
    });

  test('the same size is a copy; enlarging works; bad sizes are an InputError', () => {
    const image = tf.tensor3d([0, 50, 100, 150, 200, 250], [1, 2, 3], 'int32');
    const same = resizeLikePil(image, 1, 2);
    assert.deepEqual(Array.from(same.dataSync()), [0, 50, 100, 150, 200, 250]);
    const wide = resizeLikePil(image, 1, 4);
    // what Pillow 12.3.0 gives for these two pixels widened to four
    assert.deepEqual(Array.from(wide.dataSync()), [0, 50, 100, 38, 88, 138, 113, 163, 213, 150, 200, 250]);
    assert.throws(() => resizeLikePil(image, 0.5, 2), InputError);
    assert.throws(() => resizeLikePil('no-such-file.png', 2, 2), /no-such-file/);
    tf.dispose([image, same, wide]);
  });
});
