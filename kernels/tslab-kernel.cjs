#!/usr/bin/env node
// attention-lab's TypeScript kernel: tslab (pinned, 1.0.22) with its protocol gaps
// closed, so that no failure is silent. kernels/tslab/kernel.json starts this file;
// the TypeScript compiler, module loading and ZeroMQ sockets are tslab's own.
//
// What this adds to tslab, per Jupyter messaging protocol 5.3:
//  - a failed cell sends an `error` message and an execute_reply with ename, evalue
//    and traceback (tslab only printed to stderr and replied {status: 'error'});
//    TypeScript diagnostics become ename 'TSError';
//  - `execute_input` with the execution count (front ends and nbclient show In [n]);
//  - errors that happen after a cell finished (a rejected promise nobody awaited,
//    an exception thrown in a timer or callback) are never dropped: while a cell runs
//    they fail that cell; otherwise they fail the next execute request, which names
//    the cell that started the failing work (tracked with AsyncLocalStorage);
//  - a silent request whose code is `//%attention-lab:check-async-errors <ms>`
//    waits (at most <ms>) for timers started by cells, then replies with any error
//    still pending: scripts/reports.py sends it after the last cell;
//  - stop_on_error aborts the requests queued behind the failed cell (received, or
//    sent before the error) and nothing else (tslab aborted everything arriving in
//    the next 200 ms, so a cell run right after an error was silently skipped); the
//    reply status is 'aborted' (protocol), not 'abort'; stop_on_error: false runs on;
//  - a file created or deleted in a folder TypeScript watches (a new module in src/)
//    no longer breaks every later cell with "Unexpected pending rebuildTimer" (a fix
//    inside tslab's converter, applied as it loads);
//  - silent and store_history are honoured; kernel_info reports the real TypeScript
//    and tslab versions; comm_info_request gets a comm_info_reply (tslab sent a
//    complete_reply); shutdown_reply echoes `restart`; history_request gets an empty
//    history instead of no reply.
'use strict';

const path = require('node:path');
const util = require('node:util');
const { AsyncLocalStorage } = require('node:async_hooks');

const ROOT = path.resolve(__dirname, '..');
const TSLAB = path.join(ROOT, 'node_modules', 'tslab');
const TSLAB_VERSION = '1.0.22';

// The process's own streams: tslab points process.stdout/stderr.write at the running cell.
const realStdoutWrite = process.stdout.write;
const realStderrWrite = process.stderr.write;
const log = (text) => realStderrWrite.call(process.stderr, `attention-lab kernel: ${text}\n`);

function die(message) {
  log(message);
  process.exit(1);
}

let tslabPkg;
try {
  tslabPkg = require(path.join(TSLAB, 'package.json'));
} catch {
  die(`tslab is not installed in ${TSLAB}: run \`npm install\` in ${ROOT}`);
}
if (tslabPkg.version !== TSLAB_VERSION)
  die(`tslab ${tslabPkg.version} found, this wrapper patches tslab ${TSLAB_VERSION} (package.json pins it): run \`npm install\``);

