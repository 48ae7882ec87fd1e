#!/usr/bin/env node
// `npm run models`: downloads the documents' own models (ONNX conversions that
// transformers.js runs) from the Hugging Face hub into models/<id>/ (gitignored):
//   Xenova/distilbert-base-uncased   document 001, text embeddings     (~265 MB)
//   Xenova/resnet-18                 document 001, image embeddings    (~45 MB)
//   Xenova/clip-vit-base-patch32     documents 001/002, text + images  (~600 MB)
// The notebooks then use them instead of the offline stand-ins. Needs the network;
// offline it stops with a clear message and changes nothing else.
//   npm run models                 all three
//   npm run models -- distilbert   some (distilbert, resnet18, clip)
// Run through tsx (see package.json) so it shares src/embeddings' loaders and table.
const { DOCUMENT_MODELS, loadDistilBert, loadResNet18, loadClip, isDocumentModelPresent } =
  await import('../src/embeddings/documentModels.ts');
const { MODELS_DIR } = await import('../src/core/paths.ts');

const LOADERS = { distilbert: loadDistilBert, resnet18: loadResNet18, clip: loadClip };
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(LOADERS);
for (const name of wanted) {
  if (!LOADERS[name]) {
    console.error(`models: unknown model ${name}; choose from ${Object.keys(LOADERS).join(', ')}`);
    process.exit(2);
  }
}

let failed = 0;
for (const name of wanted) {
  const m = DOCUMENT_MODELS[name];
  if (isDocumentModelPresent(name)) {
    console.log(`models: ${m.id} is already in models/ (nothing to do)`);
    continue;
  }
  console.log(`models: downloading ${m.id} (${m.document}, about ${m.size}) into ${MODELS_DIR}/${m.id}`);
  try {
    const loaded = await LOADERS[name]({ download: true });
    if (!isDocumentModelPresent(name))
      throw new Error(`the download finished but ${m.files.join(', ')} are not all in models/${m.id}`);
    for (const e of loaded.text ? [loaded.text, loaded.image] : [loaded]) e.dispose();
    console.log(`models: ${m.id} ready`);
  } catch (e) {
    failed += 1;
    const msg = String(e?.message ?? e).split('\n')[0];
    console.error(
      `models: could not download ${m.id}: ${msg}\n` +
        '        The Hugging Face hub is not reachable from here (offline?). The notebooks keep using the offline\n' +
        '        models that ship with npm; run `npm run models` again on a machine with internet access.',
    );
  }
}
process.exit(failed ? 1 : 0);
