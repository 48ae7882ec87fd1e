// One interface for every embedder: inputs in, a [n, dim] tensor of vectors out
// (row i is the embedding of input i), with what produced them stated.
import type { Tensor2D } from '@tensorflow/tfjs-node';
import { InputError } from '../core/validate';
import type { ImageInput } from '../datasets/pixels';

export type Modality = 'text' | 'image' | 'face' | 'word';

export interface EmbedderInfo {
  /** The model, e.g. "Universal Sentence Encoder lite". */
  readonly name: string;
  readonly modality: Modality;
  /** Length of each embedding vector. */
  readonly dim: number;
  /** Where the weights came from (package and version, or local folder). */
  readonly source: string;
  /** How a vector is read off the model, e.g. "mean of the last hidden state over all tokens". */
  readonly recipe: string;
  /** True when this is the model the document itself uses. */
  readonly isDocumentModel: boolean;
}

export interface Embedder<I> extends EmbedderInfo {
  /** Embeds each input: row i of the result is the vector of inputs[i]. The caller disposes it. */
  embed(inputs: I[]): Promise<Tensor2D>;
  /** Frees the model's weights. */
  dispose(): void;
}

export type TextEmbedder = Embedder<string>;
export type ImageEmbedder = Embedder<ImageInput>;

/** One line naming the model behind the numbers. */
export function describeEmbedder(e: EmbedderInfo): string {
  if (!e || typeof e !== 'object' || typeof e.name !== 'string')
    throw new InputError('describeEmbedder: expected an embedder (with name, dim, recipe and source)');
  return `${e.name} (${e.dim}-d ${e.modality} embeddings; ${e.recipe}; weights: ${e.source})`;
}

/** Checks a batch of texts: a non-empty array of non-blank strings. */
export function checkTexts(texts: unknown, where: string): string[] {
  if (typeof texts === 'string')
    throw new InputError(`${where}: expected an array of texts, got one string (wrap it in [ ])`);
  if (!Array.isArray(texts) || texts.length === 0)
    throw new InputError(`${where}: expected a non-empty array of texts`);
  texts.forEach((t, i) => {
    if (typeof t !== 'string')
      throw new InputError(`${where}: text ${i} is ${t === null ? 'null' : typeof t}, expected a string`);
    if (!t.trim()) throw new InputError(`${where}: text ${i} is empty`);
  });
  return texts as string[];
}

/** Checks a batch of images: a non-empty array (each image is checked when decoded). */
export function checkImages(images: unknown, where: string): ImageInput[] {
  if (!Array.isArray(images) || images.length === 0)
    throw new InputError(`${where}: expected a non-empty array of images (paths, bytes or [h, w, 3] tensors)`);
  return images as ImageInput[];
}
