--[[
  reserve: hold units of several SKUs at once, all or nothing, idempotently.
  Order: stored answer (replay) -> every counter present and the slot rules hold -> the user's held units
  stay within the cap -> every item fits (demand of the same counter summed) -> take the units, count them
  against the user's cap, store the answer, record the reservation.

  KEYS[1] counters  hash: the inventory counters of every SKU (includes/counterField)
  KEYS[2] idem      string: stored answer of this (user, Idempotency-Key)
  KEYS[3] pending   zset: reservationId -> admitted-at ms (outbox until a worker persists it)
  KEYS[4] records   hash: reservationId -> reservation record (includes/reservationRecord)
  KEYS[5] held      hash: units held under the per-user cap, per user and per hold (includes/heldUnitsField)

  ARGV[1] userId
  ARGV[2] reservationId (UUIDv7, made by the edge)
  ARGV[3] idempotency TTL in seconds
  ARGV[4] expiresAt, epoch ms
  ARGV[5] request fingerprint (a replay with another body is a mismatch)
  ARGV[6] idempotencyKey (kept with the record: it reaches the row, and a rebuild restores the answer)
  ARGV[7] cap on the units one user holds at once through holds that count; 0: this hold does not count
          (an order's stock hold) and no cap applies
  ARGV[8] number of items n, followed by n triples: sku, quantity, slot ('' for none)

  Returns { code, answer, item }   (ReserveCode in engine/reservation/reserve-answer.ts names the codes)
    code: 0 RESERVED, 1 REPLAY, 2 INSUFFICIENT, 6 NO_COUNTERS, 7 SLOT_REQUIRED, 8 SLOT_NOT_ALLOWED, 9 HOLD_LIMIT
    answer: the stored answer (includes/reserveAnswer), or "" when nothing is stored; INSUFFICIENT stores the id the
      request would have had; NO_COUNTERS and HOLD_LIMIT store nothing, so the key can retry
    item: 1-based index of the item that refused, 0 otherwise
]]
--- @include "includes/nowMs"
--- @include "includes/counterField"
--- @include "includes/reservationRecord"
--- @include "includes/reserveAnswer"
--- @include "includes/heldUnitsField"

local RESERVED, REPLAY, INSUFFICIENT, NO_COUNTERS, SLOT_REQUIRED, SLOT_NOT_ALLOWED, HOLD_LIMIT = 0, 1, 2, 6, 7, 8, 9

local stored = redis.call('GET', KEYS[2])
if stored then
  return { REPLAY, stored, 0 }
end

local cap, n = tonumber(ARGV[7]), tonumber(ARGV[8])
local lines, fields, signs, amounts, limits, order = {}, {}, {}, {}, {}, {}
local units = 0
for i = 1, n do
  local base = 8 + (i - 1) * 3
  local sku, quantity, slot = ARGV[base + 1], ARGV[base + 2], ARGV[base + 3]
  local kind = redis.call('HGET', KEYS[1], counterField.type(sku))
  if not kind then
    -- counters lost (or unknown SKU): refuse rather than guess; not stored, so the key can retry
    return { NO_COUNTERS, '', i }
  end
  local field
  if kind == 'R' then
    if slot == '' then return { SLOT_REQUIRED, '', i } end
    -- a slot's used units count up to the capacity
    field, signs[i] = counterField.slotUsed(sku, slot), 1
    limits[field] = tonumber(redis.call('HGET', KEYS[1], counterField.capacity(sku)) or '0')
      - tonumber(redis.call('HGET', KEYS[1], field) or '0')
  else
    if slot ~= '' then return { SLOT_NOT_ALLOWED, '', i } end
    -- available units count down
    field, signs[i] = counterField.available(sku), -1
    limits[field] = tonumber(redis.call('HGET', KEYS[1], field) or '0')
  end
  if not amounts[field] then
    amounts[field] = 0
    order[#order + 1] = { field, i }
  end
  amounts[field] = amounts[field] + tonumber(quantity)
  units = units + tonumber(quantity)
  fields[i] = field
  lines[i] = { sku, quantity, slot }
end

local userField = heldUnitsField.user(ARGV[1])
if cap > 0 and tonumber(redis.call('HGET', KEYS[5], userField) or '0') + units > cap then
  return { HOLD_LIMIT, '', 0 }
end

for _, entry in ipairs(order) do
  local field = entry[1]
  if amounts[field] > limits[field] then
    local answer = encodeReserveAnswer(INSUFFICIENT, ARGV[2], ARGV[5])
    redis.call('SET', KEYS[2], answer, 'EX', ARGV[3])
    return { INSUFFICIENT, answer, entry[2] }
  end
end

for i = 1, n do
  redis.call('HINCRBY', KEYS[1], fields[i], signs[i] * tonumber(lines[i][2]))
end

if cap > 0 then
  -- lua/release-4.lua gives these units back to the user when the hold ends, once
  redis.call('HINCRBY', KEYS[5], userField, units)
  redis.call('HSET', KEYS[5], heldUnitsField.hold(ARGV[2]), units)
end

local now = nowMs()
local answer = encodeReserveAnswer(RESERVED, ARGV[2], ARGV[5])
redis.call('SET', KEYS[2], answer, 'EX', ARGV[3])
redis.call('ZADD', KEYS[3], now, ARGV[2])
redis.call('HSET', KEYS[4], ARGV[2], encodeReservationRecord(ARGV[1], ARGV[4], lines, ARGV[5], ARGV[6]))
return { RESERVED, answer, 0 }
