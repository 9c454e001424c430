-- One rate-limit decision for one identity, all of a limiter's limits at once: admitted only when
-- every limit admits, and then consumed in every limit. Time is the server's (TIME, microseconds).
--
-- KEYS[i]  the state of limit i (every key carries the identity's hash tag)
-- ARGV[1]  permits asked for
-- ARGV[3i-1], ARGV[3i], ARGV[3i+1]  limit i: kind, a, b
--   kind 1, GCRA: a = emission interval T (us), b = tolerance, burst * T (us). The key holds the
--     theoretical arrival time (TAT, us) as a decimal string.
--   kind 2, sliding window: a = limit L, b = window W (us). The key is a string: a 48-byte header
--     (cursor, newest admission, oldest admission, L, W, newest time a shrink dropped) and a ring of L
--     slots, each the time of one admitted permit, as big-endian doubles (exact integers); the cursor
--     is the oldest slot, the next to overwrite, and the header's copy of it answers a one-permit
--     refusal in one read. A ring written under another L is rebuilt first (see resize).
--
-- Reply: {allowed (1/0), remaining, retry-after (us), the refusing limit (index; 0 when allowed),
--         the decision time (us)}
--
-- This runs for every decision: a limiter of one GCRA limit (the common case) takes a straight path
-- of TIME, GET and SET; the general path keeps one flat table and no closures for GCRA limits.

local permits = tonumber(ARGV[1])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])

