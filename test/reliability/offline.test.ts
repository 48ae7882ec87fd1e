// Offline: `npm test` runs with test/offline/no-network.cjs preloaded into every Node process
// (kernels included) and test/offline/sitecustomize.py into every Python process; any
// non-loopback connection or DNS lookup fails and is logged, and scripts/test.mjs fails the
// run if the log is not empty. These tests prove the guard is on and that it catches a
// connection from each kind of process (logging those to a separate file).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCells } from '../helpers/kernel';
import { PYTHON, jupyterEnv } from './_helpers';

const guarded = Boolean(process.env.ATTENTION_LAB_NETLOG);
const skip = guarded ? false : 'run through `npm test` (scripts/test.mjs turns the guard on)';
let tmp: string;
let log: string;

before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'attention-lab-offline-'));
  log = path.join(tmp, 'expected-blocks.jsonl');
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const entries = () =>
  fs.existsSync(log)
    ? fs
        .readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];
const env = () => jupyterEnv({ ATTENTION_LAB_NETLOG: log });

describe('offline guard', { skip }, () => {
  test('is loaded in this test process', () => {
    assert.equal((globalThis as { __attentionLabOfflineGuard?: boolean }).__attentionLabOfflineGuard, true);
    assert.match(process.env.NODE_OPTIONS ?? '', /no-network\.cjs/);
    assert.match(process.env.PYTHONPATH ?? '', /test[\\/]offline/);
  });

  test('a Node child process cannot connect out or look up a name; loopback works', () => {
    const code = `
      const net = require('net');
      net.connect(80, '192.0.2.1').on('error', (e) => console.log('connect:', e.code));
      require('dns').lookup('registry.npmjs.org', (e) => console.log('dns:', e && e.code));
      const srv = net.createServer((c) => c.end()).listen(0, '127.0.0.1', () => {
        net.connect(srv.address().port, '127.0.0.1', () => { console.log('loopback: ok'); srv.close(); }).on('data', () => {});
      });`;
    const r = spawnSync(process.execPath, ['-e', code], { env: env(), encoding: 'utf8', timeout: 30_000 });
    assert.match(r.stdout, /connect: EOFFLINEGUARD/);
    assert.match(r.stdout, /dns: EOFFLINEGUARD/);
    assert.match(r.stdout, /loopback: ok/);
    assert.ok(entries().some((e) => e.dest === '192.0.2.1:80'));
  });

  test('a Python child process cannot connect out (pip, urllib, sockets)', () => {
    const code = [
      'import socket, urllib.request',
      'try: urllib.request.urlopen("https://pypi.org/simple/", timeout=5)',
      'except Exception as e: print("urlopen:", "offline guard" in str(e))',
      'try: socket.create_connection(("192.0.2.1", 80), timeout=5)',
      'except Exception as e: print("socket:", "offline guard" in str(e))',
    ].join('\n');
    const r = spawnSync(PYTHON, ['-c', code], { env: env(), encoding: 'utf8', timeout: 30_000 });
    assert.match(r.stdout, /urlopen: True/, r.stderr);
    assert.match(r.stdout, /socket: True/, r.stderr);
    assert.ok(entries().some((e) => e.dest === 'pypi.org'));
  });

  test('a cell in the TypeScript kernel (started by jupyter) cannot connect out', () => {
    const cell =
      "await new Promise((done) => require('net').connect(443, '192.0.2.7').on('error', (e: any) => { console.log(e.code); done(0); }));";
    const [out] = runCells([cell], { env: env() });
    assert.match(out.stdout, /^EOFFLINEGUARD\n/);
    assert.ok(entries().some((e) => e.dest === '192.0.2.7:443' && /kernels[\\/]kernel\.cjs/.test(e.process)));
  });
});
