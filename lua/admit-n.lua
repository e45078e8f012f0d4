--[[
  admit: a batch of flash-sale attempts of one sale, atomically, in arrival order, each decided as if it
  came alone: a later attempt sees what an earlier one took or stored (a retry in the same batch replays).
  Order per attempt: stored answer (replay) -> counters present -> window -> stock -> per-user limit -> decrement.
  numkeys is given at call time: 5 + n for n attempts (a batch of one is fine).

  KEYS[1] meta      hash: remaining, limit, starts, ends, expires (epoch ms; SaleMeta in engine/sale/sale-keys.ts)
  KEYS[2] users     hash: userId -> units admitted
  KEYS[3] pending   zset: ticketId -> admitted-at ms (outbox until a worker commits)
  KEYS[4] tickets   hash: ticketId -> ticket entry (includes/ticketEntry)
  KEYS[5] admitted  hash: "userId:idempotencyKey" -> stored answer
  KEYS[5+i] idem    string: stored answer of attempt i's (user, Idempotency-Key), i = 1..n

  ARGV[1] idempotency TTL in seconds
  then five per attempt i, from ARGV[2 + 5 * (i - 1)]:
    userId, quantity, ticketId (UUIDv7, made by the edge), field of the admitted hash ("userId:idempotencyKey"),
    idempotencyKey (kept with the ticket: the sweeper republishes it with its key)

  Returns { code, answer, remaining } per attempt, flat in attempt order: 3n values
    (AdmitCode in engine/sale/admit-answer.ts names the codes)
    code: 0 ADMITTED, 1 REPLAY, 2 SOLD_OUT, 3 LIMIT_REACHED, 4 NOT_OPEN, 5 ENDED, 6 NO_COUNTERS
    answer: the stored answer (includes/admitAnswer), or "" when nothing is stored
    remaining: units left after that attempt, -1 when unknown
]]
--- @include "includes/nowMs"
--- @include "includes/ticketEntry"
--- @include "includes/admitAnswer"

local ADMITTED, REPLAY, SOLD_OUT, LIMIT_REACHED, NOT_OPEN, ENDED, NO_COUNTERS = 0, 1, 2, 3, 4, 5, 6
local FIXED_KEYS, ARGS_PER_ATTEMPT = 5, 5

local ttl = ARGV[1]
local meta = redis.call('HMGET', KEYS[1], 'remaining', 'limit', 'starts', 'ends', 'expires')
local remaining = tonumber(meta[1])
local limit, starts, ends = tonumber(meta[2]), tonumber(meta[3]), tonumber(meta[4])
local now = nowMs()
local anyAdmitted = false
local out = {}

-- one attempt: its code, stored answer and remaining, with the same steps and writes as a call of its own
local function admitOne(idem, userId, quantityArg, ticketId, field, idempotencyKey)
  local stored = redis.call('GET', idem)
  if stored then
    return REPLAY, stored, -1
  end
  if not remaining then
    -- counters lost (e.g. Redis restarted without data): refuse rather than guess
    return NO_COUNTERS, '', -1
  end
  -- not open yet is not stored: the same key may be retried once the sale opens
  if now < starts then
    return NOT_OPEN, '', remaining
  end
  local quantity = tonumber(quantityArg)
  local refusal
  if now >= ends then
    refusal = ENDED
  elseif remaining < quantity then
    refusal = SOLD_OUT
  elseif tonumber(redis.call('HGET', KEYS[2], userId) or '0') + quantity > limit then
    refusal = LIMIT_REACHED
  end
  if refusal then
    local answer = encodeAdmitAnswer(refusal, quantityArg, '')
    redis.call('SET', idem, answer, 'EX', ttl)
    return refusal, answer, remaining
  end
  remaining = redis.call('HINCRBY', KEYS[1], 'remaining', -quantity)
  redis.call('HINCRBY', KEYS[2], userId, quantity)
  local answer = encodeAdmitAnswer(ADMITTED, quantityArg, ticketId)
  redis.call('SET', idem, answer, 'EX', ttl)
  redis.call('ZADD', KEYS[3], now, ticketId)
  redis.call('HSET', KEYS[4], ticketId, encodeTicketEntry(userId, quantityArg, '', idempotencyKey))
  redis.call('HSET', KEYS[5], field, answer)
  anyAdmitted = true
  return ADMITTED, answer, remaining
end

for i = 1, #KEYS - FIXED_KEYS do
  local at = 1 + ARGS_PER_ATTEMPT * (i - 1)
  local code, answer, left = admitOne(KEYS[FIXED_KEYS + i], ARGV[at + 1], ARGV[at + 2], ARGV[at + 3], ARGV[at + 4], ARGV[at + 5])
  out[3 * i - 2], out[3 * i - 1], out[3 * i] = code, answer, left
end

-- the keys an admission creates go with the sale (meta carries when), so nothing of it outlives the sale
if anyAdmitted and meta[5] then
  for i = 2, 5 do
    redis.call('PEXPIREAT', KEYS[i], meta[5])
  end
end
return out
