// attention-lab: everything a notebook needs, in one import:
//   import { tf, cosineSimilarityMatrix, softmax, showFigure, heatmap } from './src/index';
// (tslab cannot import a folder, so write ./src/index, and ./attention/index below.)
// What notebooks, bench/ and scripts/ use, by name and by folder; what is not listed here
// (toMatrix, readBack, checkTexts, transformers, ...) stays inside src/, and tests take it
// from its own module. Every function listed has a row in test/reliability/public-api.test.ts.

// core: the one tfjs backend, input checks, seeded randomness, where the project's files are
export { tf, backendInfo, describeBackend } from './core/backend';
export type { BackendInfo } from './core/backend';
export { InputError } from './core/validate';
export type { Vector, Matrix, VectorLike, MatrixLike } from './core/validate';
export { randomUniform, randomNormal } from './core/random';
export { PROJECT_ROOT, MODELS_DIR } from './core/paths';

// maths: similarity of vectors, softmax, one-hot and embedding lookup, search, 2-D pictures of spaces
export {
  dot,
  norm,
  cosineSimilarity,
  angleDegrees,
  euclideanDistance,
  l2Normalize,
  cosineSimilarityMatrix,
  dotProductMatrix,
} from './maths/similarity';
export { softmax } from './maths/softmax';
export type { SoftmaxOptions } from './maths/softmax';
export { tokenIndices, oneHot, oneHotBits, embeddingLookup } from './maths/onehot';
export type { OneHotOrder } from './maths/onehot';
export { topK, nearDuplicates } from './maths/search';
export type { Neighbour, TopKOptions, DuplicatePair } from './maths/search';
export { pca, umap } from './maths/reduce';
export type { PcaResult, UmapOptions } from './maths/reduce';

// search: exact and LanceDB vector search behind one interface, recall@k
export { ExactSearch } from './search/exact';
export { LanceSearch } from './search/lance';
export type { LanceOptions, LanceQueryOptions, LanceIndexKind, LanceIndexOptions } from './search/lance';
export { recallAtK } from './search/recall';
export type { VectorSearch, Hit, FlatRows, Rows } from './search/types';

// attention: masks, scaled dot-product, Q/K/V and heads, flash attention, document 004's simple form, cost
export {
  causalMask,
  slidingWindowMask,
  symmetricWindowMask,
  maskCost,
  scaledDotProductAttention,
  projectQKV,
  selfAttention,
  multiHeadAttention,
  flashAttention,
  flashAttentionTrace,
  flashBlockSizes,
  attentionKernel,
  DEFAULT_BLOCK_SIZE,
  DEFAULT_TILE_ELEMENTS,
  simpleAttention,
  oneDnnSoftmaxAvailable,
  timeCall,
  peakTensorBytes,
  attentionCost,
} from './attention/index';
export type {
  MaskLike,
  MaskCost,
  AttentionOptions,
  AttentionResult,
  TensorLike,
  QueryKeyValue,
  MultiHeadWeights,
  WeightLike,
  FlashAttentionOptions,
  FlashTrace,
  FlashTraceStep,
  SimpleAttentionResult,
  Timing,
  AttentionCost,
} from './attention/index';

// embeddings: text, image and face embedders (the documents' models when present), GloVe, a learned digit embedding
export {
  DOCUMENT_MODELS,
  isDocumentModelPresent,
  loadDistilBert,
  loadResNet18,
  loadClip,
  resolveTextEmbedder,
  resolveImageEmbedder,
  resolveClip,
  loadGloVe,
  loadGloveVocabulary,
  vocabularyRows,
  loadFaceDescriptor,
  SAME_PERSON_DISTANCE,
  trainDigitEmbedding,
} from './embeddings/index';
export type {
  Modality,
  EmbedderInfo,
  Embedder,
  TextEmbedder,
  ImageEmbedder,
  DocumentModel,
  DocumentModelName,
  LoadOptions,
  Clip,
  Resolved,
  ResolveOptions,
  WordVectors,
  GloveVocabulary,
  GloveManifest,
  CorpusTable,
  Face,
  FaceEmbedder,
  DigitEmbedding,
  DigitEmbeddingOptions,
} from './embeddings/index';

// tokenizers: exact ids of GPT-4 (cl100k_base), Llama 2 and DistilBERT (WordPiece)
export { cl100kTokenizer, llama2Tokenizer, wordPieceTokenizer } from './tokenizers/index';
export type { Tokenizer, Llama2Tokenizer } from './tokenizers/index';

