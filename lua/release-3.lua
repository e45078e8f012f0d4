--[[
  release: end a reservation's hold in Redis, at most once.
  The record is the proof that the units are still taken: it is deleted here, and only the call that
  deletes it returns units (mode "return") or drops them as sold (mode "consume").

  KEYS[1] counters  hash: the inventory counters of every SKU (includes/counterField)
  KEYS[2] records   hash: reservationId -> reservation record (includes/reservationRecord)
  KEYS[3] pending   zset: reservationId -> admitted-at ms

  ARGV[1] reservationId
  ARGV[2] mode: "return" (expired, cancelled) or "consume" (confirmed)

  Returns 1 when this call released the hold, 0 when it was already released (or never taken)
]]
--- @include "includes/counterField"
--- @include "includes/reservationRecord"

local record = redis.call('HGET', KEYS[2], ARGV[1])
if not record then
  return 0
end
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
if ARGV[2] ~= 'return' then
  return 1
end

for _, line in ipairs(decodeReservationLines(record)) do
  local sku, quantity, slot = line[1], line[2], line[3]
  if slot ~= '' then
    redis.call('HINCRBY', KEYS[1], counterField.slotUsed(sku, slot), -quantity)
  elseif redis.call('HEXISTS', KEYS[1], counterField.type(sku)) == 1 then
    redis.call('HINCRBY', KEYS[1], counterField.available(sku), quantity)
  end
end
return 1
