// Starts a server process for the client tests: the built NextCacheKv by default,
// or a real redis-server when JS_TESTS_AGAINST_REDIS=1 (to check the tests themselves).
// Differential tests ask for a kind explicitly: startServer('nextcachekv') and startServer('redis').
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const defaultDll = resolve(here, '../../src/NextCacheKv.Host/bin/Release/net10.0/nextcachekv.dll');
const startupTimeoutMs = 30_000;

/** Asks the OS for a free port by binding port 0 and releasing it. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

function commandFor(kind, port, dir) {
  if (kind === 'redis') {
    return {
      file: 'redis-server',
      args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    };
  }
  const flags = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '3600'];
  // NEXTCACHEKV_BIN: a built server (scripts/build-server.sh, or its --native build), run as it is.
  const binary = process.env.NEXTCACHEKV_BIN;
  if (binary) {
    if (!existsSync(binary)) throw new Error(`NEXTCACHEKV_BIN points to a missing file: ${binary}`);
    return { file: binary, args: flags };
  }
  const dll = process.env.NEXTCACHEKV_DLL || defaultDll;
  if (!existsSync(dll)) {
    throw new Error(`Server not built: ${dll} is missing (run dotnet build -c Release or set NEXTCACHEKV_DLL)`);
  }
  return { file: 'dotnet', args: [dll, ...flags] };
}

/**
 * Starts the server and resolves once it logs that it accepts connections.
 * kind: 'nextcachekv' or 'redis'; by default NextCacheKv unless JS_TESTS_AGAINST_REDIS=1.
 */
export async function startServer(kind = process.env.JS_TESTS_AGAINST_REDIS === '1' ? 'redis' : 'nextcachekv') {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'nextcachekv-js-'));
  const { file, args } = commandFor(kind, port, dir);
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';

  await new Promise((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`server not ready after ${startupTimeoutMs} ms:\n${output}`)), startupTimeoutMs);
    const onData = (chunk) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        ready();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (e) => { clearTimeout(timer); fail(e); });
    child.once('exit', (code) => { clearTimeout(timer); fail(new Error(`server exited with ${code} before ready:\n${output}`)); });
  }).catch((e) => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw e;
  });

  return {
    kind,
    port,
    /** Kills exactly the process we started (by its PID) and removes its data folder. */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((done) => child.once('exit', done));
        process.kill(child.pid, 'SIGKILL');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
