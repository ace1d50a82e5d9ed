// The common client scenario written against the node-redis API (v5 speaks RESP2, v6 RESP3 by default).
import assert from 'node:assert/strict';
import { binaryValue } from './sample-data.mjs';

export async function runNodeRedisScenario({ createClient, RESP_TYPES }, port, prefix) {
  const client = createClient({
    socket: { host: '127.0.0.1', port, connectTimeout: 5000, reconnectStrategy: false },
  });
  const errors = [];
  client.on('error', (e) => errors.push(e)); // without a listener an error would crash the runner
  try {
    await client.connect();

    assert.equal(await client.set(`${prefix}:text`, 'héllo wörld'), 'OK');
    assert.equal(await client.get(`${prefix}:text`), 'héllo wörld');

    const binaryKey = Buffer.from(`${prefix}:bin\0key`);
    assert.equal(await client.set(binaryKey, binaryValue), 'OK');
    const asBuffers = client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
    assert.deepEqual(await asBuffers.get(binaryKey), binaryValue);

    const pipeline = client.multi();
    for (let i = 0; i < 100; i++) pipeline.set(`${prefix}:p:${i}`, String(i));
    const results = await pipeline.execAsPipeline();
    assert.deepEqual(results, Array(100).fill('OK'));
    assert.equal(await client.get(`${prefix}:p:99`), '99');

    assert.equal(await client.incr(`${prefix}:counter`), 1);
    assert.equal(await client.incr(`${prefix}:counter`), 2);

    assert.equal(await client.expire(`${prefix}:text`, 100), 1);
    const ttl = await client.ttl(`${prefix}:text`);
    assert.ok(ttl > 95 && ttl <= 100, `ttl ${ttl}`);

    assert.equal(await client.del([`${prefix}:text`, `${prefix}:counter`, `${prefix}:missing`]), 2);
    assert.equal(await client.get(`${prefix}:text`), null);

    assert.equal(await client.quit(), 'OK');
    assert.deepEqual(errors, []);
  } finally {
    if (client.isOpen) client.destroy();
  }
}
