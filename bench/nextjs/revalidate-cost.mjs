#!/usr/bin/env node
// revalidate-cost.mjs - what revalidateTag and get cost through real Next.js cache handlers, as the
// number of cached pages grows. A benchmark, not a test.
//
// For each N (1k, 10k, 100k; 1M with --million) and each pair
//   nextcachekv: nextcachekv-cache-handler (NEXTGET/NEXTSET/NEXTTAG) on NextCacheKv
//   forte:       @fortedigital/nextjs-cache-handler@3.3.0, redis-strings handler, on redis-server
// it starts a fresh server (free loopback port, fresh temp dir, persistence off), then in a fresh Node
// worker process:
//   1. populates N APP_PAGE entries through `new Handler(ctx).set(key, value, ctx)` as Next calls it
//      (≈2 KB html, 1 KB rscData Buffer, tags in x-next-cache-tags: _N_T_/layout, _N_T_/p/<i>,
//      bucket-<i%100>, and `posts` on ≈1 % of entries), --concurrency (200) calls in flight;
//   2. times revalidateTag(['bucket-7']) and revalidateTag(['posts']) (no durations, as revalidatePath /
//      updateTag / one-argument revalidateTag call it): median of --reps (5) calls. Before every call
//      the entries carrying the tag are written again (not timed), so each call has the same work;
//      after every call a sample of tagged keys must be misses and untagged keys hits;
//   3. times the get path: `new Handler(ctx).get(key, {kind:'APP_PAGE'})` on random populated keys,
//      --get-concurrency (50) calls in flight for --get-seconds (5) s; every hit is checked;
//   4. checks with EXISTS that all N entries are still there, and records the server's RSS after
//      populate (/proc/<pid>/status VmRSS), DBSIZE and server CPU time.
// It prints a markdown table and writes it to bench/results/<date>-nextjs-revalidate.md.
//
// Usage: node revalidate-cost.mjs [--sizes 1000,10000,100000] [--million] [--handlers nextcachekv,forte]
//          [--reps 5] [--concurrency 200] [--get-seconds 5] [--get-concurrency 50] [--revalidate 60]
//          [--expire 3600] [--worker-timeout S] [--out FILE | --no-write] [--nk-args '--maxmemory 1gb']
// --million: forte sets each entry's TTL to 1.5 × revalidate (it ignores expire), so with the default
//   revalidate 60 its entries start expiring 90 s into a 1M populate; add --revalidate 3600 for 1M.
// Env: NEXTCACHEKV_DLL (default src/NextCacheKv.Host/bin/Release/net10.0/nextcachekv.dll; build it with
//      `dotnet build src/NextCacheKv.Host -c Release`; its folder is copied at start, so a rebuild
//      during the run changes nothing), REDIS_SERVER (default redis-server), BENCH_DIAG=1 (also check
//      every entry after populate and after each revalidateTag stage), BENCH_MISSING_DIR (write the
//      indexes of missing entries there as JSON).
// Needs `npm install` here first. Every process it starts (servers, workers) is stopped by its own PID,
// also on Ctrl-C or failure.

import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, cpus, totalmem, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const HTML_LEN = 2048;
const RSC_LEN = 1024;
const PAGE_ROUTE_HASH = createHash('sha256').update('/p/[id]/page').digest('hex');

// ---------------------------------------------------------------------------------------------- options

