'use strict';
// Next.js 16 singular `cacheHandler` (ISR pages, route handlers, fetch cache, optimized images) on
// NextCacheKv. next.config.js: `cacheHandler: require.resolve('nextcachekv-cache-handler'),
// cacheMaxMemorySize: 0`. Next builds this class once per request, so all state lives in lib/ at
// module scope. Each get/set/revalidateTag is one round trip; the server applies Next's tag rules.

const { encode, decode } = require('./lib/codec');
const { getStore } = require('./lib/store');
const { guarded } = require('./lib/guard');
const { tagsForSet } = require('./lib/tags');
const { settings, configure } = require('./lib/config');

const FOREVER = 4294967294;
const SEED_WAIT_MS = 2000;
let seeding = null;

class CacheHandler {
  constructor(context) {
    this.context = context;
    if (settings.seed && !seeding && context?.serverDistDir && !context.dev) seeding = startSeeding(context.serverDistDir);
  }

  async get(key, ctx = {}) {
    // The first requests wait (briefly) for the prerendered pages to be in the cache.
    if (seeding) await Promise.race([seeding, new Promise((resolve) => setTimeout(resolve, SEED_WAIT_MS).unref())]);
    const isFetch = ctx.kind === 'FETCH';
    // A fetch is checked against its page's implicit tags and its own tags as Next does (tags ∪ softTags).
    const extraTags = isFetch ? [...(ctx.softTags || []), ...(ctx.tags || [])] : [];
    const hit = await guarded('get', async () => (await getStore()).get(key, extraTags), null);
    if (!hit) return null;
    let meta, value;
    try {
      meta = JSON.parse(hit.meta.toString('utf8') || '{}');
      value = decode(hit.value);
    } catch {
      return null; // written by something else: treat as a miss, the next set replaces it
    }
    let lastModified = hit.ts;
    if (hit.staleAt > 0) lastModified = staleLastModified(value, meta, ctx, isFetch);
    return { lastModified, value, cacheControl: meta.cacheControl };
  }

  async set(key, data, ctx = {}) {
    const cacheControl = ctx.cacheControl;
    const meta = Buffer.from(JSON.stringify({ kind: data?.kind ?? null, cacheControl }), 'utf8');
    await guarded('set', async () => (await getStore()).set(key, encode(data), {
      ts: Date.now(),
      meta,
      tags: tagsForSet(key, data, ctx),
      ttlSeconds: ttlFor(cacheControl?.expire),
    }), false);
  }

  async revalidateTag(tags, durations) {
    const list = [].concat(tags || []).filter(Boolean);
    await guarded('revalidateTag', async () => (await getStore()).revalidate(list, durations), 0);
  }

  resetRequestCache() {}
}

function startSeeding(serverDistDir) {
  const { seed } = require('./lib/seed');
  return guarded('seeding', async () => {
    const written = await seed(serverDistDir, await getStore(), settings);
    if (written) settings.logger.info?.(`[nextcachekv] seeded ${written} prerendered entries from ${serverDistDir}`);
    return written;
  }, 0);
}

/**
 * A tag made the entry stale: Next cannot be told "stale" directly, so report a lastModified old enough
 * that Next serves it and regenerates in the background (stale-while-revalidate).
 */
function staleLastModified(value, meta, ctx, isFetch) {
  const revalidate = isFetch ? ctx.revalidate || value?.revalidate : meta.cacheControl?.revalidate;
  if (typeof revalidate === 'number' && revalidate > 0) return Date.now() - revalidate * 1000 - 1;
  // No time-based revalidation (revalidate: false): a blocking regeneration that keeps the old entry.
  return isFetch ? 0 : -1;
}

function ttlFor(expire) {
  if (typeof expire !== 'number' || !Number.isFinite(expire) || expire >= FOREVER) return settings.defaultTtlSeconds;
  return Math.max(1, Math.ceil(expire));
}

module.exports = CacheHandler;
module.exports.default = CacheHandler;
module.exports.configure = configure;
