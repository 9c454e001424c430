-- a prelude without a final newline
local base = 40