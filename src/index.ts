// attention-lab: everything a notebook needs, in one import:
//   import { tf, cosineSimilarityMatrix, softmax, showFigure, heatmap } from './src/index';
// (tslab cannot import a folder, so write ./src/index, and ./attention/index below.)
export * from './backend';
export * from './validate';
export * from './similarity';
export * from './softmax';
export * from './display';
export * from './figures';
export * from './images';
export * from './reference';
export * from './attention/index';
export * from './random';
export * from './pythonFormat';
export * from './toyAttention';
export * from './onehot';
export * from './attentionFigures';
export * from './compare';
