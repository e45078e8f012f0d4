--[[
  A reservation's record in the records hash, present while its units are taken in Redis:
  "userId|expiresAtMs|sku:qty:slot,...|fingerprint|idempotencyKey". Slots never hold '|', ':' or ','
  (the edge's schema); the key may, so it comes last. A line is { sku, quantity, slot }, slot '' for none.
  engine/reservation/reservation-record.ts reads and writes the same format.
]]
local function encodeReservationRecord(userId, expiresAtMs, lines, fingerprint, idempotencyKey)
  local items = {}
  for i, line in ipairs(lines) do
    items[i] = line[1] .. ':' .. line[2] .. ':' .. line[3]
  end
  return userId .. '|' .. expiresAtMs .. '|' .. table.concat(items, ',') .. '|' .. fingerprint .. '|' .. idempotencyKey
end

-- the user who holds it
local function decodeReservationUser(record)
  return string.match(record, '^[^|]*')
end

-- the lines of a record, quantities as numbers
local function decodeReservationLines(record)
  local lines = {}
  local list = string.match(record, '^[^|]*|[^|]*|([^|]*)')
  for sku, quantity, slot in string.gmatch(list, '([^:,]+):([^:,]+):([^,]*)') do
    lines[#lines + 1] = { sku, tonumber(quantity), slot }
  end
  return lines
end
