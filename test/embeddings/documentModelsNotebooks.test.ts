// Notebooks 01 and 02 with CLIP present: their CLIP cells (text2image's logits and best
// match; the joint text-image space) otherwise only ever print "Not run" here. The tiny
// test-only CLIP (test/golden/models) is fetched by `npm run models` from a loopback hub
// into a temporary models folder (ATTENTION_LAB_MODELS_DIR), allowed for this run only
// (ATTENTION_LAB_ALLOW_TEST_ONLY_MODELS=1), and the reports go to a temporary folder.
// DistilBERT and ResNet stay absent, so the other cells run as in every report.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { GOLDEN_DIR } from '../../src/core/paths';
import { startHub } from '../helpers/hubServer';
import { runModels } from '../helpers/runModels';
import { ROOT, runReports } from '../reliability/_helpers';

/** Every text a code cell of an executed notebook printed or displayed as text/plain. */
function cellTexts(file: string): string {
  const nb = JSON.parse(fs.readFileSync(file, 'utf8'));
  return nb.cells
    .flatMap((c: { outputs?: { text?: string[] | string; data?: Record<string, string[] | string> }[] }) =>
      (c.outputs ?? []).map((o) => [o.text ?? '', o.data?.['text/plain'] ?? ''].flat().join('')),
    )
    .join('\n');
}

test('notebooks 01 and 02 run their CLIP cells with a (test-only) CLIP present', async () => {
  const models = fs.mkdtempSync(path.join(os.tmpdir(), 'al-nb-models-'));
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'al-nb-reports-'));
  const hub = await startHub(path.join(GOLDEN_DIR, 'models', 'hub'));
  try {
    const r = await runModels(['clip', '--from', hub.url, '--into', models]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
  } finally {
    await hub.close();
  }
  const nbs = ['01_embeddings.ipynb', '02_embedding_spaces.ipynb'];
  const run = runReports(
    nbs.map((n) => path.join(ROOT, 'notebooks', n)),
    out,
    [],
    { ATTENTION_LAB_MODELS_DIR: models, ATTENTION_LAB_ALLOW_TEST_ONLY_MODELS: '1' },
  );
  assert.equal(run.status, 0, run.stdout + run.stderr);
  const nb01 = cellTexts(path.join(out, 'executed', nbs[0]));
  const nb02 = cellTexts(path.join(out, 'executed', nbs[1]));
  assert.match(nb01, /Text-to-image matching: CLIP ViT-B\/32 .*TEST-ONLY random weights \(attention_lab_test_only\)/);
  assert.match(nb01, /CLIP logits = 100 · cos\(text, image\)\n\s+chelsea\s+coffee/);
  assert.doesNotMatch(nb01, /Not run: CLIP weights are not available/);
  assert.match(nb02, /Image embeddings below come from CLIP ViT-B\/32 image tower/);
  assert.match(nb02, /photos and captions in one space \(PCA of CLIP embeddings\)/);
  assert.doesNotMatch(nb02, /Not run: no joint text-image model/);
  // the reports folder of the project is untouched: these reports exist only in `out`
  assert.ok(fs.existsSync(path.join(out, '01_embeddings.html')));
});
