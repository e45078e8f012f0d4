--[[
  admit: one flash-sale attempt, atomically.
  Order: stored answer (replay) -> counters present -> window -> stock -> per-user limit -> decrement.

  KEYS[1] meta      hash: remaining, limit, starts, ends, expires (epoch ms; SaleMeta in engine/sale/sale-keys.ts)
  KEYS[2] users     hash: userId -> units admitted
  KEYS[3] idem      string: stored answer of this (user, Idempotency-Key)
  KEYS[4] pending   zset: ticketId -> admitted-at ms (outbox until a worker commits)
  KEYS[5] tickets   hash: ticketId -> ticket entry (includes/ticketEntry)
  KEYS[6] admitted  hash: "userId:idempotencyKey" -> stored answer

  ARGV[1] userId
  ARGV[2] quantity
  ARGV[3] ticketId (UUIDv7, made by the edge)
  ARGV[4] idempotency TTL in seconds
  ARGV[5] field of the admitted hash ("userId:idempotencyKey")
  ARGV[6] idempotencyKey (kept with the ticket: the sweeper republishes it with its key)

  Returns { code, answer, remaining }   (AdmitCode in engine/sale/admit-answer.ts names the codes)
    code: 0 ADMITTED, 1 REPLAY, 2 SOLD_OUT, 3 LIMIT_REACHED, 4 NOT_OPEN, 5 ENDED, 6 NO_COUNTERS
    answer: the stored answer (includes/admitAnswer), or "" when nothing is stored
    remaining: units left after this call, -1 when unknown
]]
--- @include "includes/nowMs"
--- @include "includes/ticketEntry"
--- @include "includes/admitAnswer"

local ADMITTED, REPLAY, SOLD_OUT, LIMIT_REACHED, NOT_OPEN, ENDED, NO_COUNTERS = 0, 1, 2, 3, 4, 5, 6

local stored = redis.call('GET', KEYS[3])
if stored then
  return { REPLAY, stored, -1 }
end

local meta = redis.call('HMGET', KEYS[1], 'remaining', 'limit', 'starts', 'ends', 'expires')
if not meta[1] then
  -- counters lost (e.g. Redis restarted without data): refuse rather than guess
  return { NO_COUNTERS, '', -1 }
end

local remaining = tonumber(meta[1])
local quantity = tonumber(ARGV[2])
local now = nowMs()

-- not open yet is not stored: the same key may be retried once the sale opens
if now < tonumber(meta[3]) then
  return { NOT_OPEN, '', remaining }
end

local refusal
if now >= tonumber(meta[4]) then
  refusal = ENDED
elseif remaining < quantity then
  refusal = SOLD_OUT
else
  local used = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
  if used + quantity > tonumber(meta[2]) then
    refusal = LIMIT_REACHED
  end
end

if refusal then
  local answer = encodeAdmitAnswer(refusal, ARGV[2], '')
  redis.call('SET', KEYS[3], answer, 'EX', ARGV[4])
  return { refusal, answer, remaining }
end

remaining = redis.call('HINCRBY', KEYS[1], 'remaining', -quantity)
redis.call('HINCRBY', KEYS[2], ARGV[1], quantity)
local answer = encodeAdmitAnswer(ADMITTED, ARGV[2], ARGV[3])
redis.call('SET', KEYS[3], answer, 'EX', ARGV[4])
redis.call('ZADD', KEYS[4], now, ARGV[3])
redis.call('HSET', KEYS[5], ARGV[3], encodeTicketEntry(ARGV[1], ARGV[2], '', ARGV[6]))
redis.call('HSET', KEYS[6], ARGV[5], answer)
-- the keys an admission creates go with the sale (meta carries when), so nothing of it outlives the sale
if meta[5] then
  for _, key in ipairs({ KEYS[2], KEYS[4], KEYS[5], KEYS[6] }) do
    redis.call('PEXPIREAT', key, meta[5])
  end
end
return { ADMITTED, answer, remaining }
