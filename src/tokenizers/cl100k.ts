// GPT-4's tokenizer, cl100k_base (byte-level BPE), from js-tiktoken: the same ranks
// file as OpenAI's tiktoken, bundled in the npm package (works offline).
import { Tokenizer, checkIds, checkText } from './types';

interface Tiktoken {
  encode(text: string, allowedSpecial?: string[] | 'all', disallowedSpecial?: string[] | 'all'): number[];
  decode(ids: number[]): string;
}

let encoding: Tiktoken | null = null;

function load(): Tiktoken {
  if (!encoding)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    encoding = (require('js-tiktoken') as { getEncoding(name: string): Tiktoken }).getEncoding('cl100k_base');
  return encoding;
}

/** cl100k_base, the tokenizer of GPT-4 and GPT-3.5-turbo ("Apple is a fruit" -> [27665, 374, 264, 14098]). */
export function cl100kTokenizer(): Tokenizer {
  const enc = load();
  const vocabSize = 100277; // 100,256 ranks + special tokens up to <|endofprompt|> = 100276
  return {
    name: 'cl100k_base (GPT-4)',
    source: 'js-tiktoken 1.0.21',
    vocabSize,
    // Special-token text such as "<|endoftext|>" is encoded as ordinary text, as
    // tiktoken's encode_ordinary does, rather than throwing.
    encode: (text) => enc.encode(checkText(text, 'cl100k encode'), [], []),
    decode: (ids) => enc.decode(checkIds(ids, vocabSize, 'cl100k decode')),
    // A piece may be part of a multi-byte character, in which case it shows U+FFFD.
    pieces: (ids) => checkIds(ids, vocabSize, 'cl100k pieces').map((id) => enc.decode([id])),
  };
}
