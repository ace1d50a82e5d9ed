'use strict';
// One behaviour suite for both stores: NativeStore on the built NextCacheKv server and LuaStore on a
// real redis-server. Whatever passes here, the handlers can rely on whichever store store.js picks.

const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const Redis = require('ioredis');
const { NativeStore } = require('../lib/native-store');
const { LuaStore } = require('../lib/lua-store');
const servers = require('../testing/servers');
const { configure, settings } = require('../lib/config');

const DAY_MS = 24 * 3600 * 1000;

const targets = [
  {
    name: 'NativeStore on NextCacheKv',
    Store: NativeStore,
    // NextCacheKv built in Release (NEXTCACHEKV_DLL overrides the path; NEXTCACHEKV_BIN runs a built server).
    start: () => servers.start('nextcachekv'),
  },
  {
    name: 'LuaStore on redis-server',
    Store: LuaStore,
    start: () => servers.start('redis'),
  },
];

const OLD = () => Date.now() - 10_000; // clearly before any tag the server stamps during the test
const NEW = () => Date.now() + 10_000; // clearly after

for (const target of targets) {
  describe(target.name, () => {
    let server;
    let client;
    let stores = 0;
    // A prefix per test, so tests never share keys or tags.
    const fresh = (prefix = `t${++stores}:`) => new target.Store(client, prefix);
    const entry = (overrides = {}) => ({ ts: OLD(), meta: Buffer.from('{}'), tags: [], ...overrides });

    before(async () => {
      server = await target.start();
      client = new Redis({ host: '127.0.0.1', port: server.port, maxRetriesPerRequest: 1 });
    });

    after(async () => {
      await client?.quit().catch(() => client.disconnect());
      await server?.stop();
    });

    if (target.Store === NativeStore) {
      // scripts/test.sh runs this suite against both builds: make sure each run serves the one it names.
      test('the server under test is the build asked for (NEXTCACHEKV_BIN: that executable, else dotnet)', async () => {
        const executable = /executable:(.*)\r/.exec(await client.info('server'))[1];
        if (process.env.NEXTCACHEKV_BIN) assert.equal(executable, fs.realpathSync(process.env.NEXTCACHEKV_BIN));
        else assert.match(path.basename(executable), /^dotnet/);
      });
    }

    test('round trip keeps binary value and meta, fractional ts, and tags', async () => {
      const store = fresh();
      const value = Buffer.from([0, 255, 13, 10, 0, 128, ...Buffer.from('héllo')]);
      const meta = Buffer.from([0, 1, 2, 255, 0]);
      const ts = OLD() + 0.3909;
      assert.equal(await store.set('k', value, { ts, meta, tags: ['a', 'b/c', 'EX'] }), true);
      const got = await store.get('k');
      assert.ok(Buffer.isBuffer(got.value) && Buffer.isBuffer(got.meta));
      assert.deepEqual(got.value, value);
      assert.deepEqual(got.meta, meta);
      assert.equal(got.ts, ts);
      assert.equal(got.staleAt, 0);
      assert.deepEqual(got.tags, ['a', 'b/c', 'EX']);
    });

    test('empty value and meta round trip', async () => {
      const store = fresh();
      await store.set('k', Buffer.alloc(0), entry({ meta: Buffer.alloc(0) }));
      const got = await store.get('k');
      assert.equal(got.value.length, 0);
      assert.equal(got.meta.length, 0);
      assert.deepEqual(got.tags, []);
    });

    test('a large value and non-ASCII tags round trip', async () => {
      const store = fresh();
      const value = Buffer.alloc(3 * 1024 * 1024);
      for (let i = 0; i < value.length; i++) value[i] = (i * 31) & 255;
      await store.set('big', value, entry({ tags: ['ü/日本', 'a"b\\c'] }));
      const got = await store.get('big');
      assert.ok(got.value.equals(value));
      assert.deepEqual(got.tags, ['ü/日本', 'a"b\\c']);
      await store.revalidate(['ü/日本']);
      assert.equal(await store.get('big'), null);
    });

    test('a missing key is a miss', async () => {
      assert.equal(await fresh().get('nope'), null);
      assert.equal(await fresh().get('nope', ['soft']), null);
    });

    test('nx does not replace an entry', async () => {
      const store = fresh();
      assert.equal(await store.set('k', Buffer.from('first'), entry({ nx: true })), true);
      assert.equal(await store.set('k', Buffer.from('second'), entry({ nx: true })), false);
      assert.equal((await store.get('k')).value.toString(), 'first');
      assert.equal(await store.set('k', Buffer.from('third'), entry()), true);
      assert.equal((await store.get('k')).value.toString(), 'third');
    });

    test('nx writes over an entry its tags expired', async () => {
      const store = fresh();
      await store.set('k', Buffer.from('old'), entry({ tags: ['t'] }));
      await store.revalidate(['t']);
      assert.equal(await store.set('k', Buffer.from('new'), entry({ ts: NEW(), tags: ['t'], nx: true })), true);
      assert.equal((await store.get('k')).value.toString(), 'new');
    });

    test('ttlSeconds sets the TTL; none (or too long) is capped at 366 days', async () => {
      const store = fresh();
      await store.set('short', Buffer.from('v'), entry({ ttlSeconds: 100 }));
      const short = await client.pttl(`${store.prefix}short`);
      assert.ok(short > 90_000 && short <= 100_000, `pttl ${short}`);
      await store.set('forever', Buffer.from('v'), entry());
      await store.set('huge', Buffer.from('v'), entry({ ttlSeconds: 4294967294 }));
      for (const key of ['forever', 'huge']) {
        const ttl = await client.pttl(`${store.prefix}${key}`);
        assert.ok(ttl > 365 * DAY_MS && ttl <= 366 * DAY_MS, `${key} pttl ${ttl}`);
      }
    });

    test('revalidate without durations expires older entries, not newer ones', async () => {
      const store = fresh();
      await store.set('old', Buffer.from('v'), entry({ tags: ['t', 'other'] }));
      await store.set('untagged', Buffer.from('v'), entry({ tags: ['other'] }));
      assert.equal(await store.revalidate(['t', 'unused']), 2);
      await store.set('new', Buffer.from('v'), entry({ ts: NEW(), tags: ['t'] }));
      assert.equal(await store.get('old'), null);
      assert.equal((await store.get('untagged')).staleAt, 0);
      assert.equal((await store.get('new')).staleAt, 0);
    });

    test('an entry found expired by its tags is deleted', async () => {
      const store = fresh();
      await store.set('k', Buffer.from('v'), entry({ tags: ['t'] }));
      await store.revalidate(['t']);
      assert.equal(await store.get('k'), null);
      // Gone on both: the native server already hides it from EXISTS, the Lua store deleted it on read.
      assert.equal(await client.exists(`${store.prefix}k`), 0);
    });

    test('{expire: n} makes older entries stale but still served', async () => {
      const store = fresh();
      const ts = OLD();
      await store.set('k', Buffer.from('v'), entry({ ts, tags: ['t'] }));
      const before_ = Date.now();
      assert.equal(await store.revalidate(['t'], { expire: 100 }), 1);
      const got = await store.get('k');
      assert.notEqual(got, null);
      assert.ok(got.staleAt > ts, `staleAt ${got.staleAt}`);
      assert.ok(Math.abs(got.staleAt - before_) < 5_000, `staleAt ${got.staleAt} far from now ${before_}`);
    });

    test('{expire: 0} expires older entries now', async () => {
      const store = fresh();
      await store.set('k', Buffer.from('v'), entry({ tags: ['t'] }));
      await store.revalidate(['t'], { expire: 0 });
      assert.equal(await store.get('k'), null);
    });

    test('{expire: undefined} only marks stale, and keeps an earlier expiry', async () => {
      const store = fresh();
      await store.set('k', Buffer.from('v'), entry({ tags: ['t'] }));
      assert.equal(await store.revalidate(['t'], { expire: undefined }), 1);
      const got = await store.get('k');
      assert.notEqual(got, null);
      assert.ok(got.staleAt > 0);

      await store.set('dead', Buffer.from('v'), entry({ tags: ['u'] }));
      await store.revalidate(['u']);
      await store.revalidate(['u'], { expire: undefined });
      assert.equal(await store.get('dead'), null, 'stale-only must not clear expiredAt');
    });

    test('Next\'s INFINITE_CACHE expire (4294967294 s) is stale, not expired', async () => {
      const store = fresh();
      await store.set('k', Buffer.from('v'), entry({ tags: ['t'] }));
      assert.equal(await store.revalidate(['t'], { expire: 4294967294 }), 1);
      const got = await store.get('k');
      assert.notEqual(got, null);
      assert.ok(got.staleAt > 0);
    });

    test('soft tags expire and stale like the entry\'s own tags', async () => {
      const store = fresh();
      await store.set('k', Buffer.from('v'), entry({ tags: ['own'] }));
      await store.revalidate(['_N_T_/stale'], { expire: 100 });
      const stale = await store.get('k', ['_N_T_/stale']);
      assert.ok(stale.staleAt > 0);
      assert.deepEqual(stale.tags, ['own'], 'soft tags are not added to the entry');
      assert.equal((await store.get('k')).staleAt, 0);

      await store.revalidate(['_N_T_/gone']);
      assert.equal(await store.get('k', ['_N_T_/layout', '_N_T_/gone']), null);
      // A miss for that reader only: the entry is not reclaimed, other readers still get it.
      assert.equal(await client.exists(`${store.prefix}k`), 1);
      assert.equal((await store.get('k', ['_N_T_/layout'])).value.toString(), 'v');
    });

    test('an old tag never invalidates or stales a newer entry', async () => {
      const store = fresh();
      await store.revalidate(['expired']);
      await store.revalidate(['stale'], { expire: 100 });
      await store.revalidate(['zero'], { expire: 0 });
      await store.set('k', Buffer.from('v'), entry({ ts: Date.now() + 5_000, tags: ['expired', 'stale', 'zero'] }));
      const got = await store.get('k', ['expired', 'stale']);
      assert.notEqual(got, null);
      assert.equal(got.staleAt, 0);
    });

    test('stores with different prefixes share neither keys nor tags', async () => {
      const a = fresh(`iso-a${stores}:`);
      const b = fresh(`iso-b${stores}:`);
      await a.set('k', Buffer.from('a'), entry({ tags: ['t'] }));
      await b.set('k', Buffer.from('b'), entry({ tags: ['t'] }));
      assert.equal((await b.get('k')).value.toString(), 'b');
      await a.revalidate(['t']);
      assert.equal(await a.get('k'), null);
      const got = await b.get('k', ['t']);
      assert.equal(got.value.toString(), 'b');
      assert.equal(got.staleAt, 0);
    });

    test('returned tags carry no prefix', async () => {
      const store = fresh('some:deployment:');
      await store.set('k', Buffer.from('v'), entry({ tags: ['posts', '_N_T_/blog/a'] }));
      assert.deepEqual((await store.get('k')).tags, ['posts', '_N_T_/blog/a']);
      // Stored under the prefix, so a raw client finds it there.
      assert.equal(await client.exists('some:deployment:k'), 1);
    });

    if (target.Store === LuaStore) {
      test('LuaStore: scripts reload after SCRIPT FLUSH (EVALSHA falls back to EVAL)', async () => {
        const store = fresh();
        await client.script('FLUSH');
        await store.set('k', Buffer.from('v'), entry({ tags: ['t'], nx: true }));
        assert.equal((await store.get('k')).value.toString(), 'v');
        await client.script('FLUSH');
        assert.equal(await store.revalidate(['t']), 1);
        assert.equal(await store.get('k'), null);
      });

      test('LuaStore: tag records are server-clock ms and expire 366 days after their last change', async () => {
        const store = fresh();
        await store.revalidate(['t'], { expire: 3600 });
        const record = await client.hgetall(`${store.prefix}__tag__:t`);
        const [seconds, micros] = await client.time();
        const now = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
        assert.match(record.staleAt, /^\d+$/);
        assert.ok(Math.abs(Number(record.staleAt) - now) < 5_000);
        assert.equal(Number(record.expiredAt) - Number(record.staleAt), 3_600_000);
        const ttl = await client.pttl(`${store.prefix}__tag__:t`);
        assert.ok(Math.abs(ttl - (366 * DAY_MS + 3_600_000)) < 5_000, `pttl ${ttl}`);
      });

      test('LuaStore: a key that is not an entry is an error, like NEXTGET on a string', async () => {
        const store = fresh();
        await client.set(`${store.prefix}plain`, 'x');
        await assert.rejects(store.get('plain'), /WRONGTYPE/);
        assert.equal(await store.set('plain', Buffer.from('v'), entry({ nx: true })), false);
      });
    }

    test('revalidating no tags writes nothing', async () => {
      assert.equal(await fresh().revalidate([]), 0);
      assert.equal(await fresh().revalidate([], { expire: 10 }), 0);
    });
  });
}

