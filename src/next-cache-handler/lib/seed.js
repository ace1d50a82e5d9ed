'use strict';
// Seeding: next build writes prerendered pages and route handlers to .next/server/app, never to the
// cache handler, so the first request for each would be a blocking render. Next 16.4 records each
// one's cache key in its .meta file; we write them into the cache with NX (a newer runtime render
// always wins), stamped with the build's file time so a tag revalidated since then still applies.

const fs = require('node:fs/promises');
const path = require('node:path');
const { encode } = require('./codec');
const { tagsForSet } = require('./tags');

const FOREVER = 4294967294;

/** @returns {Promise<number>} entries written */
async function seed(serverDistDir, store, { defaultTtlSeconds }) {
  const appDir = path.join(serverDistDir, 'app');
  const manifest = await readJson(path.join(serverDistDir, '..', 'prerender-manifest.json'));
  const routes = manifest?.routes || {};
  let written = 0;
  for (const metaFile of await findMetaFiles(appDir)) {
    const meta = await readJson(metaFile);
    const key = meta?.routeCache?.key;
    const kind = meta?.routeCache?.owner?.kind;
    if (!key || (kind !== 'APP_PAGE' && kind !== 'APP_ROUTE')) continue;
    const base = metaFile.slice(0, -'.meta'.length);
    const route = routeOf(appDir, base);
    const cacheControl = cacheControlOf(routes[route]);
    if (!cacheControl) continue; // not a prerendered ISR/static route we know the lifetime of
    const value = kind === 'APP_PAGE' ? await appPage(base, meta) : await appRoute(base, meta);
    if (!value) continue;
    const stamp = (await fs.stat(metaFile)).mtimeMs;
    const stored = await store.set(key, encode(value), {
      ts: stamp,
      meta: Buffer.from(JSON.stringify({ kind, cacheControl }), 'utf8'),
      tags: tagsForSet(key, value, {}),
      ttlSeconds: ttlOf(cacheControl.expire, defaultTtlSeconds),
      nx: true,
    });
    if (stored) written++;
  }
  return written;
}

async function appPage(base, meta) {
  const html = await readText(base + '.html');
  if (html === null) return null;
  const segmentData = new Map();
  for (const segment of meta.segmentPaths || []) {
    const bytes = await readBytes(path.join(base + '.segments', segment + '.segment.rsc'));
    if (bytes) segmentData.set(segment, bytes);
  }
  return {
    kind: 'APP_PAGE',
    html,
    rscData: (await readBytes(base + '.rsc')) ?? undefined,
    headers: meta.headers,
    postponed: meta.postponed,
    status: meta.status,
    segmentData: segmentData.size ? segmentData : undefined,
  };
}

async function appRoute(base, meta) {
  const body = await readBytes(base + '.body');
  if (!body) return null;
  return { kind: 'APP_ROUTE', body, status: meta.status ?? 200, headers: meta.headers || {} };
}

function cacheControlOf(route) {
  if (!route || route.initialRevalidateSeconds === undefined) return null;
  return { revalidate: route.initialRevalidateSeconds, expire: route.initialExpireSeconds };
}

function ttlOf(expire, fallback) {
  if (typeof expire !== 'number' || !Number.isFinite(expire) || expire >= FOREVER) return fallback;
  return Math.max(1, Math.ceil(expire));
}

/** `.next/server/app/blog/a.meta` → `/blog/a`; `index.meta` → `/`. */
function routeOf(appDir, base) {
  const relative = '/' + path.relative(appDir, base).split(path.sep).join('/');
  return relative === '/index' ? '/' : relative;
}

async function findMetaFiles(dir) {
  const found = [];
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && !entry.name.endsWith('.segments')) found.push(...(await findMetaFiles(full)));
    else if (entry.isFile() && entry.name.endsWith('.meta')) found.push(full);
  }
  return found;
}

const readJson = async (file) => {
  const text = await readText(file);
  return text === null ? null : JSON.parse(text);
};
const readText = (file) => fs.readFile(file, 'utf8').catch(() => null);
const readBytes = (file) => fs.readFile(file).catch(() => null);

module.exports = { seed, routeOf };
