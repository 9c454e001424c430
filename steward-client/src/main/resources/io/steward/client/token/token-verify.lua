-- Verifies a one-time token and consumes it when right, atomically (OneTimeTokens.verify); `now` comes from
-- server-millis.lua.
-- KEYS[1]  the token's hash (see token-issue.lua)
-- ARGV[1]  HMAC of the candidate token
-- Returns {0} UNKNOWN, {1, sealed identity} VALID, {3} EXPIRED.
local v = redis.call('HMGET', KEYS[1], 'h', 'exp', 'id')
local stored = v[1]
if not stored then
  return {0}
end
if now >= tonumber(v[2]) then
  return {3}
end
-- a plain comparison: the key name is already an HMAC of (purpose, token), so only the holder of the token
-- finds this key, and its timing tells nothing about a token one does not have
if ARGV[1] ~= stored then
  return {0}
end
redis.call('DEL', KEYS[1])
return {1, v[3]}
