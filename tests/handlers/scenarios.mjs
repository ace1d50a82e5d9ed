// The call sequences Next.js 16.4 makes on cache handlers (contract doc §1.11 live trace): the
// singular ISR handler per request (get, set, revalidateTag, resetRequestCache) and the plural
// 'use cache' handler (refreshTags, get, set, getExpiration, updateTags). Each call is one
// transcript step; waits between writes and tag revalidations keep millisecond timestamps apart, so
// the outcome never depends on two calls landing in the same millisecond.
import { setTimeout as delay } from 'node:timers/promises';
import Redis from 'ioredis';
import { page, notFoundPage, route, fetchEntry, useCacheEntry, useCacheSoftTags, projectIsr, projectUseCache, projectExpiration } from './fixtures.mjs';

const gap = () => delay(5);

/**
 * @param newHandler Next constructs the singular handler per request; called once per "request".
 * @param kinds which value kinds the handler is meant for (neshca: FETCH only).
 */
export async function runIsrScenario(t, newHandler, kinds = ['APP_PAGE', 'APP_ROUTE', 'FETCH']) {
  const pages = kinds.includes('APP_PAGE');
  const routes = kinds.includes('APP_ROUTE');
  const fetches = kinds.includes('FETCH');

  if (pages) {
    t.section('APP_PAGE');
    await t.step('get before set (miss)', async () => projectIsr(await newHandler().get(page.key, page.getCtx)));
    await t.step('set', async () => { await newHandler().set(page.key, page.value(1), page.setCtx); return 'done'; });
    await t.step('get after set', async () => projectIsr(await newHandler().get(page.key, page.getCtx)));
    await t.step('set null (notFound)', async () => { await newHandler().set(notFoundPage.key, null, notFoundPage.setCtx); return 'done'; });
    await t.step('get null entry', async () => projectIsr(await newHandler().get(notFoundPage.key, notFoundPage.getCtx)));
  }
  if (routes) {
    t.section('APP_ROUTE');
    await t.step('set', async () => { await newHandler().set(route.key, route.value(), route.setCtx); return 'done'; });
    await t.step('get after set', async () => projectIsr(await newHandler().get(route.key, route.getCtx)));
  }
  if (fetches) {
    t.section('FETCH');
    await t.step('get before set (miss)', async () => projectIsr(await newHandler().get(fetchEntry.key, fetchEntry.getCtx)));
    await t.step('set', async () => { await newHandler().set(fetchEntry.key, fetchEntry.value(1), fetchEntry.setCtx); return 'done'; });
    await t.step('get after set', async () => projectIsr(await newHandler().get(fetchEntry.key, fetchEntry.getCtx)));
    await t.step('resetRequestCache', () => newHandler().resetRequestCache?.() ?? 'absent');
  }

  t.section('revalidateTag');
  await gap();
  // revalidateTag('fetch-tag') without a profile: Next passes an array and no durations.
  await t.step("revalidateTag(['fetch-tag'])", async () => { await newHandler().revalidateTag(['fetch-tag']); return 'done'; });
  if (fetches) await t.step('FETCH after its tag', async () => projectIsr(await newHandler().get(fetchEntry.key, fetchEntry.getCtx)));
  if (pages) await t.step('APP_PAGE after an unrelated tag', async () => projectIsr(await newHandler().get(page.key, page.getCtx)));
  await gap();
  // revalidateTag('posts', 'max') → durations { expire: 31536000 }.
  await t.step("revalidateTag(['posts'], {expire})", async () => { await newHandler().revalidateTag(['posts'], { expire: 31536000 }); return 'done'; });
  if (pages) await t.step('APP_PAGE after its header tag', async () => projectIsr(await newHandler().get(page.key, page.getCtx)));
  await gap();
  // revalidatePath('/api/data') → the implicit tag.
  await t.step("revalidateTag(['_N_T_/api/data'])", async () => { await newHandler().revalidateTag(['_N_T_/api/data']); return 'done'; });
  if (routes) await t.step('APP_ROUTE after revalidatePath', async () => projectIsr(await newHandler().get(route.key, route.getCtx)));

  t.section('after revalidation');
  await gap();
  // Tags revalidated before an entry was written must not invalidate it.
  if (pages) {
    await t.step('set APP_PAGE again', async () => { await newHandler().set(page.key, page.value(2), page.setCtx); return 'done'; });
    await t.step('get APP_PAGE again', async () => projectIsr(await newHandler().get(page.key, page.getCtx)));
  }
  if (fetches) {
    await t.step('set FETCH again', async () => { await newHandler().set(fetchEntry.key, fetchEntry.value(2), fetchEntry.setCtx); return 'done'; });
    await t.step('get FETCH again', async () => projectIsr(await newHandler().get(fetchEntry.key, fetchEntry.getCtx)));
  }
}

