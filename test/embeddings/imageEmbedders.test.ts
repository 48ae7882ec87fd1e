import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { tf } from '../../src/core/backend';
import { loadPhoto, faceSamplePaths } from '../../src/datasets/photos';
import {
  FaceEmbedder,
  ImageEmbedder,
  SAME_PERSON_DISTANCE,
  loadFaceDescriptor,
  loadMobileNetV2Features,
} from '../../src/embeddings';
import { adjustBrightness, cropImage, flipImage } from '../../src/datasets/pixels';
import { cosineSimilarityMatrix, euclideanDistance } from '../../src/maths/similarity';
import { InputError } from '../../src/core/validate';

describe('MobileNetV2 pooled features (real weights from npm nsfwjs, offline)', () => {
  let net: ImageEmbedder;
  before(async () => {
    net = await loadMobileNetV2Features({ log: false });
  });
  after(() => net.dispose());

  test('a cat is closer to another view of the same cat than to coffee or a rocket', async () => {
    const cat = loadPhoto('chelsea');
    const cat2 = tf.tidy(() => flipImage(cropImage(cat, 20, 60, 260, 340)));
    const X = await net.embed([cat, cat2, 'data/photos/coffee.png', 'data/photos/rocket.jpg']);
    assert.deepEqual(X.shape, [4, 1280]);
    const s = tf.tidy(() => cosineSimilarityMatrix(X).arraySync());
    tf.dispose([cat, cat2, X]);
    assert.ok(s[0][1] > 0.85, `cat-cat2 ${s[0][1]}`);
    assert.ok(s[0][1] > s[0][2] + 0.2 && s[0][1] > s[0][3] + 0.2, JSON.stringify(s[0]));
  });
  test('bad input: missing file, not an image, wrong tensor shape, out-of-range pixels', async () => {
    const junk = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'al-')), 'junk.png');
    fs.writeFileSync(junk, 'not an image at all');
    await assert.rejects(net.embed(['data/photos/dog.jpg']), /does not exist/);
    await assert.rejects(net.embed([junk]), /not a PNG, JPEG, GIF or BMP/);
    const grey = tf.zeros([8, 8]);
    await assert.rejects(net.embed([grey as unknown as tf.Tensor3D]), /\[height, width, 3\]/);
    const hot = tf.fill([8, 8, 3], 300);
    await assert.rejects(net.embed([hot as tf.Tensor3D]), /0\.\.255/);
    await assert.rejects(net.embed([]), InputError);
    tf.dispose([grey, hot]);
  });
  test('no tensors leak', async () => {
    const cat = loadPhoto('chelsea');
    const before = tf.memory().numTensors;
    for (let i = 0; i < 2; i++) (await net.embed([cat])).dispose();
    assert.equal(tf.memory().numTensors, before);
    cat.dispose();
  });
});

describe('face descriptors (real weights from npm @vladmandic/face-api, offline)', () => {
  let faces: FaceEmbedder;
  before(async () => {
    faces = await loadFaceDescriptor({ log: false });
  });

  test("an edited copy of the astronaut's photo is nearest to the astronaut, within face-api's 0.6", async () => {
    const astronaut = loadPhoto('astronaut');
    const [face] = await faces.detectFaces(astronaut);
    assert.equal(face.descriptor.length, 128);
    const edited = tf.tidy(() => adjustBrightness(flipImage(astronaut), 0.8, 10));
    const [copy] = await faces.detectFaces(edited);
    const others = (await faces.detectFaces(faceSamplePaths()[0])).map((f) => f.descriptor);
    assert.ok(others.length >= 2);
    const same = euclideanDistance(face.descriptor, copy.descriptor);
    const nearestOther = Math.min(...others.map((o) => euclideanDistance(copy.descriptor, o)));
    assert.ok(same < SAME_PERSON_DISTANCE, `same person at ${same}`);
    assert.ok(nearestOther > same, `${nearestOther} vs ${same}`);
    tf.dispose([astronaut, edited]);
  });
  test('no face: a clear error', async () => {
    await assert.rejects(faces.embed(['data/photos/coffee.png']), /no face found in image 0/);
  });
});
