// The kernel's Jupyter server: five ZeroMQ sockets, one handler per message type.
//  - Every socket is bound before any is read: tslab read first, and on a loaded machine a
//    request that arrived while another socket was still binding threw "Socket is blocked
//    by a bind or unbind operation" and left the kernel deaf (CI, 2026-11-22).
//  - Each request is wrapped in busy/idle status on iopub, with the request as parent.
//  - Execute requests run one at a time, in order; stop_on_error aborts only the requests
//    queued behind the failed cell (received, or sent before the error reached the client).
//  - Handlers are a table by msg_type, so comms (comm_open, comm_msg, comm_close) can be
//    added as three more entries.
'use strict';

const fs = require('node:fs');
const { StringDecoder } = require('node:string_decoder');
const path = require('node:path');
const { Message, PROTOCOL_VERSION } = require('./wire.cjs');
const output = require('./output.cjs');
const { mimeBundle } = require('./display.cjs');
const errors = require('./errors.cjs');

const CHANNELS = [
  ['iopub', 'Publisher'],
  ['shell', 'Router'],
  ['control', 'Router'],
  ['stdin', 'Router'],
  ['hb', 'Reply'],
];

// `//%attention-lab:check-async-errors <ms>` (silent): wait for timers that cells started,
// then reply with any error still pending. scripts/reports.py sends it after the last cell.
const FLUSH = /^\/\/%attention-lab:check-async-errors(?:\s+(\d+))?\s*$/;

