-- PUT /api/products/{name}: replaces a random loaded row (onebox takes writes from loopback without a token).
local headers = { ["Content-Type"] = "application/json" }

request = function()
  local name = random_name()
  local body = string.format('{"name":"%s","quantity":%d}', name, math.random(0, 100000))
  return wrk.format("PUT", "/api/products/" .. name, headers, body)
end
