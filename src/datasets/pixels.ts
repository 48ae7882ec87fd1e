// Photos as numbers: decode an image file into a [height, width, 3] tensor of
// 0..255 values, turn it to grey, flatten it into one long pixel vector, and make
// the small edits (shift, crop, flip, brightness) that the documents say a raw
// pixel vector is so sensitive to. Embedders (src/embeddings) take the same tensors.
import fs from 'node:fs';
import type { Tensor1D, Tensor2D, Tensor3D } from '@tensorflow/tfjs-node';
import { tf } from '../core/backend';
import { readBack } from '../core/readBack';
import { InputError, checkInteger } from '../core/validate';

/** An image: a path to a PNG/JPEG/GIF/BMP file, its bytes, or a [h, w, 3] tensor of 0..255. */
export type ImageInput = string | Uint8Array | Tensor3D;

const SIGNATURES: Array<[string, number[]]> = [
  ['PNG', [0x89, 0x50, 0x4e, 0x47]],
  ['JPEG', [0xff, 0xd8, 0xff]],
  ['GIF', [0x47, 0x49, 0x46]],
  ['BMP', [0x42, 0x4d]],
];

function formatOf(bytes: Uint8Array): string | null {
  const hit = SIGNATURES.find(([, sig]) => sig.every((b, i) => bytes[i] === b));
  return hit ? hit[0] : null;
}

/** Decodes PNG, JPEG, GIF (first frame) or BMP bytes to an int32 [h, w, 3] tensor. */
export function decodeImage(bytes: Uint8Array, what = 'image'): Tensor3D {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) throw new InputError(`${what}: no image bytes`);
  const format = formatOf(bytes);
  if (!format)
    throw new InputError(
      `${what}: not a PNG, JPEG, GIF or BMP image (first bytes ${Array.from(bytes.slice(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ')})`,
    );
  try {
    return tf.tidy(() => {
      const t = tf.node.decodeImage(bytes, 3, 'int32', false) as Tensor3D;
      return t;
    });
  } catch (e) {
    throw new InputError(`${what}: the ${format} data could not be decoded (${(e as Error).message.split('\n')[0]})`);
  }
}

/** Reads an image file into an int32 [h, w, 3] tensor (0..255), with a clear error when it cannot. */
export function readImage(file: string): Tensor3D {
  if (typeof file !== 'string' || !file) throw new InputError('readImage: expected a file path');
  if (!fs.existsSync(file)) throw new InputError(`readImage: ${file} does not exist`);
  if (!fs.statSync(file).isFile()) throw new InputError(`readImage: ${file} is not a file`);
  return decodeImage(fs.readFileSync(file), `readImage ${file}`);
}

/** Any ImageInput as a new int32 [h, w, 3] tensor of 0..255 (the caller disposes it). */
export function toImageTensor(image: ImageInput, what = 'image'): Tensor3D {
  if (typeof image === 'string') return readImage(image);
  if (image instanceof Uint8Array) return decodeImage(image, what);
  if (image instanceof tf.Tensor) {
    const t = image as Tensor3D;
    if (t.rank !== 3 || t.shape[2] !== 3)
      throw new InputError(
        `${what}: expected an RGB image tensor [height, width, 3], got shape [${t.shape.join(', ')}]`,
      );
    if (t.shape[0] < 1 || t.shape[1] < 1)
      throw new InputError(`${what}: the image is empty (shape [${t.shape.join(', ')}])`);
    return tf.tidy(() => {
      const range = tf.stack([tf.min(t), tf.max(t)]).dataSync();
      if (!Number.isFinite(range[0]) || !Number.isFinite(range[1]) || range[0] < 0 || range[1] > 255)
        throw new InputError(`${what}: pixel values must be within 0..255, got ${range[0]}..${range[1]}`);
      // Note: tf.round of an int32 tensor returns zeros on this tfjs-node build (libtensorflow 2.21):
      // round floats only.
      return (t.dtype === 'int32' ? tf.clone(t) : tf.cast(tf.round(t), 'int32')) as Tensor3D;
    });
  }
  throw new InputError(`${what}: expected a file path, image bytes or a [height, width, 3] tensor`);
}

/** Luma (ITU-R BT.601, as PIL's convert('L')): a [h, w] matrix of 0..255. */
export function toGrayscale(image: ImageInput): Tensor2D {
  return tf.tidy(() => {
    const t = tf.cast(toImageTensor(image, 'toGrayscale'), 'float32');
    const weights = tf.tensor1d([0.299, 0.587, 0.114]);
    return tf.round(tf.sum(tf.mul(t, weights), 2)) as Tensor2D;
  });
}

/** Resizes to [height, width] (bilinear, as torchvision's Resize), keeping 0..255 values as float32. */
export function resizeImage(image: ImageInput, height: number, width: number): Tensor3D {
  checkInteger(height, 'resizeImage height');
  checkInteger(width, 'resizeImage width');
  return tf.tidy(
    () =>
      tf.clipByValue(
        tf.image.resizeBilinear(
          tf.cast(toImageTensor(image, 'resizeImage'), 'float32') as Tensor3D,
          [height, width],
          false,
          true,
        ),
        0,
        255,
      ) as Tensor3D,
  );
}

