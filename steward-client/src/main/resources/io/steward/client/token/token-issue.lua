-- Stores a one-time token (OneTimeTokens.issue).
-- `now`: the server's clock in ms, from server-millis.lua.
-- KEYS[1]  the token's hash: h (HMAC of the token), id (identity, sealed), exp (server ms)
-- ARGV[1]  HMAC of the token    ARGV[2]  the sealed identity    ARGV[3]  ttl (ms)    ARGV[4]  grace after expiry (ms)
-- Returns the ttl.
local ttl = tonumber(ARGV[3])
redis.call('HSET', KEYS[1], 'h', ARGV[1], 'id', ARGV[2], 'exp', string.format('%d', now + ttl))
redis.call('PEXPIRE', KEYS[1], ttl + tonumber(ARGV[4]))
return ttl
