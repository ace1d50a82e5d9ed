'use strict';
// Settings, from environment variables or from configure() in a file next.config.js loads first.

const settings = {
  url: process.env.NEXTCACHEKV_URL || process.env.REDIS_URL || 'redis://127.0.0.1:6379',
  // Keys and tags of one deployment never meet another's: the build id is a safe default prefix.
  keyPrefix: process.env.NEXTCACHEKV_PREFIX ?? defaultPrefix(),
  timeoutMs: Number(process.env.NEXTCACHEKV_TIMEOUT_MS || 500),
  // NEXTTAG replies once the revalidation is on disk (fsync), which a disk busy with the log can hold for
  // over a second; giving up sooner would report a revalidation the server then applies anyway.
  revalidateTimeoutMs: Number(process.env.NEXTCACHEKV_REVALIDATE_TIMEOUT_MS || 5000),
  // Entries whose Next.js expire is "forever" still get a TTL, so the cache does not fill with dead deploys.
  defaultTtlSeconds: Number(process.env.NEXTCACHEKV_DEFAULT_TTL || 30 * 24 * 3600),
  // 'auto' (NEXT commands when the server has them, else plain Redis), 'next', or 'redis'.
  mode: process.env.NEXTCACHEKV_MODE || 'auto',
  // Write next build's prerendered pages and route handlers into the cache at start (NX: never over a newer render).
  seed: process.env.NEXTCACHEKV_SEED !== '0',
  logger: console,
};

function defaultPrefix() {
  let id = process.env.NEXT_BUILD_ID || process.env.NEXT_DEPLOYMENT_ID || '';
  if (!id) {
    try {
      id = require('node:fs').readFileSync(require('node:path').join(process.cwd(), '.next', 'BUILD_ID'), 'utf8').trim();
    } catch {
      // Not started from a built app (tests, scripts): one shared namespace.
    }
  }
  return id ? `nk:${id}:` : 'nk:';
}

function configure(overrides) {
  Object.assign(settings, overrides);
  return settings;
}

module.exports = { settings, configure };
