--[[
  A ticket's entry in a sale's tickets hash: "userId:quantity:state:idempotencyKey", state '' while
  admitted, 'F' once a worker gave up on it, 'R' once its expired order's units went back on sale.
  The key comes last: it may hold ':'. engine/sale/ticket-entry.ts reads and writes the same format.
]]
local function encodeTicketEntry(userId, quantity, state, idempotencyKey)
  return userId .. ':' .. quantity .. ':' .. state .. ':' .. idempotencyKey
end

--- userId, quantity, state, idempotencyKey of an entry (strings)
local function decodeTicketEntry(entry)
  return string.match(entry, '^([^:]*):([^:]*):([^:]*):(.*)$')
end
