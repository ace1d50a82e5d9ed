// The values and contexts Next.js 16.4 passes to cache handlers (shapes from
// shared/docs/nextjs-contract.md §1.3–1.5 and §2.3, as observed in a live app), and projections of
// what a handler returns that are comparable between two runs (no wall-clock numbers).
import { createHash } from 'node:crypto';
import { normalize } from '../js/transcript.mjs';

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

/** Bytes that break naive text handling, as RSC payloads can. */
const binary = (seed) => Buffer.from([0, 1, 2, 13, 10, 0xff, 0xfe, 0x80, seed, 36, 42]);

export const pageSoftTags = ['_N_T_/layout', '_N_T_/blog/layout', '_N_T_/blog/[slug]/layout', '_N_T_/blog/[slug]/page', '_N_T_/blog/a'];

export const page = {
  key: `/route-cache/APP_PAGE/${sha256('/blog/[slug]/page')}/$/blog/a`,
  getCtx: { kind: 'APP_PAGE', isRoutePPREnabled: false, isFallback: false },
  setCtx: { kind: 'APP_PAGE', isRoutePPREnabled: false, isFallback: false, cacheControl: { revalidate: 60, expire: 31536000 } },
  value: (version) => ({
    kind: 'APP_PAGE',
    html: `<!DOCTYPE html><html><body><h1>Post a, version ${version}</h1></body></html>`,
    rscData: binary(version),
    headers: { 'x-nextjs-stale-time': '300', 'x-next-cache-tags': [...pageSoftTags, 'posts'].join(',') },
    postponed: undefined,
    status: undefined,
    segmentData: new Map([['/_tree', binary(10 + version)], ['/_full', binary(20 + version)], ['/__PAGE__', binary(30 + version)]]),
  }),
};

export const notFoundPage = {
  key: `/route-cache/APP_PAGE/${sha256('/blog/[slug]/page')}/$/blog/missing`,
  getCtx: page.getCtx,
  setCtx: page.setCtx,
};

export const route = {
  key: `/route-cache/APP_ROUTE/${sha256('/api/data/route')}/$/api/data`,
  getCtx: { kind: 'APP_ROUTE', isRoutePPREnabled: false, isFallback: false },
  setCtx: { kind: 'APP_ROUTE', isRoutePPREnabled: false, isFallback: false, cacheControl: { revalidate: 30, expire: 31536000 } },
  value: () => ({
    kind: 'APP_ROUTE',
    body: Buffer.from(JSON.stringify({ items: [1, 2, 3], text: 'héllo' })),
    status: 200,
    headers: { 'content-type': 'application/json', 'x-next-cache-tags': '_N_T_/layout,_N_T_/api/layout,_N_T_/api/data/layout,_N_T_/api/data/route,_N_T_/api/data' },
  }),
};

const fetchUrl = 'https://api.example.com/posts';
export const fetchEntry = {
  key: sha256(JSON.stringify(['v4', '', fetchUrl, 'GET', '', {}, 'cors', 'default', 'same-origin', 'follow', '', ''])),
  getCtx: { kind: 'FETCH', revalidate: 60, fetchUrl, fetchIdx: 0, tags: ['posts', 'fetch-tag'], softTags: pageSoftTags },
  setCtx: { fetchCache: true, fetchUrl, fetchIdx: 0, tags: ['posts', 'fetch-tag'], isImplicitBuildTimeCache: false },
  value: (version) => ({
    kind: 'FETCH',
    data: {
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify([{ id: 1, title: `Post ${version}` }])).toString('base64'),
      url: fetchUrl,
      status: 200,
    },
    revalidate: 60,
    tags: ['posts', 'fetch-tag'],
  }),
};

/** 'use cache' soft tags for a dynamic page /ucdyn. */
export const useCacheSoftTags = ['_N_T_/layout', '_N_T_/ucdyn/layout', '_N_T_/ucdyn/page', '_N_T_/ucdyn'];

/** A 'use cache' CacheEntry; timestamp is the fractional generation start time, as Next sends it. */
export function useCacheEntry(text, { tags = ['uc-tag'], revalidate = 3600, expire = 86400, stale = 300 } = {}) {
  const bytes = Buffer.concat([Buffer.from(text), binary(7)]);
  return {
    value: new ReadableStream({ start(controller) { controller.enqueue(new Uint8Array(bytes)); controller.close(); } }),
    tags,
    stale,
    timestamp: performance.timeOrigin + performance.now(),
    expire,
    revalidate,
  };
}

const isRecent = (ms) => typeof ms === 'number' && Math.abs(Date.now() - ms) < 120_000;

/** What Next.js reads from a singular handler's get: hit or miss, the value, cacheControl, lastModified sanity. */
export function projectIsr(result) {
  if (result === null || result === undefined) return { hit: false, returned: result === null ? 'null' : 'undefined' };
  const { lastModified, value, cacheControl, ...rest } = result;
  return {
    hit: true,
    lastModified: lastModified === -1 ? -1 : isRecent(lastModified) ? 'recent' : typeof lastModified,
    cacheControl: cacheControl ?? 'none',
    value: normalize(value),
    otherFields: Object.keys(rest).sort(),
  };
}

/** What Next.js reads from a 'use cache' handler's get. */
export async function projectUseCache(entry, written) {
  if (!entry) return { hit: false };
  const bytes = Buffer.from(await new Response(entry.value).arrayBuffer());
  return {
    hit: true,
    value: bytes.toString('hex'),
    tags: entry.tags,
    stale: entry.stale,
    expire: entry.expire,
    revalidate: entry.revalidate,
    timestamp: entry.timestamp === written?.timestamp ? 'as written' : isRecent(entry.timestamp) ? 'recent' : entry.timestamp,
  };
}

/** getExpiration results as categories: 0 (never), Infinity, or a recent ms time. */
export function projectExpiration(ms) {
  if (ms === 0 || ms === Infinity) return String(ms);
  return isRecent(ms) ? 'recent' : ms;
}
