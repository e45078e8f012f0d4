--[[
  rateLimit: a fixed-window counter that can also be read without counting.
  The window starts at the first hit; the hit that reaches the limit restarts it, so a lockout
  always lasts a full window from the moment it began.

  KEYS[1] counter   string: hits in the current window (expires with the window)

  ARGV[1] limit       hits allowed per window
  ARGV[2] window ms   length of the window
  ARGV[3] increment   1 to count this hit, 0 to only read

  Returns { allowed, count, ttlMs }
    allowed: 1 while count < limit (after counting this hit: count <= limit), else 0
    count: hits in the window, including this one
    ttlMs: milliseconds until the window ends, 0 when no window is open
]]
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local count

if ARGV[3] == '1' then
  count = redis.call('INCR', KEYS[1])
  if count == 1 or count == limit then
    redis.call('PEXPIRE', KEYS[1], window)
  end
else
  count = tonumber(redis.call('GET', KEYS[1]) or '0')
end

local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  ttl = 0
end

local allowed = 0
if (ARGV[3] == '1' and count <= limit) or (ARGV[3] ~= '1' and count < limit) then
  allowed = 1
end
return { allowed, count, ttl }
