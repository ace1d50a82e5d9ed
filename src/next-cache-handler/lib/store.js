'use strict';
// Picks the store once per process: NEXT commands when the server has them (COMMAND INFO NEXTGET),
// otherwise the same semantics on plain Redis through Lua scripts.

const { settings } = require('./config');
const { readyClient } = require('./connection');
const { NativeStore } = require('./native-store');

let chosen = null;

async function getStore() {
  const client = await readyClient();
  if (chosen) return chosen;
  let native = settings.mode === 'next';
  if (settings.mode === 'auto') {
    const info = await client.call('COMMAND', 'INFO', 'NEXTGET');
    native = Array.isArray(info) && info[0] !== null && info[0] !== undefined;
  }
  if (native) {
    chosen = new NativeStore(client, settings.keyPrefix);
  } else {
    const { LuaStore } = require('./lua-store');
    chosen = new LuaStore(client, settings.keyPrefix);
  }
  return chosen;
}

/** Forget the choice (tests switch servers). */
function resetStore() {
  chosen = null;
}

module.exports = { getStore, resetStore };
