--[[
  The stored answer of an admission, replayed to a retry of the same Idempotency-Key:
  "code:quantity:ticketId", ticketId '' for a refusal.
  engine/sale/admit-answer.ts reads and writes the same format.
]]
local function encodeAdmitAnswer(code, quantity, ticketId)
  return code .. ':' .. quantity .. ':' .. ticketId
end
