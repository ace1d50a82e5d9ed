#!/usr/bin/env node
// serve-isr.mjs - requests/s of `next start` serving the cached ISR page /isr of the e2e app
// (tests/e2e/app, must already be built: tests/e2e/app/.next) through each cache handler:
//   nextcachekv: the e2e config as is (nextcachekv-cache-handler, src/next-cache-handler) on NextCacheKv
//   forte:       @fortedigital/nextjs-cache-handler@3.3.0 (CacheHandler + redis-strings, node-redis,
//                no LRU in front) on redis-server (--save '' --appendonly no)
// For each run it copies the app (app/, public/, .next/, node_modules -> symlink to tests/e2e/node_modules)
// into a temp dir, writes its next.config.js, starts the cache server, a tiny JSON origin (E2E_ORIGIN,
// as tests/e2e does) and `next start`, warms GET /isr until x-nextjs-cache: HIT, then drives
// --concurrency (50) keep-alive requests for --seconds (10) s with node:http Agent and counts 200s,
// x-nextjs-cache HITs, req/s, p50/p99. Handlers alternate, --rounds (2) times; medians are reported.
// Every process started is stopped by its own PID.
//
// Usage: node serve-isr.mjs [--rounds 2] [--seconds 10] [--concurrency 50] [--out FILE | --no-write]

import { spawn, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { cpus, tmpdir, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const e2eDir = path.join(repo, 'tests/e2e');
const appDir = path.join(e2eDir, 'app');
const dll = process.env.NEXTCACHEKV_DLL || path.join(repo, 'src/NextCacheKv.Host/bin/Release/net10.0/nextcachekv.dll');

const opts = { rounds: 2, seconds: 10, concurrency: 50, out: path.join(repo, 'bench/results/2026-11-26-nextjs-serve.md'), write: true };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === '--rounds') opts.rounds = Number(process.argv[++i]);
  else if (a === '--seconds') opts.seconds = Number(process.argv[++i]);
  else if (a === '--concurrency') opts.concurrency = Number(process.argv[++i]);
  else if (a === '--out') opts.out = path.resolve(process.argv[++i]);
  else if (a === '--no-write') opts.write = false;
  else throw new Error(`unknown option ${a}`);
}

const children = new Set();
function killAll() {
  for (const c of children) {
    try { process.kill(c.pid, 'SIGKILL'); } catch { /* gone */ }
  }
}
process.on('exit', killAll);
for (const s of ['SIGINT', 'SIGTERM']) process.once(s, () => { killAll(); process.exit(130); });

const log = (...a) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...a);
const delay = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

function start(cmd, args, options = {}) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  children.add(child);
  child.output = '';
  const onData = (d) => { child.output = (child.output + d).slice(-20000); };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  child.once('exit', () => children.delete(child));
  return child;
}

async function stop(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise((r) => child.once('exit', r));
  process.kill(child.pid, 'SIGTERM');
  const t = setTimeout(() => { try { process.kill(child.pid, 'SIGKILL'); } catch { /* gone */ } }, 10000);
  await done;
  clearTimeout(t);
}

async function waitFor(child, needle, what, ms = 60000) {
  const deadline = Date.now() + ms;
  while (!child.output.includes(needle)) {
    if (child.exitCode !== null) throw new Error(`${what} exited:\n${child.output}`);
    if (Date.now() > deadline) throw new Error(`${what} not ready:\n${child.output}`);
    await delay(50);
  }
}

// ---------------------------------------------------------------------------------------- app copies

const e2eConfig = readFileSync(path.join(appDir, 'next.config.js'), 'utf8')
  // the copy lives in a temp dir: keep the roots pointing at the repo, as in the original
  .replaceAll("path.resolve(__dirname, '../../..')", JSON.stringify(repo));

const forteHandlerCjs = `'use strict';
// @fortedigital/nextjs-cache-handler@3.3.0, Quick Start, Redis only (redis-strings, node-redis).
const benchDir = ${JSON.stringify(here)};
const req = (m) => require(require.resolve(m, { paths: [benchDir] }));
const { CacheHandler } = req('@fortedigital/nextjs-cache-handler');
const createRedisHandler = req('@fortedigital/nextjs-cache-handler/redis-strings').default;
const { createClient } = req('redis');
CacheHandler.onCreation(async () => {
  const client = createClient({ url: process.env.FORTE_REDIS_URL, pingInterval: 10000 });
  client.on('error', (e) => console.error('forte redis client error', e.message));
  await client.connect();
  return { handlers: [createRedisHandler({ client, keyPrefix: 'fx:' })] };
});
module.exports = CacheHandler;
`;

const forteConfig = `// serve-isr bench copy: the e2e config with cacheHandler -> forte (see forte-cache-handler.js).
const path = require('node:path');
module.exports = {
  cacheHandler: path.join(__dirname, 'forte-cache-handler.js'),
  // /isr never reaches a 'use cache' handler; forte 3.3.0 has none, so cacheHandlers is left out.
  cacheMaxMemorySize: 0,
  experimental: { useCache: true },
  images: { customCacheHandler: true },
  turbopack: { root: ${JSON.stringify(repo)} },
  outputFileTracingRoot: ${JSON.stringify(repo)},
};
`;

