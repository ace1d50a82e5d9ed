// Differential client compatibility: every client runs the same scenario once against redis-server
// (the reference) and once against NextCacheKv (both started here), with its default protocol and
// reply parsing, and what the client observes must be identical. Each section of the scenario
// (strings, hashes, sets, pipeline, transaction, pubsub) is its own test, so a failure names the
// feature. Spot checks on the reference run keep each scenario honest.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import Ioredis5 from 'ioredis';
import Ioredis6 from 'ioredis6';
import * as nodeRedis4 from 'redis4';
import * as nodeRedis5 from 'redis';
import * as nodeRedis6 from 'redis6';
import { startServer } from './server.mjs';
import { ioredisCompatScenario } from './compat-ioredis.mjs';
import { nodeRedisCompatScenario } from './compat-node-redis.mjs';
import { redisCliCompatScenario } from './compat-redis-cli.mjs';

let nextcachekv;
let redis;

before(async () => {
  // COMPAT_SELF_CHECK=1 puts a second redis-server in NextCacheKv's place: the scenarios must then
  // pass, which shows they are deterministic (no timing or ordering noise in what they record).
  const candidate = process.env.COMPAT_SELF_CHECK === '1' ? 'redis' : 'nextcachekv';
  [nextcachekv, redis] = await Promise.all([startServer(candidate), startServer('redis')]);
});
after(async () => {
  await Promise.all([nextcachekv?.stop(), redis?.stop()]);
});

/** Fails with every step of the section where NextCacheKv observed something else than redis-server. */
function assertSectionEqual(section, reference, actual) {
  const expected = reference.sectionSteps(section);
  const observed = actual.sectionSteps(section);
  assert.ok(expected.length > 0, `the scenario has no '${section}' section`);
  const differences = [];
  expected.forEach(([label, value], i) => {
    const [actualLabel, actualValue] = observed[i] ?? [];
    if (actualLabel !== label || !isDeepStrictEqual(actualValue, value)) {
      differences.push(`- ${label}:\n    redis-server: ${JSON.stringify(value)}\n    NextCacheKv:  ${JSON.stringify(actualValue)}`);
    }
  });
  if (observed.length !== expected.length) differences.push(`- ${observed.length} steps instead of ${expected.length}`);
  assert.ok(differences.length === 0, `NextCacheKv differs from redis-server in ${differences.length} step(s):\n${differences.join('\n')}`);
}

/**
 * Declares one test per section for a client. The scenario runs once per server (reference first);
 * checkReference(section, referenceTranscript) asserts what the reference must show.
 */
function describeClient(name, scenario, sections, checkReference) {
  describe(name, () => {
    const runs = {};
    before(async () => {
      runs.reference = await scenario(redis.port);
      runs.actual = await scenario(nextcachekv.port);
    }, { timeout: 180_000 });
    for (const section of sections) {
      test(section, () => {
        checkReference(section, runs.reference);
        assertSectionEqual(section, runs.reference, runs.actual);
      });
    }
  });
}

/** Labels of the reference steps in a section that recorded an error. */
const errorsIn = (reference, section) => reference.sectionSteps(section)
  .filter(([, value]) => value && typeof value === 'object' && 'error' in value)
  .map(([label]) => label.slice(section.length + 1));

const clientSections = ['strings', 'hashes', 'sets', 'pipeline', 'transaction', 'pubsub', 'close'];

/** What the reference run must show per section, or the comparison would prove little. */
function clientReferenceCheck(expectedErrors, publishedMessages) {
  return (section, reference) => {
    assert.deepEqual(errorsIn(reference, section), expectedErrors[section] ?? []);
    if (section === 'pubsub') {
      assert.equal(reference.valueOf('pubsub/publish'), 2);
      assert.deepEqual(reference.valueOf('pubsub/messages'), publishedMessages);
    }
  };
}

const ioredisErrors = {
  strings: ['incr on text'],
  hashes: ['hget on string', 'get on hash'],
  sets: ['sadd on hash'],
  transaction: ['multi with a bad command'],
};
for (const [name, Redis, prefix] of [['ioredis 5 with defaults (RESP2)', Ioredis5, 'io5'], ['ioredis 6 with defaults (RESP3)', Ioredis6, 'io6']]) {
  describeClient(name, (port) => ioredisCompatScenario(Redis, port, prefix), clientSections, clientReferenceCheck(
    ioredisErrors,
    [['message', `${prefix}:chan`, 'hello'], ['pmessage', `${prefix}:ch*`, `${prefix}:chan`, 'hello']],
  ));
}

const nodeRedisErrors = {
  strings: ['incr on text'],
  hashes: ['hGet on string', 'get on hash'],
  sets: ['sAdd on hash'],
  transaction: ['multi/exec with a runtime error'],
};
for (const [major, namespace] of [[4, nodeRedis4], [5, nodeRedis5], [6, nodeRedis6]]) {
  const prefix = `nr${major}`;
  describeClient(`node-redis ${major} with defaults (${major === 6 ? 'RESP3' : 'RESP2'})`,
    (port) => nodeRedisCompatScenario(namespace, major, port, prefix), clientSections, clientReferenceCheck(
      nodeRedisErrors,
      [['message', `${prefix}:chan`, 'hello'], ['pmessage', `${prefix}:chan`, 'hello']],
    ));
}

describeClient('redis-cli', (port) => redisCliCompatScenario(port, 'cli'),
  ['strings', 'hashes', 'sets', 'pipeline', 'transaction', 'pubsub'],
  (section, reference) => {
    assert.deepEqual(errorsIn(reference, section), []);
    const text = JSON.stringify(reference.sectionSteps(section));
    if (section === 'pubsub') assert.match(reference.valueOf('pubsub/subscribe session').subscriber, /message\ncli:chan\nhello\n/);
    if (section === 'pipeline') assert.match(reference.valueOf('pipeline/--pipe').stdout, /errors: 0, replies: 4/);
    if (section === 'transaction') assert.match(text, /EXECABORT/);
    if (section === 'hashes') assert.match(text, /WRONGTYPE/);
  });
