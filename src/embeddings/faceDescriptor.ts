// Face embeddings: face-api's 128-d face descriptors (a ResNet-34-like network
// trained for face recognition, as in dlib), after SSD MobileNet v1 face detection
// and 68-point landmarks for alignment. Real pretrained weights that ship inside
// the npm package @vladmandic/face-api, which runs on this project's tfjs-node.
// Two photos of the same person are expected within Euclidean distance 0.6.
import fs from 'node:fs';
import path from 'node:path';
import type { Tensor2D, Tensor3D } from '@tensorflow/tfjs-node';
import { tf } from '../core/backend';
import { InputError } from '../core/validate';
import { ImageInput, toImageTensor } from '../datasets/pixels';
import { ProgressOptions, withProgress } from './progress';
import { ImageEmbedder, checkImages } from './types';

export const FACE_PACKAGE = '@vladmandic/face-api';
/** face-api's (and dlib's) usual threshold: descriptors closer than this are taken as the same person. */
export const SAME_PERSON_DISTANCE = 0.6;

export interface Face {
  /** Pixel box in the image. */
  box: { x: number; y: number; width: number; height: number };
  /** Detector confidence, 0..1. */
  score: number;
  /** The 128-d face descriptor. */
  descriptor: number[];
}

export interface FaceEmbedder extends ImageEmbedder {
  /** Every face found in an image (most confident first), each with its descriptor. */
  detectFaces(image: ImageInput, minConfidence?: number): Promise<Face[]>;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
let faceapi: any = null;
let loaded = false;

function packageDir(): string {
  try {
    return path.dirname(require.resolve(`${FACE_PACKAGE}/package.json`));
  } catch {
    throw new InputError(`face descriptors: the npm package ${FACE_PACKAGE} is not installed (npm install)`);
  }
}

/** Loads face detection, landmarks and the descriptor network (about 0.3 s, 13 MB of weights). */
export async function loadFaceDescriptor(options: ProgressOptions = {}): Promise<FaceEmbedder> {
  const dir = packageDir();
  const modelDir = path.join(dir, 'model');
  if (!fs.existsSync(path.join(modelDir, 'face_recognition_model.bin')))
    throw new InputError(`face descriptors: ${modelDir} has no weights`);
  const version = (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (!faceapi) faceapi = require(FACE_PACKAGE); // requires @tensorflow/tfjs-node: the same tfjs as ours
  if (!loaded) {
    await withProgress(
      'face-api (SSD MobileNet v1, 68 landmarks, face recognition net)',
      async () => {
        await faceapi.nets.ssdMobilenetv1.loadFromDisk(modelDir);
        await faceapi.nets.faceLandmark68Net.loadFromDisk(modelDir);
        await faceapi.nets.faceRecognitionNet.loadFromDisk(modelDir);
      },
      options,
    );
    loaded = true;
  }

  const detectFaces = async (image: ImageInput, minConfidence = 0.5): Promise<Face[]> => {
    if (typeof minConfidence !== 'number' || !(minConfidence > 0 && minConfidence < 1))
      throw new InputError(`detectFaces minConfidence: expected a number between 0 and 1, got ${minConfidence}`);
    const t = toImageTensor(image, 'detectFaces') as Tensor3D;
    try {
      const found = await faceapi
        .detectAllFaces(t, new faceapi.SsdMobilenetv1Options({ minConfidence }))
        .withFaceLandmarks()
        .withFaceDescriptors();
      return (found as any[])
        .map((f) => ({
          box: {
            x: f.detection.box.x,
            y: f.detection.box.y,
            width: f.detection.box.width,
            height: f.detection.box.height,
          },
          score: f.detection.score as number,
          descriptor: Array.from(f.descriptor as Float32Array),
        }))
        .sort((a, b) => b.score - a.score);
    } finally {
      t.dispose();
    }
  };

  return {
    name: 'face-api face descriptor',
    modality: 'face',
    dim: 128,
    source: `npm ${FACE_PACKAGE} ${version} (face_recognition_model, ssd_mobilenetv1, face_landmark_68)`,
    recipe: 'descriptor of the most confident face, aligned by its 68 landmarks',
    isDocumentModel: false,
    detectFaces,
    async embed(images: ImageInput[]): Promise<Tensor2D> {
      const rows: number[][] = [];
      for (const [i, im] of checkImages(images, 'face embed').entries()) {
        const faces = await detectFaces(im);
        if (!faces.length) throw new InputError(`face embed: no face found in image ${i}`);
        rows.push(faces[0].descriptor);
      }
      return tf.tensor2d(rows, [rows.length, 128], 'float32');
    },
    dispose: () => {
      // frees the three networks' weights; the next loadFaceDescriptor loads them again
      if (loaded)
        for (const net of [
          faceapi.nets.ssdMobilenetv1,
          faceapi.nets.faceLandmark68Net,
          faceapi.nets.faceRecognitionNet,
        ])
          net.dispose();
      loaded = false;
    },
  };
}
