-- KEYS[1] lock key, KEYS[2] fence counter (same hash tag)
-- ARGV[1] holder id, ARGV[2] lease in milliseconds
-- Returns the fencing token (> 0) when acquired, else -1 - (the holder's remaining PTTL in ms).
if redis.call('EXISTS', KEYS[1]) == 0 then
    local token = redis.call('INCR', KEYS[2])
    redis.call('SET', KEYS[1], ARGV[1] .. ':' .. token, 'PX', ARGV[2])
    return token
end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
    ttl = 2147483647
end
return -1 - ttl
