// Attention, one concept per file: masks, scaled dot-product attention, Q/K/V projections
// with self- and multi-head attention, FlashAttention's tiled forward pass, and document
// 004's simplified softmax(X X^T) X.
export { causalMask, slidingWindowMask, symmetricWindowMask, maskCost } from './masks';
export type { MaskLike, MaskCost } from './masks';
export { scaledDotProductAttention } from './scaledDotProduct';
export type { AttentionOptions, AttentionResult, TensorLike } from './scaledDotProduct';
export { projectQKV, selfAttention, multiHeadAttention } from './projections';
export type { QueryKeyValue, MultiHeadWeights, WeightLike } from './projections';
export {
  flashAttention,
  flashAttentionTrace,
  flashBlockSizes,
  DEFAULT_BLOCK_SIZE,
  DEFAULT_TILE_ELEMENTS,
  PLAIN_BUDGET_BYTES,
} from './flash';
export type { FlashAttentionOptions, FlashTrace, FlashTraceStep } from './flash';
export { attentionKernel } from './fusedKernel';
export type { AttentionKernelStatus } from './fusedKernel';
export { simpleAttention } from './simple';
export type { SimpleAttentionResult } from './simple';
export { softmaxLastAxis, oneDnnSoftmaxAvailable } from './fastSoftmax';
export { timeCall, peakTensorBytes, attentionCost } from './measure';
export type { Timing, AttentionCost } from './measure';
