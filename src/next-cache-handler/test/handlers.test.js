'use strict';
// The shipped handlers driven the way Next.js 16 calls them, against a real NextCacheKv server.
const test = require('node:test');
const assert = require('node:assert/strict');
const servers = require('../testing/servers');
const { configure } = require('../lib/config');
const { closeClient, getClient } = require('../lib/connection');
const { resetStore } = require('../lib/store');
const CacheHandler = require('../cache-handler');
const handlers = require('../cache-handlers');

let server;
const unhandled = [];
process.on('unhandledRejection', (reason) => unhandled.push(reason));

test.before(async () => {
  server = await servers.start('nextcachekv');
  configure({ url: server.url, keyPrefix: 'test:', timeoutMs: 1000, logger: { warn() {}, info() {} } });
});

test.after(async () => {
  await closeClient();
  await server?.stop();
  assert.deepEqual(unhandled, []);
});

const page = (tags, body = 'hello') => ({
  kind: 'APP_PAGE',
  html: `<html>${body}</html>`,
  rscData: Buffer.from([0, 1, 2, 3, 255]),
  headers: { 'x-next-cache-tags': tags.join(',') },
  postponed: undefined,
  status: undefined,
  segmentData: new Map([['/_tree', Buffer.from('tree')]]),
});
const pageCtx = { kind: 'APP_PAGE', isRoutePPREnabled: false, isFallback: false, cacheControl: { revalidate: 60, expire: 3600 } };


// Next's tag rules compare milliseconds strictly (revalidated > written): a revalidation in the same
// millisecond as the write is not after it, so the tests that need "after" wait for the next one.
const laterMillisecond = () => new Promise((r) => setTimeout(r, 3));

test('singular: an APP_PAGE round-trips with its bytes, Map and cacheControl', async () => {
  const handler = new CacheHandler({});
  const key = '/route-cache/APP_PAGE/abc/$/blog/a';
  await handler.set(key, page(['_N_T_/layout', '_N_T_/blog/a', 'posts']), pageCtx);
  const hit = await handler.get(key, { kind: 'APP_PAGE', isRoutePPREnabled: false, isFallback: false });
  assert.equal(hit.value.html, '<html>hello</html>');
  assert.deepEqual([...hit.value.rscData], [0, 1, 2, 3, 255]);
  assert.equal(hit.value.segmentData.get('/_tree').toString(), 'tree');
  assert.deepEqual(hit.cacheControl, { revalidate: 60, expire: 3600 });
  assert.ok(Math.abs(hit.lastModified - Date.now()) < 5000);
  const ttl = await getClient().pttl('test:' + key);
  assert.ok(ttl > 3_590_000 && ttl <= 3_600_000, `ttl ${ttl}`);
});

test('singular: revalidateTag without durations makes older entries misses', async () => {
  const handler = new CacheHandler({});
  const key = '/route-cache/APP_PAGE/abc/$/blog/b';
  await handler.set(key, page(['posts-b']), pageCtx);
  await laterMillisecond();
  await handler.revalidateTag(['posts-b']);
  assert.equal(await handler.get(key, { kind: 'APP_PAGE' }), null);
  // A page rendered after the revalidation is fresh again: an old tag never invalidates a newer entry.
  await new Promise((r) => setTimeout(r, 5));
  await handler.set(key, page(['posts-b'], 'again'), pageCtx);
  assert.equal((await handler.get(key, { kind: 'APP_PAGE' })).value.html, '<html>again</html>');
});

test("singular: revalidateTag(tag, 'max') serves the stale entry for a background refresh", async () => {
  const handler = new CacheHandler({});
  const key = '/route-cache/APP_PAGE/abc/$/blog/c';
  await handler.set(key, page(['posts-c']), pageCtx);
  await laterMillisecond();
  await handler.revalidateTag(['posts-c'], { expire: 31536000 });
  const hit = await handler.get(key, { kind: 'APP_PAGE' });
  assert.ok(hit, 'stale entries are still returned');
  assert.ok(hit.lastModified + 60 * 1000 < Date.now(), 'lastModified is old enough for Next to revalidate in the background');
});