export async function runUseCacheScenario(t, handler) {
  t.section('use cache');
  const key = JSON.stringify(['c0fce9fe0d7', ['x'], ['build-1']]);
  const infiniteKey = JSON.stringify(['c0fce9fe0d7', ['infinite'], ['build-1']]);
  await t.step('refreshTags', async () => { await handler.refreshTags(); return 'done'; });
  await t.step('get before set (miss)', async () => projectUseCache(await handler.get(key, useCacheSoftTags)));
  const first = useCacheEntry('first');
  await t.step('set', async () => { await handler.set(key, Promise.resolve(first)); return 'done'; });
  await t.step('get after set', async () => projectUseCache(await handler.get(key, useCacheSoftTags), first));
  await t.step('getExpiration (no tag revalidated)', async () => projectExpiration(await handler.getExpiration(useCacheSoftTags)));
  const infinite = useCacheEntry('infinite', { revalidate: 900, expire: 4294967294, tags: [] });
  await t.step('set with INFINITE_CACHE expire', async () => { await handler.set(infiniteKey, Promise.resolve(infinite)); return 'done'; });
  await t.step('get INFINITE_CACHE entry', async () => projectUseCache(await handler.get(infiniteKey, useCacheSoftTags), infinite));

  await gap();
  // revalidateTag('uc-tag', 'max') → updateTags with { expire: 31536000 }: stale now, expired later.
  await t.step("updateTags(['uc-tag'], {expire})", async () => { await handler.updateTags(['uc-tag'], { expire: 31536000 }); return 'done'; });
  await t.step('get after its tag went stale', async () => projectUseCache(await handler.get(key, useCacheSoftTags), first));
  await gap();
  // revalidatePath('/ucdyn') → updateTags with no durations: expired now.
  await t.step("updateTags(['_N_T_/ucdyn'])", async () => { await handler.updateTags(['_N_T_/ucdyn']); return 'done'; });
  await t.step('getExpiration (soft tag expired)', async () => projectExpiration(await handler.getExpiration(useCacheSoftTags)));
  await t.step('getExpiration (other tags)', async () => projectExpiration(await handler.getExpiration(['_N_T_/other'])));
  await gap();
  const second = useCacheEntry('second');
  await t.step('set after revalidation', async () => { await handler.set(key, Promise.resolve(second)); return 'done'; });
  await t.step('get after revalidation', async () => projectUseCache(await handler.get(key, useCacheSoftTags), second));
  await gap();
  // revalidateTag('uc-tag') without a profile → expired now; trieb then removes the entry with its
  // EVAL compare-and-unlink script.
  await t.step("updateTags(['uc-tag'])", async () => { await handler.updateTags(['uc-tag']); return 'done'; });
  await t.step('get after its tag expired', async () => projectUseCache(await handler.get(key, useCacheSoftTags), second));
}

/**
 * trieb subscribes to __keyevent@<db>__:expired and removes an expired key from its shared-tags hash:
 * write a page with a 1 s lifetime and wait until the key and its hash field are both gone.
 */