// ---- a fix inside tslab's converter, applied as it loads (node_modules is not edited) ----
// tslab drives TypeScript's watch program with a single fake timer and throws "Unexpected
// pending rebuildTimer" when TypeScript asks for a second one. TypeScript does that when a
// file is created or deleted in a folder it watches for module lookups (a new file in src/
// while a notebook is open): from then on every cell failed until the kernel restarted.
// The fix gives that second timer (failed-lookup invalidation) a real timer.
// Required from inside tslab's converter by the patches below.
const COMPILE_CACHE = JSON.stringify(path.join(__dirname, 'compile-cache.cjs'));
const CONVERTER_PATCHES = [
  [
    `    sys.setTimeout = (callback) => {
        // TypeScript compier implements debouncing using a timer.`,
    `    sys.setTimeout = (callback, ms) => {
        if (callback && callback.name === "invalidateResolutionsOfFailedLookup") {
            return { attentionLabTimer: setTimeout(callback, ms || 250) };
        }
        // TypeScript compier implements debouncing using a timer.`,
  ],
  [
    `    sys.clearTimeout = (timeoutId) => {
        if (rebuildTimer === timeoutId) {`,
    `    sys.clearTimeout = (timeoutId) => {
        if (timeoutId && timeoutId.attentionLabTimer) {
            clearTimeout(timeoutId.attentionLabTimer);
            return;
        }
        if (rebuildTimer === timeoutId) {`,
  ],
  // Imported files: checked once per content (a clean check is cached) and transpiled on
  // their own, instead of a full check and declaration emit at every kernel start
  // (kernels/compile-cache.cjs says why this is safe).
  [
    `        const diag = convertDiagnostics(getPreEmitDiagnosticsWithDependencies(builder, srcFile));`,
    `        const diag = convertDiagnostics(require(${COMPILE_CACHE}).cellDiagnostics(ts, builder.getProgram(), srcFile, declsFile, getAllSrcDependencies(builder, srcFile), () => getPreEmitDiagnosticsWithDependencies(builder, srcFile)));`,
  ],
  [
    `            if (dep !== srcFilename) {
                sideInputsConverted.add(dep);
            }`,
    `            if (dep !== srcFilename) {
                sideInputsConverted.add(dep);
                const relJs = path_1.default.relative(cwd, dep).replace(/\\.ts$/, ".js");
                if (!relJs.startsWith("..") && !path_1.default.isAbsolute(relJs) && require(${COMPILE_CACHE}).isProjectSource(dep)) {
                    if (!sideOutputs) {
                        sideOutputs = [];
                    }
                    sideOutputs.push({
                        path: (0, tspath_1.normalizeJoin)(cwd, relJs),
                        data: require(${COMPILE_CACHE}).transpileDependency(ts, builder.getSourceFile(dep), transpileTarget),
                    });
                    continue;
                }
            }`,
  ],
];

function loadPatched(file, patches) {
  const Module = require('node:module');
  let source = require('node:fs').readFileSync(file, 'utf8');
  for (const [from, to] of patches) {
    if (!source.includes(from)) die(`cannot apply the fix to ${file}: the code it replaces is not there (tslab changed?)`);
    source = source.replace(from, to);
  }
  const m = new Module(file, module);
  m.filename = file;
  m.paths = Module._nodeModulePaths(path.dirname(file));
  m._compile(source, file);
  m.loaded = true;
  require.cache[file] = m;
}
loadPatched(path.join(TSLAB, 'dist', 'converter.js'), CONVERTER_PATCHES);

const jupyter = require(path.join(TSLAB, 'dist', 'jupyter.js'));
const executorModule = require(path.join(TSLAB, 'dist', 'executor.js'));
const tslabMain = require(path.join(TSLAB, 'dist', 'main.js'));
const typescriptVersion = require(require.resolve('@tslab/typescript-for-tslab/package.json', { paths: [TSLAB] })).version;

const FLUSH = /^\/\/%attention-lab:check-async-errors(?:\s+(\d+))?\s*$/;

// ---- which cell started the work that is running now ---------------------------------
const cellContext = new AsyncLocalStorage();
// Only the cell's own code runs in its context (not tslab's compiler, whose file watchers
// and timers outlive the cell): tslab runs the compiled cell with vm.runInThisContext.
const vm = require('node:vm');
const origRunInThisContext = vm.runInThisContext;
let executingCount = null;
vm.runInThisContext = function (code, options) {
  if (executingCount === null) return origRunInThisContext.call(this, code, options);
  return cellContext.run({ count: executingCount }, () => origRunInThisContext.call(this, code, options));
};
/**
 * Timers and immediates started (directly or not) by a cell and not yet fired or cleared:
 * the global setTimeout and setImmediate the cells call are wrapped to count them.
 */