function channelUrl(conn, name) {
  const port = conn[`${name}_port`];
  return conn.transport === 'ipc' ? `ipc://${conn.ip}-${port}` : `${conn.transport}://${conn.ip}:${port}`;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

class KernelServer {
  /**
   * @param {object} o
   * @param {string} o.configPath the connection file
   * @param {object} o.executor kernels/execute.cjs
   * @param {object} o.completion kernels/complete.cjs
   * @param {object} o.info {implementation, implementation_version, language_info, banner, help_links}
   * @param {(text: string) => void} o.log
   * @param {(message: string) => never} o.die
   */
  constructor({ configPath, executor, completion, info, log, die, tslabJupyter }) {
    Object.assign(this, { configPath, executor, completion, info, log, die, tslabJupyter });
    this.streams = output.createStreamBuffer();
    this.executionCount = 0;
    this.chain = Promise.resolve();
    this.received = 0; // execute requests received
    this.abortThrough = 0; // requests with seq <= this are aborted (stop_on_error)...
    this.abortSentBefore = 0; // ...and so are those the client sent before this time (ms)
    this.closing = false;
    this.realStdoutWrite = process.stdout.write;
    this.realStderrWrite = process.stderr.write;
    this.handlers = {
      kernel_info_request: () =>
        this.reply('kernel_info_reply', { status: 'ok', protocol_version: PROTOCOL_VERSION, ...this.info }),
      execute_request: (msg, sock) => this.handleExecute(msg, sock),
      complete_request: (msg) =>
        this.reply(
          'complete_reply',
          this.completion.complete(String(msg.content.code ?? ''), Number(msg.content.cursor_pos ?? 0)),
        ),
      inspect_request: (msg) =>
        this.reply(
          'inspect_reply',
          this.completion.inspect(String(msg.content.code ?? ''), Number(msg.content.cursor_pos ?? 0)),
        ),
      is_complete_request: (msg) =>
        this.reply('is_complete_reply', this.completion.isComplete(String(msg.content.code ?? ''))),
      comm_info_request: () => this.reply('comm_info_reply', { status: 'ok', comms: {} }),
      history_request: () => this.reply('history_reply', { status: 'ok', history: [] }),
      interrupt_request: () => {
        process.kill(process.pid, 'SIGINT'); // the same path as interrupt_mode 'signal'
        return this.reply('interrupt_reply', { status: 'ok' });
      },
      shutdown_request: (msg) => {
        this.closing = true;
        return this.reply('shutdown_reply', { status: 'ok', restart: Boolean(msg.content.restart) });
      },
    };
  }

  // A handler returns [type, content] for the reply on the request's own socket.
  reply(type, content) {
    return [type, content];
  }

  send(sock, msg) {
    return sock.send(msg.frames(this.conn.key));
  }

  /** A message on iopub, child of `parent` (text buffered so far goes out first). */
  publish(parent, type, content) {
    const m = parent.reply(type, content);
    m.identities = [Buffer.from(`kernel.${type}`)];
    return this.send(this.iopub, m);
  }

  async start() {
    let zmq;
    try {
      this.conn = JSON.parse(fs.readFileSync(this.configPath, 'utf8'));
      zmq = require(
        require.resolve('zeromq', { paths: [path.join(__dirname, '..', 'node_modules', 'tslab', 'dist')] }),
      );
      const flushFirst = { log: this.log, beforeSend: () => this.streams.flush() };
      for (const [name, type] of CHANNELS)
        this[name] = new (output.queuedSocket(zmq[type], name, name === 'iopub' ? flushFirst : { log: this.log }))();
      this.iopub.noDrop = true; // ZeroMQ refuses (EAGAIN) instead of dropping; the queue retries
    } catch (e) {
      this.die(`cannot start from the connection file ${this.configPath}: ${e?.message ?? e}`);
    }
    const bound = await Promise.allSettled(CHANNELS.map(([name]) => this[name].bind(channelUrl(this.conn, name))));
    bound.forEach((b, i) => {
      if (b.status === 'fulfilled') return;
      const [name] = CHANNELS[i];
      const why =
        b.reason?.code === 'EADDRINUSE'
          ? '. Another process took the port the front end picked: shut this kernel down and start a new one (it gets new ports).'
          : '';
      this.die(
        `cannot listen on the ${name} channel at ${channelUrl(this.conn, name)}: ${b.reason?.message ?? b.reason}${why}`,
      );
    });
    // A cell that calls process.exit() keeps what it printed and its In [n].
    process.on('exit', () => {
      this.streams.flush();
      for (const [name] of CHANNELS) this[name]?.drainNow();
    });
    this.serve(this.shell, 'shell', (frames) => this.dispatch(this.shell, frames));
    this.serve(this.control, 'control', (frames) => this.dispatch(this.control, frames));
    this.serve(this.hb, 'heartbeat', (frames) => this.hb.send(frames));
  }

  async serve(sock, name, handle) {
    let failures = 0;
    for (;;) {
      let frames;
      try {
        frames = await sock.receive();
      } catch (e) {
        if (sock.closed) return;
        // One bad read must not silence the kernel; a socket that cannot be read at all ends it.
        if (++failures >= 50) this.die(`reading the ${name} socket failed 50 times in a row: ${e?.message ?? e}`);
        this.log(`reading the ${name} socket failed: ${e?.message ?? e}`);
        await sleep(100);
        continue;
      }
      failures = 0;
      if (sock.closed) return; // read just before shutdown
      // Requests are handled concurrently (execute requests queue themselves).
      Promise.resolve(handle(frames)).catch((e) =>
        this.log(`answering on the ${name} socket failed: ${e?.stack ?? e}`),
      );
    }
  }

  async dispatch(sock, frames) {
    let msg;
    try {
      msg = Message.fromFrames(this.conn.key, frames);
    } catch (e) {
      this.log(`a message was ignored: ${e.message}`);
      return;
    }
    const handler = this.handlers[msg.type];
    // An execute request says busy when it starts and idle when it ends (handleExecute): a
    // queued one must not overlap the one running.
    if (msg.type === 'execute_request') return handler(msg, sock);
    this.publish(msg, 'status', { execution_state: 'busy' });
    try {
      if (!handler) {
        this.log(`unknown message type ${JSON.stringify(msg.type)}: no reply`);
        return;
      }
      const answer = await handler(msg, sock);
      if (answer) this.send(sock, msg.reply(...answer));
    } finally {
      this.publish(msg, 'status', { execution_state: 'idle' });
    }
    if (this.closing) await this.close();
  }

  /** Where a cell's output goes: its stdout, stderr and display() calls, until the next cell. */
  routeOutput(msg) {
    const publish = (type, content) => this.publish(msg, type, content);
    // One decoder per stream, kept across writes: a character split between two writes of
    // bytes (a child process piped to stdout) stays one character.
    this.decoders ??= { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
    const write = (name) => (chunk, encoding, callback) => {
      const text = typeof chunk === 'string' ? chunk : this.decoders[name].write(Buffer.from(chunk));
      this.streams.write(name, text, publish);
      if (typeof encoding === 'function') encoding();
      else if (typeof callback === 'function') callback();
      return true;
    };
    process.stdout.write = write('stdout');
    process.stderr.write = write('stderr');
    // tslab's display API (require('tslab').display) and src/show write through this.
    this.tslabJupyter.lastWriteDisplayData = (data, update) =>
      publish(update ? 'update_display_data' : 'display_data', data);
    return publish;
  }

  async handleExecute(msg, sock) {
    const content = msg.content ?? {};
    const silent = Boolean(content.silent);
    const storeHistory = silent ? false : content.store_history !== false;
    const stopOnError = content.stop_on_error !== false;
    const code = String(content.code ?? '');
    const seq = ++this.received;
    // The client's clock: requests it sent before it could have seen an error are aborted
    // (compared in the client's own clock, so a skewed clock does not matter).
    const sentAt = Date.parse(msg.header?.date ?? '');
    const receivedAt = Date.now();

    const runRequest = async () => {
      if (seq <= this.abortThrough || (Number.isFinite(sentAt) && sentAt < this.abortSentBefore))
        return { status: 'aborted', execution_count: null };
      const flush = FLUSH.exec(code);
      if (flush) {
        await this.executor.waitForCellTimers(Number(flush[1] ?? 2000));
        const err = this.executor.takePending();
        if (!err) return { status: 'ok', execution_count: this.executionCount, user_expressions: {}, payload: [] };
        const { origin, ...error } = err;
        return { status: 'error', execution_count: this.executionCount, ...error, origin_execution_count: origin };
      }
      const count = storeHistory ? ++this.executionCount : this.executionCount;
      let publish = () => {};
      if (!silent) {
        publish = this.routeOutput(msg);
        publish('execute_input', { code, execution_count: count });
      }
      const result = await this.executor.execute(code, count, { stored: storeHistory });
      if (result.status === 'ok' && result.hasValue && !silent) {
        let bundle;
        try {
          bundle = mimeBundle(result.value);
        } catch (e) {
          result.status = 'error';
          result.error = errors.describe(e);
        }
        if (bundle) publish('execute_result', { execution_count: count, data: bundle, metadata: {} });
      }
      if (result.status === 'ok')
        return {
          status: 'ok',
          execution_count: count,
          user_expressions: await this.userExpressions(content.user_expressions, count),
          payload: [],
        };
      const { origin, ...error } = result.error; // eslint-disable-line no-unused-vars
      if (!silent) publish('error', error);
      if (stopOnError) {
        this.abortThrough = this.received;
        // The error's time in the client's clock: when it sent this request, plus how long
        // the kernel has had it.
        this.abortSentBefore = Number.isFinite(sentAt) ? sentAt + (Date.now() - receivedAt) : 0;
      }
      return { status: 'error', execution_count: count, ...error };
    };
    const task = async () => {
      this.publish(msg, 'status', { execution_state: 'busy' });
      let replyContent;
      try {
        replyContent = await runRequest();
      } catch (e) {
        replyContent = { status: 'error', execution_count: this.executionCount, ...errors.describe(e) };
      }
      this.streams.flush(); // the cell's last text before its reply, as ipykernel does
      this.send(sock, msg.reply('execute_reply', replyContent));
      this.publish(msg, 'status', { execution_state: 'idle' });
    };
    await (this.chain = this.chain.then(task, task));
    if (this.closing) await this.close();
  }

  /** Each user expression's value as a MIME bundle, or its error (evaluated after the cell). */
  async userExpressions(expressions, count) {
    const out = {};
    for (const [name, code] of Object.entries(expressions ?? {})) {
      const r = await this.executor.execute(String(code), count, { stored: false });
      if (r.status !== 'ok') {
        const { origin, ...error } = r.error; // eslint-disable-line no-unused-vars
        out[name] = { status: 'error', ...error };
        continue;
      }
      try {
        out[name] = { status: 'ok', data: mimeBundle(r.value), metadata: {} };
      } catch (e) {
        out[name] = { status: 'error', ...errors.describe(e) };
      }
    }
    return out;
  }

  /** Sends what is queued, closes the sockets, gives stdout back, exits 0. */
  async close() {
    this.streams.flush();
    process.stdout.write = this.realStdoutWrite;
    process.stderr.write = this.realStderrWrite;
    // What is queued goes out, unless a subscriber stopped reading (then 2 s is enough).
    await Promise.race([Promise.all(CHANNELS.map(([name]) => this[name]?.drained())), sleep(2000)]);
    for (const [name] of CHANNELS) this[name]?.close();
    setTimeout(() => process.exit(0), 50);
  }
}

module.exports = { KernelServer };