function makeCopy(which) {
  const dir = mkdtempSync(path.join(tmpdir(), `serve-isr-${which}-`));
  for (const d of ['app', 'public', '.next']) cpSync(path.join(appDir, d), path.join(dir, d), { recursive: true });
  symlinkSync(path.join(e2eDir, 'node_modules'), path.join(dir, 'node_modules'));
  if (which === 'nextcachekv') {
    writeFileSync(path.join(dir, 'next.config.js'), e2eConfig);
  } else {
    writeFileSync(path.join(dir, 'next.config.js'), forteConfig);
    writeFileSync(path.join(dir, 'forte-cache-handler.js'), forteHandlerCjs);
  }
  return dir;
}

// ---------------------------------------------------------------------------------------- the origin

async function startOrigin() {
  let hits = 0;
  const server = http.createServer((req, res) => {
    if (req.url.startsWith('/posts')) {
      hits += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ n: hits }));
    } else res.writeHead(404).end();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    hits: () => hits,
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
  };
}

// ---------------------------------------------------------------------------------------- load

function getOnce(agent, port, p) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const req = http.get({ host: '127.0.0.1', port, path: p, agent }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve({ status: res.statusCode, cache: res.headers['x-nextjs-cache'], ms: performance.now() - t0 }));
    });
    req.on('error', (e) => resolve({ status: 0, error: e.message, ms: performance.now() - t0 }));
  });
}

async function load(port, seconds, concurrency) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const lat = [];
  let ok = 0; let other = 0; let hit = 0; let errors = 0;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const r = await getOnce(agent, port, '/isr');
      lat.push(r.ms);
      if (r.status === 200) { ok++; if (r.cache === 'HIT') hit++; } else if (r.status === 0) errors++; else other++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  lat.sort((a, b) => a - b);
  const q = (f) => lat[Math.min(lat.length - 1, Math.floor(f * lat.length))];
  return { ok, hit, other, errors, total: lat.length, elapsed, rps: ok / elapsed, p50: q(0.5), p99: q(0.99) };
}

// ---------------------------------------------------------------------------------------- one run

