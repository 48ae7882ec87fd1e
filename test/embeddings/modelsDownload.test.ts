// `npm run models` against a Hugging Face hub on loopback (test/helpers/hubServer.ts):
// the layout <id>/resolve/main/<file>, progress, complete files only (a .partial name
// until the size is checked), re-runs that skip what is complete, and a clear message
// for a file cut midway, a missing file, a wrong layout, a refused port and a full disk.
// The files served are the tiny hand-written models of test/helpers/tinyModels.ts.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DOCUMENT_MODELS, isDocumentModelPresent } from '../../src/embeddings';
import { Hub, refusedPort, startHub } from '../helpers/hubServer';
import { runModels } from '../helpers/runModels';
import { writeTinyClip, writeTinyDistilBert, writeTinyResNet } from '../helpers/tinyModels';

const hubRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'al-hub-'));
const fresh = () => fs.mkdtempSync(path.join(os.tmpdir(), 'al-models-dl-'));
const { distilbert, resnet18, clip } = DOCUMENT_MODELS;

/** Every file of every model folder under dir, relative, sorted. */
function listFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .sort();
}

before(() => {
  writeTinyDistilBert(hubRoot, distilbert.id);
  writeTinyResNet(hubRoot, resnet18.id);
  writeTinyClip(hubRoot, clip.id);
});

describe('npm run models against a loopback hub', () => {
  let hub: Hub;
  before(async () => (hub = await startHub(hubRoot)));
  after(() => hub.close());

  test('--from downloads all three models, byte for byte, with progress per file; a re-run skips them', async () => {
    const into = fresh();
    const r = await runModels(['--from', hub.url, '--into', into]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    for (const name of ['distilbert', 'resnet18', 'clip'] as const) {
      assert.ok(isDocumentModelPresent(name, { root: into }), name);
      for (const f of DOCUMENT_MODELS[name].files) {
        const id = DOCUMENT_MODELS[name].id;
        assert.ok(fs.readFileSync(path.join(into, id, f)).equals(fs.readFileSync(path.join(hubRoot, id, f))), f);
        assert.match(r.stdout, new RegExp(`${id}/${f.replace('.', '\\.')}: done, [\\d.]+ [kM]B`));
      }
    }
    assert.deepEqual(
      listFiles(into).filter((f) => f.endsWith('.partial')),
      [],
    );
    const before = hub.requests.length;
    const again = await runModels(['--from', hub.url, '--into', into]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(hub.requests.length, before, 'a re-run requests nothing');
    assert.match(again.stdout, /Xenova\/clip-vit-base-patch32\/onnx\/vision_model\.onnx: already complete .*skipped/);
  });

  test('HF_ENDPOINT is the default server; one model can be named', async () => {
    const into = fresh();
    const r = await runModels(['resnet18', '--into', into], { HF_ENDPOINT: hub.url });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(listFiles(into), resnet18.files.map((f) => path.join(resnet18.id, f)).sort());
  });

  test("the hub's redirects (/resolve/main/ to a file store) are followed", async () => {
    const redirecting = await startHub(hubRoot, { redirect: true });
    try {
      const into = fresh();
      const r = await runModels(['resnet18', '--from', redirecting.url, '--into', into]);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(isDocumentModelPresent('resnet18', { root: into }));
      assert.deepEqual(
        redirecting.requests,
        resnet18.files.flatMap((f) => [`/${resnet18.id}/resolve/main/${f}`, `${resnet18.id}/${f}`]),
      );
    } finally {
      await redirecting.close();
    }
  });

  test('unknown names and bad URLs are usage errors (exit 2)', async () => {
    const r = await runModels(['bert']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown model or option "bert"/);
    const u = await runModels(['--from', 'ftp://x']);
    assert.equal(u.code, 2);
    assert.match(u.stderr, /--from must be an http\(s\) URL/);
  });
});

describe('npm run models: interrupted and failed downloads', () => {
  test('a file cut midway is never left under its name; a re-run fetches only what is missing', async () => {
    const into = fresh();
    const cutFile = `${distilbert.id}/onnx/model.onnx`;
    const broken = await startHub(hubRoot, { cut: [cutFile] });
    try {
      const r = await runModels(['distilbert', '--from', broken.url, '--into', into]);
      assert.equal(r.code, 1, r.stdout);
      assert.match(
        r.stderr,
        /could not download Xenova\/distilbert-base-uncased: .*(closed the connection midway|cut midway)/,
      );
      assert.ok(!fs.existsSync(path.join(into, cutFile)), 'no truncated model.onnx');
      assert.ok(!fs.existsSync(path.join(into, `${cutFile}.partial`)), 'no .partial left');
      assert.ok(fs.existsSync(path.join(into, distilbert.id, 'config.json')), 'complete files are kept');
      assert.equal(isDocumentModelPresent('distilbert', { root: into }), false);
    } finally {
      await broken.close();
    }
    const good = await startHub(hubRoot);
    try {
      const r = await runModels(['distilbert', '--from', good.url, '--into', into]);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(good.requests, [cutFile]);
      assert.equal(isDocumentModelPresent('distilbert', { root: into }), true);
    } finally {
      await good.close();
    }
  });

  test('a 404 for one file names the file', async () => {
    const hub = await startHub(hubRoot, { missing: [`${clip.id}/onnx/vision_model.onnx`] });
    try {
      const r = await runModels(['clip', '--from', hub.url, '--into', fresh()]);
      assert.equal(r.code, 1);
      assert.match(
        r.stderr,
        /vision_model\.onnx answered 404: the file onnx\/vision_model\.onnx of .* is missing there/,
      );
    } finally {
      await hub.close();
    }
  });

  test('a server not laid out like the hub is named as such (404 at the first file, or a web page)', async () => {
    for (const faults of [{ plainLayout: true }, { html: true }]) {
      const hub = await startHub(hubRoot, faults);
      try {
        const into = fresh();
        const r = await runModels(['resnet18', '--from', hub.url, '--into', into]);
        assert.equal(r.code, 1);
        assert.match(r.stderr, /not laid out like the Hugging Face hub/);
        assert.deepEqual(listFiles(into), []);
      } finally {
        await hub.close();
      }
    }
  });

  test('a refused port says so and exits 1 within seconds', async () => {
    const port = await refusedPort();
    const t0 = Date.now();
    const r = await runModels(['--from', `http://127.0.0.1:${port}`, '--into', fresh()]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`127\\.0\\.0\\.1:${port} refused the connection`));
    assert.match(r.stderr, /3 of 3 incomplete/);
    assert.ok(Date.now() - t0 < 30_000);
  });

  test('a full disk says so and leaves no partial file', async () => {
    const hub = await startHub(hubRoot);
    try {
      const into = fresh();
      const dir = path.join(into, resnet18.id, 'onnx');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(into, resnet18.id, 'config.json'), '{}');
      // writes to /dev/full fail with ENOSPC, as on a full disk
      fs.symlinkSync('/dev/full', path.join(dir, 'model.onnx.partial'));
      const r = await runModels(['resnet18', '--from', hub.url, '--into', into]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /the disk is full .*model\.onnx.*free some space and run again/);
      assert.deepEqual(fs.readdirSync(dir), []);
    } finally {
      await hub.close();
    }
  });
});
