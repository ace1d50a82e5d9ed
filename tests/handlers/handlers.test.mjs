// The community Next.js Redis cache handlers, unmodified, driven the way Next.js 16.4 calls them
// (scenarios.mjs), once against redis-server (the reference) and once against NextCacheKv, each in its
// own process (driver.mjs) on a fresh pair of servers. What the handler returns to Next.js, and the
// keys it leaves in the server, must be identical. One test per section names what differs; spot
// checks on the reference run pin down the behaviour the comparison relies on.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { isDeepStrictEqual } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startServer } from '../js/server.mjs';
import { transcriptMarker } from './driver.mjs';

const driverPath = fileURLToPath(new URL('./driver.mjs', import.meta.url));
const driverTimeoutMs = 90_000;

/** Runs one variant in a child process against the server on port; resolves with its transcript steps. */
function runDriver(variant, port) {
  return new Promise((resolve, reject) => {
    const env = {
      ...process.env,
      REDIS_URL: `redis://127.0.0.1:${port}`,
      KEY_PREFIX: 'trieb:', // trieb's prefix would otherwise come from VERCEL_URL or the BUILD_ID
    };
    delete env.VERCEL_ENV; // trieb then uses DB 1, its default outside Vercel production
    delete env.VERCEL_URL;
    const child = spawn(process.execPath, [driverPath, variant], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => { process.kill(child.pid, 'SIGKILL'); }, driverTimeoutMs);
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.once('error', (e) => { clearTimeout(timer); reject(e); });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith(transcriptMarker));
      if (!line) {
        reject(new Error(`driver ${variant} exited ${code ?? signal} without a transcript\nstdout:\n${stdout.slice(-4000)}\nstderr:\n${stderr.slice(-4000)}`));
        return;
      }
      resolve(JSON.parse(line.slice(transcriptMarker.length)));
    });
  });
}

const sectionOf = (label) => (label.includes('/') ? label.slice(0, label.indexOf('/')) : label);
const stepsIn = (steps, section) => steps.filter(([label]) => sectionOf(label) === section);
const valueOf = (steps, label) => {
  const found = steps.find(([name]) => name === label);
  assert.ok(found, `the reference run has no step '${label}'`);
  return found[1];
};

function assertSameSection(section, reference, actual) {
  const expected = stepsIn(reference, section);
  const observed = stepsIn(actual, section);
  const differences = [];
  expected.forEach(([label, value], i) => {
    const [actualLabel, actualValue] = observed[i] ?? [];
    if (actualLabel !== label || !isDeepStrictEqual(actualValue, value)) {
      differences.push(`- ${label}:\n    redis-server: ${JSON.stringify(value)}\n    NextCacheKv:  ${JSON.stringify(actualLabel === label ? actualValue : [actualLabel, actualValue])}`);
    }
  });
  for (const [label, value] of observed.slice(expected.length)) differences.push(`- extra on NextCacheKv: ${label}: ${JSON.stringify(value)}`);
  assert.ok(differences.length === 0, `NextCacheKv differs from redis-server in ${differences.length} step(s):\n${differences.join('\n')}`);
}

/** Steps outside the scenario's sections (client errors, unhandled rejections, a throw) must not happen. */
const unexpectedSteps = (steps) => steps.filter(([label]) => !label.includes('/'));

const hit = (projection) => projection?.hit === true;

function describeVariant(variant, checkReference) {
  describe(variant, () => {
    const servers = [];
    const runs = {};
    before(async () => {
      const [nextcachekv, redis] = await Promise.all([
        startServer(process.env.COMPAT_SELF_CHECK === '1' ? 'redis' : 'nextcachekv'),
        startServer('redis'),
      ]);
      servers.push(nextcachekv, redis);
      runs.reference = await runDriver(variant, redis.port);
      runs.actual = await runDriver(variant, nextcachekv.port);
    }, { timeout: 3 * driverTimeoutMs });
    after(async () => { await Promise.all(servers.map((s) => s.stop())); });

    test('reference run on redis-server behaves as documented', () => {
      assert.deepEqual(unexpectedSteps(runs.reference), []);
      checkReference(runs.reference);
    });
    test('no client errors, unhandled rejections or throws on NextCacheKv', () => {
      assert.deepEqual(unexpectedSteps(runs.actual), []);
    });
    test('every section observes the same on NextCacheKv', async (t) => {
      const sections = new Set(runs.reference.filter(([label]) => label.includes('/')).map(([label]) => sectionOf(label)));
      for (const section of sections) {
        await t.test(section, () => assertSameSection(section, runs.reference, runs.actual));
      }
    });
  });
}

// forte: pages keep their header tags, so revalidateTag('posts') drops the page; APP_ROUTE tags are
// not extracted, so revalidatePath leaves the route cached (contract doc §3.2).
const forteChecks = (steps) => {
  assert.ok(hit(valueOf(steps, 'APP_PAGE/get after set')));
  assert.deepEqual(valueOf(steps, 'APP_PAGE/get after set').value.segmentData['/_tree'], { hex: '0001020d0afffe800b242a' });
  assert.ok(hit(valueOf(steps, 'APP_ROUTE/get after set')));
  assert.ok(hit(valueOf(steps, 'FETCH/get after set')));
  assert.ok(!hit(valueOf(steps, 'revalidateTag/FETCH after its tag')));
  assert.ok(hit(valueOf(steps, 'revalidateTag/APP_PAGE after an unrelated tag')));
  assert.ok(!hit(valueOf(steps, 'revalidateTag/APP_PAGE after its header tag')));
  assert.ok(hit(valueOf(steps, 'revalidateTag/APP_ROUTE after revalidatePath')));
  assert.ok(hit(valueOf(steps, 'after revalidation/get APP_PAGE again')));
  assert.ok(hit(valueOf(steps, 'after revalidation/get FETCH again')));
};
describeVariant('forte-node-redis5', forteChecks);
describeVariant('forte-ioredis', forteChecks);

