// Compatibility scenario for ioredis (5 speaks RESP2, 6 RESP3 by default): strings, hashes, sets,
// a pipeline, a MULTI/EXEC transaction (and a WATCH conflict) and pub/sub on a duplicate connection.
// It only records observations; compat.test.mjs compares the NextCacheKv run with the redis-server run.
import { Transcript, sorted, sortedPairs, waitFor } from './transcript.mjs';
import { binaryValue } from './sample-data.mjs';

/** Connection options only make failures fast; the protocol and parsing stay the client's defaults. */
function options(port) {
  return {
    host: '127.0.0.1',
    port,
    lazyConnect: true,
    connectTimeout: 5000,
    commandTimeout: 5000,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  };
}

/** ioredis 6 may map RESP3 maps to objects; pairs make both shapes comparable. */
function sortedPairsIfObject(reply) {
  return reply && typeof reply === 'object' && !Array.isArray(reply) ? sortedPairs(reply) : reply;
}

export async function ioredisCompatScenario(Redis, port, prefix) {
  const t = new Transcript();
  const k = (name) => `${prefix}:${name}`;
  const client = new Redis(options(port));
  const extra = [];
  try {
    await client.connect();

    t.section('strings');
    await t.step('set', () => client.set(k('s'), 'héllo'));
    await t.step('get', () => client.get(k('s')));
    await t.step('set NX on existing', () => client.set(k('s'), 'other', 'NX'));
    await t.step('set EX', () => client.set(k('e'), 'v', 'EX', 100));
    await t.step('ttl in range', async () => { const ttl = await client.ttl(k('e')); return ttl > 90 && ttl <= 100; });
    await t.step('append', () => client.append(k('s'), '!'));
    await t.step('incr', () => client.incr(k('n')));
    await t.step('incrby', () => client.incrby(k('n'), 41));
    await t.step('incrbyfloat', () => client.incrbyfloat(k('n'), '0.5'));
    await t.step('mset', () => client.mset(k('m1'), 'a', k('m2'), 'b'));
    await t.step('mget', () => client.mget(k('m1'), k('m2'), k('missing')));
    await t.step('binary round trip', async () => {
      const key = Buffer.from(`${prefix}:bin\0key`);
      await client.set(key, binaryValue);
      return client.getBuffer(key);
    });
    await t.step('incr on text', () => client.incr(k('s')));
    await t.step('del', () => client.del(k('m1'), k('m2'), k('missing')));

    t.section('hashes');
    await t.step('hset object', () => client.hset(k('h'), { f1: 'v1', f2: 'v2', n: '5' }));
    await t.step('hset existing field', () => client.hset(k('h'), 'f1', 'v1b'));
    await t.step('hget', () => client.hget(k('h'), 'f1'));
    await t.step('hget missing field', () => client.hget(k('h'), 'nope'));
    await t.step('hmget', () => client.hmget(k('h'), 'f1', 'f2', 'nope'));
    await t.step('hgetall', async () => sortedPairs(await client.hgetall(k('h'))));
    await t.step('hexists', () => client.hexists(k('h'), 'f2'));
    await t.step('hlen', () => client.hlen(k('h')));
    await t.step('hincrby', () => client.hincrby(k('h'), 'n', 10));
    await t.step('hdel', () => client.hdel(k('h'), 'f2', 'nope'));
    await t.step('hkeys', async () => sorted(await client.hkeys(k('h'))));
    await t.step('hvals', async () => sorted(await client.hvals(k('h'))));
    await t.step('hscan', async () => {
      const [cursor, flat] = await client.hscan(k('h'), 0, 'COUNT', 100);
      return [cursor, sortedPairs(flat)];
    });
    await t.step('hget on string', () => client.hget(k('s'), 'f'));
    await t.step('get on hash', () => client.get(k('h')));
    await t.step('type hash', () => client.type(k('h')));
    await t.step('hash commands pipelined', async () => {
      const results = await client.pipeline().hset(k('ph'), 'f', 'v').hget(k('ph'), 'f').hget(k('s'), 'f').hlen(k('ph')).exec();
      return results.map(([error, reply]) => (error ? { error: error.message } : reply));
    });
    await t.step('hash commands in multi/exec', async () => {
      const results = await client.multi().hset(k('txh'), 'f', 'v').hincrby(k('txh'), 'n', 2).hgetall(k('txh')).exec();
      return results.map(([error, reply]) => (error ? { error: error.message } : sortedPairsIfObject(reply)));
    });

    t.section('sets');
    await t.step('sadd', () => client.sadd(k('set'), 'a', 'b', 'c'));
    await t.step('sadd existing', () => client.sadd(k('set'), 'a'));
    await t.step('smembers', async () => sorted(await client.smembers(k('set'))));
    await t.step('sismember', () => client.sismember(k('set'), 'a'));
    await t.step('scard', () => client.scard(k('set')));
    await t.step('srem', () => client.srem(k('set'), 'b', 'nope'));
    await t.step('sadd other', () => client.sadd(k('set2'), 'c', 'd'));
    await t.step('sinter', async () => sorted(await client.sinter(k('set'), k('set2'))));
    await t.step('sunion', async () => sorted(await client.sunion(k('set'), k('set2'))));
    await t.step('sdiff', async () => sorted(await client.sdiff(k('set'), k('set2'))));
    await t.step('type set', () => client.type(k('set')));
    await t.step('sadd on hash', () => client.sadd(k('h'), 'x'));
    await t.step('set commands pipelined', async () => {
      const results = await client.pipeline().sadd(k('ps'), 'x', 'y').scard(k('ps')).sismember(k('ps'), 'y').sadd(k('s'), 'z').exec();
      return results.map(([error, reply]) => (error ? { error: error.message } : reply));
    });
    await t.step('set commands in multi/exec', async () => {
      const results = await client.multi().sadd(k('txs'), 'm', 'n').srem(k('txs'), 'n').scard(k('txs')).exec();
      return results.map(([error, reply]) => (error ? { error: error.message } : reply));
    });

    // Pipeline (not a transaction): results and per-command errors come back in order.
    t.section('pipeline');
    await t.step('pipeline', async () => {
      const results = await client.pipeline()
        .set(k('p'), '1')
        .incr(k('p'))
        .get(k('p'))
        .set(k('ptext'), 'text')
        .incr(k('ptext'))
        .mget(k('p'), k('missing'))
        .get(k('missing'))
        .exec();
      return results.map(([error, reply]) => (error ? { error: error.message } : reply));
    });
    await t.step('pipeline of 200', async () => {
      const pipeline = client.pipeline();
      for (let i = 0; i < 200; i++) pipeline.set(k(`p:${i}`), String(i));
      for (let i = 0; i < 200; i++) pipeline.get(k(`p:${i}`));
      const results = await pipeline.exec();
      return results.every(([error, reply], i) => error === null && reply === (i < 200 ? 'OK' : String(i - 200)));
    });

    t.section('transaction');
    await t.step('multi/exec', async () => {
      const results = await client.multi()
        .set(k('tx'), '10')
        .incr(k('tx'))
        .set(k('txtext'), 'text')
        .incr(k('txtext'))
        .get(k('tx'))
        .exec();
      return results.map(([error, reply]) => (error ? { error: error.message } : reply));
    });
    await t.step('after multi/exec', async () => [await client.get(k('tx')), await client.get(k('txtext'))]);
    await t.step('multi with a bad command', () => client.multi().set(k('tx2'), '1').call('nosuchcommand').exec());
    await t.step('tx2 not written', () => client.exists(k('tx2')));
    await t.step('watch conflict', async () => {
      const watcher = client.duplicate();
      extra.push(watcher);
      await watcher.connect();
      await watcher.set(k('w'), 'start');
      await watcher.watch(k('w'));
      await client.set(k('w'), 'changed');
      const aborted = await watcher.multi().set(k('w'), 'mine').exec();
      await watcher.watch(k('w'));
      const committed = await watcher.multi().set(k('w'), 'mine').exec();
      return [aborted, committed, await client.get(k('w'))];
    });

    t.section('pubsub'); // on a duplicate connection
    const sub = client.duplicate();
    extra.push(sub);
    const received = [];
    sub.on('message', (channel, message) => received.push(['message', channel, message]));
    sub.on('pmessage', (pattern, channel, message) => received.push(['pmessage', pattern, channel, message]));
    await t.step('subscriber connect', () => sub.connect());
    await t.step('subscribe', () => sub.subscribe(k('chan')));
    await t.step('psubscribe', () => sub.psubscribe(k('ch*')));
    await t.step('publish', () => client.publish(k('chan'), 'hello'));
    await t.step('publish to nobody', () => client.publish(k('other'), 'lost'));
    await t.step('messages', async () => {
      await waitFor(() => received.length >= 2, 'two pub/sub messages');
      return received;
    });
    await t.step('pubsub numsub', () => client.pubsub('NUMSUB', k('chan')));
    await t.step('unsubscribe', () => sub.unsubscribe(k('chan')));
    await t.step('punsubscribe', () => sub.punsubscribe(k('ch*')));
    await t.step('publish after unsubscribe', () => client.publish(k('chan'), 'late'));
    await t.step('subscriber quit', () => sub.quit());

    t.section('close');
    await t.step('quit', () => client.quit());
    return t;
  } finally {
    for (const connection of extra) connection.disconnect();
    client.disconnect();
  }
}
