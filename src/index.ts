// attention-lab: everything a notebook needs, in one import:
//   import { tf, cosineSimilarityMatrix, softmax, showFigure, heatmap } from './src/index';
// (tslab cannot import a folder, so write ./src/index, and ./attention/index below.)
export * from './core/backend';
export * from './core/validate';
export * from './maths/similarity';
export * from './maths/softmax';
export * from './display';
export * from './figures';
export * from './images';
export * from './reference';
export * from './attention/index';
export * from './core/random';
export * from './pythonFormat';
export * from './toyAttention';
export * from './maths/onehot';
export * from './attentionFigures';
export * from './compare';
export * from './core/paths';
export * from './pixels';
export * from './datasets';
export * from './fruit';
export * from './maths/search';
export * from './maths/reduce';
export * from './scatter';
export * from './core/transformersjs';
export * from './tokenizers/index';
export * from './embeddings/index';
