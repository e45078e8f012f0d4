--[[
  release: end a reservation's hold in Redis, at most once.
  The record is the proof that the units are still taken: it is deleted here, and only the call that
  deletes it returns units (mode "return") or drops them as sold (mode "consume"), and gives the units
  the hold counted against its user's cap back to that user (either mode).

  KEYS[1] counters  hash: the inventory counters of every SKU (includes/counterField)
  KEYS[2] records   hash: reservationId -> reservation record (includes/reservationRecord)
  KEYS[3] pending   zset: reservationId -> admitted-at ms
  KEYS[4] held      hash: units held under the per-user cap, per user and per hold (includes/heldUnitsField)

  ARGV[1] reservationId
  ARGV[2] mode: "return" (expired, cancelled) or "consume" (confirmed)

  Returns 1 when this call released the hold, 0 when it was already released (or never taken)
]]
--- @include "includes/counterField"
--- @include "includes/reservationRecord"
--- @include "includes/heldUnitsField"

local record = redis.call('HGET', KEYS[2], ARGV[1])
if not record then
  return 0
end
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])

local holdField = heldUnitsField.hold(ARGV[1])
local counted = redis.call('HGET', KEYS[4], holdField)
if counted then
  redis.call('HDEL', KEYS[4], holdField)
  local userField = heldUnitsField.user(decodeReservationUser(record))
  if redis.call('HINCRBY', KEYS[4], userField, -tonumber(counted)) <= 0 then
    redis.call('HDEL', KEYS[4], userField)
  end
end
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
