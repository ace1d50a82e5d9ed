// Each popular Node.js client connects to one server process and runs the same scenario.
import { test, before, after } from 'node:test';
import { Redis as Ioredis5 } from 'ioredis';
import { Redis as Ioredis6 } from 'ioredis6';
import * as nodeRedis5 from 'redis';
import * as nodeRedis6 from 'redis6';
import { startServer } from './server.mjs';
import { runIoredisScenario } from './ioredis-scenario.mjs';
import { runNodeRedisScenario } from './node-redis-scenario.mjs';

const perTestTimeout = { timeout: 30_000 };
let server;

before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

test('ioredis 5 (RESP2)', perTestTimeout, () => runIoredisScenario(Ioredis5, server.port, 'io5'));
test('ioredis 6 with defaults (RESP3)', perTestTimeout, () => runIoredisScenario(Ioredis6, server.port, 'io6'));
test('node-redis 5 (RESP2)', perTestTimeout, () => runNodeRedisScenario(nodeRedis5, server.port, 'nr5'));
test('node-redis 6 with defaults (RESP3)', perTestTimeout, () => runNodeRedisScenario(nodeRedis6, server.port, 'nr6'));