function parseArgs(argv) {
  const o = {
    sizes: [1000, 10000, 100000], million: false, handlers: ['nextcachekv', 'forte'], reps: 5,
    concurrency: 200, getSeconds: 5, getConcurrency: 50, revalidate: 60, expire: 3600,
    workerTimeout: 0, out: null, write: true, nkArgs: [], worker: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    switch (a) {
      case '--sizes': o.sizes = next().split(',').map((s) => parseSize(s)); break;
      case '--million': o.million = true; break;
      case '--handlers': o.handlers = next().split(','); break;
      case '--reps': o.reps = Number(next()); break;
      case '--concurrency': o.concurrency = Number(next()); break;
      case '--get-seconds': o.getSeconds = Number(next()); break;
      case '--get-concurrency': o.getConcurrency = Number(next()); break;
      case '--revalidate': o.revalidate = Number(next()); break;
      case '--expire': o.expire = Number(next()); break;
      case '--worker-timeout': o.workerTimeout = Number(next()); break;
      case '--out': o.out = next(); break;
      case '--no-write': o.write = false; break;
      case '--nk-args': o.nkArgs = next().split(/\s+/).filter(Boolean); break;
      case '--worker': o.worker = JSON.parse(next()); break;
      case '-h': case '--help':
        console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 35).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
        process.exit(0);
        break;
      default: throw new Error(`unknown option ${a} (--help)`);
    }
  }
  if (o.million && !o.sizes.includes(1_000_000)) o.sizes.push(1_000_000);
  for (const h of o.handlers) if (!['nextcachekv', 'forte'].includes(h)) throw new Error(`unknown handler ${h}`);
  return o;
}

function parseSize(s) {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(s.trim());
  if (!m) throw new Error(`bad size ${s}`);
  return Math.round(Number(m[1]) * ({ '': 1, k: 1e3, m: 1e6 }[m[2].toLowerCase()]));
}

// ------------------------------------------------------------------------------------- the data set

function keyOf(i) {
  return `/route-cache/APP_PAGE/${PAGE_ROUTE_HASH}/$/p/${i}`;
}

/** ≈1 % of entries, spread over the whole range (not one residue class mod 100, so not one bucket). */
function hasPosts(i) {
  return ((Math.imul(i + 1, 2654435761) >>> 0) % 10007) < 100;
}

function tagsOf(i) {
  const tags = ['_N_T_/layout', `_N_T_/p/${i}`, `bucket-${i % 100}`];
  if (hasPosts(i)) tags.push('posts');
  return tags;
}

function indexesWithTag(tag, n) {
  const out = [];
  if (tag === 'posts') {
    for (let i = 0; i < n; i++) if (hasPosts(i)) out.push(i);
  } else {
    const b = Number(tag.slice('bucket-'.length));
    for (let i = b; i < n; i += 100) out.push(i);
  }
  return out;
}

let rng = 0x9e3779b9;
function rand32() { // xorshift32: deterministic filler, independent of Math.random
  rng ^= rng << 13; rng >>>= 0;
  rng ^= rng >>> 17;
  rng ^= rng << 5; rng >>>= 0;
  return rng;
}
const HTML_FILLER = Array.from({ length: HTML_LEN }, () => 'abcdefghijklmnopqrstuvwxyz0123456789 <>/="'[rand32() % 42]).join('');
const RSC_FILLER = Buffer.from(Array.from({ length: RSC_LEN }, () => rand32() & 0xff));

function htmlOf(i) {
  const head = `<!DOCTYPE html><html><body><h1>/p/${i}</h1>`;
  return head + HTML_FILLER.slice(head.length);
}

function valueOf(i) {
  const rscData = Buffer.from(RSC_FILLER);
  rscData.writeUInt32LE(i, 0);
  return {
    kind: 'APP_PAGE',
    html: htmlOf(i),
    rscData,
    headers: { 'x-nextjs-stale-time': '300', 'x-next-cache-tags': tagsOf(i).join(',') },
    postponed: undefined,
    status: undefined,
    segmentData: undefined,
  };
}

function checkHit(i, hit) {
  const v = hit?.value;
  return !!v && v.kind === 'APP_PAGE' && v.html === htmlOf(i) && Buffer.isBuffer(v.rscData)
    && v.rscData.length === RSC_LEN && v.rscData.readUInt32LE(0) === i;
}

// ------------------------------------------------------------------------------------------ helpers

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function rssMiB(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

const CLK_TCK = (() => {
  try { return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100; } catch { return 100; }
})();
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / CLK_TCK;
  } catch {
    return null;
  }
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** Runs fn(i) for every i in items with at most `limit` in flight. */
async function pool(items, limit, fn) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = items[next++];
      await fn(i);
    }
  });
  await Promise.all(lanes);
}

function range(n) {
  return Array.from({ length: n }, (_, i) => i);
}

