// Compatibility scenario for node-redis 4 (RESP2), 5 (RESP2) and 6 (RESP3 by default): strings,
// hashes, sets, pipelines (explicit and automatic), MULTI/EXEC (and a WATCH conflict) and pub/sub on
// a duplicate connection. It records observations; compat.test.mjs compares the two servers' runs.
import { Transcript, sorted, sortedPairs, waitFor } from './transcript.mjs';
import { binaryValue } from './sample-data.mjs';

/**
 * @param {object} redis the package namespace (createClient, commandOptions or RESP_TYPES)
 * @param {4|5|6} major the node-redis major version, for the few API differences
 */
export async function nodeRedisCompatScenario(redis, major, port, prefix) {
  const t = new Transcript();
  const k = (name) => `${prefix}:${name}`;
  // Only fail-fast socket options; protocol and reply parsing stay the client's defaults.
  const client = redis.createClient({
    socket: { host: '127.0.0.1', port, connectTimeout: 5000, reconnectStrategy: false },
  });
  const clientErrors = [];
  const extra = [];
  client.on('error', (e) => clientErrors.push(e.message)); // an unhandled 'error' would crash the runner
  const getBuffer = (key) => (major === 4
    ? client.get(redis.commandOptions({ returnBuffers: true }), key)
    : client.withTypeMapping({ [redis.RESP_TYPES.BLOB_STRING]: Buffer }).get(key));
  const duplicate = async () => {
    const copy = client.duplicate();
    copy.on('error', (e) => clientErrors.push(e.message));
    extra.push(copy);
    await copy.connect();
    return copy;
  };
  try {
    await client.connect();

    t.section('strings');
    await t.step('set', () => client.set(k('s'), 'héllo'));
    await t.step('get', () => client.get(k('s')));
    await t.step('set NX on existing', () => client.set(k('s'), 'other', { NX: true }));
    await t.step('set EX', () => client.set(k('e'), 'v', { EX: 100 }));
    await t.step('ttl in range', async () => { const ttl = await client.ttl(k('e')); return ttl > 90 && ttl <= 100; });
    await t.step('append', () => client.append(k('s'), '!'));
    await t.step('incr', () => client.incr(k('n')));
    await t.step('incrBy', () => client.incrBy(k('n'), 41));
    await t.step('incrByFloat', () => client.incrByFloat(k('n'), 0.5));
    await t.step('mSet', () => client.mSet([k('m1'), 'a', k('m2'), 'b']));
    await t.step('mGet', () => client.mGet([k('m1'), k('m2'), k('missing')]));
    await t.step('binary round trip', async () => {
      const key = Buffer.from(`${prefix}:bin\0key`);
      await client.set(key, binaryValue);
      return getBuffer(key);
    });
    await t.step('incr on text', () => client.incr(k('s')));
    await t.step('del', () => client.del([k('m1'), k('m2'), k('missing')]));

    t.section('hashes');
    await t.step('hSet object', () => client.hSet(k('h'), { f1: 'v1', f2: 'v2', n: '5' }));
    await t.step('hSet existing field', () => client.hSet(k('h'), 'f1', 'v1b'));
    await t.step('hGet', () => client.hGet(k('h'), 'f1'));
    await t.step('hGet missing field', () => client.hGet(k('h'), 'nope'));
    await t.step('hmGet', () => client.hmGet(k('h'), ['f1', 'f2', 'nope']));
    await t.step('hGetAll', async () => sortedPairs(await client.hGetAll(k('h'))));
    await t.step('hExists', () => client.hExists(k('h'), 'f2'));
    await t.step('hLen', () => client.hLen(k('h')));
    await t.step('hIncrBy', () => client.hIncrBy(k('h'), 'n', 10));
    await t.step('hDel', () => client.hDel(k('h'), ['f2', 'nope']));
    await t.step('hKeys', async () => sorted(await client.hKeys(k('h'))));
    await t.step('hVals', async () => sorted(await client.hVals(k('h'))));
    await t.step('hScan', async () => {
      const reply = await client.hScan(k('h'), major === 4 ? 0 : '0', { COUNT: 100 });
      const pairs = (reply.tuples ?? reply.entries).map(({ field, value }) => [field, value]);
      return [String(reply.cursor), sortedPairs(Object.fromEntries(pairs))];
    });
    await t.step('hGet on string', () => client.hGet(k('s'), 'f'));
    await t.step('get on hash', () => client.get(k('h')));
    await t.step('type hash', () => client.type(k('h')));
    await t.step('hash commands pipelined', () => client.multi().hSet(k('ph'), 'f', 'v').hGet(k('ph'), 'f').hLen(k('ph')).execAsPipeline());
    await t.step('hash commands auto-pipelined', async () => {
      const replies = await Promise.allSettled([client.hSet(k('ph2'), 'f', 'v'), client.hGet(k('s'), 'f'), client.hGet(k('ph2'), 'f')]);
      return replies.map((r) => (r.status === 'fulfilled' ? r.value : { error: r.reason.message }));
    });
    await t.step('hash commands in multi/exec', async () => {
      const [added, incremented, all] = await client.multi().hSet(k('txh'), 'f', 'v').hIncrBy(k('txh'), 'n', 2).hGetAll(k('txh')).exec();
      return [added, incremented, sortedPairs(all)];
    });

    t.section('sets');
    await t.step('sAdd', () => client.sAdd(k('set'), ['a', 'b', 'c']));
    await t.step('sAdd existing', () => client.sAdd(k('set'), 'a'));
    await t.step('sMembers', async () => sorted(await client.sMembers(k('set'))));
    await t.step('sIsMember', () => client.sIsMember(k('set'), 'a'));
    await t.step('sCard', () => client.sCard(k('set')));
    await t.step('sRem', () => client.sRem(k('set'), ['b', 'nope']));
    await t.step('sAdd other', () => client.sAdd(k('set2'), ['c', 'd']));
    await t.step('sInter', async () => sorted(await client.sInter([k('set'), k('set2')])));
    await t.step('sUnion', async () => sorted(await client.sUnion([k('set'), k('set2')])));
    await t.step('sDiff', async () => sorted(await client.sDiff([k('set'), k('set2')])));
    await t.step('type set', () => client.type(k('set')));
    await t.step('sAdd on hash', () => client.sAdd(k('h'), 'x'));
    await t.step('set commands pipelined', () => client.multi().sAdd(k('ps'), ['x', 'y']).sCard(k('ps')).sIsMember(k('ps'), 'y').execAsPipeline());
    await t.step('set commands in multi/exec', () => client.multi().sAdd(k('txs'), ['m', 'n']).sRem(k('txs'), 'n').sCard(k('txs')).exec());

    // Pipelines: an explicit one, and node-redis's automatic pipelining of same-tick commands.
    t.section('pipeline');
    await t.step('execAsPipeline', () => client.multi()
      .set(k('p'), '1')
      .incr(k('p'))
      .get(k('p'))
      .mGet([k('p'), k('missing')])
      .get(k('missing'))
      .execAsPipeline());
    await t.step('auto-pipelined 200', async () => {
      const sets = await Promise.all(Array.from({ length: 200 }, (_, i) => client.set(k(`p:${i}`), String(i))));
      const gets = await Promise.all(Array.from({ length: 200 }, (_, i) => client.get(k(`p:${i}`))));
      return sets.every((r) => r === 'OK') && gets.every((r, i) => r === String(i));
    });
    await t.step('auto-pipelined error in the middle', async () => {
      const replies = await Promise.allSettled([client.incr(k('pn')), client.incr(k('s')), client.incr(k('pn'))]);
      return replies.map((r) => (r.status === 'fulfilled' ? r.value : { error: r.reason.message }));
    });

    t.section('transaction');
    await t.step('multi/exec', () => client.multi()
      .set(k('tx'), '10')
      .incr(k('tx'))
      .get(k('tx'))
      .exec());
    await t.step('multi/exec with a runtime error', async () => {
      try {
        return await client.multi().set(k('tx3'), 'a').incr(k('tx3')).get(k('tx3')).exec();
      } catch (error) {
        // node-redis 4 rejects with the replies attached; 5 and 6 may too
        return { error: error.message, replies: error.replies?.map((r) => (r instanceof Error ? r.message : r)) };
      }
    });
    await t.step('after multi/exec', async () => [await client.get(k('tx')), await client.get(k('tx3'))]);
    await t.step('watch conflict', async () => {
      const watcher = await duplicate();
      await watcher.set(k('w'), 'start');
      await watcher.watch(k('w'));
      await client.set(k('w'), 'changed');
      let aborted;
      try {
        aborted = await watcher.multi().set(k('w'), 'mine').exec();
      } catch (error) {
        aborted = { error: error.constructor.name };
      }
      await watcher.watch(k('w'));
      const committed = await watcher.multi().set(k('w'), 'mine').exec();
      await watcher.quit();
      return [aborted, committed, await client.get(k('w'))];
    });

    t.section('pubsub'); // on a duplicate connection
    const received = [];
    let sub;
    await t.step('subscriber connect', async () => { sub = await duplicate(); return sub.isReady; });
    await t.step('subscribe', () => sub.subscribe(k('chan'), (message, channel) => received.push(['message', channel, message])));
    await t.step('pSubscribe', () => sub.pSubscribe(k('ch*'), (message, channel) => received.push(['pmessage', channel, message])));
    await t.step('publish', () => client.publish(k('chan'), 'hello'));
    await t.step('publish to nobody', () => client.publish(k('other'), 'lost'));
    await t.step('messages', async () => {
      await waitFor(() => received.length >= 2, 'two pub/sub messages');
      return received;
    });
    await t.step('pubsub numsub', () => client.pubSubNumSub(k('chan')));
    await t.step('unsubscribe', () => sub.unsubscribe(k('chan')));
    await t.step('pUnsubscribe', () => sub.pUnsubscribe(k('ch*')));
    await t.step('publish after unsubscribe', () => client.publish(k('chan'), 'late'));
    await t.step('subscriber quit', () => sub.quit());

    t.section('close');
    await t.step('quit', () => client.quit());
    await t.step('connection errors', () => clientErrors);
    return t;
  } finally {
    for (const connection of [...extra, client]) {
      if (!connection.isOpen) continue;
      // node-redis 5/6 have destroy(); 4 has disconnect() (a promise)
      if (typeof connection.destroy === 'function') connection.destroy();
      else await connection.disconnect().catch(() => {});
    }
  }
}