// A revalidation waits for the server's fsync, so it gets a longer timeout than reads and writes,
// which fail fast. Against a server that accepts and never answers, both time out, in that order.
describe('NativeStore timeouts', () => {
  let silent;
  let port;
  const sockets = new Set();

  before(async () => {
    silent = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
    });
    await new Promise((resolve) => silent.listen(0, '127.0.0.1', resolve));
    port = silent.address().port;
  });

  after(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  test('revalidate waits for revalidateTimeoutMs, reads give up after the command timeout', async () => {
    const saved = settings.revalidateTimeoutMs;
    configure({ revalidateTimeoutMs: 600 });
    const client = new Redis({ host: '127.0.0.1', port, enableReadyCheck: false, commandTimeout: 100, maxRetriesPerRequest: 0 });
    try {
      await new Promise((resolve) => client.once('connect', resolve));
      const store = new NativeStore(client, 'p:');
      const order = [];
      const started = Date.now();
      const revalidating = store.revalidate(['a']).then(
        () => order.push('revalidate answered'),
        (error) => order.push(`revalidate: ${error.message} after ${Date.now() - started} ms`),
      );
      const reading = store.get('k').then(
        () => order.push('get answered'),
        (error) => order.push(`get: ${error.message}`),
      );
      await Promise.all([revalidating, reading]);
      assert.equal(order.length, 2);
      assert.equal(order[0], 'get: Command timed out');
      const [, ms] = /^revalidate: Command timed out after (\d+) ms$/.exec(order[1]) ?? [];
      assert.ok(Number(ms) >= 590, order[1]);
    } finally {
      configure({ revalidateTimeoutMs: saved });
      client.disconnect();
    }
  });
});
