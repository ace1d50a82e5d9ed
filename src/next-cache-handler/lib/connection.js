'use strict';
// One ioredis connection per process, created on first use and kept at module scope: Next.js builds
// the singular handler once per request, so a connection per instance would be one per request.

const Redis = require('ioredis');
const { settings } = require('./config');

let client = null;
let warned = false;
let waiting = null;

function getClient() {
  if (client) return client;
  client = new Redis(settings.url, {
    connectTimeout: settings.timeoutMs,
    commandTimeout: settings.timeoutMs,
    // Fail fast while disconnected: a cache miss beats a request stuck behind a dead server.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    lazyConnect: false,
  });
  client.on('error', (error) => warnOnce(`cache server unavailable (${error.message}); serving misses until it is back`));
  client.on('ready', () => {
    if (warned) settings.logger.info?.('[nextcachekv] cache server connection restored');
    warned = false;
  });
  return client;
}

function warnOnce(message) {
  if (warned) return;
  warned = true;
  settings.logger.warn?.(`[nextcachekv] ${message}`);
}

/**
 * The connection, once it is ready. While it is (re)connecting a caller waits at most the command
 * timeout, then gets an error (a miss): commands are never queued behind a dead server.
 */
function readyClient() {
  const redis = getClient();
  if (redis.status === 'ready') return Promise.resolve(redis);
  // The server was lost and ioredis is retrying: answer at once, so an outage costs no request a timeout.
  if (redis.status === 'reconnecting') return Promise.reject(new Error(`reconnecting to ${settings.url}`));
  // One shared wait while connecting, so a burst of first requests adds one listener, not hundreds.
  if (!waiting) {
    waiting = new Promise((resolve, reject) => {
      const onReady = () => {
        clearTimeout(timer);
        waiting = null;
        resolve(redis);
      };
      const timer = setTimeout(() => {
        redis.off('ready', onReady);
        waiting = null;
        reject(new Error(`not connected to ${settings.url}`));
      }, settings.timeoutMs);
      redis.once('ready', onReady);
    });
  }
  return waiting;
}

/** Closes the shared connection (tests, graceful shutdown). */
async function closeClient() {
  if (!client) return;
  const closing = client;
  client = null;
  waiting = null;
  await closing.quit().catch(() => closing.disconnect());
}

module.exports = { getClient, readyClient, closeClient, warnOnce };
