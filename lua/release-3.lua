--[[
  release: end a reservation's hold in Redis, at most once.
  The record is the proof that the units are still taken: it is deleted here, and only the call that
  deletes it returns units (mode "return") or drops them as sold (mode "consume").

  KEYS[1] counters  hash: "<sku>:t" type T|R, "<sku>:a" available, "<sku>:s:<slot>" used
  KEYS[2] records   hash: reservationId -> "userId|expiresAtMs|sku:qty:slot,...|fingerprint|idempotencyKey"
  KEYS[3] pending   zset: reservationId -> admitted-at ms

  ARGV[1] reservationId
  ARGV[2] mode: "return" (expired, cancelled) or "consume" (confirmed)

  Returns 1 when this call released the hold, 0 when it was already released (or never taken)
]]
local record = redis.call('HGET', KEYS[2], ARGV[1])
if not record then
  return 0
end
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
if ARGV[2] ~= 'return' then
  return 1
end

-- the third field; slots never hold '|' (the edge's schema), so it ends at the next one
local list = string.match(record, '^[^|]*|[^|]*|([^|]*)')
for sku, quantity, slot in string.gmatch(list, '([^:,]+):([^:,]+):([^,]*)') do
  if slot ~= '' then
    redis.call('HINCRBY', KEYS[1], sku .. ':s:' .. slot, -tonumber(quantity))
  elseif redis.call('HEXISTS', KEYS[1], sku .. ':t') == 1 then
    redis.call('HINCRBY', KEYS[1], sku .. ':a', tonumber(quantity))
  end
end
return 1
