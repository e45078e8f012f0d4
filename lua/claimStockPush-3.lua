--[[
  claimStockPush: may this edge publish the sale's remaining stock now, and which value?
  One publish per sale per interval across every edge (the slot), always of the counter's current value
  (so no edge publishes a stale value after a newer one), never the value published last.
  Order: counters present -> unchanged since the last publish -> slot free -> take the slot.

  KEYS[1] meta      hash: remaining, expires, ... (SaleMeta in engine/sale/sale-keys.ts)
  KEYS[2] pushSlot  string: exists for one interval after a publish
  KEYS[3] pushed    string: the remaining stock published last (expires with the sale's keys)

  ARGV[1] interval in ms (the slot's lifetime)

  Returns { code, remaining }   (StockPushCode in engine/sale/sale-stock-push.ts names the codes)
    code: 0 PUBLISH (the slot is the caller's: publish `remaining`), 1 BUSY (published within the
          interval: ask again later), 2 UNCHANGED (`remaining` is already published), 3 NO_COUNTERS
    remaining: units left, -1 when unknown
]]
local PUBLISH, BUSY, UNCHANGED, NO_COUNTERS = 0, 1, 2, 3

local meta = redis.call('HMGET', KEYS[1], 'remaining', 'expires')
local remaining = meta[1]
if not remaining then
  return { NO_COUNTERS, -1 }
end
if redis.call('GET', KEYS[3]) == remaining then
  return { UNCHANGED, tonumber(remaining) }
end
if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[1]) == false then
  return { BUSY, tonumber(remaining) }
end
redis.call('SET', KEYS[3], remaining)
-- it goes with the sale (meta carries when), like every other key of the sale
if meta[2] then
  redis.call('PEXPIREAT', KEYS[3], meta[2])
end
return { PUBLISH, tonumber(remaining) }
