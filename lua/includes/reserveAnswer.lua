--[[
  The stored answer of a reservation request, replayed to a retry of the same Idempotency-Key:
  "code|reservationId|fingerprint", reservationId '' for a refusal.
  engine/reservation/reserve-answer.ts reads and writes the same format.
]]
local function encodeReserveAnswer(code, reservationId, fingerprint)
  return code .. '|' .. reservationId .. '|' .. fingerprint
end
