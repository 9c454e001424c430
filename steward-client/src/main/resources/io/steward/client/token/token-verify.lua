-- Verifies a one-time token and consumes it when right, atomically (OneTimeTokens.verify).
-- KEYS[1]  the token's hash (see token-issue.lua)
-- ARGV[1]  HMAC of the candidate token
-- Returns {0} UNKNOWN, {1, sealed identity} VALID, {3} EXPIRED.
local v = redis.call('HMGET', KEYS[1], 'h', 'exp', 'id')
local stored = v[1]
if not stored then
  return {0}
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if now >= tonumber(v[2]) then
  return {3}
end
-- constant time: every byte is compared, whatever the first difference
local candidate = ARGV[1]
local diff = 0
if #candidate ~= #stored then
  diff = 1
  candidate = stored
end
for i = 1, #stored do
  diff = bit.bor(diff, bit.bxor(string.byte(stored, i), string.byte(candidate, i)))
end
if diff ~= 0 then
  return {0}
end
redis.call('DEL', KEYS[1])
return {1, v[3]}
