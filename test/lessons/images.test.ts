import assert from 'node:assert/strict';
import { test } from 'node:test';
import { centrePixel, discImage } from '../../src/lessons/images';
import { InputError } from '../../src/core/validate';
import { referenceValues } from '../../src/datasets/reference';

test("document 000: the centre pixels of the three pictures are the document's features", () => {
  const x = referenceValues('000').simi_01.x as Array<[number, number, number]>;
  assert.deepEqual(
    x.map((rgb) => centrePixel(discImage(rgb, 48))),
    x,
  );
});

test('a disc image is size x size RGB with background in the corners', () => {
  const im = discImage([255, 0, 0], 10);
  assert.equal(im.length, 10);
  assert.equal(im[0].length, 10);
  assert.deepEqual(im[0][0], [255, 255, 255]);
});

test('bad input', () => {
  const bad: Array<[() => unknown, RegExp]> = [
    [() => discImage([256, 0, 0]), /discImage color: expected \[r, g, b\] with integers 0..255/],
    [() => discImage([1, 2] as never), /discImage color/],
    [() => discImage([1, 2, 3], 2), /discImage size: must be an integer >= 3, got 2/],
    [() => centrePixel([]), /centrePixel: expected a non-empty image/],
    [() => centrePixel([[[1, 2, NaN]]] as never), /centrePixel pixel/],
  ];
  for (const [fn, re] of bad)
    assert.throws(fn, (e: unknown) => e instanceof InputError && re.test((e as Error).message));
});
