-- Issues a one-time code unless the resend cooldown refuses it (OneTimeCodes.issue).
-- KEYS[1]  the code's hash: h (HMAC of the code), exp (server ms), att (attempts used), max, iss (server ms),
--          win (server ms: until when the attempts used carry over to a new code)
-- ARGV[1]  HMAC of the new code        ARGV[2]  ttl (ms)       ARGV[3]  resend cooldown (ms)
-- ARGV[4]  attempts allowed            ARGV[5]  grace after expiry (ms): the key lives ttl + grace
-- `now`: the server's clock in ms, from server-millis.lua.
-- Returns {1, ttl} when issued, {0, ms left of the cooldown} when refused.
--
-- A resend does not refill the attempts: until the ttl of the first code of a run of resends has passed
-- (win), a new code carries over the attempts used, so there are at most `max` guesses per ttl.
local ttl = tonumber(ARGV[2])
local v = redis.call('HMGET', KEYS[1], 'iss', 'att', 'win', 'exp')
local used, window = 0, now + ttl
if v[1] then
  local wait = tonumber(v[1]) + tonumber(ARGV[3]) - now
  if wait > 0 then
    return {0, wait}
  end
  local previous = tonumber(v[3] or v[4])
  if now < previous then
    used, window = tonumber(v[2]), previous
  end
end
redis.call('HSET', KEYS[1], 'h', ARGV[1], 'exp', string.format('%d', now + ttl), 'att', used, 'max', ARGV[4],
  'iss', string.format('%d', now), 'win', string.format('%d', window))
redis.call('PEXPIRE', KEYS[1], ttl + tonumber(ARGV[5]))
return {1, ttl}
