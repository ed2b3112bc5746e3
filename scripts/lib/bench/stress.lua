-- The request mix of k6/stress.js and soak.js: 80% point reads, 10% list
-- pages after a random name, 10% replacing writes.
local headers = { ["Content-Type"] = "application/json" }

request = function()
  local dice = math.random(1, 10)
  local name = random_name()
  if dice <= 8 then
    return wrk.format("GET", "/api/products/" .. name)
  elseif dice == 9 then
    return wrk.format("GET", "/api/products?limit=50&after=" .. cursor_after(name))
  end
  local body = string.format('{"name":"%s","quantity":%d}', name, math.random(0, 100000))
  return wrk.format("PUT", "/api/products/" .. name, headers, body)
end
