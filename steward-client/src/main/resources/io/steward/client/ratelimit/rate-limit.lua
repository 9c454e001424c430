-- One rate-limit decision for one identity, all of a limiter's limits at once: admitted only when
-- every limit admits, and then consumed in every limit. Time is the server's (TIME, microseconds).
--
-- KEYS[i]  the state of limit i (every key carries the identity's hash tag)
-- ARGV[1]  permits asked for
-- ARGV[3i-1], ARGV[3i], ARGV[3i+1]  limit i: kind, a, b
--   kind 1, GCRA: a = emission interval T (us), b = tolerance, burst * T (us). The key holds the
--     theoretical arrival time (TAT, us) as a decimal string.
--   kind 2, sliding window: a = limit L, b = window W (us). The key is a string: a 24-byte header
--     (cursor, newest admission, oldest admission) and a ring of L slots, each the time of one
--     admitted permit, as big-endian doubles (exact integers); the cursor is the oldest slot, the
--     next to overwrite, and the header's copy of it answers a one-permit refusal in one read.
--
-- Reply: {allowed (1/0), remaining, retry-after (us), the refusing limit (index; 0 when allowed),
--         the decision time (us)}

local permits = tonumber(ARGV[1])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
-- expiries run on the server's clock even when decisions are held at a later recorded time
local clockNow = now
local count = #KEYS

local kind, a, b, state, cursor, oldest = {}, {}, {}, {}, {}, {}

local function slot(key, limit, from, relative)
    local offset = 24 + 8 * ((from + relative) % limit)
    local bytes = redis.call('GETRANGE', key, offset, offset + 7)
    if #bytes < 8 then
        return 0
    end
    return (struct.unpack('>d', bytes))
end

-- how many slots, from relative position lo on (before hi), are older than cutoff: slots are in
-- time order from the cursor on, so they form a prefix, found by bisection
-- (first: the slot at lo, when already read)
local function olderThan(key, limit, from, lo, hi, cutoff, first)
    local start = lo
    if lo >= hi then
        return 0
    end
    if (first or slot(key, limit, from, lo)) >= cutoff then
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

-- read every limit's state; a sliding window's newest admission keeps the decision time monotonic
-- should the server's clock step back
for i = 1, count do
    local base = 3 * i - 1
    kind[i] = tonumber(ARGV[base])
    a[i] = tonumber(ARGV[base + 1])
    b[i] = tonumber(ARGV[base + 2])
    if kind[i] == 1 then
        local tat = redis.call('GET', KEYS[i])
        state[i] = tat and tonumber(tat) or 0
    else
        local header = redis.call('GETRANGE', KEYS[i], 0, 23)
        if #header == 24 then
            local from, newest, first = struct.unpack('>ddd', header)
            cursor[i] = from
            oldest[i] = first
            if newest > now then
                now = newest
            end
        else
            cursor[i] = 0
            oldest[i] = 0
        end
    end
end

local allowed = true
local remaining = -1
local retry = 0
local refusedBy = 0

for i = 1, count do
    local left, wait
    if kind[i] == 1 then
        local interval, tolerance = a[i], b[i]
        local start = math.max(state[i], now)
        local tat = start + permits * interval
        if tat - now <= tolerance then
            state[i] = tat
            left = math.floor((tolerance - (tat - now)) / interval)
        else
            wait = tat - tolerance - now
            left = math.floor((tolerance - (start - now)) / interval)
        end
    else
        local limit, window = a[i], b[i]
        local cutoff = now - window
        local last = oldest[i]
        if permits > 1 then
            last = slot(KEYS[i], limit, cursor[i], permits - 1)
        end
        if last < cutoff then
            -- the slot after the consumed ones becomes the oldest (all slots are consumed when permits = limit)
            local next = now
            if permits < limit then
                next = slot(KEYS[i], limit, cursor[i], permits)
            end
            oldest[i] = next
            left = olderThan(KEYS[i], limit, cursor[i], permits, limit, cutoff, next)
        else
            wait = last + window + 1 - now
            left = olderThan(KEYS[i], limit, cursor[i], 0, permits - 1, cutoff, oldest[i])
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

if allowed then
    for i = 1, count do
        if kind[i] == 1 then
            redis.call('SET', KEYS[i], string.format('%d', state[i]), 'PX', math.ceil((state[i] - clockNow) / 1000))
        else
            local limit, from = a[i], cursor[i]
            local stamp = struct.pack('>d', now)
            local first = math.min(permits, limit - from)
            redis.call('SETRANGE', KEYS[i], 24 + 8 * from, string.rep(stamp, first))
            if first < permits then
                redis.call('SETRANGE', KEYS[i], 24, string.rep(stamp, permits - first))
            end
            redis.call('SETRANGE', KEYS[i], 0, struct.pack('>ddd', (from + permits) % limit, now, oldest[i]))
            redis.call('PEXPIRE', KEYS[i], math.ceil((now + b[i] - clockNow) / 1000))
        end
    end
    return {1, remaining, 0, 0, now}
end
return {0, remaining, retry, refusedBy, now}
