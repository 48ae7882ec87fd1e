// Tokenizers with exact ids: GPT-4's cl100k_base, Llama 2's SentencePiece BPE,
// DistilBERT's WordPiece, and the Universal Sentence Encoder's unigram model.
// Their shared input checks and WordPiece's vocabulary files stay in their modules.
export type { Tokenizer } from './types';
export { cl100kTokenizer } from './cl100k';
export { llama2Tokenizer } from './llama2';
export type { Llama2Tokenizer } from './llama2';
export { wordPieceTokenizer } from './wordpiece';
export { unigramTokenizer } from './unigram';
export type { UnigramTokenizer, UnigramVocabulary } from './unigram';
