--[[
  Field names inside the held-units hash of the per-user cap on concurrently held units: the units a
  user holds under the cap, and the units one hold counts there (present only for a hold that counts).
  heldUnitsField in engine/reservation/reservation-keys.ts names the same fields.
]]
local heldUnitsField = {
  user = function(userId) return 'u:' .. userId end,
  hold = function(reservationId) return 'r:' .. reservationId end,
}
