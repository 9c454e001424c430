-- Verifies a one-time code and consumes it when right, atomically (OneTimeCodes.verify).
-- `now`: the server's clock in ms, from server-millis.lua.
-- KEYS[1]  the code's hash (see code-issue.lua)
-- ARGV[1]  HMAC of the candidate code
-- Returns {result, attempts left}: result 0 UNKNOWN, 1 VALID, 2 WRONG, 3 EXPIRED, 4 EXHAUSTED.
local v = redis.call('HMGET', KEYS[1], 'h', 'exp', 'att', 'max')
local stored = v[1]
if not stored then
  return {0, 0}
end
if now >= tonumber(v[2]) then
  return {3, 0}
end
local used = tonumber(v[3])
local max = tonumber(v[4])
if used >= max then
  return {4, 0}
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
if diff == 0 then
  redis.call('DEL', KEYS[1])
  return {1, 0}
end
used = redis.call('HINCRBY', KEYS[1], 'att', 1)
return {2, math.max(max - used, 0)}
