--[[
  The Redis server's clock in epoch milliseconds (one clock for every edge).
]]
local function nowMs()
  local clock = redis.call('TIME')
  return tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
end
