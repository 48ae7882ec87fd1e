// Embedders: text, images and faces in, a tensor of vectors out, each saying what
// produced it; the documents' own models when present, offline npm models otherwise.
// Input checks, progress lines and each model's own preprocessing stay in their modules.
export { describeEmbedder } from './types';
export type { Modality, EmbedderInfo, Embedder, TextEmbedder, ImageEmbedder } from './types';
export type { ProgressOptions } from './progress';
export { loadUniversalSentenceEncoder } from './universalSentenceEncoder';
export type { UniversalSentenceEncoder } from './universalSentenceEncoder';
export { loadMobileNetV2Features } from './mobilenetV2';
export { loadFaceDescriptor, SAME_PERSON_DISTANCE } from './faceDescriptor';
export type { Face, FaceEmbedder } from './faceDescriptor';
export { loadGloVe } from './glove';
export { loadGloveVocabulary, vocabularyRows, GLOVE_VOCABULARY_DIR } from './gloveVocabulary';
export type { GloveVocabulary, GloveManifest, CorpusTable } from './gloveVocabulary';
export type { WordVectors } from './glove';
export { DOCUMENT_MODELS, isDocumentModelPresent, loadDistilBert, loadResNet18, loadClip } from './documentModels';
export type { DocumentModel, DocumentModelName, LoadOptions, Clip } from './documentModels';
export { resolveTextEmbedder, resolveImageEmbedder, resolveClip } from './resolver';
export type { Resolved, ResolveOptions } from './resolver';
export { trainDigitEmbedding } from './digitEmbedding';
export type { DigitEmbedding, DigitEmbeddingOptions } from './digitEmbedding';