const log = (...a) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...a);

// --------------------------------------------------------------------------------------- the worker

/** In a fresh process: one handler against one already-started server. Prints `RESULT <json>`. */
async function runWorker(w) {
  const { handler: which, n, url, serverPid, reps, concurrency, getSeconds, getConcurrency, revalidate, expire } = w;
  const setCtx = { kind: 'APP_PAGE', cacheControl: { revalidate, expire }, isRoutePPREnabled: false, isFallback: false };
  const getCtx = { kind: 'APP_PAGE', isRoutePPREnabled: false, isFallback: false };
  // What Next passes to the constructor (per request, outside minimal mode).
  const distDir = mkdtempSync(path.join(tmpdir(), 'nk-bench-dist-'));
  const nextCtx = { dev: false, flushToDisk: false, serverDistDir: path.join(distDir, 'server'), revalidatedTags: [], _requestHeaders: {} };

  const { createClient } = await import('redis');
  const admin = createClient({ url });
  admin.on('error', (e) => log('admin client error', e.message));
  await admin.connect();

  let Handler;
  let close;
  const warnings = [];
  if (which === 'nextcachekv') {
    const mod = await import('nextcachekv-cache-handler');
    Handler = mod.default;
    // mode 'next': must use NEXTGET/NEXTSET/NEXTTAG (no silent Lua fallback); no seeding from a build.
    Handler.configure({
      url, keyPrefix: 'nk:', mode: 'next', seed: false,
      logger: { info() {}, warn: (m) => { warnings.push(String(m)); log('handler warning:', m); }, error: (m) => warnings.push(String(m)) },
    });
    close = async () => {};
  } else {
    const { CacheHandler } = await import('@fortedigital/nextjs-cache-handler');
    const { default: createRedisHandler } = await import('@fortedigital/nextjs-cache-handler/redis-strings');
    // The package's Quick Start, Redis only (no LRU in front: every get reaches the server).
    const client = createClient({ url, pingInterval: 10000 });
    client.on('error', (e) => { warnings.push(String(e.message)); log('redis client error', e.message); });
    await client.connect();
    CacheHandler.onCreation(() => ({ handlers: [createRedisHandler({ client, keyPrefix: 'fx:' })] }));
    Handler = CacheHandler;
    close = () => client.quit();
  }
  const h = () => new Handler(nextCtx); // Next builds the singular handler once per request

  const setOne = (i) => h().set(keyOf(i), valueOf(i), setCtx);
  const getOne = (i) => h().get(keyOf(i), getCtx);
  const result = { handler: which, n, warnings, loadBefore: loadavg()[0] };
  const runStart = performance.now();

  // Every entry must be there: each was written, and rewritten after its tag's revalidations.
  // BENCH_DIAG=1 also checks after populate and after each revalidateTag stage.
  const diag = process.env.BENCH_DIAG === '1';
  async function verifyAll(when) {
    const prefix = which === 'nextcachekv' ? 'nk:' : 'fx:';
    const missing = [];
    const batches = [];
    for (let i = 0; i < n; i += 1000) batches.push(i);
    await pool(batches, 8, async (start) => {
      const idx = range(Math.min(1000, n - start)).map((k) => start + k);
      const count = await admin.exists(idx.map((i) => prefix + keyOf(i)));
      if (count === idx.length) return;
      for (const i of idx) if (!(await admin.exists(prefix + keyOf(i)))) missing.push(i);
    });
    missing.sort((a, b) => a - b);
    const cls = (i) => (i % 100 === 7 ? (hasPosts(i) ? 'bucket-7+posts' : 'bucket-7') : hasPosts(i) ? 'posts' : 'untagged');
    const byClass = {};
    for (const i of missing) byClass[cls(i)] = (byClass[cls(i)] || 0) + 1;
    if (missing.length || diag) log(`${which} N=${n}: ${missing.length} entries missing ${when} ${JSON.stringify(byClass)}, first ${missing.slice(0, 10).join(',')}; DBSIZE ${await admin.dbSize()}`);
    if (missing.length && process.env.BENCH_MISSING_DIR) {
      writeFileSync(path.join(process.env.BENCH_MISSING_DIR, `missing-${which}-${n}-${when.replace(/\W+/g, '_')}-${Date.now()}.json`), JSON.stringify(missing));
    }
    return { missing: missing.length, byClass, first: missing.slice(0, 20) };
  }

  // 1. populate
  log(`${which} N=${n}: populating`);
  const cpu0 = cpuSeconds(serverPid);
  let t0 = performance.now();
  await pool(range(n), concurrency, setOne);
  result.populateSeconds = (performance.now() - t0) / 1000;
  result.populateRate = n / result.populateSeconds;
  result.populateServerCpu = cpuSeconds(serverPid) - cpu0;
  result.dbsize = await admin.dbSize();
  if (diag) await verifyAll('after populate');
  result.rssAfterPopulate = rssMiB(serverPid);
  if (which === 'nextcachekv') result.entryType = await admin.type(`nk:${keyOf(0)}`);
  log(`${which} N=${n}: populated in ${result.populateSeconds.toFixed(1)} s (${Math.round(result.populateRate)}/s), DBSIZE ${result.dbsize}, server RSS ${result.rssAfterPopulate?.toFixed(0)} MiB`);

  // 2. revalidateTag
  result.revalidate = {};
  for (const tag of ['bucket-7', 'posts']) {
    const tagged = indexesWithTag(tag, n);
    const taggedSet = new Set(tagged);
    const untaggedSample = [];
    while (untaggedSample.length < 20) {
      const i = Math.floor(Math.random() * n);
      if (!taggedSet.has(i)) untaggedSample.push(i);
    }
    const times = [];
    const wrong = { stillHit: 0, lostUntagged: 0 };
    let cpuInCalls = 0;
    for (let r = 0; r < reps; r++) {
      // Same work every call: the tagged entries are rendered again first (not timed).
      await pool(tagged, concurrency, setOne);
      // Next's rule is `ts < expiredAt` in whole milliseconds: an entry written in the same ms as the
      // revalidation stays fresh. Let the clock move on so the check below is unambiguous.
      await new Promise((resolve) => setTimeout(resolve, 3));
      const c0 = cpuSeconds(serverPid);
      t0 = performance.now();
      await h().revalidateTag([tag]);
      times.push(performance.now() - t0);
      cpuInCalls += cpuSeconds(serverPid) - c0;
      const taggedSample = tagged.slice(0, 10).concat(tagged.slice(-10));
      for (const i of taggedSample) if (await getOne(i)) wrong.stillHit++;
      for (const i of untaggedSample) if (!checkHit(i, await getOne(i))) wrong.lostUntagged++;
    }
    await pool(tagged, concurrency, setOne); // leave every entry fresh for the get phase
    if (diag) await verifyAll(`after the ${tag} stage`);
    result.revalidate[tag] = {
      entries: tagged.length, timesMs: times, medianMs: median(times), dbsizeAfter: await admin.dbSize(),
      serverCpuPerCallMs: (cpuInCalls / reps) * 1000, ...wrong,
    };
    log(`${which} N=${n}: revalidateTag(['${tag}']) (${tagged.length} entries) median ${median(times).toFixed(2)} ms  [${times.map((t) => t.toFixed(1)).join(', ')}]${wrong.stillHit || wrong.lostUntagged ? `  WRONG: ${JSON.stringify(wrong)}` : ''}`);
  }

  // 3. get throughput
  {
    let hits = 0, misses = 0, bad = 0, errors = 0;
    const lat = [];
    const c0 = cpuSeconds(serverPid);
    t0 = performance.now();
    const end = t0 + getSeconds * 1000;
    await Promise.all(Array.from({ length: getConcurrency }, async () => {
      while (performance.now() < end) {
        const i = Math.floor(Math.random() * n);
        const s = performance.now();
        let hit;
        try {
          hit = await getOne(i);
        } catch {
          errors++;
          continue;
        }
        lat.push(performance.now() - s);
        if (!hit) misses++;
        else if (checkHit(i, hit)) hits++;
        else bad++;
      }
    }));
    const secs = (performance.now() - t0) / 1000;
    const serverCpu = cpuSeconds(serverPid) - c0;
    lat.sort((a, b) => a - b);
    const total = hits + misses + bad + errors;
    result.get = {
      seconds: secs, calls: total, rps: total / secs, hits, misses, bad, errors,
      p50Ms: percentile(lat, 0.5), p99Ms: percentile(lat, 0.99),
      serverCpuPerKCallsMs: (serverCpu / total) * 1e6,
    };
    log(`${which} N=${n}: get ${Math.round(result.get.rps)} req/s, hits ${hits}/${total}, p50 ${result.get.p50Ms.toFixed(2)} ms, p99 ${result.get.p99Ms.toFixed(2)} ms`);
  }
  // 4. every entry must still be there
  result.verify = await verifyAll('at the end');
  result.rssAtEnd = rssMiB(serverPid);
  result.elapsedSeconds = (performance.now() - runStart) / 1000;
  result.loadAfter = loadavg()[0];
  result.dbsizeAtEnd = await admin.dbSize();
  if (which === 'forte') {
    result.forteHashes = {
      sharedTags: await admin.hLen('fx:__sharedTags__'),
      sharedTagsTtl: await admin.hLen('fx:__sharedTagsTtl__'),
    };
  }
  await close();
  await admin.quit();
  rmSync(distDir, { recursive: true, force: true });
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  process.exit(0); // the NextCacheKv handler keeps its module-scope connection open
}

