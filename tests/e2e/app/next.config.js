// The e2e app: every cache goes through nextcachekv-cache-handler, shared by all `next start` instances.
const path = require('node:path');

module.exports = {
  cacheHandler: require.resolve('nextcachekv-cache-handler'),
  cacheHandlers: { default: require.resolve('nextcachekv-cache-handler/cache-handlers') },
  // One shared cache: no per-process memory layer, so both instances see each other's writes at once.
  cacheMaxMemorySize: 0,
  // 'use cache' without cacheComponents: cacheComponents forbids the `revalidate` segment export the
  // ISR page and the route handler use. Deprecated in 16, still honoured (Next logs a warning).
  experimental: { useCache: true },
  images: { customCacheHandler: true },
  // The handler lives outside this folder (src/next-cache-handler); let the bundler see the repo.
  turbopack: { root: path.resolve(__dirname, '../../..') },
  outputFileTracingRoot: path.resolve(__dirname, '../../..'),
};
