'use strict';
// Next.js 16 plural `cacheHandlers` for 'use cache' / 'use cache: remote'. next.config.js:
// `cacheHandlers: { default: require.resolve('nextcachekv-cache-handler/cache-handlers'), remote: … }`.
// get checks the soft tags on the server (one round trip), so getExpiration returns Infinity and
// refreshTags has nothing to do.

const { getStore } = require('./lib/store');
const { guarded } = require('./lib/guard');
const { settings } = require('./lib/config');

const FOREVER = 4294967294;
// A get for a key whose set is still running waits for it, as Next's default handler does.
const pendingSets = new Map();

const handler = {
  async get(cacheKey, softTags = []) {
    const pending = pendingSets.get(cacheKey);
    if (pending) await pending;
    const hit = await guarded('get', async () => (await getStore()).get(cacheKey, softTags), null);
    if (!hit) return undefined;
    let meta;
    try {
      meta = JSON.parse(hit.meta.toString('utf8') || '{}');
    } catch {
      return undefined;
    }
    if (typeof meta.expire === 'number' && Date.now() > hit.ts + meta.expire * 1000) return undefined;
    return {
      value: streamOf(hit.value),
      tags: hit.tags,
      stale: meta.stale,
      timestamp: hit.ts,
      expire: meta.expire,
      // -1 asks Next for a background refresh, as Next's own handler does for a stale tag.
      revalidate: hit.staleAt > 0 ? -1 : meta.revalidate,
    };
  },

  async set(cacheKey, pendingEntry) {
    let done;
    const waiting = new Promise((resolve) => (done = resolve));
    pendingSets.set(cacheKey, waiting);
    try {
      const entry = await pendingEntry;
      const value = await readAll(entry.value);
      if (entry.expire === 0) return; // dynamic: Next's default handler does not store it either
      const meta = Buffer.from(JSON.stringify({ revalidate: entry.revalidate, expire: entry.expire, stale: entry.stale }), 'utf8');
      await guarded('set', async () => (await getStore()).set(cacheKey, value, {
        ts: entry.timestamp,
        meta,
        tags: entry.tags || [],
        ttlSeconds: ttlFor(entry.expire),
      }), false);
    } catch (error) {
      // The render failed or its stream errored: keep nothing, as a partial entry would be wrong.
      settings.logger.warn?.(`[nextcachekv] 'use cache' entry ${cacheKey.slice(0, 80)} not stored: ${error.message}`);
    } finally {
      if (pendingSets.get(cacheKey) === waiting) pendingSets.delete(cacheKey);
      done();
    }
  },

  async refreshTags() {},

  async getExpiration() {
    return Infinity;
  },

  async updateTags(tags, durations) {
    const list = [].concat(tags || []).filter(Boolean);
    await guarded('updateTags', async () => (await getStore()).revalidate(list, durations), 0);
  },
};

function ttlFor(expire) {
  if (typeof expire !== 'number' || !Number.isFinite(expire) || expire >= FOREVER) return settings.defaultTtlSeconds;
  return Math.max(1, Math.ceil(expire));
}

function streamOf(buffer) {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength));
      controller.close();
    },
  });
}

async function readAll(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  return Buffer.concat(chunks);
}

module.exports = handler;
module.exports.default = handler;
