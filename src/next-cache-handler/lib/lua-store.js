'use strict';
// The store on plain Redis 7 (and Valkey, Garnet): the same interface and rules as NativeStore, with
// Next's tag checks done by Lua scripts so each operation is still one round trip.
//
// Layout:
// - an entry is one string at `${prefix}${key}`:
//   [u32 BE header length][header: JSON {ts, tags}][u32 BE meta length][meta][value]
//   The header comes first so a script can read ts and tags without knowing about meta or value.
//   Tags are stored without the prefix.
// - a tag record is a hash at `${prefix}__tag__:${tag}` with fields staleAt and expiredAt (ms, the
//   Redis server's clock, as NEXTTAG stamps tags with the NextCacheKv server's clock).
//
// Redis Cluster: the scripts read tag records whose keys are not declared in KEYS (an entry's tags are
// only known once the script has read it) and that live in other slots, so this is not cluster-safe.

// Entries live at most this long (the server's MaxEntryLifetime); it is also how long a tag record
// must outlive its last change, since no entry it could still affect exists after that.
const MAX_ENTRY_LIFETIME_SECONDS = 366 * 24 * 3600;

// Shared by the scripts: the server clock in ms, the header parser, and Next's rules for one tag.
const LUA_HELPERS = `
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function u32(s, i)
  local a, b, c, d = string.byte(s, i, i + 3)
  return ((a * 256 + b) * 256 + c) * 256 + d
end

-- s starts with an entry (at least its header); nil when it is not one of ours.
local function parse_header(s)
  if #s < 4 then return nil end
  local n = u32(s, 1)
  if #s < 4 + n then return nil end
  local ok, header = pcall(cjson.decode, string.sub(s, 5, 4 + n))
  if not ok or type(header) ~= 'table' or type(header.ts) ~= 'number' then return nil end
  if type(header.tags) ~= 'table' then header.tags = {} end
  return header
end

-- Next's areTagsExpired / areTagsStale over tags: true when expired; else raises state.staleAt.
local function expired_by(tag_prefix, tags, ts, now, state)
  for _, tag in ipairs(tags) do
    local r = redis.call('HMGET', tag_prefix .. tag, 'staleAt', 'expiredAt')
    local stale_at, expired_at = tonumber(r[1]) or 0, tonumber(r[2]) or 0
    if expired_at ~= 0 and expired_at <= now and ts < expired_at then return true end
    if stale_at > ts and stale_at > state.staleAt then state.staleAt = stale_at end
  end
  return false
end
`;

// KEYS[1] entry; ARGV[1] tag key prefix; ARGV[2..] soft tags → nil | {staleAt, raw entry}.
const GET_SCRIPT = `${LUA_HELPERS}
local raw = redis.call('GET', KEYS[1])
if not raw then return false end
local header = parse_header(raw)
if not header then return redis.error_reply('WRONGTYPE key does not hold a Next.js cache entry') end
local now = now_ms()
local state = { staleAt = 0 }
local soft = {}
for i = 2, #ARGV do soft[#soft + 1] = ARGV[i] end
if expired_by(ARGV[1], header.tags, header.ts, now, state) then
  -- Reclaim now: nobody may read it again, and it would otherwise hold memory until its TTL.
  redis.call('DEL', KEYS[1])
  return false
end
-- Soft tags belong to the reader (its page), not to the entry: a miss for this reader, no reclaim.
if expired_by(ARGV[1], soft, header.ts, now, state) then return false end
return { state.staleAt, raw }
`;

// KEYS[1] entry; ARGV[1] packed entry; ARGV[2] ttl seconds; ARGV[3] tag key prefix → 1 | nil.
// NX, where an entry its tags expired counts as missing (it is a miss for every read).
const SET_NX_SCRIPT = `${LUA_HELPERS}
local start = redis.call('GETRANGE', KEYS[1], 0, 3)
if #start == 4 then
  local header = parse_header(redis.call('GETRANGE', KEYS[1], 0, 3 + u32(start, 1)))
  if not header then return false end
  if not expired_by(ARGV[3], header.tags, header.ts, now_ms(), { staleAt = 0 }) then return false end
elseif redis.call('EXISTS', KEYS[1]) == 1 then
  return false
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return 1
`;

