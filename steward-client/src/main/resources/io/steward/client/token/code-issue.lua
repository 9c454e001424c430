-- Issues a one-time code unless the resend cooldown refuses it (OneTimeCodes.issue).
-- KEYS[1]  the code's hash: h (HMAC of the code), exp (server ms), att (attempts used), max, iss (server ms)
-- ARGV[1]  HMAC of the new code        ARGV[2]  ttl (ms)       ARGV[3]  resend cooldown (ms)
-- ARGV[4]  attempts allowed            ARGV[5]  grace after expiry (ms): the key lives ttl + grace
-- Returns {1, ttl} when issued, {0, ms left of the cooldown} when refused.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[2])
local issuedAt = redis.call('HGET', KEYS[1], 'iss')
if issuedAt then
  local wait = tonumber(issuedAt) + tonumber(ARGV[3]) - now
  if wait > 0 then
    return {0, wait}
  end
end
redis.call('HSET', KEYS[1], 'h', ARGV[1], 'exp', string.format('%d', now + ttl), 'att', 0, 'max', ARGV[4],
  'iss', string.format('%d', now))
redis.call('PEXPIRE', KEYS[1], ttl + tonumber(ARGV[5]))
return {1, ttl}
