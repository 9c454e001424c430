-- KEYS[1] lock key; ARGV[1] holder value; ARGV[2] lease in milliseconds
-- Re-sets the lease only while this holder holds the lock. Returns 1 when renewed, else 0.
if redis.call('GET', KEYS[1]) == ARGV[1] then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    return 1
end
return 0
