// Embedders: text, images and faces in, a tensor of vectors out, each saying what
// produced it; the documents' own models when present, offline npm models otherwise.
export * from './types';
export * from './progress';
export * from './universalSentenceEncoder';
export * from './mobilenetV2';
export * from './faceDescriptor';
export * from './glove';
export * from './documentModels';
export * from './resolver';
export * from './digitEmbedding';
