// The common client scenario written against the ioredis API (v5 and v6 share it).
import assert from 'node:assert/strict';
import { binaryValue } from './sample-data.mjs';

export async function runIoredisScenario(Redis, port, prefix) {
  const client = new Redis({
    host: '127.0.0.1',
    port,
    lazyConnect: true,
    connectTimeout: 5000,
    commandTimeout: 5000,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null, // fail fast instead of reconnecting forever
  });
  try {
    await client.connect();

    assert.equal(await client.set(`${prefix}:text`, 'héllo wörld'), 'OK');
    assert.equal(await client.get(`${prefix}:text`), 'héllo wörld');

    const binaryKey = Buffer.from(`${prefix}:bin\0key`);
    assert.equal(await client.set(binaryKey, binaryValue), 'OK');
    assert.deepEqual(await client.getBuffer(binaryKey), binaryValue);

    const pipeline = client.pipeline();
    for (let i = 0; i < 100; i++) pipeline.set(`${prefix}:p:${i}`, String(i));
    const results = await pipeline.exec();
    assert.equal(results.length, 100);
    for (const [error, reply] of results) {
      assert.equal(error, null);
      assert.equal(reply, 'OK');
    }
    assert.equal(await client.get(`${prefix}:p:99`), '99');

    assert.equal(await client.incr(`${prefix}:counter`), 1);
    assert.equal(await client.incr(`${prefix}:counter`), 2);

    assert.equal(await client.expire(`${prefix}:text`, 100), 1);
    const ttl = await client.ttl(`${prefix}:text`);
    assert.ok(ttl > 95 && ttl <= 100, `ttl ${ttl}`);

    assert.equal(await client.del(`${prefix}:text`, `${prefix}:counter`, `${prefix}:missing`), 2);
    assert.equal(await client.get(`${prefix}:text`), null);

    assert.equal(await client.quit(), 'OK');
  } finally {
    client.disconnect();
  }
}
