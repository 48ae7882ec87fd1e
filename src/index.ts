// attention-lab: everything a notebook needs, in one import:
//   import { tf, cosineSimilarityMatrix, softmax, showFigure, heatmap } from './src';
export * from './backend';
export * from './validate';
export * from './similarity';
export * from './softmax';
export * from './display';
export * from './figures';
export * from './images';
export * from './reference';
