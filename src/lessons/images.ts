// Tiny RGB images as nested arrays [row][column][r, g, b], the way document 000
// turns a picture into a feature vector: take the centre pixel's RGB value.
import { InputError } from '../core/validate';

export type RGB = [number, number, number];
export type Image = RGB[][];

function checkRgb(rgb: unknown, name: string): RGB {
  if (
    !Array.isArray(rgb) ||
    rgb.length !== 3 ||
    !rgb.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 255)
  )
    throw new InputError(`${name}: expected [r, g, b] with integers 0..255, got ${JSON.stringify(rgb)}`);
  return rgb as RGB;
}

/** A size x size picture: a disc of `color` on a `background`, like the document's three images. */
export function discImage(color: RGB, size = 64, background: RGB = [255, 255, 255]): Image {
  checkRgb(color, 'discImage color');
  checkRgb(background, 'discImage background');
  if (!Number.isInteger(size) || size < 3) throw new InputError(`discImage size: must be an integer >= 3, got ${size}`);
  const c = (size - 1) / 2;
  const r = size * 0.38;
  return Array.from({ length: size }, (_, y) =>
    Array.from(
      { length: size },
      (_, x) => ((x - c) ** 2 + (y - c) ** 2 <= r * r ? [...color] : [...background]) as RGB,
    ),
  );
}

/** The pixel at the centre (row floor(h/2), column floor(w/2)): the document's feature. */
export function centrePixel(image: Image): RGB {
  if (!Array.isArray(image) || image.length === 0 || !Array.isArray(image[0]) || image[0].length === 0)
    throw new InputError('centrePixel: expected a non-empty image [row][column][r, g, b]');
  const row = image[Math.floor(image.length / 2)];
  return [...checkRgb(row[Math.floor(row.length / 2)], 'centrePixel pixel')] as RGB;
}
