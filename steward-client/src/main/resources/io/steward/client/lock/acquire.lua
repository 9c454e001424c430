-- KEYS[1] lock key, KEYS[2] fence counter, KEYS[3] next-in-line marker (all one hash tag)
-- ARGV[1] owner id, ARGV[2] lease in milliseconds, ARGV[3] how long this caller will wait, in ms
-- Returns the fencing token (> 0) when acquired, else -1 - (milliseconds until it is worth trying
-- again: the holder's remaining PTTL, or the life of another owner's next-in-line marker).
-- The marker makes the lock take turns between processes: the first owner refused while the lock
-- was held is next in line, and others are refused until it took the lock or stopped waiting.
local next_owner = redis.call('GET', KEYS[3])
if redis.call('EXISTS', KEYS[1]) == 0 and (not next_owner or next_owner == ARGV[1]) then
    if next_owner then
        redis.call('DEL', KEYS[3])
    end
    local token = redis.call('INCR', KEYS[2])
    redis.call('SET', KEYS[1], ARGV[1] .. ':' .. token, 'PX', ARGV[2])
    return token
end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
    ttl = redis.call('PTTL', KEYS[3])
    if ttl < 0 then
        ttl = 0
    end
end
local patience = tonumber(ARGV[3])
if patience > 0 and (not next_owner or next_owner == ARGV[1]) then
    -- a grace of 200 ms for the notification and the next attempt
    redis.call('SET', KEYS[3], ARGV[1], 'PX', math.min(ttl, patience) + 200)
end
return -1 - ttl
