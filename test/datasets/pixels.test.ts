import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tf } from '../../src/core/backend';
import { loadPhoto } from '../../src/datasets/photos';
import {
  adjustBrightness,
  cropImage,
  decodeImage,
  flipImage,
  imageToArray,
  pixelVector,
  readImage,
  resizeImage,
  shiftImage,
  toGrayscale,
  toImageTensor,
} from '../../src/datasets/pixels';
import { referenceValues } from '../../src/datasets/reference';
import { cosineSimilarity } from '../../src/maths/similarity';
import { InputError } from '../../src/core/validate';
import { assertNoLeak } from '../helpers/tensors';

describe('pixels', () => {
  test('a 450 x 450 RGB image is a 607,500-dimensional vector (document 002)', () => {
    const g = referenceValues('002').image_vector;
    const v = tf.tidy(() => pixelVector(tf.zeros([g.height, g.width, g.channels]) as tf.Tensor3D).shape[0]);
    assert.equal(v, g.dims);
  });
  test('photos decode to int32 [h, w, 3] with their real values', () => {
    const cat = loadPhoto('chelsea');
    assert.deepEqual(cat.shape, [300, 451, 3]);
    assert.equal(cat.dtype, 'int32');
    const copy = toImageTensor(cat); // int32 in: values kept (tf.round of int32 gives zeros on this backend)
    assert.equal(
      tf.tidy(() => tf.max(tf.abs(tf.sub(copy, cat))).dataSync()[0]),
      0,
    );
    assert.ok(tf.tidy(() => tf.max(copy).dataSync()[0]) > 200);
    tf.dispose([cat, copy]);
  });
  test('grey = 0.299 R + 0.587 G + 0.114 B; vectors run row by row from the top-left pixel', () => {
    const img = tf.tensor3d(
      [
        [
          [255, 0, 0],
          [0, 255, 0],
        ],
        [
          [0, 0, 255],
          [10, 20, 30],
        ],
      ],
      [2, 2, 3],
      'int32',
    );
    const g = toGrayscale(img);
    assert.deepEqual(g.arraySync(), [
      [76, 150],
      [29, 18],
    ]);
    assert.deepEqual(Array.from(pixelVector(g).dataSync()), [76, 150, 29, 18]);
    assert.deepEqual(imageToArray(img), img.arraySync());
    tf.dispose([img, g]);
  });
  test('a shift moves values and changes the vector; brightness keeps the direction until it clips', () => {
    const m = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    assert.deepEqual(shiftImage(m, 1, 0).arraySync(), [
      [0, 1],
      [0, 3],
    ]);
    assert.deepEqual(shiftImage(m, 0, -1).arraySync(), [
      [3, 4],
      [0, 0],
    ]);
    const cat = loadPhoto('chelsea');
    const grey = toGrayscale(cat);
    const moved = shiftImage(grey, 5, 0);
    const cos = cosineSimilarity(pixelVector(grey), pixelVector(moved));
    assert.ok(cos < 0.99 && cos > 0.5, String(cos));
    tf.dispose([m, cat, grey, moved]);
  });
  test('crop, flip, brightness, resize', () => {
    const img = tf.tensor3d(
      [
        [
          [0, 0, 0],
          [100, 100, 100],
        ],
      ],
      [1, 2, 3],
      'int32',
    );
    assert.deepEqual(flipImage(img).arraySync(), [
      [
        [100, 100, 100],
        [0, 0, 0],
      ],
    ]);
    assert.deepEqual(cropImage(img, 0, 1, 1, 1).arraySync(), [[[100, 100, 100]]]);
    assert.deepEqual(adjustBrightness(img, 3).arraySync(), [
      [
        [0, 0, 0],
        [255, 255, 255],
      ],
    ]);
    assert.deepEqual(resizeImage(img, 2, 4).shape, [2, 4, 3]);
    assert.throws(() => cropImage(img, 0, 1, 1, 2), /leaves the 1 x 2 image/);
    img.dispose();
  });
  test('bad input: missing file, folder, not an image, truncated image', () => {
    assert.throws(() => readImage('data/photos/dog.jpg'), /does not exist/);
    assert.throws(() => readImage('data'), /not a file/);
    assert.throws(() => decodeImage(new Uint8Array([1, 2, 3, 4])), /not a PNG/);
    assert.throws(() => decodeImage(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0])), /could not be decoded/);
    assert.throws(() => toImageTensor(42 as unknown as string), InputError);
  });
  test('no leaks', () => {
    const img = tf.ones([4, 4, 3], 'int32') as tf.Tensor3D;
    assertNoLeak(() => [
      toGrayscale(img),
      flipImage(img),
      adjustBrightness(img, 2),
      shiftImage(img, 1, 1),
      pixelVector(img),
    ]);
    const hot = tf.fill([2, 2, 3], 999) as tf.Tensor3D;
    assertNoLeak(() => toImageTensor(hot)); // throws: values out of range
    tf.dispose([img, hot]);
  });
});
