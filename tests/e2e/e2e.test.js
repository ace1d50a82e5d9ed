'use strict';
// End-to-end: a real Next.js 16.4.6 app (app/) built once, started twice (instances A and B) on one
// shared cache through nextcachekv-cache-handler. The same cases run on NextCacheKv (NEXT commands)
// and on redis-server (the handler's Lua fallback, detected by NEXTCACHEKV_MODE=auto).

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const {
  appDir, ensureBuilt, startNext, startNextCacheKv, startRedis, startOrigin, stopChild, inspector, freePort, delay,
} = require('./lib/processes');

const PREFIX = 'e2e:';
// Background regenerations finish within a second or two on an idle machine; allow far more.
const POLL_MS = 30_000;

let build;
before(async () => {
  build = await ensureBuilt();
  console.log(build.built ? `next build took ${(build.ms / 1000).toFixed(1)} s` : 'next build is up to date');
  // What `next build` prerendered: the handler seeds these into the cache when an instance starts.
  const out = path.join(appDir, '.next/server/app');
  const html = fs.readFileSync(path.join(out, 'isr.html'), 'utf8');
  build.isr = { rendered: field(html, 'rendered'), posts: field(html, 'posts') };
  build.cachedAt = JSON.parse(fs.readFileSync(path.join(out, 'api/cached.body'), 'utf8')).at;
}, { timeout: 480_000 });

// ---- HTTP helpers --------------------------------------------------------------------------------

// Every request of the running case, so a failure shows what each instance answered and when.
const journal = [];

function note(instance, method, url, res, started) {
  const value = /id="(?:rendered|posts|uc)">([^<]*)</.exec(res.text)?.[1] ?? /"at":"([^"]*)"/.exec(res.text)?.[1] ?? '';
  const clock = new Date(started).toISOString().slice(17, 23);
  journal.push(`${clock} ${instance.name} ${method} ${url} -> ${res.status} ${res.headers.get('x-nextjs-cache') ?? '-'} ${value} (${Date.now() - started} ms)`);
}

