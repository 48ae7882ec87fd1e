// Llama 2's tokenizer (SentencePiece BPE, 32,000 pieces) from llama-tokenizer-js,
// which bundles the vocabulary and merges of meta-llama/Llama-2-7b(-chat)-hf.
// Its encode matches Hugging Face's LlamaTokenizer: <s> (id 1) first, and a
// space before the text ("Apple is a fruit" -> [1, 12113, 338, 263, 15774]).
import { Tokenizer, checkIds, checkText } from './types';

interface LlamaTokenizerJs {
  vocabById: string[];
  encode(prompt: string, addBos?: boolean, addPrecedingSpace?: boolean): number[];
  decode(ids: number[], addBos?: boolean, addPrecedingSpace?: boolean): string;
}

let tokenizer: LlamaTokenizerJs | null = null;

function load(): LlamaTokenizerJs {
  if (!tokenizer) {
    // An ES module: require() returns its namespace (Node >= 20.19), whose default is the tokenizer.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require('llama-tokenizer-js') as { default?: LlamaTokenizerJs } & Partial<LlamaTokenizerJs>;
    tokenizer = (mod.default ?? mod) as LlamaTokenizerJs;
  }
  return tokenizer;
}

export interface Llama2Tokenizer extends Tokenizer {
  /** The text as Hugging Face's `tokenizer.decode(ids)` prints it: special tokens kept ("<s> Apple is a fruit"). */
  decodeWithSpecialTokens(ids: number[]): string;
}

/** The Llama 2 tokenizer, as `AutoTokenizer.from_pretrained("meta-llama/Llama-2-7b-chat-hf")` in the document. */
export function llama2Tokenizer(): Llama2Tokenizer {
  const tok = load();
  const vocabSize = tok.vocabById.length;
  const special = new Map([
    [0, '<unk>'],
    [1, '<s>'],
    [2, '</s>'],
  ]);
  // llama-tokenizer-js: decode(ids, skipLeadingBos, removePrecedingSpace), as Hugging Face
  // decodes with skip_special_tokens=True.
  const decode = (ids: number[]) => tok.decode(ids, true, true);
  return {
    name: 'Llama 2 (SentencePiece BPE)',
    source: 'llama-tokenizer-js 1.2.2',
    vocabSize,
    encode: (text) => tok.encode(checkText(text, 'llama2 encode'), true, true),
    decode: (ids) => decode(checkIds(ids, vocabSize, 'llama2 decode')),
    decodeWithSpecialTokens: (ids) => {
      checkIds(ids, vocabSize, 'llama2 decode');
      return ids[0] === 1 ? `<s>${ids.length > 1 ? ` ${decode(ids)}` : ''}` : decode(ids);
    },
    pieces: (ids) => checkIds(ids, vocabSize, 'llama2 pieces').map((id) => special.get(id) ?? tok.vocabById[id]),
  };
}
