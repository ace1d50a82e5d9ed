namespace NextCacheKv.Server.Scripting;

/// <summary>
/// The Lua side of the sandbox, run once per Lua state. Errors are raised here, in Lua, and never from
/// the C# callbacks: a Lua error is a longjmp, which must not cross managed frames.
/// </summary>
internal static class LuaPrelude
{
    /// <summary>Chunk name of this prelude; the error handler skips its frames to find the user's line.</summary>
    public const string ChunkName = "=[redis]";

    /// <summary>Chunk name of user scripts, so positions read "user_script:N:" as in Redis.</summary>
    public const string UserChunkName = "@user_script";

    /// <summary>
    /// Takes the C# callbacks; returns the compile function, the error handler and the table that holds
    /// the globals (KEYS and ARGV are stored in it before each run).
    /// </summary>
    public const string Source = """
local raw_call, raw_error_table, raw_sha1hex, raw_log, raw_setresp, raw_revive, cjson_factory, null, raw_random, raw_randomseed = ...
local getinfo = debug.getinfo
local rawerror, rawpcall, rawxpcall, rawload = error, pcall, xpcall, load
local type, tostring, select, setmetatable = type, tostring, select, setmetatable
local pack, unpack, cowrap, yield, rawresume = table.pack, table.unpack, coroutine.wrap, coroutine.yield, coroutine.resume
local INTERNAL = '=[redis]'

-- Functions that raise errors (redis.call...) must be C functions, as in Redis: Lua 5.4 replaces the
-- caller's frame on "return f()" when f is a Lua function, and the error would lose the script's line.
-- A coroutine.wrap closure is a C function; its coroutine yields each result so it lives on, and
-- after raising (which ends a coroutine) it is reset by revive_all before its next use. Every C#
-- callback is called only inside these few long-lived coroutines: KeraLua keeps a wrapper (and a
-- GC handle) per Lua thread it sees, so a script's own coroutines must never reach C#.
local revivers, any_dead, revive = {}, false, nil
local function raising(f)
  local dead = false
  local function loop(...)
    local args = pack(...)
    while true do
      local results = pack(rawpcall(f, unpack(args, 1, args.n)))
      if not results[1] then
        dead, any_dead = true, true
        local e = results[2]
        -- A library error raised inside our own code: drop our position, the wrapper adds the script's.
        if type(e) == 'string' then e = e:gsub('^%[redis%]:%d+: ', '') end
        rawerror(e, 0)
      end
      args = pack(yield(unpack(results, 2, results.n)))
    end
  end
  local wrapped = cowrap(loop)
  revivers[#revivers + 1] = function()
    if dead then
      dead = false
      revive(wrapped, loop)
    end
  end
  return wrapped
end
revive = raising(raw_revive)
local function revive_all()
  if any_dead then
    any_dead = false
    for i = 1, #revivers do revivers[i]() end
  end
end

local function readonly_error()
  rawerror('Attempt to modify a readonly table', 2)
end

-- Library tables are shared by every script: scripts see them through read-only proxies.
local function readonly(t)
  return setmetatable({}, { __index = t, __newindex = readonly_error, __metatable = false })
end

-- Lua 5.1 (Redis) prefixes numbers with the position too, not just strings.
local function lua_error(message, level)
  if type(message) == 'number' then message = tostring(message) end
  if level == nil then level = 1 end
  if type(level) == 'number' and level > 0 then level = level + 1 end
  rawerror(message, level)
end

-- Redis 7's pcall returns the message of a {err=...} table rather than the table.
local function unwrap(ok, ...)
  if ok then return ok, ... end
  local e = ...
  if type(e) == 'table' then
    local m = e.err
    if type(m) == 'string' or type(m) == 'number' then e = m end
  end
  return false, e
end
local function redis_pcall_compatible(f, ...)
  local results = pack(rawpcall(f, ...))
  revive_all()
  return unwrap(unpack(results, 1, results.n))
end
local function revived(...)
  revive_all()
  return ...
end
local function xpcall_reviving(f, handler, ...)
  return revived(rawxpcall(f, handler, ...))
end
local function resume_reviving(co, ...)
  return revived(rawresume(co, ...))
end

local redis = {}
redis.call = raising(function(...)
  local v, failed = raw_call(...)
  if failed then rawerror(v) end
  return v
end)
redis.pcall = raising(function(...)
  local v = raw_call(...)
  return v
end)
redis.error_reply = raising(function(...)
  if select('#', ...) ~= 1 or type((...)) ~= 'string' then
    return raw_error_table('wrong number or type of arguments')
  end
  local e = ...
  if e:sub(1, 1) ~= '-' then e = '-' .. e end
  return raw_error_table(e)
end)
redis.status_reply = raising(function(...)
  if select('#', ...) ~= 1 or type((...)) ~= 'string' then
    return raw_error_table('wrong number or type of arguments')
  end
  return { ok = (...) }
end)
redis.sha1hex = raising(function(...)
  if select('#', ...) ~= 1 then rawerror(raw_error_table('wrong number of arguments')) end
  return raw_sha1hex(...)
end)
redis.log = raising(function(...)
  local n = select('#', ...)
  if n < 2 then rawerror(raw_error_table('redis.log() requires two arguments or more.')) end
  local level = tonumber((...))
  if level == nil then rawerror(raw_error_table('First argument must be a number (log level).')) end
  if level < 0 or level > 3 then rawerror(raw_error_table('Invalid debug level.')) end
  local parts = {}
  for i = 2, n do
    local part = select(i, ...)
    if type(part) == 'string' or type(part) == 'number' then parts[#parts + 1] = tostring(part) end
  end
  raw_log(math.floor(level), table.concat(parts, ' '))
end)
redis.setresp = raising(function(...)
  if select('#', ...) ~= 1 then rawerror(raw_error_table('redis.setresp() requires one argument.')) end
  local resp = tonumber((...))
  if resp ~= 2 and resp ~= 3 then rawerror(raw_error_table('RESP version must be 2 or 3.')) end
  raw_setresp(math.floor(resp))
end)
redis.set_repl = raising(function(...)
  if select('#', ...) ~= 1 then rawerror(raw_error_table('redis.set_repl() requires two arguments.')) end
  local flags = tonumber((...)) or 0
  if flags < 0 or flags > 3 then
    rawerror(raw_error_table('Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.'))
  end
end)
redis.replicate_commands = function() return true end
redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING = 0, 1, 2, 3
redis.REPL_NONE, redis.REPL_AOF, redis.REPL_SLAVE, redis.REPL_REPLICA, redis.REPL_ALL = 0, 1, 2, 2, 3
redis.REDIS_VERSION, redis.REDIS_VERSION_NUM = '7.0.15', 0x07000f

-- LuaBitOp (Redis's bit library) on Lua 5.4's native 64-bit integers, kept to 32-bit signed results.
local floor = math.floor
local function int32(x)
  x = tonumber(x)
  if x == nil then rawerror('bad argument (number expected)', 3) end
  if math.type(x) == 'float' then x = floor(x + 0.5) end
  x = math.tointeger(x) or 0
  x = x & 0xFFFFFFFF
  if x >= 0x80000000 then x = x - 0x100000000 end
  return x
end
local function fold(op)
  return function(x, ...)
    local r = int32(x)
    for i = 1, select('#', ...) do r = int32(op(r, int32((select(i, ...))))) end
    return r
  end
end
local bit = {
  tobit = function(x) return int32(x) end,
  bnot = function(x) return int32(~int32(x)) end,
  band = fold(function(a, b) return a & b end),
  bor = fold(function(a, b) return a | b end),
  bxor = fold(function(a, b) return a ~ b end),
  lshift = function(x, n) return int32((int32(x) & 0xFFFFFFFF) << (int32(n) & 31)) end,
  rshift = function(x, n) return int32((int32(x) & 0xFFFFFFFF) >> (int32(n) & 31)) end,
  arshift = function(x, n) return int32(int32(x) >> (int32(n) & 31) | (int32(x) < 0 and ~(0xFFFFFFFF >> (int32(n) & 31)) or 0)) end,
  rol = function(x, n) local u, s = int32(x) & 0xFFFFFFFF, int32(n) & 31 return int32((u << s) | (u >> (32 - s))) end,
  ror = function(x, n) local u, s = int32(x) & 0xFFFFFFFF, int32(n) & 31 return int32((u >> s) | (u << (32 - s))) end,
  bswap = function(x)
    local u = int32(x) & 0xFFFFFFFF
    return int32(((u & 0xFF) << 24) | ((u & 0xFF00) << 8) | ((u >> 8) & 0xFF00) | (u >> 24))
  end,
  tohex = function(x, n)
    n = n == nil and 8 or int32(n)
    local digits = n < 0 and '%0' .. (-n) .. 'X' or '%0' .. n .. 'x'
    local u = int32(x) & 0xFFFFFFFF
    local width = n < 0 and -n or n
    if width < 8 then u = u & ((1 << (4 * width)) - 1) end
    return string.format(digits, u)
  end,
}

-- Lua 5.1 names scripts written for Redis still use, and Redis's math.random: the same 48-bit
-- generator (redisLrand48), its state kept by the server so SCRIPT FLUSH does not reset it.
local format, abs, exp, log, mathtype = string.format, math.abs, math.exp, math.log, math.type
local function check_int(v, position)
  local n = tonumber(v)
  if n == nil then
    error(format("bad argument #%d to 'random' (number expected, got %s)", position, v == nil and 'no value' or type(v)), 0)
  end
  n = n >= 0 and floor(n) or -floor(-n)
  return math.tointeger(n) or 0
end
local math51 = setmetatable({
  random = raising(function(...)
    local n = select('#', ...)
    local r = raw_random()
    if n == 0 then return r end
    if n == 1 then
      local u = check_int((...), 1)
      if u < 1 then error("bad argument #1 to 'random' (interval is empty)", 0) end
      return floor(r * u) + 1
    end
    if n == 2 then
      local l, u = check_int((...), 1), check_int(select(2, ...), 2)
      if l > u then error("bad argument #2 to 'random' (interval is empty)", 0) end
      return floor(r * (u - l + 1)) + l
    end
    error('wrong number of arguments', 0)
  end),
  randomseed = raising(function(...)
    local n = tonumber((...))
    if n == nil then error("bad argument #1 to 'randomseed' (number expected, got " .. (select('#', ...) == 0 and 'no value' or type((...))) .. ')', 0) end
    raw_randomseed(check_int(n, 1))
  end),
  pow = function(x, y) return x ^ y end,
  mod = math.fmod,
  log10 = function(x) return log(x, 10) end,
  ldexp = function(m, e) return m * 2.0 ^ e end,
  frexp = function(x)
    if x == 0 or x ~= x or x == math.huge or x == -math.huge then return x, 0 end
    local e = floor(log(abs(x), 2)) + 1
    local m = x / 2.0 ^ e
    if abs(m) >= 1 then m, e = m / 2, e + 1 elseif abs(m) < 0.5 then m, e = m * 2, e - 1 end
    return m, e
  end,
  cosh = function(x) return (exp(x) + exp(-x)) / 2 end,
  sinh = function(x) return (exp(x) - exp(-x)) / 2 end,
  tanh = function(x) local a, b = exp(x), exp(-x) return (a - b) / (a + b) end,
}, { __index = math })
local table51 = setmetatable({
  getn = function(t) return #t end,
  maxn = function(t)
    local max = 0
    for k in pairs(t) do if type(k) == 'number' and k > max then max = k end end
    return max
  end,
}, { __index = table })
-- 5.1's string.format cast a float to an integer for %d and friends (2.7 -> 2); 5.4 refuses a fraction.
local strlib = string
local format51 = raising(function(fmt, ...)
  if type(fmt) ~= 'string' then return strlib.format(fmt, ...) end
  local args, i = pack(...), 0
  for conv in fmt:gmatch('%%[-+ #0]*%d*%.?%d*(.)') do
    if conv ~= '%' then
      i = i + 1
      local v = args[i]
      if (conv == 'd' or conv == 'i' or conv == 'c' or conv == 'o' or conv == 'u' or conv == 'x' or conv == 'X')
          and mathtype(v) == 'float' and v == v and v > -2^63 and v < 2^63 then
        args[i] = math.tointeger(v >= 0 and floor(v) or -floor(-v))
      end
    end
  end
  return strlib.format(fmt, unpack(args, 1, args.n))
end)
local string51 = setmetatable({ gfind = string.gmatch, format = format51 }, { __index = string })

-- Lua 5.1 printed every number with "%.14g": 10/2 is "5", not 5.4's "5.0".
local rawtostring = tostring
local function tostring51(v)
  if mathtype(v) == 'float' then return format('%.14g', v) end
  return rawtostring(v)
end

local globals = {
  assert = assert, error = lua_error, ipairs = ipairs, next = next, pairs = pairs,
  pcall = redis_pcall_compatible, xpcall = xpcall_reviving, rawequal = rawequal, rawget = rawget, rawset = rawset,
  rawlen = rawlen, select = select, setmetatable = setmetatable, getmetatable = getmetatable,
  tonumber = tonumber, tostring = tostring51, type = type, unpack = table.unpack,
  collectgarbage = collectgarbage, _VERSION = 'Lua 5.1',
  coroutine = readonly(setmetatable({ resume = resume_reviving }, { __index = coroutine })), string = readonly(string51), table = readonly(table51),
  math = readonly(math51), bit = readonly(bit), redis = readonly(redis),
  cjson = readonly(cjson_factory(raising, null)),
}

-- The environment scripts run in: reads of unknown names and every write are errors, as in Redis 7.
local ENV = setmetatable({}, {
  __index = function(_, name)
    local v = globals[name]
    if v == nil then
      rawerror("Script attempted to access nonexistent global variable '" .. tostring(name) .. "'", 2)
    end
    return v
  end,
  __newindex = readonly_error,
  __metatable = false,
})
globals._G = ENV
globals.loadstring = function(chunk, name) return rawload(chunk, name, 't', ENV) end
globals.load = function(chunk, name, _, env) return rawload(chunk, name, 't', env or ENV) end

-- Methods on strings ("%d"):format(x) use the same 5.1-compatible table; the metatable stays hidden.
getmetatable('').__index = string51
getmetatable('').__metatable = false

local function compile(body)
  return rawload(body, '@user_script', 't', ENV)
end

-- Turns any error into Redis's {err=..., source=..., line=...}, pointing at the user's code.
local function error_handler(err)
  revive_all()
  local level, info = 2, nil
  while true do
    info = getinfo(level, 'Sl')
    if info == nil or (info.what ~= 'C' and info.source ~= INTERNAL) then break end
    level = level + 1
  end
  if type(err) ~= 'table' then err = { err = 'ERR ' .. tostring(err) } end
  if info then
    err.source = info.source
    err.line = info.currentline
  end
  return err
end

return compile, error_handler, globals
""";
}