// KEYS tag records; ARGV[1] 'expire' (expiredAt = now) | 'stale' (staleAt = now) |
// 'stale-expire' (staleAt = now, expiredAt = now + ARGV[2] s) → number of tags.
const REVALIDATE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local keep_ms = ${MAX_ENTRY_LIFETIME_SECONDS} * 1000
for _, key in ipairs(KEYS) do
  local r = redis.call('HMGET', key, 'staleAt', 'expiredAt')
  local stale_at, expired_at = tonumber(r[1]) or 0, tonumber(r[2]) or 0
  if ARGV[1] == 'expire' then
    expired_at = now
  elseif ARGV[1] == 'stale' then
    stale_at = now
  else
    stale_at = now
    expired_at = now + tonumber(ARGV[2]) * 1000
  end
  redis.call('HSET', key, 'staleAt', string.format('%d', stale_at), 'expiredAt', string.format('%d', expired_at))
  -- Bounded like the server's records: kept until no entry it could affect can exist.
  redis.call('PEXPIREAT', key, string.format('%d', math.max(stale_at, expired_at) + keep_ms))
end
return #KEYS
`;

const COMMANDS = {
  nextcachekvGet: { numberOfKeys: 1, lua: GET_SCRIPT },
  nextcachekvSetNx: { numberOfKeys: 1, lua: SET_NX_SCRIPT },
  // No numberOfKeys: the first argument is the key count (one key per tag).
  nextcachekvRevalidate: { lua: REVALIDATE_SCRIPT },
};

/** ioredis runs defined commands with EVALSHA and falls back to EVAL on NOSCRIPT. */
function defineCommands(client) {
  for (const [name, definition] of Object.entries(COMMANDS)) {
    if (typeof client[name] !== 'function') client.defineCommand(name, definition);
  }
}

function pack(ts, tags, meta, value) {
  const header = Buffer.from(JSON.stringify({ ts, tags }));
  const lengths = Buffer.alloc(4);
  lengths.writeUInt32BE(header.length, 0);
  const metaLength = Buffer.alloc(4);
  metaLength.writeUInt32BE(meta.length, 0);
  return Buffer.concat([lengths, header, metaLength, meta, value]);
}

function unpack(raw) {
  const headerLength = raw.readUInt32BE(0);
  const header = JSON.parse(raw.toString('utf8', 4, 4 + headerLength));
  const metaStart = 8 + headerLength;
  const metaEnd = metaStart + raw.readUInt32BE(4 + headerLength);
  // Views into the reply buffer: no copy of a possibly large value.
  return { ts: header.ts, tags: header.tags, meta: raw.subarray(metaStart, metaEnd), value: raw.subarray(metaEnd) };
}

class LuaStore {
  constructor(client, prefix) {
    this.client = client;
    this.prefix = prefix;
    this.tagPrefix = `${prefix}__tag__:`;
    defineCommands(client);
  }

  /** @returns {Promise<null | {ts:number, staleAt:number, meta:Buffer, tags:string[], value:Buffer}>} */
  async get(key, softTags = []) {
    const reply = await this.client.nextcachekvGetBuffer(this.prefix + key, this.tagPrefix, ...softTags);
    if (!reply) return null;
    const [staleAt, raw] = reply;
    const { ts, tags, meta, value } = unpack(raw);
    return { ts, staleAt: Number(staleAt), meta, tags, value };
  }

  /** @returns {Promise<boolean>} false when nx found the key */
  async set(key, value, { ts, meta, tags = [], ttlSeconds, nx = false }) {
    const packed = pack(ts, tags, meta ?? Buffer.alloc(0), value);
    // Like NEXTSET: no TTL means the longest entry lifetime, and none lives longer.
    const ttl = String(ttlSeconds ? Math.min(ttlSeconds, MAX_ENTRY_LIFETIME_SECONDS) : MAX_ENTRY_LIFETIME_SECONDS);
    if (nx) return (await this.client.nextcachekvSetNx(this.prefix + key, packed, ttl, this.tagPrefix)) !== null;
    await this.client.set(this.prefix + key, packed, 'EX', ttl);
    return true;
  }

  /** durations as Next passes them: undefined = expire now; {expire:n} = stale now, expire in n s; {expire:undefined} = stale only */
  async revalidate(tags, durations) {
    if (!tags.length) return 0;
    const keys = tags.map((t) => this.tagPrefix + t);
    let args;
    if (durations && typeof durations.expire === 'number') args = ['stale-expire', String(Math.max(0, Math.ceil(durations.expire)))];
    else if (durations) args = ['stale'];
    else args = ['expire'];
    return this.client.nextcachekvRevalidate(keys.length, ...keys, ...args);
  }
}

module.exports = { LuaStore };
