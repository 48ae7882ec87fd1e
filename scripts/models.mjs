#!/usr/bin/env node
// `npm run models`: downloads the documents' own models (the ONNX conversions that
// transformers.js runs) into models/<id>/ (gitignored):
//   Xenova/distilbert-base-uncased   document 001, text embeddings     (~265 MB)
//   Xenova/resnet-18                 document 001, image embeddings    (~45 MB)
//   Xenova/clip-vit-base-patch32     documents 001/002, text + images  (~600 MB)
// from the Hugging Face hub, or from any server laid out like it (<id>/resolve/main/<file>).
//   npm run models                                  all three, from https://huggingface.co
//   npm run models -- distilbert clip               some (distilbert, resnet18, clip)
//   npm run models -- --from http://mirror:8080     another server (also: HF_ENDPOINT=...)
//   npm run models -- --into /tmp/models            another folder (also: ATTENTION_LAB_MODELS_DIR)
// Each file is written to <file>.partial and renamed only when its size is checked, so
// an interrupted download never leaves a file the resolver would take; a re-run skips
// the files already complete. Exit 0 when every model is complete, 1 otherwise, 2 on bad usage.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';

// Run through tsx (see package.json) so the list of files is src/embeddings' own.
const { DOCUMENT_MODELS } = await import('../src/embeddings/documentModelTable.ts');
const { MODELS_DIR } = await import('../src/core/paths.ts');

const USAGE = `usage: npm run models -- [${Object.keys(DOCUMENT_MODELS).join('|')} ...] [--from URL] [--into DIR]`;

function parseArgs(argv) {
  const opts = { names: [], from: process.env.HF_ENDPOINT || 'https://huggingface.co', into: MODELS_DIR };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--from' || a === '--into') {
      if (!argv[i + 1]) throw new Error(`${a} needs a value`);
      opts[a.slice(2)] = argv[++i];
    } else if (a.startsWith('--from=') || a.startsWith('--into=')) opts[a.slice(2, 6)] = a.slice(7);
    else if (a === '--help' || a === '-h') opts.help = true;
    else if (Object.prototype.hasOwnProperty.call(DOCUMENT_MODELS, a)) opts.names.push(a);
    else throw new Error(`unknown model or option ${JSON.stringify(a)}`);
  }
  if (!/^https?:\/\/[^/]/.test(opts.from)) throw new Error(`--from must be an http(s) URL, got ${opts.from}`);
  opts.from = opts.from.replace(/\/+$/, '');
  if (!opts.names.length) opts.names = Object.keys(DOCUMENT_MODELS);
  return opts;
}

/** A download failure with the one line a person needs. */
class DownloadError extends Error {}

const mb = (n) => (n < 1e6 ? `${(n / 1e3).toFixed(1)} kB` : `${(n / 1e6).toFixed(1)} MB`);

function describeNetworkError(e, url) {
  const host = new URL(url).host;
  if (e.code === 'ECONNREFUSED') return `${host} refused the connection: is the server running, and the address right?`;
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return `cannot resolve ${host}: offline?`;
  if (e.code === 'EOFFLINEGUARD') return `${host} is blocked by the test suite's offline guard`;
  if (e.code === 'ETIMEDOUT') return `${host} did not answer in time`;
  if (e.code === 'ECONNRESET' || e.message === 'aborted') return `${host} closed the connection midway`;
  return `${host}: ${e.code ?? ''} ${e.message}`.trim();
}

/** GET with redirects (the hub answers /resolve/ with a redirect to its file store). */
function get(url, redirects = 5) {
  return new Promise((resolve, reject) => {
    const client = url.startsWith('https:') ? https : http;
    const req = client.get(url, { headers: { 'user-agent': 'attention-lab models' } }, (res) => {
      if (res.statusCode >= 300 && res.statusCode < 400 && res.headers.location) {
        res.resume();
        if (!redirects) return reject(new DownloadError(`${url}: too many redirects`));
        return resolve(get(new URL(res.headers.location, url).href, redirects - 1));
      }
      resolve(res);
    });
    req.setTimeout(60_000, () => req.destroy(Object.assign(new Error('no data for 60 s'), { code: 'ETIMEDOUT' })));
    req.on('error', (e) => reject(new DownloadError(`${url}: ${describeNetworkError(e, url)}`)));
  });
}

