// Runs one handler variant against the server named by REDIS_URL and prints its transcript as one
// JSON line after a marker. Each variant runs in its own process because the handlers keep
// process-wide singletons (static classes, module-level clients) and read their settings from the
// environment; the process exits at the end, after closing every client the handler API lets us close.
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Redis from 'ioredis';
import { Transcript } from '../js/transcript.mjs';
import { runIsrScenario, runUseCacheScenario, runKeyspaceExpiryScenario, runTwoInstanceScenario, snapshotServer } from './scenarios.mjs';

export const transcriptMarker = 'HANDLER-TRANSCRIPT ';

const url = process.env.REDIS_URL ?? '';

/** A Next build folder with a BUILD_ID, as serverDistDir points into it. */
function fakeBuild() {
  const root = mkdtempSync(join(tmpdir(), 'handler-compat-'));
  const serverDistDir = join(root, '.next', 'server');
  mkdirSync(serverDistDir, { recursive: true });
  writeFileSync(join(root, '.next', 'BUILD_ID'), 'build-1');
  return { root, serverDistDir };
}

/** The constructor context Next 16.4 passes (contract doc §1.2). */
const nextContext = (serverDistDir) => ({
  dev: false,
  flushToDisk: false,
  serverDistDir,
  revalidatedTags: [],
  maxMemoryCacheSize: 0,
  _requestHeaders: {},
  fetchCacheKeyPrefix: undefined,
});

/** trieb's documented setup: keyspace events for expired and evicted keys. */
async function enableKeyspaceEvents(t) {
  const admin = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    await admin.connect();
    await t.step('CONFIG SET notify-keyspace-events Exe', () => admin.config('SET', 'notify-keyspace-events', 'Exe'));
  } finally {
    admin.disconnect();
  }
}

/** @type {Record<string, (t: Transcript, build: {root: string, serverDistDir: string}, closers: Array<() => unknown>, port: number) => Promise<void>>} */
const variants = {
  async 'forte-node-redis5'(t, build, closers) {
    const { CacheHandler } = await import('@fortedigital/nextjs-cache-handler');
    const { default: createRedisHandler } = await import('@fortedigital/nextjs-cache-handler/redis-strings');
    const { createClient } = await import('redis5');
    const client = createClient({ url, pingInterval: 10_000 }); // the README's recommended options
    client.on('error', (e) => t.steps.push(['client error', e.message]));
    await client.connect();
    closers.push(() => client.quit());
    CacheHandler.onCreation(() => ({ handlers: [createRedisHandler({ client, keyPrefix: 'forte:' })] }));
    await runIsrScenario(t, () => new CacheHandler(nextContext(build.serverDistDir)));
  },

  async 'forte-ioredis'(t, build, closers) {
    const { CacheHandler } = await import('@fortedigital/nextjs-cache-handler');
    const { default: createRedisHandler } = await import('@fortedigital/nextjs-cache-handler/redis-strings');
    const { ioredisAdapter } = await import('@fortedigital/nextjs-cache-handler/helpers/ioredisAdapter');
    const client = new Redis(url);
    client.on('error', (e) => t.steps.push(['client error', e.message]));
    closers.push(() => client.quit());
    // The handler skips a client that is not ready yet; in an app the connection is up long before.
    await new Promise((ready) => client.once('ready', ready));
    CacheHandler.onCreation(() => ({ handlers: [createRedisHandler({ client: ioredisAdapter(client), keyPrefix: 'forte-io:' })] }));
    await runIsrScenario(t, () => new CacheHandler(nextContext(build.serverDistDir)));
  },

  async 'trieb-isr'(t, build, _closers, port) {
    await enableKeyspaceEvents(t);
    const { default: CachedHandler } = await import('@trieb.work/nextjs-turbo-redis-cache');
    const newHandler = () => new CachedHandler(nextContext(build.serverDistDir));
    await runIsrScenario(t, newHandler);
    await runKeyspaceExpiryScenario(t, newHandler, port, { db: 1, prefix: 'trieb:', sharedTagsKey: '__sharedTags__' });
  },

  /**
   * Two Next instances sharing one server: each keeps its tag map in memory and learns the other's
   * writes only through pub/sub. Two copies of the module (two singletons) stand for two processes.
   */
  async 'trieb-two-instances'(t, build, _closers, port) {
    await enableKeyspaceEvents(t);
    const moduleUrl = import.meta.resolve('@trieb.work/nextjs-turbo-redis-cache');
    const { default: FirstInstance } = await import(`${moduleUrl}?instance=first`);
    const { default: SecondInstance } = await import(`${moduleUrl}?instance=second`);
    await runTwoInstanceScenario(t, () => new FirstInstance(nextContext(build.serverDistDir)),
      () => new SecondInstance(nextContext(build.serverDistDir)), port, { db: 1, prefix: 'trieb:' });
  },

  async 'trieb-use-cache'(t) {
    await enableKeyspaceEvents(t);
    const { getRedisCacheComponentsHandler } = await import('@trieb.work/nextjs-turbo-redis-cache');
    await runUseCacheScenario(t, getRedisCacheComponentsHandler());
  },

  async neshca(t, build, closers) {
    const { CacheHandler } = await import('@neshca/cache-handler');
    const { default: createRedisHandler } = await import('@neshca/cache-handler/redis-strings');
    const { createClient } = await import('redis'); // node-redis 4, as neshca requires
    const client = createClient({ url });
    client.on('error', (e) => t.steps.push(['client error', e.message]));
    await client.connect();
    closers.push(() => client.quit());
    CacheHandler.onCreation(async () => ({ handlers: [createRedisHandler({ client, keyPrefix: 'neshca:' })] }));
    await runIsrScenario(t, () => new CacheHandler(nextContext(build.serverDistDir)), ['FETCH']);
  },

  async 'mrjasonroy-isr'(t, _build, closers) {
    const { RedisCacheHandler } = await import('@mrjasonroy/cache-components-cache-handler');
    // Next constructs the class per request, and this handler opens a connection per instance.
    await runIsrScenario(t, () => {
      const handler = new RedisCacheHandler({ redis: url });
      closers.push(() => handler.close());
      return handler;
    });
  },

  async 'mrjasonroy-use-cache'(t) {
    const { createCacheHandler } = await import('@mrjasonroy/cache-components-cache-handler');
    await runUseCacheScenario(t, createCacheHandler({ type: 'redis', url }));
  },
};

async function main() {
  const port = Number(new URL(url).port);
  const name = process.argv[2];
  const variant = variants[name];
  if (!variant) throw new Error(`unknown variant '${name}'; known: ${Object.keys(variants).join(', ')}`);
  const t = new Transcript();
  // trieb throws its keyspace-config check inside an un-awaited promise: record it, don't crash.
  process.on('unhandledRejection', (e) => t.steps.push(['unhandled rejection', String(e?.message ?? e)]));
  const build = fakeBuild();
  const closers = [];
  try {
    await variant(t, build, closers, port);
  } catch (error) {
    t.steps.push(['scenario threw', String(error?.stack ?? error)]);
  } finally {
    for (const close of closers) await Promise.resolve().then(close).catch(() => {});
    rmSync(build.root, { recursive: true, force: true });
  }
  t.resume(); // the snapshot uses its own connection
  await snapshotServer(t, port);
  process.stdout.write(`\n${transcriptMarker}${JSON.stringify(t.steps)}\n`);
  process.exit(0); // handlers without a close API (trieb, mrjasonroy's data cache) keep sockets open
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
