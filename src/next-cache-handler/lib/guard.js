'use strict';
// A cache must never take a site down: every store call is bounded by the connection's command
// timeout and any failure becomes a miss (get) or a skipped write (set), logged once per outage.

const { warnOnce } = require('./connection');

async function guarded(what, work, fallback) {
  try {
    return await work();
  } catch (error) {
    warnOnce(`${what} failed (${error.message}); continuing without the cache`);
    return fallback;
  }
}

module.exports = { guarded };
