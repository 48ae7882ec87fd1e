// Offline guard for the test suite (scripts/test.mjs loads it into every Node process of
// the suite through NODE_OPTIONS, kernels included). Any connection or DNS lookup that is
// not loopback or a Unix socket fails at once, as if refused, and is appended as one JSON
// line to $ATTENTION_LAB_NETLOG; scripts/test.mjs fails the run when that file is not empty.
// test/offline/sitecustomize.py does the same for Python. Native code (zeromq, libtensorflow,
// Chromium) is not covered: Chromium's requests are blocked by the tests' own page routes.
'use strict';
const LOG = process.env.ATTENTION_LAB_NETLOG;
if (LOG && !globalThis.__attentionLabOfflineGuard) {
  globalThis.__attentionLabOfflineGuard = true;
  const fs = require('node:fs');
  const net = require('node:net');
  const dgram = require('node:dgram');
  const dns = require('node:dns');

  const loopback = (host) => {
    if (host === undefined || host === null || host === '') return true; // defaults to localhost
    const h = String(host)
      .replace(/^\[|\]$/g, '')
      .toLowerCase();
    return (
      h === 'localhost' ||
      h.endsWith('.localhost') ||
      /^127\./.test(h) ||
      h === '::1' ||
      /^::ffff:127\./.test(h) ||
      h === '0.0.0.0' ||
      h === '::'
    );
  };

  const blocked = (what, dest) => {
    const entry = {
      pid: process.pid,
      process: process.argv.slice(1, 3).join(' '),
      what,
      dest,
      at: new Error().stack
        .split('\n')
        .slice(3, 7)
        .map((l) => l.trim()),
    };
    try {
      fs.appendFileSync(LOG, `${JSON.stringify(entry)}\n`);
    } catch {
      // the log is best effort; the connection is blocked regardless
    }
    const err = new Error(
      `attention-lab offline guard: ${what} ${dest} blocked (the test suite must not use the network)`,
    );
    err.code = 'EOFFLINEGUARD';
    return err;
  };

  const origConnect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (...args) {
    let opts = args[0];
    if (Array.isArray(opts)) opts = opts[0]; // net.connect passes normalized arguments
    let host;
    let port;
    if (opts && typeof opts === 'object') {
      if (opts.path) return origConnect.apply(this, args); // Unix socket / pipe
      host = opts.host ?? opts.hostname;
      port = opts.port;
    } else if (typeof opts === 'number' || (typeof opts === 'string' && /^\d+$/.test(opts))) {
      port = opts;
      host = typeof args[1] === 'string' ? args[1] : undefined;
    } else if (typeof opts === 'string') {
      return origConnect.apply(this, args); // a Unix socket path
    }
    if (loopback(host)) return origConnect.apply(this, args);
    const err = blocked('connect to', `${host}:${port}`);
    process.nextTick(() => this.destroy(err));
    return this;
  };

  for (const method of ['send', 'connect']) {
    const orig = dgram.Socket.prototype[method];
    dgram.Socket.prototype[method] = function (...args) {
      const i = args.findIndex((a, k) => k > 0 && typeof a === 'number' && typeof args[k + 1] === 'string');
      const host = i >= 0 ? args[i + 1] : typeof args[1] === 'string' ? args[1] : undefined;
      if (host !== undefined && !loopback(host)) {
        const err = blocked(`udp ${method} to`, `${host}:${args[i] ?? args[0]}`);
        const cb = args.find((a) => typeof a === 'function');
        if (cb) process.nextTick(() => cb(err));
        else process.nextTick(() => this.emit('error', err));
        return undefined;
      }
      return orig.apply(this, args);
    };
  }

  const origLookup = dns.lookup;
  dns.lookup = function (hostname, ...rest) {
    if (loopback(hostname)) return origLookup.call(this, hostname, ...rest);
    const err = blocked('DNS lookup of', String(hostname));
    const cb = rest.find((a) => typeof a === 'function');
    if (cb) process.nextTick(() => cb(err));
    return {};
  };
  const origPromiseLookup = dns.promises.lookup;
  dns.promises.lookup = function (hostname, ...rest) {
    if (loopback(hostname)) return origPromiseLookup.call(this, hostname, ...rest);
    return Promise.reject(blocked('DNS lookup of', String(hostname)));
  };
  for (const name of Object.keys(dns).filter((k) => /^resolve/.test(k) && typeof dns[k] === 'function')) {
    dns[name] = function (hostname, ...rest) {
      const err = blocked(`DNS ${name} of`, String(hostname));
      const cb = rest.find((a) => typeof a === 'function');
      if (cb) process.nextTick(() => cb(err));
      return {};
    };
  }
}