async function get(instance, url, { timeoutMs = 20_000, headers = {} } = {}) {
  const started = Date.now();
  const res = await fetch(instance.base + url, { headers, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
  const body = Buffer.from(await res.arrayBuffer());
  const result = { status: res.status, headers: res.headers, body, text: body.toString('utf8'), ms: Date.now() - started };
  if (!url.startsWith('/_next/image')) note(instance, 'GET', url, result, started);
  return result;
}

async function post(instance, url, init = {}) {
  const started = Date.now();
  const res = await fetch(instance.base + url, { method: 'POST', signal: AbortSignal.timeout(20_000), redirect: 'manual', ...init });
  const text = await res.text();
  const result = { status: res.status, headers: res.headers, text: '' };
  note(instance, 'POST', url + (init.body instanceof FormData ? ` ${init.body.get('op')} ${init.body.get('target')}` : ''), result, started);
  return { ...result, text };
}

/** `it`, with the requests the case made appended to its failure message. */
function test(name, fn) {
  it(name, async (t) => {
    journal.length = 0;
    try {
      await fn(t);
    } catch (error) {
      const detail = error.generatedMessage ? `${error.message.split('\n')[0]} ${JSON.stringify(error.actual)} vs ${JSON.stringify(error.expected)}` : error.message;
      throw new Error(`${detail}\nrequests (origin fetched ${journal.origin?.state.hits ?? '?'} times):\n  ${journal.slice(-40).join('\n  ')}`, { cause: error });
    }
  });
}

function field(html, id) {
  const match = new RegExp(`id="${id}">([^<]*)<`).exec(html);
  assert.ok(match, `no #${id} in the page:\n${html.slice(0, 2000)}`);
  return match[1];
}

async function isr(instance) {
  const res = await get(instance, '/isr');
  assert.equal(res.status, 200, `/isr on ${instance.name}: ${res.status}\n${res.text.slice(0, 2000)}`);
  return { rendered: field(res.text, 'rendered'), posts: field(res.text, 'posts'), cache: res.headers.get('x-nextjs-cache'), ms: res.ms };
}

/**
 * /isr once no regeneration is pending: a tag revalidated with 'max' by an earlier case (the shared
 * 'posts' fetch tag) leaves the page stale, and its first request regenerates it in the background.
 */
async function settledIsr(instance) {
  return (await pollUntil(() => isr(instance), (res) => res.cache === 'HIT', `/isr on ${instance.name} settles`)).at(-1);
}

/**
 * The value A and B agree on once background refreshes are over (stale reads can each start one, and
 * a late one overwrites the entry): the same on both instances in two rounds 300 ms apart, with no
 * origin fetch in between.
 */
async function settled(ctx, read, what) {
  const deadline = Date.now() + POLL_MS;
  let previous = null;
  for (;;) {
    const hits = ctx.origin.state.hits;
    const a = await read(ctx.a);
    const b = await read(ctx.b);
    await delay(300);
    const round = { a, b, quiet: hits === ctx.origin.state.hits };
    if (round.a === round.b && round.quiet && previous?.a === round.a) return round.a;
    if (Date.now() > deadline) assert.fail(`${what} does not settle in ${POLL_MS} ms: ${JSON.stringify([previous, round])}`);
    previous = round;
  }
}

async function page(instance, url) {
  const res = await get(instance, url);
  assert.equal(res.status, 200, `${url} on ${instance.name}: ${res.status}\n${res.text.slice(0, 2000)}`);
  return { rendered: field(res.text, 'rendered'), cache: res.headers.get('x-nextjs-cache') };
}

async function fetchPage(instance) {
  const res = await get(instance, '/fetch');
  assert.equal(res.status, 200, `/fetch on ${instance.name}: ${res.status}\n${res.text.slice(0, 2000)}`);
  return field(res.text, 'posts');
}

async function uc(instance) {
  const res = await get(instance, '/uc');
  assert.equal(res.status, 200, `/uc on ${instance.name}: ${res.status}\n${res.text.slice(0, 2000)}`);
  return field(res.text, 'uc');
}

async function cachedRoute(instance) {
  const res = await get(instance, '/api/cached');
  assert.equal(res.status, 200);
  return JSON.parse(res.text).at;
}

// When Next.js applies a revalidation relative to the response that triggered it (16.4.6, next start):
// - a route handler (webhook) runs it in waitUntil, just after the response;
// - a Server Action posted by a form runs revalidatePath/updateTag/one-argument revalidateTag before
//   rendering its response, and then a second time in the render's waitUntil (executeRevalidates does
//   not clear the pending tags), so a second NEXTTAG pair lands after the response; revalidateTag(tag,
//   'max') runs only in that waitUntil.
// A tag write after the response would expire the entries other requests wrote meanwhile, so before the
// next request the tests leave these writes time to land. Nothing shows uniformly (NextCacheKv and the
// Lua fallback) that they have landed, so this is a short wait rather than a poll.
const REVALIDATION_LANDS_MS = 500;

/**
 * Runs a revalidation in the Server Action of /actions on `instance` (op: tag-max, tag-now, path,
 * update), posted like a form without JavaScript.
 */
async function action(instance, op, target) {
  if (!instance.actionField) {
    const form = await get(instance, '/actions');
    const match = /name="(\$ACTION_ID_[^"]+)"/.exec(form.text);
    assert.ok(match, `no server action in /actions:\n${form.text.slice(0, 2000)}`);
    instance.actionField = match[1];
  }
  const body = new FormData();
  body.set(instance.actionField, '');
  body.set('op', op);
  body.set('target', target);
  const res = await post(instance, '/actions', { body, headers: { origin: instance.base } });
  assert.ok(res.status < 400, `${op} ${target} on ${instance.name}: ${res.status}\n${res.text.slice(0, 2000)}`);
  await delay(REVALIDATION_LANDS_MS);
}

/** The webhook routes (/api/revalidate, /api/revalidate-path). */
async function webhook(instance, url) {
  const res = await post(instance, url);
  assert.equal(res.status, 200, res.text);
  await delay(REVALIDATION_LANDS_MS);
}

/** Calls `read` until `done(value)` holds or POLL_MS passes; returns every value seen. */
async function pollUntil(read, done, what) {
  const seen = [];
  const deadline = Date.now() + POLL_MS;
  for (;;) {
    const value = await read();
    seen.push(value);
    if (done(value)) return seen;
    if (Date.now() > deadline) assert.fail(`${what}: not reached in ${POLL_MS} ms; saw ${JSON.stringify(seen.slice(-5))}`);
    await delay(200);
  }
}

