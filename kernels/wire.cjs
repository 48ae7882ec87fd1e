// Jupyter's wire protocol (messaging 5.3): a message as ZeroMQ frames, signed with HMAC-SHA256.
//   [identities..., '<IDS|MSG>', signature, header, parent_header, metadata, content, buffers...]
'use strict';

const crypto = require('node:crypto');

const DELIMITER = Buffer.from('<IDS|MSG>');
const PROTOCOL_VERSION = '5.3';
const SESSION = crypto.randomUUID(); // this kernel's session, in every header it writes

function sign(key, parts) {
  if (!key) return '';
  const hmac = crypto.createHmac('sha256', key);
  for (const p of parts) hmac.update(p);
  return hmac.digest('hex');
}

class Message {
  constructor({ identities = [], header, parent = {}, metadata = {}, content = {}, buffers = [] }) {
    this.identities = identities;
    this.header = header;
    this.parent = parent;
    this.metadata = metadata;
    this.content = content;
    this.buffers = buffers;
  }

  get type() {
    return this.header.msg_type;
  }

  /** Parses and verifies frames read from a socket; throws naming what is wrong. */
  static fromFrames(key, frames) {
    const at = frames.findIndex((f) => Buffer.isBuffer(f) && f.equals(DELIMITER));
    if (at < 0) throw new Error('a message without the <IDS|MSG> delimiter');
    if (frames.length < at + 6)
      throw new Error(`a message with ${frames.length - at - 1} frames after the delimiter (5 needed)`);
    const [signature, ...parts] = frames.slice(at + 1);
    const body = parts.slice(0, 4);
    const expected = sign(key, body);
    const given = signature.toString();
    if (key && (given.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(given), Buffer.from(expected))))
      throw new Error("a message with a wrong signature (is the connection file's key the same?)");
    const [header, parent, metadata, content] = body.map((b) => JSON.parse(b.toString()));
    return new Message({ identities: frames.slice(0, at), header, parent, metadata, content, buffers: parts.slice(4) });
  }

  /** A new message whose parent is this one, sent back to the same peer. */
  reply(type, content, metadata = {}) {
    return new Message({
      identities: this.identities,
      header: {
        msg_id: crypto.randomUUID(),
        msg_type: type,
        session: SESSION,
        username: this.header.username ?? 'kernel',
        date: new Date().toISOString(),
        version: PROTOCOL_VERSION,
      },
      parent: this.header,
      metadata,
      content,
    });
  }

  frames(key) {
    const body = [this.header, this.parent, this.metadata, this.content].map((x) => JSON.stringify(x));
    return [...this.identities, DELIMITER, sign(key, body), ...body, ...this.buffers];
  }
}

module.exports = { Message, PROTOCOL_VERSION };