// ----------------------------------------------------------------------------------- the orchestrator

const started = new Map(); // pid -> ChildProcess: only what this script started
let buildCopy = null; // the NextCacheKv build, copied once so a rebuild during the run cannot change it

/** Copies the build folder of nextcachekv.dll to a temp dir; returns the copied dll and the build's time. */
function snapshotBuild() {
  const dll = process.env.NEXTCACHEKV_DLL || path.join(repo, 'src/NextCacheKv.Host/bin/Release/net10.0/nextcachekv.dll');
  if (!existsSync(dll)) throw new Error(`NextCacheKv is not built: ${dll} (cd ${repo} && dotnet build src/NextCacheKv.Host -c Release)`);
  const dir = mkdtempSync(path.join(tmpdir(), 'nk-bench-build-'));
  cpSync(path.dirname(dll), dir, { recursive: true });
  const newest = Math.max(...readdirSync(path.dirname(dll)).filter((f) => /\.dll$/i.test(f)).map((f) => statSync(path.join(path.dirname(dll), f)).mtimeMs));
  buildCopy = { dir, dll: path.join(dir, path.basename(dll)), builtAt: new Date(newest).toISOString().slice(0, 19).replace('T', ' ') + ' UTC' };
  return buildCopy;
}

async function startServer(kind, nkArgs) {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), `nk-bench-${kind}-`));
  let file, args;
  if (kind === 'redis') {
    file = process.env.REDIS_SERVER || 'redis-server';
    args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
  } else {
    file = 'dotnet';
    args = [buildCopy.dll, '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '0', ...nkArgs];
  }
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  started.set(child.pid, child);
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', (code, sig) => resolve({ code, sig })));
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} not ready in 60 s:\n${output.slice(-2000)}`)), 60_000);
    const onData = (chunk) => {
      output += chunk;
      if (output.length > 200_000) output = output.slice(-100_000);
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exited.then(({ code, sig }) => {
      clearTimeout(timer);
      reject(new Error(`${kind} exited (${code ?? sig}) before it was ready:\n${output.slice(-2000)}`));
    });
  });
  const version = kind === 'redis' ? (/v=(\S+)/.exec(execFileSync(file, ['--version']).toString())?.[1] ?? '?') : 'build ' + gitHead();
  return {
    kind, port, pid: child.pid, dir, version, url: `redis://127.0.0.1:${port}`,
    log: () => output,
    alive: () => child.exitCode === null && child.signalCode === null,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(child.pid, 'SIGTERM');
        const t = setTimeout(() => { if (child.exitCode === null) process.kill(child.pid, 'SIGKILL'); }, 15_000);
        await exited;
        clearTimeout(t);
      }
      started.delete(child.pid);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function runWorkerProcess(spec, timeoutSeconds) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--worker', JSON.stringify(spec)], {
      stdio: ['ignore', 'pipe', 'inherit'], cwd: here,
    });
    started.set(child.pid, child);
    let out = '';
    child.stdout.on('data', (c) => { out += c; });
    const timer = setTimeout(() => {
      log(`worker ${spec.handler} N=${spec.n} over its ${timeoutSeconds} s budget: stopping it (pid ${child.pid})`);
      process.kill(child.pid, 'SIGKILL');
    }, timeoutSeconds * 1000);
    child.once('exit', (code, sig) => {
      clearTimeout(timer);
      started.delete(child.pid);
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (line) resolve(JSON.parse(line.slice(7)));
      else reject(new Error(`worker ${spec.handler} N=${spec.n} failed (${code ?? sig}): ${out.slice(-1000)}`));
    });
  });
}

