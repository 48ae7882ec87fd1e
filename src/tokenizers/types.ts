// What every tokenizer here offers: text -> token ids -> text, and the piece of
// text each id stands for. Ids are exact: the same numbers the model's own
// tokenizer gives (checked in test/tokenizers against known values).
import { InputError } from '../core/validate';

export interface Tokenizer {
  /** e.g. "cl100k_base (GPT-4)". */
  readonly name: string;
  /** The package (and version) or file the vocabulary comes from. */
  readonly source: string;
  readonly vocabSize: number;
  /** Token ids of a text, as the model's own tokenizer gives them (special tokens included where it adds them). */
  encode(text: string): number[];
  /** The text for a list of ids. */
  decode(ids: number[]): string;
  /** The vocabulary entry behind each id, e.g. "▁Apple" or " fruit" or "##berries". */
  pieces(ids: number[]): string[];
}

export function checkText(text: unknown, where: string): string {
  if (typeof text !== 'string')
    throw new InputError(`${where}: expected a string, got ${text === null ? 'null' : typeof text}`);
  return text;
}

export function checkIds(ids: unknown, vocabSize: number, where: string): number[] {
  if (!Array.isArray(ids)) throw new InputError(`${where}: expected an array of token ids`);
  ids.forEach((id, i) => {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id >= vocabSize)
      throw new InputError(`${where}: id ${i} is ${String(id)}, expected an integer in 0..${vocabSize - 1}`);
  });
  return ids as number[];
}
