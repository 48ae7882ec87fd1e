// Tokenizers with exact ids: GPT-4's cl100k_base, Llama 2's SentencePiece BPE,
// DistilBERT's WordPiece, and the Universal Sentence Encoder's unigram model.
export * from './types';
export * from './cl100k';
export * from './llama2';
export * from './wordpiece';
export * from './unigram';
