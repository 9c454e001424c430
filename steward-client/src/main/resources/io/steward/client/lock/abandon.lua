-- KEYS[1] lock key, KEYS[2] next-in-line marker (one hash tag); ARGV[1] owner id; ARGV[2] release channel
-- Sent when an acquisition of this owner ends without a lock handle (gave up, interrupted, timed
-- out): deletes the next-in-line marker if it is this owner's, and a lock whose holder value is
-- this owner's ('<owner>:<token>', one a reply never reached), then tells waiters.
-- Returns the number of keys deleted.
local deleted = 0
if redis.call('GET', KEYS[2]) == ARGV[1] then
    deleted = deleted + redis.call('DEL', KEYS[2])
end
local holder = redis.call('GET', KEYS[1])
local prefix = ARGV[1] .. ':'
if holder and string.sub(holder, 1, #prefix) == prefix then
    deleted = deleted + redis.call('DEL', KEYS[1])
end
if deleted > 0 then
    redis.call('PUBLISH', ARGV[2], 'abandoned')
end
return deleted
