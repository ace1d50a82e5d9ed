namespace NextCacheKv.Server.Scripting;

/// <summary>
/// Redis's cjson library (lua-cjson 2.1 defaults) written in Lua: encode and decode with its number
/// format ("%.14g"), escaping ("/" as "\/"), sparse-array rule and error texts. Errors are raised as
/// strings through the prelude's raising wrapper, which prefixes the script position as luaL_error does.
/// </summary>
internal static class LuaCjson
{
    public const string Source = """
local raising, null = ...
local type, tostring, tonumber, pairs, next, floor = type, tostring, tonumber, pairs, next, math.floor
local format, byte, char, sub, find, concat = string.format, string.byte, string.char, string.sub, string.find, table.concat
local huge, tointeger = math.huge, math.tointeger

local escapes = { ['"'] = '\\"', ['\\'] = '\\\\', ['/'] = '\\/', ['\b'] = '\\b', ['\f'] = '\\f',
  ['\n'] = '\\n', ['\r'] = '\\r', ['\t'] = '\\t' }
for i = 0, 31 do
  local c = char(i)
  if escapes[c] == nil then escapes[c] = format('\\u%04x', i) end
end
escapes['\127'] = '\\u007f'

local function number_text(n)
  if n ~= n or n == huge or n == -huge then error('Cannot serialise number: must not be NaN or Inf', 0) end
  return format('%.14g', n)
end

local function array_length(t)
  local max, items = 0, 0
  for k in next, t do
    if type(k) == 'number' and k >= 1 and floor(k) == k then
      if k > max then max = k end
      items = items + 1
    else
      return -1
    end
  end
  if max > 10 and max > items * 2 then error('Cannot serialise table: excessively sparse array', 0) end
  return max
end

local encode_value
local function encode_table(t, depth, out)
  depth = depth + 1
  if depth > 1000 then error(format('Cannot serialise, excessive nesting (%d)', depth), 0) end
  local length = array_length(t)
  if length > 0 then
    out[#out + 1] = '['
    for i = 1, length do
      if i > 1 then out[#out + 1] = ',' end
      encode_value(t[i], depth, out)
    end
    out[#out + 1] = ']'
    return
  end
  out[#out + 1] = '{'
  local first = true
  for k, v in next, t do
    if not first then out[#out + 1] = ',' end
    first = false
    local kt = type(k)
    if kt == 'string' then
      out[#out + 1] = '"' .. k:gsub('[%c"\\/\127]', escapes) .. '"'
    elseif kt == 'number' then
      out[#out + 1] = '"' .. number_text(k) .. '"'
    else
      error('Cannot serialise ' .. kt .. ': table key must be a number or string', 0)
    end
    out[#out + 1] = ':'
    encode_value(v, depth, out)
  end
  out[#out + 1] = '}'
end

encode_value = function(v, depth, out)
  local vt = type(v)
  if vt == 'string' then
    out[#out + 1] = '"' .. v:gsub('[%c"\\/\127]', escapes) .. '"'
  elseif vt == 'number' then
    out[#out + 1] = number_text(v)
  elseif vt == 'boolean' then
    out[#out + 1] = v and 'true' or 'false'
  elseif vt == 'nil' or v == null then
    out[#out + 1] = 'null'
  elseif vt == 'table' then
    encode_table(v, depth, out)
  else
    error('Cannot serialise ' .. vt .. ': type not supported', 0)
  end
end

local function encode(...)
  if select('#', ...) ~= 1 then error('bad argument #1 to \'encode\' (expected 1 argument)', 0) end
  local out = {}
  encode_value((...), 0, out)
  return concat(out)
end

-- Decoding: a tokenizer naming tokens as lua-cjson does, so errors read the same.
local decode_value
local function fail(expected, token, at)
  error(format('Expected %s but found %s at character %d', expected, token, at), 0)
end

local function skip_space(s, i)
  local _, e = find(s, '^[ \t\n\r]*', i)
  return e + 1
end

local token_names = { ['{'] = 'T_OBJ_BEGIN', ['}'] = 'T_OBJ_END', ['['] = 'T_ARR_BEGIN', [']'] = 'T_ARR_END',
  [':'] = 'T_COLON', [','] = 'T_COMMA' }

local function token_at(s, i)
  if i > #s then return 'T_END' end
  local c = sub(s, i, i)
  if token_names[c] then return token_names[c] end
  if c == '"' then return 'T_STRING' end
  if find(c, '[%-0-9]') then return 'T_NUMBER' end
  if sub(s, i, i + 3) == 'true' or sub(s, i, i + 4) == 'false' then return 'T_BOOLEAN' end
  if sub(s, i, i + 3) == 'null' then return 'T_NULL' end
  return 'invalid token'
end

local function utf8_char(code)
  if code < 0x80 then return char(code) end
  if code < 0x800 then return char(0xC0 | (code >> 6), 0x80 | (code & 0x3F)) end
  if code < 0x10000 then return char(0xE0 | (code >> 12), 0x80 | ((code >> 6) & 0x3F), 0x80 | (code & 0x3F)) end
  return char(0xF0 | (code >> 18), 0x80 | ((code >> 12) & 0x3F), 0x80 | ((code >> 6) & 0x3F), 0x80 | (code & 0x3F))
end

local simple_escapes = { ['"'] = '"', ['\\'] = '\\', ['/'] = '/', b = '\b', f = '\f', n = '\n', r = '\r', t = '\t' }

local function decode_string(s, i)
  local parts, j = {}, i + 1
  while true do
    local k = find(s, '["\\]', j)
    if k == nil then fail('value', 'invalid token', i) end
    parts[#parts + 1] = sub(s, j, k - 1)
    if sub(s, k, k) == '"' then return concat(parts), k + 1 end
    local e = sub(s, k + 1, k + 1)
    if simple_escapes[e] then
      parts[#parts + 1] = simple_escapes[e]
      j = k + 2
    elseif e == 'u' then
      local code = tonumber(sub(s, k + 2, k + 5), 16)
      if code == nil or not find(sub(s, k + 2, k + 5), '^%x%x%x%x$') then fail('value', 'invalid unicode escape code', i) end
      j = k + 6
      if code >= 0xD800 and code <= 0xDBFF and sub(s, j, j + 1) == '\\u' then
        local low = tonumber(sub(s, j + 2, j + 5), 16)
        if low and low >= 0xDC00 and low <= 0xDFFF then
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
          j = j + 6
        end
      end
      parts[#parts + 1] = utf8_char(code)
    else
      fail('value', 'invalid escape code', i)
    end
  end
end

decode_value = function(s, i, depth)
  i = skip_space(s, i)
  local token = token_at(s, i)
  if token == 'T_STRING' then return decode_string(s, i) end
  if token == 'T_NUMBER' then
    local _, e = find(s, '^-?%d+%.?%d*[eE]?[-+]?%d*', i)
    local n = tonumber(sub(s, i, e))
    if n == nil then fail('value', 'invalid number', i) end
    return tointeger(n) or n, e + 1
  end
  if token == 'T_BOOLEAN' then
    if sub(s, i, i + 3) == 'true' then return true, i + 4 end
    return false, i + 5
  end
  if token == 'T_NULL' then return null, i + 4 end
  if token == 'T_OBJ_BEGIN' or token == 'T_ARR_BEGIN' then
    depth = depth + 1
    if depth > 1000 then error(format('Found too many nested data structures (%d) at character %d', depth, i), 0) end
  end
  if token == 'T_OBJ_BEGIN' then
    local t = {}
    i = skip_space(s, i + 1)
    if token_at(s, i) == 'T_OBJ_END' then return t, i + 1 end
    while true do
      i = skip_space(s, i)
      local kt = token_at(s, i)
      if kt ~= 'T_STRING' then fail('object key string', kt, i) end
      local key
      key, i = decode_string(s, i)
      i = skip_space(s, i)
      local ct = token_at(s, i)
      if ct ~= 'T_COLON' then fail('colon', ct, i) end
      t[key], i = decode_value(s, i + 1, depth)
      i = skip_space(s, i)
      local nt = token_at(s, i)
      if nt == 'T_OBJ_END' then return t, i + 1 end
      if nt ~= 'T_COMMA' then fail('comma or object end', nt, i) end
      i = i + 1
    end
  end
  if token == 'T_ARR_BEGIN' then
    local t, n = {}, 0
    i = skip_space(s, i + 1)
    if token_at(s, i) == 'T_ARR_END' then return t, i + 1 end
    while true do
      n = n + 1
      t[n], i = decode_value(s, i, depth)
      i = skip_space(s, i)
      local nt = token_at(s, i)
      if nt == 'T_ARR_END' then return t, i + 1 end
      if nt ~= 'T_COMMA' then fail('comma or array end', nt, i) end
      i = i + 1
    end
  end
  fail('value', token, i)
end

local function decode(...)
  if select('#', ...) ~= 1 then error('bad argument #1 to \'decode\' (expected 1 argument)', 0) end
  local s = ...
  if type(s) ~= 'string' and type(s) ~= 'number' then error('bad argument #1 to \'decode\' (string expected, got ' .. type(s) .. ')', 0) end
  s = tostring(s)
  local value, i = decode_value(s, 1, 0)
  i = skip_space(s, i)
  if i <= #s then fail('the end', token_at(s, i), i) end
  return value
end

return { encode = raising(encode), decode = raising(decode), null = null, _NAME = 'cjson', _VERSION = '2.1.0' }
""";
}
