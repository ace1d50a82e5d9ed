// Each popular Node.js client connects to one server process and runs the same scenario.
import { test, before, after } from 'node:test';
import { Redis as Ioredis5 } from 'ioredis';
import { Redis as Ioredis6 } from 'ioredis6';
import * as nodeRedis5 from 'redis';
import * as nodeRedis6 from 'redis6';
import assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import { basename } from 'node:path';
import { startServer } from './server.mjs';
import { runIoredisScenario } from './ioredis-scenario.mjs';
import { runNodeRedisScenario } from './node-redis-scenario.mjs';

const perTestTimeout = { timeout: 30_000 };
let server;

before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

// scripts/test.sh runs this suite against both builds: make sure each run serves the one it names.
test('the server under test is the build asked for (NEXTCACHEKV_BIN: that executable, else dotnet)', async () => {
  if (server.kind === 'redis') return; // JS_TESTS_AGAINST_REDIS=1: nothing of ours to check
  const client = new Ioredis5({ port: server.port });
  try {
    const executable = /executable:(.*)\r/.exec(await client.info('server'))[1];
    if (process.env.NEXTCACHEKV_BIN) assert.equal(executable, realpathSync(process.env.NEXTCACHEKV_BIN));
    else assert.match(basename(executable), /^dotnet/);
  } finally {
    client.disconnect();
  }
});
test('ioredis 5 (RESP2)', perTestTimeout, () => runIoredisScenario(Ioredis5, server.port, 'io5'));
test('ioredis 6 with defaults (RESP3)', perTestTimeout, () => runIoredisScenario(Ioredis6, server.port, 'io6'));
test('node-redis 5 (RESP2)', perTestTimeout, () => runNodeRedisScenario(nodeRedis5, server.port, 'nr5'));
test('node-redis 6 with defaults (RESP3)', perTestTimeout, () => runNodeRedisScenario(nodeRedis6, server.port, 'nr6'));
