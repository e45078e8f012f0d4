--[[
  returnUnits: the units of expired flash-sale orders go back on sale, each ticket at most once.
  Runs after Postgres committed the orders' EXPIRED and lowered the sale's durable `sold`; a pass that
  died half-way is run again, and a ticket already returned (state 'R') counts nothing the second time.
  The buyers' per-user counts stay (docs/sale-orders.md says why).

  KEYS[1] meta      hash: remaining, limit, starts, ends (SaleMeta in engine/sale/sale-keys.ts)
  KEYS[2] tickets   hash: ticketId -> ticket entry (includes/ticketEntry)

  ARGV[1..n] ticket ids (= order ids) of the sale's expired orders

  Returns { returned, remaining }
    returned: units put back by this call (0 when all were returned before)
    remaining: units on sale after this call; -1 when the counters are missing (Redis lost its data: a
               rebuild from Postgres counts the lowered `sold`, so nothing is to be put back)
]]
--- @include "includes/ticketEntry"

if redis.call('EXISTS', KEYS[1]) == 0 then
  return { 0, -1 }
end

local returned = 0
for i = 1, #ARGV do
  local entry = redis.call('HGET', KEYS[2], ARGV[i])
  if entry then
    local userId, quantity, state, idempotencyKey = decodeTicketEntry(entry)
    if state ~= 'R' then
      returned = returned + tonumber(quantity)
      redis.call('HSET', KEYS[2], ARGV[i], encodeTicketEntry(userId, quantity, 'R', idempotencyKey))
    end
  end
end

local remaining
if returned > 0 then
  remaining = redis.call('HINCRBY', KEYS[1], 'remaining', returned)
else
  remaining = tonumber(redis.call('HGET', KEYS[1], 'remaining'))
end
return { returned, remaining }
