// The photos the embedding notebooks use, read from disk: sample photos from the
// scikit-image and scikit-learn wheels (data/photos) and the group photos that
// @vladmandic/face-api ships. data/README.md gives each file's source and licence.
import fs from 'node:fs';
import path from 'node:path';
import type { Tensor3D } from '@tensorflow/tfjs-node';
import { dataPath } from '../core/paths';
import { InputError } from '../core/validate';
import { readImage } from './pixels';

export interface PhotoInfo {
  name: string;
  file: string;
  /** What the photo shows. */
  subject: string;
  credit: string;
  licence: string;
}

/** The photos in data/photos (from the scikit-image and scikit-learn wheels). No dog photo is available offline. */
export const PHOTOS: readonly PhotoInfo[] = [
  {
    name: 'chelsea',
    file: 'chelsea.png',
    subject: 'a cat (Chelsea)',
    credit: 'Stefan van der Walt, via scikit-image',
    licence: 'CC0',
  },
  {
    name: 'coffee',
    file: 'coffee.png',
    subject: 'a cup of coffee',
    credit: 'Rachel Michetti, via scikit-image',
    licence: 'CC0',
  },
  {
    name: 'astronaut',
    file: 'astronaut.png',
    subject: 'the astronaut Eileen Collins',
    credit: 'NASA, via scikit-image',
    licence: 'public domain',
  },
  {
    name: 'rocket',
    file: 'rocket.jpg',
    subject: 'a SpaceX rocket on its launch pad',
    credit: 'SpaceX, via scikit-image',
    licence: 'public domain',
  },
  {
    name: 'camera',
    file: 'camera.png',
    subject: 'a person with a camera (greyscale)',
    credit: 'Lav Varshney, via scikit-image',
    licence: 'CC0',
  },
  {
    name: 'china',
    file: 'china.jpg',
    subject: 'a Chinese temple',
    credit: 'danielbuechele on Flickr, via scikit-learn',
    licence: 'CC BY 2.0',
  },
  {
    name: 'flower',
    file: 'flower.jpg',
    subject: 'a flower',
    credit: 'vultilion on Flickr, via scikit-learn',
    licence: 'CC BY 2.0',
  },
];

export function photoInfo(name: string): PhotoInfo {
  const info = PHOTOS.find((p) => p.name === name);
  if (!info)
    throw new InputError(
      `photo: no photo named ${JSON.stringify(name)}; choose from ${PHOTOS.map((p) => p.name).join(', ')} (there is no dog photo offline)`,
    );
  return info;
}

export function photoPath(name: string): string {
  return dataPath('photos', photoInfo(name).file);
}

/** A photo as an int32 [h, w, 3] tensor of 0..255 (greyscale photos are repeated over 3 channels). */
export function loadPhoto(name: string): Tensor3D {
  return readImage(photoPath(name));
}

/**
 * Group photos shipped with @vladmandic/face-api (demo/sample1..6.jpg, the
 * package author's own pictures, MIT package): read in place from node_modules,
 * never copied into this repository.
 */
export function faceSamplePaths(): string[] {
  const dir = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');
  const files = [1, 2, 3, 4, 5, 6].map((i) => path.join(dir, `sample${i}.jpg`));
  const missing = files.filter((f) => !fs.existsSync(f));
  if (missing.length)
    throw new InputError(`faceSamplePaths: ${missing.join(', ')} missing; reinstall @vladmandic/face-api`);
  return files;
}