// ---- the suite, once per cache server ------------------------------------------------------------

function suite(kind) {
  describe(`two Next.js instances sharing ${kind}`, { timeout: 300_000 }, () => {
    const ctx = { nextProcesses: [] };

    before(async () => {
      ctx.origin = await startOrigin();
      journal.origin = ctx.origin;
      if (kind === 'nextcachekv') {
        ctx.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nk-e2e-'));
        ctx.server = await startNextCacheKv(await freePort(), ctx.dir);
      } else {
        ctx.server = await startRedis();
      }
      const env = {
        NEXTCACHEKV_URL: ctx.server.url,
        NEXTCACHEKV_PREFIX: PREFIX,
        NEXTCACHEKV_MODE: 'auto',
        E2E_ORIGIN: ctx.origin.url,
      };
      const started = await Promise.allSettled([startNext('A', env), startNext('B', env)]);
      for (const result of started) if (result.status === 'fulfilled') ctx.nextProcesses.push(result.value);
      const failed = started.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
      [ctx.a, ctx.b] = ctx.nextProcesses;
    });

    after(async () => {
      await Promise.all(ctx.nextProcesses.map((p) => p.stop()));
      if (kind === 'nextcachekv') await stopChild(ctx.server?.child, 'SIGKILL');
      else await ctx.server?.stop();
      await ctx.origin?.close();
      if (ctx.dir) fs.rmSync(ctx.dir, { recursive: true, force: true });
    });

    test("seeding: the first requests get the build's prerendered ISR page and route handler from the cache", async (t) => {
      const first = await isr(ctx.a);
      assert.equal(first.rendered, build.isr.rendered, "A rendered /isr instead of serving the build's prerender");
      assert.equal(first.posts, 'build');
      // HIT, or STALE when the build is older than the page's revalidate (1 h): then A regenerates it.
      assert.ok(['HIT', 'STALE'].includes(first.cache), `x-nextjs-cache: ${first.cache}`);
      t.diagnostic(`seeded /isr served as ${first.cache}`);
      const route = await get(ctx.b, '/api/cached');
      assert.equal(JSON.parse(route.text).at, build.cachedAt, "B ran the route handler instead of serving the build's output");
      assert.ok(['HIT', 'STALE'].includes(route.headers.get('x-nextjs-cache')), `x-nextjs-cache: ${route.headers.get('x-nextjs-cache')}`);
      // Let any background regeneration finish, so the next cases start from settled entries.
      await pollUntil(() => isr(ctx.a), (res) => res.cache === 'HIT', '/isr settles');
      await pollUntil(async () => (await get(ctx.b, '/api/cached')).headers.get('x-nextjs-cache'), (c) => c === 'HIT', '/api/cached settles');
    });

    test('an ISR page rendered on A is served identically by B, without rendering or fetching again', async () => {
      await action(ctx.a, 'path', '/isr'); // start from a render, whatever the seeding left
      const hitsBefore = ctx.origin.state.hits;
      const first = await isr(ctx.a);
      const fromB = await isr(ctx.b);
      const again = await isr(ctx.a);
      assert.equal(first.cache, 'MISS');
      assert.equal(fromB.rendered, first.rendered, 'B rendered the page again instead of reading the shared entry');
      assert.equal(again.rendered, first.rendered);
      assert.equal(fromB.cache, 'HIT');
      assert.equal(first.posts, String(hitsBefore + 1), 'the render fetched the origin');
      assert.equal(ctx.origin.state.hits, hitsBefore + 1, 'B must not fetch the origin again');

      // The handler picked the store that matches the server: NEXT entries on NextCacheKv, strings on Redis.
      const redis = inspector(ctx.server.url);
      try {
        await redis.connect();
        const [, keys] = await redis.scan(0, 'MATCH', `${PREFIX}/route-cache/APP_PAGE/*`, 'COUNT', 1000);
        assert.ok(keys.length >= 1, `no page entry under ${PREFIX}`);
        assert.equal(await redis.type(keys[0]), kind === 'nextcachekv' ? 'nextentry' : 'string');
      } finally {
        redis.disconnect();
      }
    });

    test("revalidateTag('posts', 'max') in a Server Action on A: B serves the stale page once, then a fresh render", async () => {
      const before = await settledIsr(ctx.b);
      const hitsBefore = ctx.origin.state.hits;
      await action(ctx.a, 'tag-max', 'posts');
      const stale = await isr(ctx.b);
      assert.equal(stale.rendered, before.rendered, 'stale-while-revalidate: the first request still gets the old page');
      assert.equal(stale.cache, 'STALE');
      const seen = await pollUntil(() => isr(ctx.b), (page) => page.rendered !== before.rendered, 'B renders the page again');
      const fresh = seen.at(-1);
      // The regeneration refetched the stale 'posts' fetch (a server cache never keeps stale data).
      assert.ok(ctx.origin.state.hits > hitsBefore, 'the tagged fetch was not refetched');
      assert.notEqual(fresh.posts, before.posts);
      // A reads the regenerated entry; nothing is stale any more.
      const fromA = await isr(ctx.a);
      assert.equal(fromA.rendered, fresh.rendered);
      assert.equal(fromA.cache, 'HIT');
      assert.equal((await isr(ctx.b)).rendered, fresh.rendered);
    });

    test("revalidatePath('/isr') in a Server Action on A: B's next request is a blocking fresh render", async () => {
      const before = await settledIsr(ctx.b);
      assert.equal((await isr(ctx.a)).rendered, before.rendered);
      await action(ctx.a, 'path', '/isr');
      const fresh = await isr(ctx.b);
      assert.notEqual(fresh.rendered, before.rendered, 'B served the page revalidatePath expired');
      assert.notEqual(fresh.posts, before.posts, "the fetch carries the page's path as a soft tag, so it is expired too");
      assert.equal((await isr(ctx.a)).rendered, fresh.rendered);
    });

    test("one-argument revalidateTag('posts') (expire now) in a Server Action on A: B renders fresh at once", async () => {
      const before = await settledIsr(ctx.b);
      assert.equal((await isr(ctx.a)).rendered, before.rendered);
      await action(ctx.a, 'tag-now', 'posts');
      const fresh = await isr(ctx.b);
      assert.notEqual(fresh.rendered, before.rendered);
      assert.notEqual(fresh.posts, before.posts);
      assert.equal((await isr(ctx.a)).rendered, fresh.rendered);
    });

    test('a page generated at run time on A stays fresh on B past 1 s (the handler returns cacheControl)', async () => {
      const url = `/isr-runtime/${kind}`;
      const first = await page(ctx.a, url);
      assert.equal(first.cache, 'MISS');
      // No prerender manifest entry knows this path's lifetime: without the cacheControl the handler
      // returns, B would treat A's entry as stale after Next's default of 1 s and render it again.
      await delay(1_500);
      const fromB = await page(ctx.b, url);
      assert.equal(fromB.rendered, first.rendered);
      assert.equal(fromB.cache, 'HIT');
      await delay(200);
      const again = await page(ctx.b, url);
      assert.equal(again.rendered, first.rendered, 'B regenerated the page in the background');
      assert.equal(again.cache, 'HIT');
    });

    test('the fetch cache is shared: a dynamic page on B reuses the fetch response A stored', async () => {
      const fromA = await settled(ctx, fetchPage, '/fetch');
      const hits = ctx.origin.state.hits;
      assert.equal(await fetchPage(ctx.b), fromA);
      assert.equal(await fetchPage(ctx.a), fromA);
      assert.equal(ctx.origin.state.hits, hits, 'B fetched the origin instead of reading the shared fetch cache');
    });

    test("revalidateTag('posts', 'max') on A: B's fetch is served stale once, then refreshed", async () => {
      const before = await settled(ctx, fetchPage, '/fetch');
      await action(ctx.a, 'tag-max', 'posts');
      assert.equal(await fetchPage(ctx.b), before, 'stale-while-revalidate: the first read still gets the old response');
      await pollUntil(() => fetchPage(ctx.b), (n) => n !== before, "B's fetch is refreshed");
      // Both instances end on one new response (each stale read may have started its own refetch).
      assert.notEqual(await settled(ctx, fetchPage, '/fetch'), before);
    });

    test("revalidatePath('/fetch') on A expires the fetch through the page's implicit tag: B refetches at once", async () => {
      const before = await settled(ctx, fetchPage, '/fetch');
      await action(ctx.a, 'path', '/fetch');
      assert.notEqual(await fetchPage(ctx.b), before);
      // A dynamic page stores its fetch after its response (write-behind): both end on one new value.
      assert.notEqual(await settled(ctx, fetchPage, '/fetch'), before);
    });

    test('a cached route handler is served identically by both instances; a webhook revalidatePath reaches it', async () => {
      const first = await cachedRoute(ctx.a);
      assert.equal(await cachedRoute(ctx.b), first);
      assert.equal(await cachedRoute(ctx.a), first);
      await webhook(ctx.b, '/api/revalidate-path?path=%2Fapi%2Fcached');
      const fresh = await cachedRoute(ctx.a);
      assert.notEqual(fresh, first, 'A served the route the webhook revalidated');
      assert.equal(await cachedRoute(ctx.b), fresh);
    });

    test("a webhook revalidateTag('posts') (one argument) on A: B refetches at once", async () => {
      const before = await settled(ctx, fetchPage, '/fetch');
      await webhook(ctx.a, '/api/revalidate?tag=posts&mode=now');
      assert.notEqual(await fetchPage(ctx.b), before);
      assert.notEqual(await settled(ctx, fetchPage, '/fetch'), before);
    });

    test("'use cache' (cacheTag('uc-tag'), cacheLife('hours')): shared, and revalidateTag('uc-tag', 'max') reaches B", async () => {
      const first = await uc(ctx.a);
      assert.equal(await uc(ctx.b), first, "B ran the 'use cache' function instead of reading the shared entry");
      assert.equal(await uc(ctx.a), first);
      await action(ctx.a, 'tag-max', 'uc-tag');
      assert.equal(await uc(ctx.b), first, 'stale-while-revalidate: the first read still gets the old value');
      await pollUntil(() => uc(ctx.b), (value) => value !== first, 'B gets a new value');
      assert.notEqual(await settled(ctx, uc, '/uc'), first);
    });

    test("one-argument revalidateTag('uc-tag') on A: B computes a new 'use cache' value at once", async () => {
      const before = await settled(ctx, uc, '/uc');
      await action(ctx.a, 'tag-now', 'uc-tag');
      assert.notEqual(await uc(ctx.b), before);
      // The 'use cache' entry is stored after the response (write-behind): both end on one new value.
      assert.notEqual(await settled(ctx, uc, '/uc'), before);
    });

    test("updateTag('uc-tag') in a Server Action on A: B computes a new 'use cache' value at once", async () => {
      const before = await settled(ctx, uc, '/uc');
      await action(ctx.a, 'update', 'uc-tag');
      assert.notEqual(await uc(ctx.b), before);
      // The 'use cache' entry is stored after the response (write-behind): both end on one new value.
      assert.notEqual(await settled(ctx, uc, '/uc'), before);
    });

    test('updateTag outside a Server Action is refused by Next.js (why the tests use a form)', async () => {
      const res = await post(ctx.a, '/api/update-tag?tag=uc-tag');
      assert.equal(res.status, 400);
      assert.match(res.text, /Server Action/i);
    });

    test('an optimized image written by one instance is a cache HIT on the other', async () => {
      const url = '/_next/image?url=%2Fpic.png&w=64&q=75';
      const headers = { accept: 'image/webp,image/png,*/*' };
      const first = await get(ctx.a, url, { headers });
      assert.equal(first.status, 200, first.text.slice(0, 500));
      assert.match(first.headers.get('content-type'), /^image\//);
      const fromB = await get(ctx.b, url, { headers });
      assert.equal(fromB.status, 200);
      assert.equal(fromB.headers.get('x-nextjs-cache'), 'HIT', `B: ${fromB.headers.get('x-nextjs-cache')} (A said ${first.headers.get('x-nextjs-cache')})`);
      assert.equal(fromB.headers.get('etag'), first.headers.get('etag'));
      assert.ok(fromB.body.equals(first.body), 'B served different bytes');
    });

    if (kind === 'nextcachekv') {
      test('NextCacheKv stopped gracefully (SIGTERM) and started again on the same folder: entries and tags survive', async (t) => {
        const before = await settledIsr(ctx.a);
        assert.equal((await isr(ctx.b)).rendered, before.rendered);
        const hitsBefore = ctx.origin.state.hits;
        // A revalidation just before the stop must still apply after the start (the tag journal).
        const routeBefore = await cachedRoute(ctx.a);
        assert.equal(await cachedRoute(ctx.b), routeBefore);
        await action(ctx.a, 'path', '/api/cached');
        const clients = await connectedClients(ctx.server.url);
        t.diagnostic(`connected clients before the stop: ${clients} (both instances and this test's one)`);

        const stopping = Date.now();
        await stopChild(ctx.server.child, 'SIGTERM', 30_000);
        assert.notEqual(ctx.server.child.signalCode, 'SIGKILL', 'NextCacheKv did not stop on SIGTERM within 30 s');
        const stoppedMs = Date.now() - stopping;
        ctx.server = await startNextCacheKv(ctx.server.port, ctx.dir);
        const startedMs = Date.now() - stopping - stoppedMs;
        // Both instances reconnect on their own (ioredis retries every ≤ 2 s); wait for them before asking,
        // or a request in the gap would be a miss that renders (and stores) a new page.
        const watcher = inspector(ctx.server.url);
        try {
          await watcher.connect();
          await pollUntil(() => connectedClients(watcher), (n) => n >= clients, 'both instances reconnected');
        } finally {
          watcher.disconnect();
        }
        t.diagnostic(`SIGTERM stop ${stoppedMs} ms, start ${startedMs} ms, both instances back ${Date.now() - stopping - stoppedMs - startedMs} ms later`);

        const fromA = await isr(ctx.a);
        const fromB = await isr(ctx.b);
        assert.equal(fromA.rendered, before.rendered, 'A rendered the page again: the entry did not survive the restart');
        assert.equal(fromB.rendered, before.rendered);
        assert.equal(fromA.cache, 'HIT');
        assert.equal(fromB.cache, 'HIT');
        assert.equal(ctx.origin.state.hits, hitsBefore);
        const routeAfter = await cachedRoute(ctx.b);
        assert.notEqual(routeAfter, routeBefore, 'the revalidatePath made before the stop was lost');
        assert.equal(await cachedRoute(ctx.a), routeAfter);
        // And a revalidation after the start applies to the entries written before it.
        await action(ctx.a, 'path', '/isr');
        assert.notEqual((await isr(ctx.b)).rendered, before.rendered);
      });
    }

    test('cache server killed (SIGKILL, not restarted): both instances still serve pages within seconds', async (t) => {
      // Settled first: a request joins a regeneration already running for the same page (Next batches them).
      const before = await settledIsr(ctx.a);
      if (kind === 'nextcachekv') await stopChild(ctx.server.child, 'SIGKILL');
      else await ctx.server.stop();
      const timings = [];
      for (const instance of [ctx.a, ctx.b, ctx.a, ctx.b]) {
        const page = await isr(instance);
        timings.push(`${instance.name} /isr ${page.ms} ms`);
        assert.ok(page.ms < 5_000, `/isr on ${instance.name} took ${page.ms} ms with the cache down`);
        assert.notEqual(page.rendered, before.rendered, 'without the cache every request renders');
      }
      for (const instance of [ctx.a, ctx.b]) {
        const started = Date.now();
        assert.match(await uc(instance), /^\d+-/);
        timings.push(`${instance.name} /uc ${Date.now() - started} ms`);
        assert.ok(Date.now() - started < 5_000);
        const route = await get(instance, '/api/cached');
        timings.push(`${instance.name} /api/cached ${route.ms} ms`);
        assert.equal(route.status, 200);
        assert.ok(route.ms < 5_000);
      }
      t.diagnostic(`with the cache down: ${timings.join(', ')}`);
    });
  });
}

/** connected_clients, counted over one connection of ours (`from`: an inspector, or a URL to open one). */
async function connectedClients(from) {
  const redis = typeof from === 'string' ? inspector(from) : from;
  try {
    if (redis !== from) await redis.connect();
    const info = await redis.info('clients');
    return Number(/connected_clients:(\d+)/.exec(info)?.[1] ?? 0);
  } catch {
    return 0;
  } finally {
    if (redis !== from) redis.disconnect();
  }
}

suite('nextcachekv');
suite('redis');
