--[[
  Field names inside the inventory counters hash, by SKU: type (T realtime | R reservable), available
  units (realtime), capacity per slot and units used per slot (reservable).
  counterField in engine/reservation/reservation-keys.ts names the same fields.
]]
local counterField = {
  type = function(sku) return sku .. ':t' end,
  available = function(sku) return sku .. ':a' end,
  capacity = function(sku) return sku .. ':c' end,
  slotUsed = function(sku, slot) return sku .. ':s:' .. slot end,
}