// datasets: photos, pixels and their edits, digits, products, generated fruit, the documents' own numbers,
// what `npm run bench` measured
export { PHOTOS, loadPhoto, faceSamplePaths } from './datasets/photos';
export type { PhotoInfo } from './datasets/photos';
export {
  toGrayscale,
  resizeImage,
  pixelVector,
  shiftImage,
  cropImage,
  flipImage,
  adjustBrightness,
  imageToArray,
  thumbnail,
} from './datasets/pixels';
export type { ImageInput } from './datasets/pixels';
export { loadDigits } from './datasets/digits';
export type { Digits } from './datasets/digits';
export { loadProducts } from './datasets/products';
export type { Product } from './datasets/products';
export { fruitPictures } from './datasets/fruit';
export type { Fruit, FruitPicture } from './datasets/fruit';
export { referenceValues } from './datasets/reference';
export { loadBenchResults } from './datasets/benchmark';
export type { BenchResults, BenchAttentionRow, BenchFlashRow, BenchSummaryRow } from './datasets/benchmark';

// show: figures and markdown out to the notebook, tables, numbers as text, heatmaps, charts, pictures, scatters
export { showFigure, showMarkdown } from './show/display';
export type { Figure } from './show/display';
export { showTable, showMatrix, showComparison, showDifferences, maxAbsDiff } from './show/tables';
export type { TableOptions, ComparisonRow, DifferenceRow } from './show/tables';
export { MismatchError, check, checkEqual, checkProse, checkTensorsFreed } from './show/checks';
export type { StatedNumber } from './show/checks';
export { formatBytes, formatMs, formatCount } from './show/format';
export type { ByteFormat } from './show/format';
export {
  heatmap,
  heatmapGrid,
  heatmapSlider,
  reverseColorscale,
  weightsHeatmap,
  weightsHeatmapGrid,
  weightsHeatmapSlider,
} from './show/heatmaps';
export type { HeatmapOptions, SliderStep, WeightsHeatmapOptions } from './show/heatmaps';
export { barChart, barSlider, lineChart } from './show/charts';
export type { BarSeries, BarOptions, BarSliderStep, LineSeries } from './show/charts';
export { imageRow, anglePanels } from './show/pictures';
export { scatterFigure, scatterPanels, vectorsFigure } from './show/scatter';
export type { ScatterOptions, VectorsOptions } from './show/scatter';

// lessons: helpers of one document each: 000's tiny RGB images, 003's toy attention and Python printing
export { discImage, centrePixel } from './lessons/images';
export type { RGB, Image } from './lessons/images';
export { wordLengthAttention, paddedWordLengthAttention } from './lessons/toyAttention';
export type { WordLengthAttention, PaddedWordLengthAttention } from './lessons/toyAttention';
export { pyFloatRepr, pyFormatFixed, pyList } from './lessons/pythonFormat';

// learned attention (notebook 06): a pretrained Transformer's heads (USE lite), what a head does, a
// Transformer block and a reversal Transformer trained here, Bahdanau attention trained on dates
export { loadPretrainedAttention, USE_LAYERS, USE_HEADS } from './embeddings/useAttention';
export type { PretrainedAttention, SentenceAttention } from './embeddings/useAttention';
export { distilBertAttentionOutputs } from './embeddings/documentModels';
export { headPattern, diagonalWeight, antiDiagonalWeight, rowEntropy } from './attention/headPatterns';
export type { HeadPattern } from './attention/headPatterns';
export { weightsHeatmapGridSlider, weightsHeatmapRows } from './show/heatmaps';
export type { WeightsPanel, WeightsGridStep } from './show/heatmaps';
export { transformerBlock, layerNorm, sinusoidalPositions } from './learned/transformer';
export type { TransformerBlockWeights } from './learned/transformer';
export { trainReversal, reversalData } from './learned/reversal';
export type { ReversalOptions, ReversalResult, ReversalSnapshot } from './learned/reversal';
export { trainBahdanau } from './learned/bahdanau';
export type { BahdanauOptions, BahdanauResult, AlignmentSnapshot } from './learned/bahdanau';
export { datePairs, dateFields, DATE_FORMATS } from './datasets/dates';
export type { DatePair } from './datasets/dates';