function gitHead() {
  try {
    const head = execFileSync('git', ['-C', repo, 'rev-parse', '--short', 'HEAD']).toString().trim();
    const dirty = execFileSync('git', ['-C', repo, 'status', '--porcelain', '--', 'src']).toString().trim() ? ' + uncommitted src/ changes' : '';
    return head + dirty;
  } catch {
    return '?';
  }
}

function stopEverything() {
  for (const [pid, child] of started) {
    if (child.exitCode === null && child.signalCode === null) {
      try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
    }
  }
  if (buildCopy) rmSync(buildCopy.dir, { recursive: true, force: true });
}

const fmt = (x, d = 0) => (x === null || x === undefined || Number.isNaN(x) ? '-' : x.toFixed(d));
const fmtN = (n) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n));

function renderMarkdown(o, rows, failures, meta) {
  const L = [];
  L.push(`# Next.js handlers: revalidateTag cost and get throughput, ${meta.when}`);
  L.push('');
  L.push(`- ${meta.machine}; handlers, Node worker and server share the cores; loopback`);
  L.push(`- nextcachekv: \`nextcachekv-cache-handler\` (file:../../src/next-cache-handler, mode \`next\`) on NextCacheKv ${meta.nkVersion} (\`--save 0\`${o.nkArgs.length ? ' ' + o.nkArgs.join(' ') : ''}, other flags default)`);
  L.push(`- forte: \`@fortedigital/nextjs-cache-handler@${meta.forteVersion}\` \`CacheHandler\` + \`redis-strings\` (Quick Start, Redis only, defaults: \`revalidateTagQuerySize\` 10000, \`EXPIREAT\`), node-redis ${meta.redisClientVersion}, on redis-server ${meta.redisVersion} (\`--save '' --appendonly no\`)`);
  L.push(`- Node ${process.version}; entries: APP_PAGE, html ${HTML_LEN} chars, rscData Buffer ${RSC_LEN} B, tags \`_N_T_/layout\`, \`_N_T_/p/<i>\`, \`bucket-<i%100>\`, \`posts\` on ≈1 %; set ctx \`cacheControl {revalidate: ${o.revalidate}, expire: ${o.expire}}\`; populate ${o.concurrency} in flight`);
  L.push(`- revalidateTag: \`revalidateTag([tag])\` without durations, median of ${o.reps} calls, the tagged entries written again before each call (not timed); get: \`get(key, {kind:'APP_PAGE'})\` on random keys, ${o.getConcurrency} in flight for ${o.getSeconds} s, each hit checked against what was written`);
  L.push(`- a handler instance per call, as Next builds one per request; every server fresh per N and handler`);
  L.push(`- load average (1 min) before the run ${fmt(meta.loadStart, 2)}, after ${fmt(loadavg()[0], 2)}: anything else running on the machine shows up in these figures`);
  L.push('');
  L.push(`| N | handler / server | revalidateTag(['bucket-7']) ms | revalidateTag(['posts']) ms | get req/s | get p50 / p99 ms | get hits | populate sets/s | server RSS after populate MiB |`);
  L.push('|---:|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const b = r.revalidate['bucket-7'], p = r.revalidate.posts;
    const label = r.handler === 'nextcachekv' ? 'nextcachekv / NextCacheKv' : `forte redis-strings / redis ${meta.redisVersion}`;
    const hitPct = r.get.calls ? (100 * r.get.hits) / r.get.calls : NaN;
    L.push(`| ${fmtN(r.n)} | ${label} | ${fmt(b.medianMs, b.medianMs < 10 ? 2 : 1)} (${b.entries} entries) | ${fmt(p.medianMs, p.medianMs < 10 ? 2 : 1)} (${p.entries} entries) | ${fmt(r.get.rps)} | ${fmt(r.get.p50Ms, 2)} / ${fmt(r.get.p99Ms, 2)} | ${fmt(hitPct, 1)} % | ${fmt(r.populateRate)} | ${fmt(r.rssAfterPopulate)} |`);
  }
  L.push('');
  L.push('Details per run (server CPU from /proc, all revalidateTag times in ms):');
  L.push('');
  for (const r of rows) {
    const b = r.revalidate['bucket-7'], p = r.revalidate.posts;
    const parts = [
      `populate ${fmt(r.populateSeconds, 1)} s (server CPU ${fmt(r.populateServerCpu, 1)} s), DBSIZE ${r.dbsize} after populate, ${r.dbsizeAtEnd} at end`,
      `bucket-7 [${b.timesMs.map((t) => fmt(t, 1)).join(', ')}] server CPU/call ${fmt(b.serverCpuPerCallMs, 0)} ms`,
      `posts [${p.timesMs.map((t) => fmt(t, 1)).join(', ')}] server CPU/call ${fmt(p.serverCpuPerCallMs, 0)} ms`,
      `get ${r.get.calls} calls in ${fmt(r.get.seconds, 1)} s, misses ${r.get.misses}, wrong values ${r.get.bad}, errors ${r.get.errors}, server CPU ${fmt(r.get.serverCpuPerKCallsMs, 0)} ms per 1000 gets`,
      `server RSS at end ${fmt(r.rssAtEnd)} MiB`,
      `DBSIZE after the bucket-7 stage ${b.dbsizeAfter}, after the posts stage ${p.dbsizeAfter}`,
      r.verify.missing ? `**${r.verify.missing} entries missing at the end** ${JSON.stringify(r.verify.byClass)} (first: ${r.verify.first.join(', ')})` : 'all N entries present at the end (EXISTS)',
    ];
    parts.push(`run ${fmt(r.elapsedSeconds, 0)} s, load average ${fmt(r.loadBefore, 2)} before, ${fmt(r.loadAfter, 2)} after`);
    if (r.entryType) parts.push(`TYPE of an entry: ${r.entryType}`);
    const expected = r.handler === 'forte' ? r.n + 2 : r.n; // forte adds __sharedTags__ and __sharedTagsTtl__
    if (r.dbsize !== expected || r.dbsizeAtEnd !== expected) parts.push(`**DBSIZE is not ${expected}**`);
    if (r.handler === 'forte' && r.elapsedSeconds > 1.5 * o.revalidate) parts.push(`**the run outlasted forte's entry TTL (1.5 × revalidate = ${1.5 * o.revalidate} s; it ignores expire): early entries expired during it**`);
    if (r.forteHashes) parts.push(`__sharedTags__ ${r.forteHashes.sharedTags} fields, __sharedTagsTtl__ ${r.forteHashes.sharedTagsTtl}`);
    const wrong = [b, p].filter((x) => x.stillHit || x.lostUntagged);
    if (wrong.length) parts.push(`**invalidation check failed**: ${JSON.stringify({ bucket7: [b.stillHit, b.lostUntagged], posts: [p.stillHit, p.lostUntagged] })} (tagged still hit, untagged lost)`);
    if (r.warnings.length) parts.push(`handler warnings: ${[...new Set(r.warnings)].slice(0, 3).join(' | ')}`);
    L.push(`- ${fmtN(r.n)} ${r.handler}: ${parts.join('; ')}`);
  }
  for (const f of failures) L.push(`- **${fmtN(f.n)} ${f.handler} failed**: ${f.error}`);
  L.push('');
  L.push(`Command: \`${meta.command}\``);
  L.push('');
  return L.join('\n');
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.worker) return runWorker(o.worker);

  process.on('SIGINT', () => { stopEverything(); process.exit(130); });
  process.on('SIGTERM', () => { stopEverything(); process.exit(143); });
  process.on('exit', stopEverything);

  const readVersion = (p) => JSON.parse(readFileSync(path.join(here, 'node_modules', p, 'package.json'), 'utf8')).version;
  if (!existsSync(path.join(here, 'node_modules'))) throw new Error(`run \`npm install\` in ${here} first`);
  // The handler is a file: dependency (a symlink), so its own dependencies live in its folder.
  const handlerFolder = path.resolve(here, '../../src/next-cache-handler');
  if (o.handlers.includes('nextcachekv') && !existsSync(path.join(handlerFolder, 'node_modules', 'ioredis')))
    throw new Error(`run \`npm install\` in ${handlerFolder} first`);
  const meta = {
    when: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    loadStart: loadavg()[0],
    machine: `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB`,
    forteVersion: readVersion('@fortedigital/nextjs-cache-handler'),
    redisClientVersion: readVersion('redis'),
    nkVersion: o.handlers.includes('nextcachekv') ? `${gitHead()}, build of ${snapshotBuild().builtAt}` : '-',
    redisVersion: '?',
    command: `cd bench/nextjs && node revalidate-cost.mjs ${process.argv.slice(2).join(' ')}`.trim(),
  };

  const rows = [];
  const failures = [];
  for (const n of o.sizes) {
    for (const handler of o.handlers) {
      const kind = handler === 'nextcachekv' ? 'nextcachekv' : 'redis';
      const server = await startServer(kind, o.nkArgs);
      if (kind === 'redis') meta.redisVersion = server.version;
      log(`started ${kind} pid ${server.pid} port ${server.port} dir ${server.dir} (RSS ${fmt(rssMiB(server.pid))} MiB)`);
      const budget = o.workerTimeout || Math.round(120 + (n / 1000) * 6);
      try {
        const r = await runWorkerProcess({
          handler, n, url: server.url, serverPid: server.pid, reps: o.reps, concurrency: o.concurrency,
          getSeconds: o.getSeconds, getConcurrency: o.getConcurrency, revalidate: o.revalidate, expire: o.expire,
        }, budget);
        if (!server.alive()) r.warnings.push(`server exited during the run: ${server.log().slice(-500)}`);
        // Redis-style log: '#' warnings, '-' verbose, '*' notices; anything but notices is worth a look.
        const odd = server.log().split('\n').filter((l) => l.trim() && !/^\d+:[MCX] .{24} \* /.test(l));
        if (odd.length && kind === 'nextcachekv') r.warnings.push(`server log: ${odd.slice(0, 5).join(' / ')}`);
        rows.push(r);
      } catch (e) {
        const serverNote = server.alive() ? '' : ` (server exited; its log ends: ${server.log().slice(-800)})`;
        log(`FAILED ${handler} N=${n}: ${e.message}${serverNote}`);
        failures.push({ n, handler, error: (e.message + serverNote).replace(/\n/g, ' ') });
      } finally {
        await server.stop();
      }
    }
  }

  const md = renderMarkdown(o, rows, failures, meta);
  console.log(md);
  if (o.write) {
    let file = o.out;
    if (!file) {
      const dir = path.join(repo, 'bench/results');
      mkdirSync(dir, { recursive: true });
      const base = path.join(dir, `${new Date().toISOString().slice(0, 10)}-nextjs-revalidate`);
      file = `${base}.md`;
      for (let k = 2; existsSync(file); k++) file = `${base}-${k}.md`;
    }
    writeFileSync(file, md);
    log(`written ${path.relative(process.cwd(), file)}`);
  }
  if (failures.length) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  stopEverything();
  process.exit(1);
});