async function run(which, round) {
  const copy = makeCopy(which);
  const port = await freePort();
  const nextPort = await freePort();
  let server; let next; let origin; let dataDir;
  try {
    if (which === 'nextcachekv') {
      dataDir = mkdtempSync(path.join(tmpdir(), 'serve-isr-nk-data-'));
      server = start('dotnet', [dll, '--port', String(port), '--bind', '127.0.0.1', '--dir', dataDir, '--save', '0']);
      await waitFor(server, 'Ready to accept connections', 'NextCacheKv');
    } else {
      server = start(process.env.REDIS_SERVER || 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
      await waitFor(server, 'Ready to accept connections', 'redis-server');
    }
    origin = await startOrigin();
    const url = `redis://127.0.0.1:${port}`;
    const env = {
      ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production', E2E_ORIGIN: origin.url,
      ...(which === 'nextcachekv'
        ? { NEXTCACHEKV_URL: url, NEXTCACHEKV_PREFIX: 'bench:', NEXTCACHEKV_MODE: 'auto' }
        : { FORTE_REDIS_URL: url }),
    };
    next = start(process.execPath, [path.join(copy, 'node_modules/next/dist/bin/next'), 'start', '-p', String(nextPort), '-H', '127.0.0.1'], { cwd: copy, env });
    await waitFor(next, 'Ready in', 'next start');
    // warm: until x-nextjs-cache says HIT several times in a row
    const agent = new http.Agent({ keepAlive: true });
    const seen = [];
    let streak = 0;
    const deadline = Date.now() + 60000;
    while (streak < 5) {
      const r = await getOnce(agent, nextPort, '/isr');
      seen.push(`${r.status}/${r.cache ?? '-'}`);
      if (r.status === 200 && r.cache === 'HIT') streak++; else streak = 0;
      if (Date.now() > deadline) throw new Error(`/isr never HIT: ${seen.join(' ')}\n${next.output}`);
      if (streak === 0) await delay(200);
    }
    agent.destroy();
    log(`${which} round ${round}: warm (${seen.slice(0, 8).join(' ')}${seen.length > 8 ? ' …' : ''})`);
    const commands = () => {
      try {
        const info = execFileSync('redis-cli', ['-p', String(port), 'INFO', 'stats'], { encoding: 'utf8', timeout: 5000 });
        return Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? NaN);
      } catch { return NaN; }
    };
    const originBefore = origin.hits();
    const cmdBefore = commands();
    const res = await load(nextPort, opts.seconds, opts.concurrency);
    res.originHits = origin.hits() - originBefore;
    res.cmdPerReq = (commands() - cmdBefore - 1) / res.total;
    res.warm = seen.length;
    if (/error/i.test(next.output)) res.nextErrors = next.output.split('\n').filter((l) => /error/i.test(l)).slice(0, 3);
    log(`${which} round ${round}: ${res.rps.toFixed(0)} req/s, 200s ${res.ok} (HIT ${res.hit}), non-200 ${res.other}, errors ${res.errors}, p50 ${res.p50.toFixed(1)} ms, p99 ${res.p99.toFixed(1)} ms, server commands/request ${res.cmdPerReq.toFixed(2)}`);
    return res;
  } finally {
    await stop(next);
    await stop(server);
    await origin?.close();
    rmSync(copy, { recursive: true, force: true });
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------- main

if (!existsSync(path.join(appDir, '.next/BUILD_ID'))) throw new Error('build the e2e app first (tests/e2e/app/.next missing)');
if (!existsSync(dll)) throw new Error(`NextCacheKv not built: ${dll}`);
const handlers = ['nextcachekv', 'forte'];
const results = { nextcachekv: [], forte: [] };
for (let round = 1; round <= opts.rounds; round++) {
  for (const h of handlers) results[h].push(await run(h, round));
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const label = {
  nextcachekv: 'nextcachekv-cache-handler on NextCacheKv',
  forte: '@fortedigital/nextjs-cache-handler@3.3.0 (redis-strings) on redis-server 7.0.15',
};
const L = [];
L.push('# `next start` serving a cached ISR page: NextCacheKv handler vs forte on redis-server');
L.push('');
L.push(`Command (from bench/nextjs): \`node serve-isr.mjs --rounds ${opts.rounds} --seconds ${opts.seconds} --concurrency ${opts.concurrency}\``);
L.push('');
L.push(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, load avg at end ${loadavg()[0].toFixed(2)}; Node ${process.version}; Next.js 16.4.6 (tests/e2e/node_modules). Load generator, \`next start\`, origin and cache server all on this one machine.`);
L.push('');
L.push(`GET /isr (tests/e2e/app, revalidate 3600, one tagged fetch to a local JSON origin), warmed until \`x-nextjs-cache: HIT\`, then ${opts.concurrency} concurrent keep-alive requests (node:http Agent) for ${opts.seconds} s. Handlers alternate, ${opts.rounds} rounds; medians over rounds (per-round values in parentheses).`);
L.push('');
L.push('| handler | req/s (200s) | p50 ms | p99 ms | 200s | x-nextjs-cache HIT | non-200 / errors | origin fetches during load | cache-server commands / request |');
L.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const h of handlers) {
  const rs = results[h];
  const per = (f, d = 0) => `${median(rs.map(f)).toFixed(d)} (${rs.map((r) => f(r).toFixed(d)).join(', ')})`;
  L.push(`| ${label[h]} | ${per((r) => r.rps)} | ${per((r) => r.p50, 1)} | ${per((r) => r.p99, 1)} | ${per((r) => r.ok)} | ${per((r) => r.hit)} | ${rs.map((r) => `${r.other}/${r.errors}`).join(', ')} | ${rs.map((r) => r.originHits).join(', ')} | ${rs.map((r) => r.cmdPerReq.toFixed(2)).join(', ')} |`);
}
L.push('');
L.push('Cache-server commands / request: `total_commands_processed` (redis-cli INFO stats) delta over the load window ÷ requests sent, minus the INFO call itself. Well under 1 because `next start` (not minimal mode) coalesces concurrent lookups of the same key in its ResponseCache getBatcher: ~1 handler get per 15-25 requests at 50 in flight, so this mostly measures Next serving a cached page, with the handler on a minority of requests. The req/s gap between handlers is measured, not explained here (per-request `new CacheHandler()` cost, the shape of the value returned, and GC are candidates). nextcachekv\'s first /isr was already a HIT (the handler seeds the build prerender); forte\'s was a MISS, rendered once, then HIT.');
L.push('');
L.push('Setup: each run uses a fresh temp copy of tests/e2e/app (app/, public/, the prebuilt .next/, node_modules symlinked to tests/e2e/node_modules), a fresh cache server on a free loopback port (NextCacheKv `--save 0`; redis-server `--save \'\' --appendonly no`) and one `next start` process.');
L.push('- nextcachekv: the e2e next.config.js unchanged (cacheHandler and cacheHandlers = nextcachekv-cache-handler, `cacheMaxMemorySize: 0`), `NEXTCACHEKV_MODE=auto`.');
L.push("- forte: `cacheHandler` = a CommonJS file exporting forte's `CacheHandler` with `onCreation` → `[createRedisHandler({ client, keyPrefix: 'fx:' })]` on a node-redis client (from bench/nextjs/node_modules), `cacheMaxMemorySize: 0`, other options as the e2e config except `cacheHandlers` (not used by /isr).");
const table = L.join('\n') + '\n';
console.log(table);
if (opts.write) { writeFileSync(opts.out, table); log(`wrote ${opts.out}`); }
