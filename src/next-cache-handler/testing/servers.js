'use strict';
// Starts a real server for the package's tests on a free loopback port: the built NextCacheKv
// (NEXTCACHEKV_DLL overrides the path; NEXTCACHEKV_BIN runs a built server instead) or redis-server. Each is stopped by its own PID.

const { spawn } = require('node:child_process');
const { mkdtempSync, rmSync, existsSync } = require('node:fs');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const path = require('node:path');

const repo = path.resolve(__dirname, '../../..');
const defaultDll = path.join(repo, 'src/NextCacheKv.Host/bin/Release/net10.0/nextcachekv.dll');

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

async function start(kind) {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), `nk-handler-${kind}-`));
  let file, args, ready;
  if (kind === 'redis') {
    file = 'redis-server';
    args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
    ready = 'Ready to accept connections';
  } else {
    const flags = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '3600'];
    // NEXTCACHEKV_BIN: a built server (scripts/build-server.sh, or its --native build), run as it is.
    const binary = process.env.NEXTCACHEKV_BIN;
    const dll = process.env.NEXTCACHEKV_DLL || defaultDll;
    if (!existsSync(binary || dll)) throw new Error(`NextCacheKv is not built: ${binary || dll} (dotnet build -c Release src/NextCacheKv.Host)`);
    file = binary || 'dotnet';
    args = binary ? flags : [dll, ...flags];
    ready = 'Ready to accept connections';
  }
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} not ready in 30 s:\n${output}`)), 30_000);
    const onData = (chunk) => {
      output += chunk;
      if (output.includes(ready)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${kind} exited (${code}) before it was ready:\n${output}`)));
  });
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      // A child killed by a signal has exitCode null but signalCode set: it is gone already.
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

module.exports = { start, freePort };