export async function runKeyspaceExpiryScenario(t, newHandler, port, { db, prefix, sharedTagsKey }) {
  t.section('keyspace events');
  const key = page.key.replace('/blog/a', '/blog/short-lived');
  await t.step('set a page that expires after 1 s', async () => {
    await newHandler().set(key, page.value(3), { ...page.setCtx, cacheControl: { revalidate: 1, expire: 1 } });
    return 'done';
  });
  const client = new Redis({ host: '127.0.0.1', port, db, lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    await client.connect();
    await t.step('tracked in the shared-tags hash', async () => Boolean(await client.hexists(prefix + sharedTagsKey, key)));
    await t.step('key and hash field gone after expiry', async () => {
      const deadline = Date.now() + 8000;
      let state;
      do {
        await delay(100);
        state = { keyGone: !(await client.exists(prefix + key)), fieldGone: !(await client.hexists(prefix + sharedTagsKey, key)) };
      } while (!(state.keyGone && state.fieldGone) && Date.now() < deadline);
      return state;
    });
  } finally {
    client.disconnect();
  }
}

/**
 * What the handler left in the server, in every database it may use: key names, types, whether they
 * have a TTL, and the members of hashes and sets (their values hold timestamps, so they are left out).
 */
export async function snapshotServer(t, port, databases = [0, 1]) {
  t.section('server state');
  for (const db of databases) {
    const client = new Redis({ host: '127.0.0.1', port, db, lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
    try {
      await client.connect();
      await t.step(`db ${db}`, async () => {
        const keys = [];
        let cursor = '0';
        do {
          const [next, batch] = await client.scan(cursor, 'COUNT', 1000);
          keys.push(...batch);
          cursor = next;
        } while (cursor !== '0');
        const rows = [];
        for (const key of keys.sort()) {
          const type = await client.type(key);
          const ttl = await client.ttl(key);
          const row = { key, type, ttl: ttl === -1 ? 'none' : ttl > 0 ? 'set' : ttl };
          if (type === 'hash') row.fields = (await client.hkeys(key)).sort();
          if (type === 'set') row.members = (await client.smembers(key)).sort();
          rows.push(row);
        }
        return rows;
      });
    } finally {
      client.disconnect();
    }
  }
}

/**
 * Instance B revalidates a tag of an entry instance A wrote after B had started: B finds the key only
 * if A's PUBLISH on the sync channel reached B's SUBSCRIBE, so the entry disappears only then.
 */
export async function runTwoInstanceScenario(t, newFirst, newSecond, port, { db, prefix }) {
  t.section('two instances');
  const key = `${fetchEntry.key}-peer`; // an entry of its own, apart from the ISR scenario's
  await t.step('second instance ready (initial sync done)', async () => projectIsr(await newSecond().get(key, fetchEntry.getCtx)));
  await t.step('first instance ready', async () => projectIsr(await newFirst().get(page.key, page.getCtx)));
  await t.step('first instance writes an entry tagged peer-tag', async () => {
    await newFirst().set(key, { ...fetchEntry.value(4), tags: ['peer-tag'] }, { ...fetchEntry.setCtx, tags: ['peer-tag'] });
    return 'done';
  });
  await delay(500); // pub/sub delivery on loopback takes well under a millisecond
  const client = new Redis({ host: '127.0.0.1', port, db, lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    await client.connect();
    await t.step('entry stored', async () => client.exists(prefix + key));
    await gap();
    await t.step("second instance revalidateTag(['peer-tag'])", async () => { await newSecond().revalidateTag(['peer-tag']); return 'done'; });
    await t.step('entry removed by the second instance', async () => client.exists(prefix + key));
    await t.step('first instance misses it', async () => projectIsr(await newFirst().get(key, { ...fetchEntry.getCtx, tags: ['peer-tag'] })));
  } finally {
    client.disconnect();
  }
}