// trieb: every ISR case works, including revalidatePath on APP_ROUTE (contract doc §3.3).
describeVariant('trieb-isr', (steps) => {
  assert.equal(valueOf(steps, 'setup/CONFIG SET notify-keyspace-events Exe'), 'OK');
  assert.ok(hit(valueOf(steps, 'APP_PAGE/get after set')));
  assert.deepEqual(valueOf(steps, 'APP_PAGE/get after set').value.rscData, { hex: '0001020d0afffe8001242a' });
  assert.ok(hit(valueOf(steps, 'APP_ROUTE/get after set')));
  assert.ok(hit(valueOf(steps, 'FETCH/get after set')));
  assert.ok(!hit(valueOf(steps, 'revalidateTag/FETCH after its tag')));
  assert.ok(!hit(valueOf(steps, 'revalidateTag/APP_PAGE after its header tag')));
  assert.ok(!hit(valueOf(steps, 'revalidateTag/APP_ROUTE after revalidatePath')));
  assert.ok(hit(valueOf(steps, 'after revalidation/get APP_PAGE again')));
  assert.equal(valueOf(steps, 'keyspace events/tracked in the shared-tags hash'), true);
  assert.deepEqual(valueOf(steps, 'keyspace events/key and hash field gone after expiry'), { keyGone: true, fieldGone: true });
  const db1 = valueOf(steps, 'server state/db 1').map((row) => row.key);
  assert.ok(db1.includes('trieb:__sharedTags__'), `trieb keeps its data in DB 1: ${db1}`);
});

// trieb, two instances: the second learns the first's tags through pub/sub and deletes its entry.
describeVariant('trieb-two-instances', (steps) => {
  assert.equal(valueOf(steps, 'two instances/entry stored'), 1);
  assert.equal(valueOf(steps, 'two instances/entry removed by the second instance'), 0);
  assert.ok(!hit(valueOf(steps, 'two instances/first instance misses it')));
});

// trieb 'use cache': a stale tag gives revalidate -1 and keeps the entry; an expired tag makes it a
// miss and unlinks it with the EVAL compare-and-unlink script (contract doc §3.3).
describeVariant('trieb-use-cache', (steps) => {
  assert.ok(hit(valueOf(steps, 'use cache/get after set')));
  assert.equal(valueOf(steps, 'use cache/get after set').timestamp, 'as written');
  assert.ok(hit(valueOf(steps, 'use cache/get INFINITE_CACHE entry')));
  assert.equal(valueOf(steps, 'use cache/get after its tag went stale').revalidate, -1);
  assert.equal(valueOf(steps, 'use cache/getExpiration (soft tag expired)'), 'recent');
  assert.ok(hit(valueOf(steps, 'use cache/get after revalidation')));
  assert.ok(!hit(valueOf(steps, 'use cache/get after its tag expired')));
  const db1 = valueOf(steps, 'server state/db 1').map((row) => row.key);
  assert.ok(db1.includes('trieb:["c0fce9fe0d7",["infinite"],["build-1"]]'), `entries live in DB 1: ${db1}`);
  assert.ok(!db1.includes('trieb:["c0fce9fe0d7",["x"],["build-1"]]'), `the expired entry was unlinked: ${db1}`);
});

// neshca: only FETCH entries round-trip with Next 16 (contract doc §3.1).
describeVariant('neshca', (steps) => {
  assert.ok(hit(valueOf(steps, 'FETCH/get after set')));
  assert.ok(!hit(valueOf(steps, 'revalidateTag/FETCH after its tag')));
  assert.ok(hit(valueOf(steps, 'after revalidation/get FETCH again')));
});

// mrjasonroy ISR: tags come from ctx.tags only, so FETCH entries are revalidated and pages are not;
// Buffers do not round-trip (contract doc §3.4).
describeVariant('mrjasonroy-isr', (steps) => {
  assert.ok(hit(valueOf(steps, 'APP_PAGE/get after set')));
  assert.ok(hit(valueOf(steps, 'FETCH/get after set')));
  assert.ok(!hit(valueOf(steps, 'revalidateTag/FETCH after its tag')));
  assert.ok(hit(valueOf(steps, 'after revalidation/get FETCH again')));
});

// mrjasonroy 'use cache': a tag whose expiry is in the future already counts as expired
// (expired > timestamp), so updateTags(…, {expire}) acts as a hard expire (contract doc §3.4), and
// even an entry written afterwards misses until that expiry (a year here).
describeVariant('mrjasonroy-use-cache', (steps) => {
  assert.ok(hit(valueOf(steps, 'use cache/get after set')));
  assert.ok(!hit(valueOf(steps, 'use cache/get after its tag went stale')));
  assert.equal(valueOf(steps, 'use cache/getExpiration (soft tag expired)'), 'recent');
  assert.ok(!hit(valueOf(steps, 'use cache/get after revalidation')));
  assert.ok(hit(valueOf(steps, 'use cache/get INFINITE_CACHE entry')));
});
