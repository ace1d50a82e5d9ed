'use strict';
// The store on NextCacheKv: each operation is one NEXT* command, one round trip, with Next's tag
// rules evaluated by the server. Keys and tags carry the configured prefix.

const { Command } = require('ioredis');
const { settings } = require('./config');

class NativeStore {
  constructor(client, prefix) {
    this.client = client;
    this.prefix = prefix;
  }

  /** @returns {Promise<null | {ts:number, staleAt:number, meta:Buffer, tags:string[], value:Buffer}>} */
  async get(key, softTags = []) {
    const args = [this.prefix + key];
    if (softTags.length) args.push('SOFTTAGS', String(softTags.length), ...softTags.map((t) => this.prefix + t));
    const reply = await this.client.callBuffer('NEXTGET', ...args);
    if (!reply) return null;
    const [ts, staleAt, meta, tags, value] = reply;
    return {
      ts: Number(ts.toString()),
      staleAt: Number(staleAt),
      meta,
      tags: tags.map((t) => t.toString().slice(this.prefix.length)),
      value,
    };
  }

  /** @returns {Promise<boolean>} false when nx found the key */
  async set(key, value, { ts, meta, tags = [], ttlSeconds, nx = false }) {
    const args = [this.prefix + key, value, 'TS', String(ts), 'META', meta, 'TAGS', String(tags.length), ...tags.map((t) => this.prefix + t)];
    if (ttlSeconds) args.push('EX', String(ttlSeconds));
    if (nx) args.push('NX');
    const reply = await this.client.callBuffer('NEXTSET', ...args);
    return reply !== null;
  }

  /** durations as Next passes them: undefined = expire now; {expire:n} = stale now, expire in n s; {expire:undefined} = stale only */
  async revalidate(tags, durations) {
    if (!tags.length) return 0;
    const args = [String(tags.length), ...tags.map((t) => this.prefix + t)];
    if (durations && typeof durations.expire === 'number') args.push('EXPIRE', String(Math.max(0, Math.ceil(durations.expire))));
    else if (durations) args.push('STALE');
    // Its own, longer timeout (settings.revalidateTimeoutMs): set first, ioredis then leaves it in place.
    const command = new Command('NEXTTAG', args, { replyEncoding: 'utf8' });
    command.setTimeout(settings.revalidateTimeoutMs);
    return this.client.sendCommand(command);
  }
}

module.exports = { NativeStore };
