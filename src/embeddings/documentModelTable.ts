// The documents' three models: where transformers.js's ONNX conversions live on the
// Hugging Face hub and which files must be in models/<id>. Kept apart from the loaders so
// `npm run models` reads it without loading TensorFlow.
export interface DocumentModel {
  /** The model as the document names it. */
  document: string;
  /** The ONNX conversion on the Hugging Face hub that transformers.js loads. */
  id: string;
  /** Files that must be in models/<id> (full-precision ONNX, as the documents run float32). */
  files: string[];
  /** Approximate download size. */
  size: string;
}

export const DOCUMENT_MODELS = {
  distilbert: {
    document: 'distilbert-base-uncased (DistilBertModel)',
    id: 'Xenova/distilbert-base-uncased',
    files: ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'],
    size: '265 MB',
  },
  resnet18: {
    document: 'torchvision resnet18(pretrained=True), avgpool output',
    id: 'Xenova/resnet-18',
    files: ['config.json', 'onnx/model.onnx'],
    size: '45 MB',
  },
  clip: {
    document: 'openai/clip-vit-base-patch32 (CLIPModel)',
    id: 'Xenova/clip-vit-base-patch32',
    files: [
      'config.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'preprocessor_config.json',
      'onnx/text_model.onnx',
      'onnx/vision_model.onnx',
    ],
    size: '600 MB',
  },
} satisfies Record<string, DocumentModel>;

export type DocumentModelName = keyof typeof DOCUMENT_MODELS;