const cellTimers = new Set();
function trackTimers(set, clear) {
  const origSet = globalThis[set];
  const origClear = globalThis[clear];
  const wrapped = function (callback, ...args) {
    if (typeof callback !== 'function' || !cellContext.getStore()) return origSet.call(this, callback, ...args);
    let handle;
    const fire = function (...a) {
      cellTimers.delete(handle);
      return callback.apply(this, a);
    };
    handle = origSet.call(this, fire, ...args);
    cellTimers.add(handle);
    return handle;
  };
  Object.defineProperties(wrapped, Object.getOwnPropertyDescriptors(origSet)); // util.promisify.custom
  globalThis[set] = wrapped;
  globalThis[clear] = function (handle) {
    cellTimers.delete(handle);
    return origClear.call(this, handle);
  };
}
trackTimers('setTimeout', 'clearTimeout');
trackTimers('setImmediate', 'clearImmediate');

// ---- errors -------------------------------------------------------------------------
const INTERNAL_FRAME = /[( ]node:|[\\/]node_modules[\\/]tslab[\\/]|tslab-kernel\.cjs/;

/** {ename, evalue, traceback} for anything thrown (Errors, strings, objects). */
function describeError(e) {
  if (e instanceof Error || (e && typeof e === 'object' && typeof e.stack === 'string' && 'message' in e)) {
    const ename = e.name || e.constructor?.name || 'Error';
    const evalue = String(e.message);
    const frames = String(e.stack || '')
      .split('\n')
      .filter((l) => /^\s+at /.test(l) && !INTERNAL_FRAME.test(l));
    return { ename, evalue, traceback: [`${ename}: ${evalue}`, ...frames] };
  }
  const evalue = typeof e === 'string' ? e : util.inspect(e);
  return { ename: 'Uncaught', evalue, traceback: [`Uncaught ${evalue}`] };
}

function isInterrupt(e) {
  return e instanceof Error && /Script execution was interrupted|Interrupted asynchronously/.test(e.message);
}

function diagnosticsError(diags) {
  const lines = diags.map((d) => `${d.file ? `${d.file} ` : ''}${d.line}:${d.col} - ${d.message}`);
  const first = diags[0];
  return {
    ename: 'TSError',
    evalue: `${first.message} (line ${first.line}, column ${first.col})${diags.length > 1 ? ` and ${diags.length - 1} more` : ''}`,
    traceback: ['TypeScript error' + (diags.length > 1 ? 's' : '') + ':', ...lines],
  };
}

// tslab's executor reports every failure through the console object it is given:
// capture what it says about the running cell instead of printing it.
let capture = null; // {diags: [], thrown: []} while a cell runs
const origCreateExecutor = executorModule.createExecutor;
executorModule.createExecutor = function (rootDir, convs, cons) {
  return origCreateExecutor(rootDir, convs, {
    log: cons.log,
    error: (...args) => {
      if (capture && args[0] === '%s%d:%d - %s') {
        capture.diags.push({ file: args[1], line: args[2], col: args[3], message: String(args[4]) });
      } else if (capture && args.length === 1) {
        capture.thrown.push(args[0]);
      } else {
        cons.error(...args);
      }
    },
  });
};

// ---- errors that outlive their cell ------------------------------------------------------
const state = {
  received: 0, // execute requests received
  abortThrough: 0, // requests with seq <= this are aborted (stop_on_error)...
  abortSentBefore: 0, // ...and so are requests the client sent before this time (ms)
  chain: Promise.resolve(),
  running: null, // {count, fail(err)} while a cell runs
  lastCount: 0, // execution count of the last cell that ran
  pending: [], // async errors seen while no cell ran
};

function asyncFailure(kind, err) {
  const origin = cellContext.getStore();
  const d = describeError(err);
  const what = kind === 'rejection' ? 'a promise rejected and nobody handled it' : 'an error was thrown in a timer or callback';
  const from = origin ? `started by cell In [${origin.count}]` : 'not started by any cell';
  return {
    ename: kind === 'rejection' ? 'UnhandledPromiseRejection' : 'UncaughtException',
    evalue: `${what} (${from}): ${d.ename}: ${d.evalue}`,
    traceback: [`${what} (${from})`, ...d.traceback],
    origin: origin ? origin.count : null,
  };
}

function onAsyncError(kind, err) {
  const failure = asyncFailure(kind, err);
  if (state.running) {
    state.running.fail(failure);
  } else {
    state.pending.push(failure);
    // Also visible right away in the output of the cell that last ran (tslab keeps
    // stdout/stderr pointed at it, as ipykernel does).
    process.stderr.write(`${failure.traceback.join('\n')}\n(this fails the next cell you run)\n`);
  }
}

// ---- the execute path -----------------------------------------------------------
function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Lets pending rejections and immediates of the cell that just ended surface. */
async function settle() {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
}

async function waitForCellTimers(maxMs) {
  const deadline = Date.now() + maxMs;
  await settle();
  while (cellTimers.size > 0 && Date.now() < deadline && state.pending.length === 0) await sleep(10);
  await settle();
}

function takePending() {
  if (!state.pending.length) return null;
  const [first, ...rest] = state.pending;
  state.pending = [];
  if (!rest.length) return first;
  return { ...first, traceback: [...first.traceback, ...rest.flatMap((r) => ['', ...r.traceback])], evalue: `${first.evalue} (and ${rest.length} more)` };
}

async function runCell(handler, code, count) {
  // An error from earlier work that no cell has reported yet fails this request.
  const earlier = takePending();
  if (earlier) {
    return {
      ...earlier,
      evalue: `${earlier.evalue} [reported here; this cell's code did not run: run it again]`,
      traceback: [...earlier.traceback, '', `(reported in cell In [${count}]; its code did not run: run it again)`],
    };
  }
  capture = { diags: [], thrown: [] };
  let failNow;
  const failed = new Promise((resolve) => (failNow = resolve));
  state.running = { count, fail: failNow };
  executingCount = count;
  let ok;
  let asyncErr = null;
  try {
    const result = await Promise.race([
      handler.executor.execute(code),
      failed.then((f) => {
        asyncErr = f;
        return false;
      }),
    ]);
    ok = result;
    if (ok && !asyncErr) {
      await settle(); // a rejection right at the end of the cell belongs to this cell
      if (asyncErr) ok = false;
    }
  } catch (e) {
    ok = false;
    capture.thrown.push(e);
  } finally {
    state.running = null;
    executingCount = null;
  }
  const { diags, thrown } = capture;
  capture = null;
  if (ok && !asyncErr) {
    // `//%module` cells register even with diagnostics: show them, as tslab did.
    for (const d of diags) process.stderr.write(`${d.line}:${d.col} - ${d.message}\n`);
    return null;
  }
  if (asyncErr) return asyncErr;
  if (diags.length) return diagnosticsError(diags);
  if (thrown.length) {
    const e = thrown[0];
    if (isInterrupt(e))
      return { ename: 'Interrupted', evalue: 'the kernel was interrupted (SIGINT) while this cell ran', traceback: ['Interrupted: the kernel was interrupted (SIGINT) while this cell ran'] };
    return describeError(e);
  }
  return { ename: 'Error', evalue: 'the cell failed', traceback: ['Error: the cell failed (tslab gave no reason)'] };
}

jupyter.ZmqServer.prototype.handleExecute = async function (sock, msg) {
  const handler = this.handler;
  const content = msg.content || {};
  const silent = Boolean(content.silent);
  const storeHistory = silent ? false : content.store_history !== false;
  const stopOnError = content.stop_on_error !== false;
  const code = String(content.code ?? '');
  const publish = (type, c) => {
    const m = msg.createReply();
    m.header.msg_type = type;
    m.content = c;
    m.signAndSend(this.connInfo.key, this.iopub);
  };
  const seq = ++state.received;
  const sentAt = Date.parse(msg.header?.date ?? '') || Infinity;

  const task = async () => {
    // Aborted: requests that were queued behind a cell that failed with stop_on_error,
    // whether they had reached this process or were still in the socket. A request
    // sent after the client saw the error runs (tslab aborted anything arriving in the
    // 200 ms after an error, so the cell run next was silently skipped).
    if (seq <= state.abortThrough || sentAt < state.abortSentBefore) return { status: 'aborted', execution_count: null };
    const flush = FLUSH.exec(code);
    if (flush) {
      await waitForCellTimers(Number(flush[1] ?? 2000));
      const err = takePending();
      if (!err) return { status: 'ok', execution_count: handler.execCount, user_expressions: {}, payload: [] };
      const { origin, ...error } = err;
      return { status: 'error', execution_count: handler.execCount, ...error, origin_execution_count: origin };
    }
    const count = storeHistory ? ++handler.execCount : handler.execCount;
    if (!silent) {
      const writeStream = (name, text) => streams.write(name, text, publish);
      process.stdout.write = handler.createWriteToIopub('stdout', writeStream);
      process.stderr.write = handler.createWriteToIopub('stderr', writeStream);
      jupyter.lastWriteDisplayData = (data, update) => publish(update ? 'update_display_data' : 'display_data', data);
      publish('execute_input', { code, execution_count: count });
    }
    const err = await runCell(handler, code, count);
    state.lastCount = count;
    if (!err) return { status: 'ok', execution_count: count, user_expressions: {}, payload: [] };
    const { origin, ...error } = err; // eslint-disable-line no-unused-vars
    if (!silent) publish('error', error);
    if (stopOnError) {
      state.abortThrough = state.received;
      state.abortSentBefore = Date.now();
    }
    return { status: 'error', execution_count: count, ...error };
  };
  const result = (state.chain = state.chain.then(task, task));
  let replyContent;
  try {
    replyContent = await result;
  } catch (e) {
    const d = describeError(e);
    replyContent = { status: 'error', execution_count: handler.execCount, ...d };
  }
  const reply = msg.createReply();
  reply.header.msg_type = 'execute_reply';
  reply.content = replyContent;
  reply.signAndSend(this.connInfo.key, sock);
};

// ---- the other requests -------------------------------------------------------------
const origKernelInfo = jupyter.JupyterHandlerImpl.prototype.handleKernel;
jupyter.JupyterHandlerImpl.prototype.handleKernel = function () {
  const info = origKernelInfo.call(this);
  info.implementation_version = tslabPkg.version;
  if (!this.isJs) info.language_info.version = typescriptVersion;
  info.status = 'ok';
  info.help_links = [{ text: 'tslab', url: 'https://github.com/yunabe/tslab' }];
  return info;
};

function send(server, sock, msg, type, content) {
  const reply = msg.createReply();
  reply.header.msg_type = type;
  reply.content = content;
  reply.signAndSend(server.connInfo.key, sock);
}

// ZmqMessage (parsing, HMAC check, replies) is internal to tslab: take its class from
// the first message tslab handles (always kernel_info_request from a Jupyter client).
let ZmqMessage = null;
const origPublishStatus = jupyter.ZmqServer.prototype.publishStatus;
jupyter.ZmqServer.prototype.publishStatus = function (status, parent) {
  if (!ZmqMessage && parent && typeof parent.constructor?.fromRaw === 'function') ZmqMessage = parent.constructor;
  return origPublishStatus.call(this, status, parent);
};

const DELIM = Buffer.from('<IDS|MSG>');
function peekType(args) {
  const i = args.findIndex((b) => Buffer.isBuffer(b) && b.equals(DELIM));
  return i < 0 ? null : JSON.parse(args[i + 2].toString()).msg_type;
}

const OWN = new Set(['comm_info_request', 'history_request', 'shutdown_request', 'interrupt_request']);
const origShellMessage = jupyter.ZmqServer.prototype.handleShellMessage;
jupyter.ZmqServer.prototype.handleShellMessage = async function (sock, ...args) {
  let type = null;
  try {
    type = peekType(args);
  } catch {
    // malformed: tslab reports it
  }
  if (ZmqMessage && OWN.has(type)) return handleOwn.call(this, sock, ZmqMessage.fromRaw(this.connInfo.key, args), type);
  return origShellMessage.call(this, sock, ...args);
};

async function handleOwn(sock, msg, type) {
  this.publishStatus('busy', msg);
  let terminate = false;
  try {
    if (type === 'comm_info_request') send(this, sock, msg, 'comm_info_reply', { status: 'ok', comms: {} });
    else if (type === 'history_request') send(this, sock, msg, 'history_reply', { status: 'ok', history: [] });
    else if (type === 'interrupt_request') {
      process.kill(process.pid, 'SIGINT'); // the same path as interrupt_mode 'signal'
      send(this, sock, msg, 'interrupt_reply', { status: 'ok' });
    } else if (type === 'shutdown_request') {
      send(this, sock, msg, 'shutdown_reply', { status: 'ok', restart: Boolean(msg.content?.restart) });
      terminate = true;
    }
  } finally {
    this.publishStatus('idle', msg);
  }
  if (terminate) {
    this.close();
    setTimeout(() => process.exit(0), 200);
  }
}

// ---- sockets: every one bound before any is read or written ---------------------------
// tslab started reading before its binds finished. zeromq.js blocks a socket until the main
// thread sees its bind complete, so on a loaded machine a request that arrived in between
// (kernel_info_request on a bound shell while iopub was still binding) threw "Socket is
// blocked by a bind or unbind operation", and a loop that threw stopped reading for good:
// the kernel went deaf (CI, 2026-11-22). A failed start (a port taken since the client
// picked it, an unreadable connection file) left a half-started kernel; it now exits
// with the reason. ipc addresses are jupyter_client's (`ipc://<ip>-<port>`).
const CHANNELS = [
  ['iopub', 'Publisher'],
  ['shell', 'Router'],
  ['control', 'Router'],
  ['stdin', 'Router'],
  ['hb', 'Reply'],
];
function channelUrl(conn, name) {
  const port = conn[`${name}_port`];
  return conn.transport === 'ipc' ? `ipc://${conn.ip}-${port}` : `${conn.transport}://${conn.ip}:${port}`;
}

// Sends: one queue per socket, iopub never drops, stream text coalesced (kernels/output.cjs
// says what was measured). tslab sent one message per console.log and never waited: a
// 100,000-line cell lost 85 % of its lines, silently.
const output = require(path.join(__dirname, 'output.cjs'));
const streams = output.createStreamBuffer();
let server = null; // the ZmqServer, once its sockets exist
const flushStreamsFirst = { log, beforeSend: () => streams.flush() };
process.on('exit', () => {
  // A cell that calls process.exit() keeps what it printed and its In [n].
  streams.flush();
  for (const [name] of CHANNELS) server?.[name]?.drainNow();
});

async function serve(sock, name, handle) {
  let failures = 0;
  for (;;) {
    let msgs;
    try {
      msgs = await sock.receive();
    } catch (e) {
      if (sock.closed) return;
      // One bad read must not silence the kernel; a socket that cannot be read at all ends it.
      if (++failures >= 50) die(`reading the ${name} socket failed 50 times in a row: ${e?.message ?? e}`);
      log(`reading the ${name} socket failed: ${e?.message ?? e}`);
      await sleep(100);
      continue;
    }
    failures = 0;
    if (sock.closed) return; // a message read just before shutdown
    try {
      await handle(msgs);
    } catch (e) {
      log(`answering on the ${name} socket failed: ${e?.message ?? e}`);
    }
  }
}

jupyter.ZmqServer.prototype.init = async function () {
  let conn;
  let zmq;
  try {
    conn = JSON.parse(require('node:fs').readFileSync(this.configPath, 'utf8'));
    zmq = require(require.resolve('zeromq', { paths: [path.join(TSLAB, 'dist')] }));
    for (const [name, type] of CHANNELS) this[name] = new (output.queuedSocket(zmq[type], name, name === 'iopub' ? flushStreamsFirst : { log }))();
    this.iopub.noDrop = true; // ZeroMQ refuses (EAGAIN) instead of dropping; the queue retries
    server = this;
  } catch (e) {
    die(`cannot start from the connection file ${this.configPath}: ${e?.message ?? e}`);
  }
  this.connInfo = conn;
  const bound = await Promise.allSettled(CHANNELS.map(([name]) => this[name].bind(channelUrl(conn, name))));
  bound.forEach((b, i) => {
    if (b.status === 'fulfilled') return;
    const [name] = CHANNELS[i];
    const why = b.reason?.code === 'EADDRINUSE' ? '. Another process took the port the front end picked: shut this kernel down and start a new one (it gets new ports).' : '';
    die(`cannot listen on the ${name} channel at ${channelUrl(conn, name)}: ${b.reason?.message ?? b.reason}${why}`);
  });
  // Requests are handled concurrently, as tslab does (handleExecute queues the cells).
  const dispatch = (sock, name) => (msgs) => {
    this.handleShellMessage(sock, ...msgs).catch((e) => log(`a ${name} request failed: ${e?.message ?? e}`));
  };
  serve(this.shell, 'shell', dispatch(this.shell, 'shell'));
  serve(this.control, 'control', dispatch(this.control, 'control'));
  serve(this.hb, 'heartbeat', (msgs) => this.hb.send(msgs));
};

// Sockets close after the messages queued on them are sent; from then on, output goes to
// the process's own streams again, as before the first cell.
const origClose = jupyter.ZmqServer.prototype.close;
jupyter.ZmqServer.prototype.close = function () {
  streams.flush();
  process.stdout.write = realStdoutWrite;
  process.stderr.write = realStderrWrite;
  const sending = CHANNELS.map(([name]) => this[name]?.drained());
  return Promise.all(sending).then(() => origClose.call(this));
};

// ---- `--warm-compile-cache <folder>`: fill the compile cache, no kernel ---------------
// `npm install` runs this for notebooks/, so that the first kernel does not pay for the
// check of src/ (kernels/compile-cache.cjs).
const warmIndex = process.argv.indexOf('--warm-compile-cache');
if (warmIndex >= 0) {
  const dir = path.resolve(process.argv[warmIndex + 1] || '.');
  process.chdir(dir);
  const t0 = Date.now();
  const converter = require(path.join(TSLAB, 'dist', 'converter.js')).createConverter({});
  const out = converter.convert('', 'import * as attentionLab from "./src/index";\n');
  converter.close();
  if (out.diagnostics.length > 0) {
    die(`src/ does not type-check, nothing cached:\n${out.diagnostics.map((d) => `  ${d.fileName ?? ''} ${d.messageText}`).join('\n')}`);
  }
  process.stdout.write(`compile cache: ${(out.sideOutputs ?? []).length} modules of ${dir}/src checked and transpiled in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  process.exit(0);
}

// ---- start ----------------------------------------------------------------------
const configIndex = process.argv.indexOf('--config-path');
const configPath = configIndex >= 0 ? process.argv[configIndex + 1] : '';
if (!configPath) die('usage: tslab-kernel.cjs --config-path <connection file>');

tslabMain.startKernel({ configPath, enableFindLocal: false, jsKernel: false });
// tslab installs handlers that only print; ours report the error to a cell.
process.removeAllListeners('uncaughtException');
process.removeAllListeners('unhandledRejection');
process.on('uncaughtException', (err) => onAsyncError('exception', err));
process.on('unhandledRejection', (reason) => onAsyncError('rejection', reason));
