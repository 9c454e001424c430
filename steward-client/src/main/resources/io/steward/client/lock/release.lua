-- KEYS[1] lock key; ARGV[1] holder value; ARGV[2] release channel; ARGV[3] message
-- Compare-and-delete, then tell waiters. Returns 1 when this holder held it, else 0.
if redis.call('GET', KEYS[1]) == ARGV[1] then
    redis.call('DEL', KEYS[1])
    redis.call('PUBLISH', ARGV[2], ARGV[3])
    return 1
end
return 0
