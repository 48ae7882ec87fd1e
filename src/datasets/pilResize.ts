// PIL's Image.resize(size, Image.BILINEAR) on an 8-bit RGB image, value for value: what
// torchvision's Resize does to the PIL image the documents open. Unlike tf's bilinear
// resize, PIL widens its triangle filter by the scale when shrinking (antialiasing), and
// works in 22-bit fixed point with a uint8 result after each pass (horizontal, then
// vertical). Written after Pillow's libImaging/Resample.c (precompute_coeffs,
// normalize_coeffs_8bpc, ImagingResampleInner) so the bytes are the same.
import type { Tensor3D } from '@tensorflow/tfjs-node';
import { tf } from '../core/backend';
import { checkInteger } from '../core/validate';
import { ImageInput, toImageTensor } from './pixels';

const PRECISION_BITS = 32 - 8 - 2;

interface Coeffs {
  ksize: number;
  /** For each output index: first input index and how many are used. */
  bounds: Int32Array;
  /** Fixed-point weights, ksize per output index. */
  weights: Int32Array;
}

const bilinear = (x: number): number => {
  const a = Math.abs(x);
  return a < 1 ? 1 - a : 0;
};

function precompute(inSize: number, outSize: number): Coeffs {
  const scale = inSize / outSize;
  const filterscale = Math.max(scale, 1);
  const support = 1 * filterscale; // bilinear's support is 1
  const ksize = Math.ceil(support) * 2 + 1;
  const bounds = new Int32Array(outSize * 2);
  const weights = new Int32Array(outSize * ksize);
  const k = new Float64Array(ksize);
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    const ss = 1 / filterscale;
    // C's (int) truncates toward zero
    const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
    const xmax = Math.min(Math.trunc(center + support + 0.5), inSize) - xmin;
    let ww = 0;
    k.fill(0);
    for (let x = 0; x < xmax; x++) {
      k[x] = bilinear((x + xmin - center + 0.5) * ss);
      ww += k[x];
    }
    for (let x = 0; x < xmax; x++) if (ww !== 0) k[x] /= ww;
    for (let x = 0; x < ksize; x++)
      weights[xx * ksize + x] = Math.trunc(
        k[x] < 0 ? -0.5 + k[x] * (1 << PRECISION_BITS) : 0.5 + k[x] * (1 << PRECISION_BITS),
      );
    bounds[xx * 2] = xmin;
    bounds[xx * 2 + 1] = xmax;
  }
  return { ksize, bounds, weights };
}

const clip8 = (v: number): number => Math.min(255, Math.max(0, Math.floor(v / (1 << PRECISION_BITS))));

/** One pass along an axis of an [h, w, 3] uint8 array (axis 1: horizontal, 0: vertical). */
function pass(src: Uint8Array, h: number, w: number, c: Coeffs, outLen: number, axis: 0 | 1): Uint8Array {
  const [oh, ow] = axis === 1 ? [h, outLen] : [outLen, w];
  const out = new Uint8Array(oh * ow * 3);
  const half = 1 << (PRECISION_BITS - 1);
  for (let y = 0; y < oh; y++)
    for (let x = 0; x < ow; x++) {
      const o = axis === 1 ? x : y;
      const start = c.bounds[o * 2];
      const n = c.bounds[o * 2 + 1];
      for (let ch = 0; ch < 3; ch++) {
        let ss = half;
        for (let i = 0; i < n; i++) {
          const p = axis === 1 ? src[(y * w + start + i) * 3 + ch] : src[((start + i) * w + x) * 3 + ch];
          ss += p * c.weights[o * c.ksize + i];
        }
        out[(y * ow + x) * 3 + ch] = clip8(ss);
      }
    }
  return out;
}

/** `Image.resize((width, height), Image.BILINEAR)` of PIL, as an int32 [height, width, 3] tensor of 0..255. */
export function resizeLikePil(image: ImageInput, height: number, width: number, what = 'resizeLikePil'): Tensor3D {
  checkInteger(height, `${what} height`);
  checkInteger(width, `${what} width`);
  const t = toImageTensor(image, what);
  const [h, w] = t.shape;
  const pixels = Uint8Array.from(t.dataSync());
  t.dispose();
  if (h === height && w === width) return tf.tensor3d(pixels, [h, w, 3], 'int32'); // PIL returns a copy
  let out: Uint8Array = pixels;
  let cur = [h, w];
  if (w !== width) {
    out = pass(out, cur[0], cur[1], precompute(w, width), width, 1);
    cur = [cur[0], width];
  }
  if (h !== height) {
    out = pass(out, cur[0], cur[1], precompute(h, height), height, 0);
    cur = [height, cur[1]];
  }
  return tf.tensor3d(out, [height, width, 3], 'int32');
}
