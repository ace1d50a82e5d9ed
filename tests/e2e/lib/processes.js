'use strict';
// Processes the e2e tests start: the Next.js build, `next start` instances, NextCacheKv (restartable on
// the same port and folder), redis-server (through the handler package's own test helper) and a tiny
// JSON origin. Every child is tracked by PID and stopped by PID, also when the test process exits early.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const servers = require('../../../src/next-cache-handler/testing/servers.js');

const e2eDir = path.resolve(__dirname, '..');
const repo = path.resolve(e2eDir, '../..');
const appDir = path.join(e2eDir, 'app');
const nextBin = path.join(e2eDir, 'node_modules/next/dist/bin/next');
const handlerDir = path.join(repo, 'src/next-cache-handler');
const defaultDll = path.join(repo, 'src/NextCacheKv.Host/bin/Release/net10.0/nextcachekv.dll');

const { freePort } = servers;

// Last resort: a child still running when this process exits (a crash, a runner timeout) is killed.
const live = new Set();
const liveStops = new Set();
function killAll() {
  for (const stop of liveStops) stop().catch(() => {}); // sends SIGKILL synchronously
  for (const child of live) {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    killAll();
    process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
  });
}

function track(child) {
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

/** Keeps the last `limit` characters a child printed, for failure messages. */
function captureOutput(child, limit = 20_000) {
  const state = { text: '' };
  const onData = (chunk) => {
    state.text = (state.text + chunk).slice(-limit);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return state;
}

function exited(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** SIGTERM (or the given signal), then SIGKILL if it has not exited after `graceMs`. */
async function stopChild(child, signal = 'SIGTERM', graceMs = 10_000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const done = exited(child);
  child.kill(signal);
  let timer;
  const late = new Promise((resolve) => {
    timer = setTimeout(() => resolve('late'), graceMs);
  });
  if ((await Promise.race([done, late])) === 'late') {
    child.kill('SIGKILL');
    await done;
  }
  clearTimeout(timer);
}

function waitForLine(child, output, needle, what, timeoutMs) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`${what} not ready in ${timeoutMs} ms:\n${output.text}`)), timeoutMs);
    const onData = () => {
      if (output.text.includes(needle)) finish();
    };
    const onExit = (code, signal) => finish(new Error(`${what} exited (${code ?? signal}) before it was ready:\n${output.text}`));
    function finish(error) {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.stderr.off('data', onData);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve();
    }
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', onExit);
    onData();
  });
}

// ---- the Next.js build ---------------------------------------------------------------------------

function newestMtime(entry) {
  let stat;
  try {
    stat = fs.statSync(entry);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, name)));
  return newest;
}

/** What the build depends on: the app's sources, its config, the Next.js version and this recipe. */
function buildInputsMtime() {
  return Math.max(
    newestMtime(path.join(appDir, 'app')),
    newestMtime(__filename),
    newestMtime(path.join(appDir, 'next.config.js')),
    newestMtime(path.join(e2eDir, 'package-lock.json')),
  );
}

/**
 * Runs `next build` only when .next is missing or older than its inputs. The build renders /isr (and
 * its tagged fetch) against a build-time origin answering { n: 'build' }, so its prerender carries the
 * same tags as a runtime render. The handler is loaded at run time, not bundled: the build never needs a
 * cache server (nothing listens on port 1, so the handler gets fast misses). Returns { built, ms }.
 */
async function ensureBuilt() {
  const buildId = path.join(appDir, '.next', 'BUILD_ID');
  const builtAt = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
  if (builtAt && builtAt >= buildInputsMtime()) return { built: false, ms: 0 };
  const started = Date.now();
  const origin = await startOrigin(() => 'build');
  try {
    const child = track(spawn(process.execPath, [nextBin, 'build', appDir], {
      cwd: appDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        NEXT_TELEMETRY_DISABLED: '1',
        NEXTCACHEKV_URL: 'redis://127.0.0.1:1',
        NEXTCACHEKV_PREFIX: 'e2e-build:',
        E2E_ORIGIN: origin.url,
      },
    }));
    const output = captureOutput(child, 200_000);
    const timer = setTimeout(() => child.kill('SIGKILL'), 420_000);
    await exited(child);
    clearTimeout(timer);
    if (child.exitCode !== 0) throw new Error(`next build failed (${child.exitCode ?? child.signalCode}):\n${output.text}`);
  } finally {
    await origin.close();
  }
  return { built: true, ms: Date.now() - started };
}

// ---- next start ----------------------------------------------------------------------------------

async function startNext(name, env) {
  const port = await freePort();
  const child = track(spawn(process.execPath, [nextBin, 'start', appDir, '--port', String(port), '--hostname', '127.0.0.1'], {
    cwd: appDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production', ...env },
  }));
  const output = captureOutput(child);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`next start ${name} exited:\n${output.text}`);
    try {
      const res = await fetch(`${base}/`, { signal: AbortSignal.timeout(5_000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stopChild(child, 'SIGKILL');
      throw new Error(`next start ${name} not ready in 60 s:\n${output.text}`);
    }
    await delay(100);
  }
  return { name, port, base, child, output, stop: () => stopChild(child, 'SIGTERM', 10_000) };
}

// ---- NextCacheKv and redis-server ----------------------------------------------------------------

/** NextCacheKv on a fixed port and folder, so it can be stopped and started again on the same data. */
async function startNextCacheKv(port, dir) {
  const flags = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '3600'];
  // NEXTCACHEKV_BIN: a built server (scripts/build-server.sh, or its --native build), run as it is.
  const binary = process.env.NEXTCACHEKV_BIN;
  const dll = process.env.NEXTCACHEKV_DLL || defaultDll;
  if (!fs.existsSync(binary || dll)) throw new Error(`NextCacheKv is not built: ${binary || dll} (dotnet build src/NextCacheKv.Host -c Release)`);
  const child = track(spawn(binary || 'dotnet', binary ? flags : [dll, ...flags], {
    stdio: ['ignore', 'pipe', 'pipe'],
  }));
  const output = captureOutput(child);
  await waitForLine(child, output, 'Ready to accept connections', 'NextCacheKv', 60_000).catch(async (error) => {
    await stopChild(child, 'SIGKILL');
    throw error;
  });
  return { kind: 'nextcachekv', port, url: `redis://127.0.0.1:${port}`, child, output };
}

/** redis-server from the handler package's test helper; stop() is safe to call more than once. */
async function startRedis() {
  const server = await servers.start('redis');
  let stopping = null;
  const stop = () => (stopping ??= server.stop());
  // Its child is not ours to track; killing it on an early exit goes through its own stop().
  liveStops.add(stop);
  return { kind: 'redis', port: server.port, url: server.url, stop: async () => { await stop(); liveStops.delete(stop); } };
}

/** An ioredis client from the handler package's own dependencies, for looking at the cache server. */
function inspector(url) {
  const Redis = require(require.resolve('ioredis', { paths: [handlerDir] }));
  return new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2_000, lazyConnect: true });
}

// ---- the origin ----------------------------------------------------------------------------------

/**
 * A JSON origin: GET /posts answers { n }, by default n counting the requests, so a refetch is visible.
 */
async function startOrigin(valueOf = (hits) => hits) {
  const state = { hits: 0 };
  const server = http.createServer((req, res) => {
    if (req.url.startsWith('/posts')) {
      state.hits += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ n: valueOf(state.hits) }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    state,
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

module.exports = {
  appDir,
  ensureBuilt,
  startNext,
  startNextCacheKv,
  startRedis,
  startOrigin,
  stopChild,
  inspector,
  freePort,
  delay,
};
