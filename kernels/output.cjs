// How the kernel's messages leave it without loss (kernels/kernel.cjs uses both parts).
//
// Measured on main (2026-12-02): a cell printing 100,000 lines sent 100,007 iopub messages
// (one `stream` per console.log) and jupyter_client received 14,494 to 18,873 of them, at
// times not even the idle status. The iopub socket is a ZeroMQ PUB socket with
// sendHighWaterMark 1000 and ZMQ_XPUB_NODROP off: once 1,000 messages wait for a subscriber
// that reads slower than the kernel writes, ZeroMQ drops every further one, silently.
//
// 1. Stream text is coalesced, as ipykernel does: a cell's stdout and stderr are buffered
//    and sent as one `stream` message per interval (0.2 s, ipykernel's flush_interval) or
//    per 1 MiB, and whenever the stream name changes (stdout and stderr stay in order).
//    Any other iopub message (execute_input, display_data, execute_result, error, status)
//    flushes the buffer first, so nothing is reordered around the text printed before it.
// 2. Sockets never drop: iopub is set to noDrop, so a full queue makes ZeroMQ refuse the
//    send (EAGAIN) instead of discarding it, and the refused message is sent again after a
//    short wait, in order. A slow client slows the output down; nothing is lost.
//    zeromq.js allows one pending send per socket ("Socket is busy writing", EBUSY, every
//    513th send is deferred), so each socket has one queue of its own.
'use strict';

// The timers of Node itself: the kernel wraps the global ones to track a cell's timers,
// and a flush must not count as (or fail) the cell that printed.
const { setTimeout: realSetTimeout, clearTimeout: realClearTimeout } = require('node:timers');

const FLUSH_INTERVAL_MS = 200;
const FLUSH_SIZE = 1 << 20; // characters
const RETRY_MAX_MS = 50;

const wait = (ms) => new Promise((resolve) => realSetTimeout(resolve, ms));

/**
 * A ZeroMQ socket class whose send() queues: messages go out one at a time, in order;
 * one that ZeroMQ refuses because the peer is behind (EAGAIN) is retried, never dropped.
 * `hooks.beforeSend(socket)` runs before each message is queued (iopub flushes streams there).
 * `hooks.log(text)` reports a message that could not be sent for any other reason.
 */
function queuedSocket(Base, name, hooks) {
  return class extends Base {
    send(parts) {
      hooks.beforeSend?.(this);
      const q = queueOf(this);
      const sent = new Promise((resolve) => q.items.push({ parts, resolve }));
      if (!q.pumping) this.pump(q);
      return sent;
    }

    /** Sends what is queued; the first send happens synchronously, as ZeroMQ allows. */
    async pump(q) {
      q.pumping = true;
      let delay = 1;
      while (q.items.length > 0) {
        const item = q.items[0];
        if (this.closed) {
          q.items.shift().resolve();
          continue;
        }
        try {
          await super.send(item.parts);
        } catch (e) {
          if ((e?.code === 'EAGAIN' || e?.code === 'EBUSY') && !this.closed) {
            q.retries++;
            await wait(delay);
            delay = Math.min(delay * 2, RETRY_MAX_MS);
            continue;
          }
          if (!this.closed) hooks.log?.(`a message on the ${name} socket was not sent: ${e?.message ?? e}`);
        }
        delay = 1;
        q.sent++;
        q.items.shift().resolve();
      }
      q.pumping = false;
    }

    /** Resolves once everything queued so far has been sent. */
    drained() {
      const q = queueOf(this);
      const last = q.items[q.items.length - 1];
      if (!last) return Promise.resolve();
      return new Promise((resolve) => {
        const prev = last.resolve;
        last.resolve = () => {
          prev();
          resolve();
        };
      });
    }

    /**
     * The process is exiting (a cell called process.exit()): hand ZeroMQ whatever it takes
     * right now, without waiting; it sends what it took before the context closes.
     */
    drainNow() {
      const q = queueOf(this);
      // The head may be in flight already (pump awaits it); the rest have not been tried.
      for (const item of q.items.slice(q.pumping ? 1 : 0)) {
        try {
          super.send(item.parts).catch(() => {});
        } catch {
          break; // busy: ZeroMQ takes nothing more synchronously
        }
      }
    }

    /** Messages sent and sends retried on this socket (for measurements). */
    sendStats() {
      const q = queueOf(this);
      return { sent: q.sent, retries: q.retries, queued: q.items.length };
    }
  };
}

// zeromq.js seals its sockets, so per-socket state lives beside them.
const queues = new WeakMap();
function queueOf(socket) {
  let q = queues.get(socket);
  if (!q) queues.set(socket, (q = { items: [], pumping: false, sent: 0, retries: 0 }));
  return q;
}

/**
 * stdout and stderr text of the running cell, buffered. `write(name, text, publish)` adds
 * text for the cell whose `publish(type, content)` sends to its parent; `flush()` sends
 * what is buffered as one `stream` message.
 */
function createStreamBuffer({ interval = FLUSH_INTERVAL_MS, maxSize = FLUSH_SIZE } = {}) {
  let name = null;
  let publish = null;
  let chunks = [];
  let size = 0;
  let timer = null;

  function flush() {
    if (timer) {
      realClearTimeout(timer);
      timer = null;
    }
    if (size === 0) return;
    const text = chunks.join('');
    chunks = [];
    size = 0;
    publish('stream', { name, text });
  }

  function write(streamName, text, to) {
    if (!text) return;
    if (streamName !== name || to !== publish) flush();
    name = streamName;
    publish = to;
    chunks.push(text);
    size += text.length;
    if (size >= maxSize) flush();
    else if (!timer) timer = realSetTimeout(flush, interval);
  }

  return {
    write,
    flush,
    get pending() {
      return size;
    },
  };
}

module.exports = { queuedSocket, createStreamBuffer, FLUSH_INTERVAL_MS, FLUSH_SIZE };
