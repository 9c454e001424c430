-- KEYS[1] lock key, KEYS[2] next-in-line marker (one hash tag); ARGV[1] holder value;
-- ARGV[2] release channel; ARGV[3] message
-- Compare-and-delete, then tell waiters. Returns 1 when this holder held it, else 0.
-- The next-in-line marker is cut to the 200 ms grace: a live waiter next in line is notified and
-- takes the lock within it; a marker left by a waiter that gave up or died frees the lock soon.
if redis.call('GET', KEYS[1]) == ARGV[1] then
    redis.call('DEL', KEYS[1])
    if redis.call('PTTL', KEYS[2]) > 200 then
        redis.call('PEXPIRE', KEYS[2], 200)
    end
    redis.call('PUBLISH', ARGV[2], ARGV[3])
    return 1
end
return 0
