--[[
  A ticket's entry in a sale's tickets hash: "userId:quantity:state:idempotencyKey", state '' while
  admitted and 'F' once a worker gave up on it. The key comes last: it may hold ':'.
  engine/sale/ticket-entry.ts reads and writes the same format.
]]
local function encodeTicketEntry(userId, quantity, state, idempotencyKey)
  return userId .. ':' .. quantity .. ':' .. state .. ':' .. idempotencyKey
end
