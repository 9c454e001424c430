-- Prepended to every token script: now, the server's clock (TIME) in milliseconds.
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
