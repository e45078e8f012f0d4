--[[
  releaseLock: deletes a lock only while it is still the caller's (a lock that outlived its TTL may
  have been taken by someone else since).

  KEYS[1] lock   string: the holder's token (set with NX PX)

  ARGV[1] token  the caller's token

  Returns 1 when the lock was the caller's and is released, else 0
]]
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0