if ARGV[2] == '1' and #KEYS == 1 then
    -- one GCRA limit: the same arithmetic as the general path below, without its tables
    local interval, tolerance = tonumber(ARGV[3]), tonumber(ARGV[4])
    -- a key that is not a number (a sliding window's ring, after the limit changed its algorithm) starts afresh
    local start = tonumber(redis.call('GET', KEYS[1])) or 0
    if start < now then
        start = now
    end
    local tat = start + permits * interval
    if tat - now <= tolerance then
        redis.call('SET', KEYS[1], string.format('%d', tat), 'PX', math.ceil((tat - now) / 1000))
        return {1, math.floor((tolerance - (tat - now)) / interval), 0, 0, now}
    end
    return {0, math.max(math.floor((tolerance - (start - now)) / interval), 0), tat - tolerance - now, 1, now}
end

-- rebuilds a sliding-window ring written under another limit (old, with window oldWindow) for
-- limit L: the newest min(old, L) times in time order from slot 0, the cursor after them. Slots a
-- growth cannot know are filled with an upper bound of the times they stand for, so a changed limit
-- may refuse early for up to a window but never admits more than L in a window:
--   times a shrink dropped: the newest of them (dropped, kept in the header);
--   times a full ring overwrote: each was outside the old window when overwritten, so older than
--   newest - oldWindow (and than the oldest known time).
-- The key keeps its time to live.
local function resize(key, old, oldWindow, limit, from, newest, dropped)
    local body = redis.call('GETRANGE', key, 48, 47 + 8 * old)
    local written = math.floor(#body / 8)
    local times = {}
    for r = 0, old - 1 do
        local p = (from + r) % old
        if p < written then
            local t = struct.unpack('>d', body, 8 * p + 1)
            if t > 0 then
                times[#times + 1] = t
            end
        end
    end
    local kept = math.min(#times, limit)
    if #times > kept and times[#times - kept] > dropped then
        dropped = times[#times - kept]
    end
    local fill = dropped
    if #times == old and old > 0 then
        local overwritten = math.min(times[1], newest - oldWindow - 1)
        if overwritten > fill then
            fill = overwritten
        end
    end
    local slots = {}
    local count = kept
    if fill > 0 and kept < limit then
        slots[1] = string.rep(struct.pack('>d', fill), limit - kept)
        count = limit
    end
    for i = #times - kept + 1, #times do
        slots[#slots + 1] = struct.pack('>d', times[i])
    end
    local oldest = 0
    if count == limit then
        oldest = struct.unpack('>d', slots[1])
    end
    local cursor = count % limit
    redis.call('SET', key, struct.pack('>dddddd', cursor, newest, oldest, limit, oldWindow, dropped)
        .. table.concat(slots), 'KEEPTTL')
    return cursor, oldest
end

-- expiries run on the server's clock even when decisions are held at a later recorded time
local clockNow = now
local count = #KEYS

-- limit i at s[5i-4 .. 5i]: kind, a, b, then GCRA: TAT; sliding window: cursor, oldest
local s = {}
for i = 1, count do
    local j = 5 * i - 5
    local arg = 3 * i - 1
    local kind = tonumber(ARGV[arg])
    s[j + 1] = kind
    s[j + 2] = tonumber(ARGV[arg + 1])
    s[j + 3] = tonumber(ARGV[arg + 2])
    if kind == 1 then
        local tat = redis.call('GET', KEYS[i])
        s[j + 4] = tat and tonumber(tat) or 0
    else
        local header = redis.call('GETRANGE', KEYS[i], 0, 47)
        if #header == 48 then
            local from, newest, oldest, stored, storedWindow, dropped = struct.unpack('>dddddd', header)
            if stored ~= s[j + 2] then
                from, oldest = resize(KEYS[i], stored, storedWindow, s[j + 2], from, newest, dropped)
            end
            s[j + 4] = from
            s[j + 5] = oldest
            -- a server clock that stepped back must not reopen the window: decide at the newest time
            if newest > now then
                now = newest
            end
        else
            s[j + 4] = 0
            s[j + 5] = 0
        end
    end
end

local slot, olderThan

local allowed = true
local remaining = -1
local retry = 0
local refusedBy = 0

for i = 1, count do
    local j = 5 * i - 5
    local left, wait
    if s[j + 1] == 1 then
        local interval, tolerance = s[j + 2], s[j + 3]
        local start = s[j + 4]
        if start < now then
            start = now
        end
        local tat = start + permits * interval
        if tat - now <= tolerance then
            s[j + 4] = tat
            left = math.floor((tolerance - (tat - now)) / interval)
        else
            wait = tat - tolerance - now
            left = math.floor((tolerance - (start - now)) / interval)
        end
    else
        local key, limit, window, from, oldest = KEYS[i], s[j + 2], s[j + 3], s[j + 4], s[j + 5]
        local cutoff = now - window
        local last = oldest
        if not slot and (permits > 1 or oldest < cutoff) then
            -- defined only when needed: a one-permit refusal, the common answer under load, reads the header alone
            -- the time in the slot at relative position r from the cursor (0 for a slot never written)
            slot = function(key, limit, from, r)
                local offset = 48 + 8 * ((from + r) % limit)
                local bytes = redis.call('GETRANGE', key, offset, offset + 7)
                if #bytes < 8 then
                    return 0
                end
                return (struct.unpack('>d', bytes))
            end
            -- how many slots from relative position lo on (before hi) are older than cutoff; slots are in
            -- time order from the cursor on, so they form a prefix, found by bisection (first: slot lo)
            olderThan = function(key, limit, from, lo, hi, cutoff, first)
                local start = lo
                if lo >= hi or first >= cutoff then
                    return 0
                end
                lo = lo + 1
                while lo < hi do
                    local mid = math.floor((lo + hi) / 2)
                    if slot(key, limit, from, mid) < cutoff then
                        lo = mid + 1
                    else
                        hi = mid
                    end
                end
                return lo - start
            end
        end
        if permits > 1 then
            last = slot(key, limit, from, permits - 1)
        end
        if last < cutoff then
            -- the slot after the consumed ones becomes the oldest (all are consumed when permits = limit)
            local nextOldest = now
            if permits < limit then
                nextOldest = slot(key, limit, from, permits)
            end
            s[j + 5] = nextOldest
            left = olderThan(key, limit, from, permits, limit, cutoff, nextOldest)
        else
            wait = last + window + 1 - now
            left = 0
            if permits > 1 then
                left = olderThan(key, limit, from, 0, permits - 1, cutoff, oldest)
            end
        end
    end
    if left < 0 then
        left = 0
    end
    if remaining < 0 or left < remaining then
        remaining = left
    end
    if wait then
        allowed = false
        if wait > retry then
            retry = wait
            refusedBy = i
        end
    end
end

if not allowed then
    return {0, remaining, retry, refusedBy, now}
end
for i = 1, count do
    local j = 5 * i - 5
    if s[j + 1] == 1 then
        redis.call('SET', KEYS[i], string.format('%d', s[j + 4]), 'PX', math.ceil((s[j + 4] - clockNow) / 1000))
    else
        local key, limit, from = KEYS[i], s[j + 2], s[j + 4]
        local stamp = struct.pack('>d', now)
        local first = math.min(permits, limit - from)
        redis.call('SETRANGE', key, 48 + 8 * from, string.rep(stamp, first))
        if first < permits then
            redis.call('SETRANGE', key, 48, string.rep(stamp, permits - first))
        end
        redis.call('SETRANGE', key, 0, struct.pack('>ddddd', (from + permits) % limit, now, s[j + 5], limit, s[j + 3]))
        redis.call('PEXPIRE', key, math.ceil((now + s[j + 3] - clockNow) / 1000))
    end
end
return {1, remaining, 0, 0, now}