/**
 * The document's raw "pixel embedding": every value of the image, row by row from
 * the top-left pixel to the bottom-right (and channel by channel within a pixel).
 * A grey [h, w] image gives h*w numbers; an RGB [h, w, 3] image gives h*w*3.
 */
function checkImageTensor(image: unknown, where: string): Tensor2D | Tensor3D {
  if (!(image instanceof tf.Tensor) || (image.rank !== 2 && image.rank !== 3))
    throw new InputError(
      `${where}: expected a [h, w] or [h, w, 3] tensor, got ${image instanceof tf.Tensor ? `shape [${image.shape.join(', ')}]` : image === null ? 'null' : typeof image}`,
    );
  return image as Tensor2D | Tensor3D;
}

export function pixelVector(image: Tensor2D | Tensor3D): Tensor1D {
  checkImageTensor(image, 'pixelVector');
  return tf.tidy(() => tf.cast(tf.reshape(image, [-1]), 'float32') as Tensor1D);
}

/** Moves the picture right by dx and down by dy pixels (negative: left/up), filling with `fill`. */
export function shiftImage<T extends Tensor2D | Tensor3D>(image: T, dx: number, dy: number, fill = 0): T {
  checkImageTensor(image, 'shiftImage');
  checkInteger(dx, 'shiftImage dx', -100000);
  checkInteger(dy, 'shiftImage dy', -100000);
  return tf.tidy(() => {
    const [h, w] = image.shape;
    const pad =
      image.rank === 3
        ? [
            [Math.max(dy, 0), Math.max(-dy, 0)],
            [Math.max(dx, 0), Math.max(-dx, 0)],
            [0, 0],
          ]
        : [
            [Math.max(dy, 0), Math.max(-dy, 0)],
            [Math.max(dx, 0), Math.max(-dx, 0)],
          ];
    const padded = tf.pad(image, pad as Array<[number, number]>, fill);
    const begin = image.rank === 3 ? [Math.max(-dy, 0), Math.max(-dx, 0), 0] : [Math.max(-dy, 0), Math.max(-dx, 0)];
    const size = image.rank === 3 ? [h, w, image.shape[2] as number] : [h, w];
    return tf.slice(padded, begin, size) as T;
  });
}

/** A crop: rows top..top+height, columns left..left+width. */
export function cropImage(image: ImageInput, top: number, left: number, height: number, width: number): Tensor3D {
  return tf.tidy(() => {
    const t = toImageTensor(image, 'cropImage');
    const [h, w] = t.shape;
    checkInteger(top, 'cropImage top', 0);
    checkInteger(left, 'cropImage left', 0);
    checkInteger(height, 'cropImage height');
    checkInteger(width, 'cropImage width');
    if (top + height > h || left + width > w)
      throw new InputError(
        `cropImage: the crop [${top}..${top + height}) x [${left}..${left + width}) leaves the ${h} x ${w} image`,
      );
    return tf.slice(t, [top, left, 0], [height, width, 3]);
  });
}

/** The mirror image (left and right swapped). */
export function flipImage(image: ImageInput): Tensor3D {
  return tf.tidy(() => tf.reverse(toImageTensor(image, 'flipImage'), 1));
}

/** Scales the brightness (value * factor + offset), clipped to 0..255. */
export function adjustBrightness(image: ImageInput, factor: number, offset = 0): Tensor3D {
  if (typeof factor !== 'number' || !Number.isFinite(factor) || factor < 0)
    throw new InputError(`adjustBrightness factor: expected a number >= 0, got ${factor}`);
  if (typeof offset !== 'number' || !Number.isFinite(offset))
    throw new InputError(`adjustBrightness offset: expected a finite number, got ${offset}`);
  return tf.tidy(
    () =>
      tf.cast(
        tf.round(
          tf.clipByValue(
            tf.add(tf.mul(tf.cast(toImageTensor(image, 'adjustBrightness'), 'float32'), factor), offset),
            0,
            255,
          ),
        ),
        'int32',
      ) as Tensor3D,
  );
}

/** Rows of a [h, w] or [h, w, 3] tensor as nested arrays for plotting (imageRow, heatmap). */
export function imageToArray(image: Tensor2D | Tensor3D): number[][] | number[][][] {
  checkImageTensor(image, 'imageToArray');
  return readBack<number[][] | number[][][]>(() => (image.dtype === 'int32' ? tf.clone(image) : tf.round(image)));
}

/** A small copy for display (height pixels tall, aspect kept), as nested [row][column][r, g, b] arrays for imageRow. */
export function thumbnail(image: ImageInput, height = 120): number[][][] {
  checkInteger(height, 'thumbnail height');
  const t = toImageTensor(image, 'thumbnail');
  try {
    const width = Math.max(1, Math.round((height * t.shape[1]) / t.shape[0]));
    return readBack<number[][][]>(() => tf.cast(tf.round(resizeImage(t, height, width)), 'int32'));
  } finally {
    t.dispose();
  }
}