test('singular: FETCH entries check ctx.softTags (revalidatePath of the page)', async () => {
  const handler = new CacheHandler({});
  const key = 'a'.repeat(64);
  const data = { kind: 'FETCH', data: { headers: {}, body: 'e30=', url: 'https://x', status: 200 }, revalidate: 30 };
  await handler.set(key, data, { fetchCache: true, tags: ['fetch-tag'], fetchUrl: 'https://x' });
  const ctx = { kind: 'FETCH', revalidate: 30, tags: ['fetch-tag'], softTags: ['_N_T_/layout', '_N_T_/shop'] };
  assert.equal((await handler.get(key, ctx)).value.data.body, 'e30=');
  await laterMillisecond();
  await handler.revalidateTag(['_N_T_/shop']);
  assert.equal(await handler.get(key, ctx), null);
});

test('singular: null values and images round-trip', async () => {
  const handler = new CacheHandler({});
  await handler.set('/route-cache/PAGES/h/$/missing', null, { kind: 'PAGES', cacheControl: { revalidate: 10, expire: 100 } });
  assert.equal((await handler.get('/route-cache/PAGES/h/$/missing', { kind: 'PAGES' })).value, null);
  const image = { kind: 'IMAGE', etag: 'e', upstreamEtag: 'u', buffer: Buffer.alloc(300_000, 9), extension: 'webp' };
  await handler.set('imgkey', image, { kind: 'IMAGE', cacheControl: { revalidate: 60, expire: 600 } });
  const hit = await handler.get('imgkey', { kind: 'IMAGE', isFallback: false });
  assert.equal(hit.value.buffer.length, 300_000);
  assert.equal(hit.value.buffer[12345], 9);
});

function entry(body, overrides = {}) {
  return {
    value: new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode(body)); c.close(); } }),
    tags: ['uc-tag'],
    stale: 300,
    timestamp: Date.now() - 1.5,
    expire: 3600,
    revalidate: 900,
    ...overrides,
  };
}

async function text(stream) {
  return new Response(stream).text();
}

test("plural: 'use cache' entries round-trip, each get with a fresh stream", async () => {
  await handlers.set('["fn",["x"],["build"]]', Promise.resolve(entry('payload')));
  const first = await handlers.get('["fn",["x"],["build"]]', ['_N_T_/layout']);
  const second = await handlers.get('["fn",["x"],["build"]]', ['_N_T_/layout']);
  assert.equal(await text(first.value), 'payload');
  assert.equal(await text(second.value), 'payload');
  assert.deepEqual(first.tags, ['uc-tag']);
  assert.equal(first.revalidate, 900);
  assert.equal(first.expire, 3600);
  assert.equal(await handlers.getExpiration(['_N_T_/layout']), Infinity);
});

test('plural: updateTags expires, or marks stale with a duration; soft tags count', async () => {
  await handlers.set('k-expire', Promise.resolve(entry('a', { tags: ['t-exp'] })));
  await handlers.set('k-stale', Promise.resolve(entry('b', { tags: ['t-stale'] })));
  await handlers.set('k-soft', Promise.resolve(entry('c', { tags: [] })));
  await laterMillisecond();
  await handlers.updateTags(['t-exp']);
  await handlers.updateTags(['t-stale'], { expire: 100 });
  await handlers.updateTags(['_N_T_/soft']);
  assert.equal(await handlers.get('k-expire', []), undefined);
  assert.equal((await handlers.get('k-stale', [])).revalidate, -1);
  assert.equal(await handlers.get('k-soft', ['_N_T_/soft']), undefined);
  assert.ok(await handlers.get('k-soft', []));
});

test('plural: a get waits for a pending set of the same key', async () => {
  let release;
  const pending = new Promise((resolve) => (release = resolve));
  const setting = handlers.set('k-pending', pending);
  const getting = handlers.get('k-pending', []);
  setTimeout(() => release(entry('late')), 50);
  const hit = await getting;
  await setting;
  assert.equal(await text(hit.value), 'late');
});

test('plural: expire 0 is not stored', async () => {
  await handlers.set('k-zero', Promise.resolve(entry('x', { expire: 0 })));
  assert.equal(await handlers.get('k-zero', []), undefined);
});

test('outage: with the server gone, gets miss quickly and nothing throws', async () => {
  const handler = new CacheHandler({});
  await handler.set('/route-cache/APP_PAGE/abc/$/o', page(['o']), pageCtx);
  await server.stop();
  const started = Date.now();
  assert.equal(await handler.get('/route-cache/APP_PAGE/abc/$/o', { kind: 'APP_PAGE' }), null);
  await handler.set('/route-cache/APP_PAGE/abc/$/o', page(['o']), pageCtx);
  await handler.revalidateTag(['o']);
  assert.equal(await handlers.get('anything', []), undefined);
  assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
  resetStore();
});
