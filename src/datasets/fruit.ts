// Generated pictures of apples and oranges for document 002's example: no photos of
// either are available offline, so these are drawn here, seeded, 450x450 RGB like
// the document's. Each picture varies what raw pixels are most sensitive to:
// background colour, position, size and lighting. Apples are red or green with a
// stem and a leaf; oranges are orange with a dimpled peel and a navel.
import type { Tensor3D } from '@tensorflow/tfjs-node';
import { tf } from '../core/backend';
import { seededRandom } from '../core/random';
import { InputError, checkInteger } from '../core/validate';

export type Fruit = 'apple' | 'orange';

export interface FruitPicture {
  fruit: Fruit;
  /** int32 [size, size, 3], values 0..255. */
  image: Tensor3D;
}

const BACKGROUNDS: Array<[number, number, number]> = [
  [245, 245, 240], // white table
  [181, 136, 99], // wood
  [70, 110, 60], // grass
  [60, 80, 130], // blue cloth
  [30, 30, 35], // dark
  [220, 200, 160], // linen
  [200, 60, 60], // red cloth
  [240, 170, 60], // orange cloth
];

const APPLE_COLOURS: Array<[number, number, number]> = [
  [190, 25, 30],
  [150, 20, 35],
  [120, 180, 50],
  [200, 40, 40],
];
const ORANGE_COLOURS: Array<[number, number, number]> = [
  [245, 140, 20],
  [235, 120, 10],
  [250, 160, 40],
];

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}

/** One picture of one fruit, drawn from a seeded generator. */
export function drawFruit(fruit: Fruit, seed: number, size = 450): Tensor3D {
  if (fruit !== 'apple' && fruit !== 'orange')
    throw new InputError(`drawFruit: fruit must be 'apple' or 'orange', got ${String(fruit)}`);
  checkInteger(seed, 'drawFruit seed', 0);
  checkInteger(size, 'drawFruit size', 32);
  const rnd = seededRandom(seed * 7919 + (fruit === 'apple' ? 1 : 2));
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const bg = pick(BACKGROUNDS);
  const body = fruit === 'apple' ? pick(APPLE_COLOURS) : pick(ORANGE_COLOURS);
  const r = size * (0.18 + 0.17 * rnd());
  const cx = r + (size - 2 * r) * rnd();
  const cy = r + (size - 2 * r) * rnd();
  const light = 0.75 + 0.45 * rnd(); // overall brightness
  const lx = -0.4 + 0.3 * rnd(); // highlight direction
  const ly = -0.5 + 0.3 * rnd();
  const pixels = new Int32Array(size * size * 3);
  const isApple = fruit === 'apple';
  const stemX = cx + 0.03 * r;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let nx = (x - cx) / r;
      const ny = (y - cy) / r;
      let inside: boolean;
      if (isApple) {
        // wider at the top, a dip at the stem
        const sx = nx / (1 + 0.12 * Math.max(0, -ny));
        const dip = 0.18 * Math.exp(-(nx * nx) / 0.02);
        inside = sx * sx + (ny + dip) * (ny + dip) * 1.1 <= 1 && ny > -1 + dip;
        nx = sx;
      } else {
        inside = nx * nx + ny * ny <= 1;
      }
      let cr: number, cg: number, cb: number;
      if (inside) {
        const nz = Math.sqrt(Math.max(0, 1 - nx * nx - ny * ny));
        const lit = Math.max(0, nx * lx + ny * ly + nz * 0.8);
        const shade = (0.45 + 0.55 * lit) * light;
        const l2 = lit * lit,
          l4 = l2 * l2,
          l8 = l4 * l4,
          l16 = l8 * l8;
        const spec = l16 * l8 * (isApple ? 120 : 50); // lit^24: a glossy highlight
        const dimple = isApple
          ? 0
          : 14 * Math.sin(x * 0.9 + Math.sin(y * 0.7) * 3) * Math.sin(y * 0.8 + Math.cos(x * 0.6) * 3);
        cr = body[0] * shade + spec + dimple;
        cg = body[1] * shade + spec + dimple;
        cb = body[2] * shade + spec + dimple;
        if (!isApple && (nx - 0.05) ** 2 + (ny - 0.05) ** 2 < 0.004) [cr, cg, cb] = [120, 110, 40]; // navel
      } else {
        const vignette = 1 - 0.25 * (((x - size / 2) ** 2 + (y - size / 2) ** 2) / (size * size * 0.5));
        const shadow = (x - cx - r * 0.15) ** 2 + (y - cy - r * 0.9) ** 2 < (r * 0.9) ** 2 * 0.25 ? 0.65 : 1;
        const f = vignette * shadow * light;
        cr = bg[0] * f;
        cg = bg[1] * f;
        cb = bg[2] * f;
      }
      if (isApple) {
        if (Math.abs(x - stemX + (y - (cy - r)) * 0.2) < r * 0.04 && y > cy - r * 1.25 && y < cy - r * 0.8)
          [cr, cg, cb] = [90, 60, 30]; // stem
        const lfx = (x - (cx + r * 0.22)) / (r * 0.28);
        const lfy = (y - (cy - r * 1.05)) / (r * 0.11);
        if (lfx * lfx + lfy * lfy < 1) [cr, cg, cb] = [60, 140, 40]; // leaf
      }
      const o = (y * size + x) * 3;
      pixels[o] = clamp(cr);
      pixels[o + 1] = clamp(cg);
      pixels[o + 2] = clamp(cb);
    }
  }
  return tf.tensor3d(pixels, [size, size, 3], 'int32');
}

/** n apples and n oranges (apples first), each from its own seed: the same pictures every run. */
export function fruitPictures(n: number, seed = 0, size = 450): FruitPicture[] {
  checkInteger(n, 'fruitPictures n');
  const out: FruitPicture[] = [];
  for (const fruit of ['apple', 'orange'] as const)
    for (let i = 0; i < n; i++) out.push({ fruit, image: drawFruit(fruit, seed * 1000 + i, size) });
  return out;
}