/** Streams res into partial; resolves with the byte count, rejects naming the cause. */
function save(res, partial, { url, total, onBytes }) {
  return new Promise((resolve, reject) => {
    const out = fs.createWriteStream(partial);
    let bytes = 0;
    let failed = false;
    // Rejects only once the file is closed: a stream destroyed before its open completes still
    // creates the file afterwards, and the caller's removal of the .partial must come after that.
    const fail = (err) => {
      if (failed) return;
      failed = true;
      res.destroy();
      if (out.closed) return reject(err);
      out.once('close', () => reject(err));
      out.destroy();
    };
    res.on('data', (chunk) => {
      bytes += chunk.length;
      onBytes(bytes);
      if (!out.write(chunk)) res.pause();
    });
    out.on('drain', () => res.resume());
    res.on('aborted', () => fail(new DownloadError(`${url}: ${describeNetworkError({ message: 'aborted' }, url)}`)));
    res.on('error', (e) => fail(new DownloadError(`${url}: ${describeNetworkError(e, url)}`)));
    out.on('error', (e) =>
      fail(
        new DownloadError(
          e.code === 'ENOSPC'
            ? `the disk is full (${mb(bytes)} of ${path.basename(partial, '.partial')} written into ${path.dirname(partial)}): free some space and run again; complete files are kept`
            : `cannot write ${partial}: ${e.message}`,
        ),
      ),
    );
    res.on('end', () => {
      if (failed) return;
      // end's callback also runs on a write error (with it), before the 'error' event
      out.end((err) => {
        if (failed || err) return;
        if (total !== null && bytes !== total)
          return fail(
            new DownloadError(`${url}: got ${bytes} of ${total} bytes: the connection was cut midway (run again)`),
          );
        resolve(bytes);
      });
    });
  });
}

/** Downloads one file of one model into dir; returns 'skipped' or its size. */
async function downloadFile(from, id, file, dir, first) {
  const dest = path.join(dir, file);
  if (fs.existsSync(dest)) {
    console.log(`  ${id}/${file}: already complete (${mb(fs.statSync(dest).size)}), skipped`);
    return 'skipped';
  }
  const url = `${from}/${id}/resolve/main/${file}`;
  const res = await get(url);
  if (res.statusCode !== 200) {
    res.resume();
    if (res.statusCode === 404 && first)
      throw new DownloadError(
        `${url} answered 404: ${from} has no ${id}, or it is not laid out like the Hugging Face hub (<id>/resolve/main/<file>)`,
      );
    if (res.statusCode === 404)
      throw new DownloadError(`${url} answered 404: the file ${file} of ${id} is missing there`);
    throw new DownloadError(`${url} answered HTTP ${res.statusCode} ${res.statusMessage ?? ''}`.trim());
  }
  const type = String(res.headers['content-type'] ?? '');
  if (type.startsWith('text/html')) {
    res.resume();
    throw new DownloadError(
      `${url} answered with a web page (text/html), not the file: ${from} is not laid out like the Hugging Face hub`,
    );
  }
  // the hub's redirect target and most servers give Content-Length; without it only a clean end is checked
  const length = Number(res.headers['content-length']);
  const total = Number.isFinite(length) && res.headers['content-length'] !== undefined ? length : null;
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const partial = `${dest}.partial`;
  let shown = -1;
  const t0 = Date.now();
  try {
    const bytes = await save(res, partial, {
      url,
      total,
      onBytes: (n) => {
        if (total === null || !total) return;
        const step = Math.floor((n / total) * 4) * 25;
        if (step > shown && step < 100) {
          shown = step;
          console.log(`  ${id}/${file}: ${step} % of ${mb(total)}`);
        }
      },
    });
    if (file.endsWith('.json')) {
      try {
        JSON.parse(fs.readFileSync(partial, 'utf8'));
      } catch {
        throw new DownloadError(`${url} is not JSON: ${from} is not laid out like the Hugging Face hub`);
      }
    }
    fs.renameSync(partial, dest);
    console.log(`  ${id}/${file}: done, ${mb(bytes)} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return bytes;
  } catch (e) {
    fs.rmSync(partial, { force: true });
    throw e;
  }
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`models: ${e.message}\n${USAGE}`);
    return 2;
  }
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  let failed = 0;
  for (const name of opts.names) {
    const m = DOCUMENT_MODELS[name];
    const dir = path.join(opts.into, m.id);
    console.log(`models: ${m.id} (${m.document}, about ${m.size}) from ${opts.from} into ${dir}`);
    try {
      for (const [i, file] of m.files.entries()) await downloadFile(opts.from, m.id, file, dir, i === 0);
      console.log(`models: ${m.id} complete`);
    } catch (e) {
      failed += 1;
      const msg = e instanceof DownloadError ? e.message : String(e?.stack ?? e);
      console.error(`models: could not download ${m.id}: ${msg}`);
    }
  }
  if (failed)
    console.error(
      `models: ${failed} of ${opts.names.length} incomplete. The notebooks keep using the offline models that ship with npm;\n` +
        '        run `npm run models` again where the server is reachable: complete files are kept.',
    );
  return failed ? 1 : 0;
}

process.exit(await main());
