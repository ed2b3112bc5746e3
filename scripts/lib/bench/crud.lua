-- The cycle of k6/crud.js on names of its own: create (201), read (200),
-- update (200), delete (204), read again (404). scripts/bench runs it with
-- one connection per thread, so each thread's requests run in order and
-- every status can be checked.
local steps = {
  { method = "POST", expect = 201 },
  { method = "GET", expect = 200 },
  { method = "PUT", expect = 200 },
  { method = "DELETE", expect = 204 },
  { method = "GET", expect = 404 },
}
checked = true
local headers = { ["Content-Type"] = "application/json" }
local step, cycle, name = 0, 0, nil
-- wrk asks again for a request it could not write yet (a TLS write that has
-- to wait for the handshake): then the same request goes again, unanswered
-- requests never advance the cycle.
local pending

local function next_request()
  step = step % #steps + 1
  if step == 1 then
    cycle = cycle + 1
    name = string.format("crud-%d-%d-%d", id or 0, os.time(), cycle)
  end
  local method = steps[step].method
  if method == "POST" then
    return wrk.format("POST", "/api/products", headers, string.format('{"name":"%s","quantity":1}', name))
  elseif method == "PUT" then
    return wrk.format("PUT", "/api/products/" .. name, headers, string.format('{"name":"%s","quantity":2}', name))
  end
  return wrk.format(method, "/api/products/" .. name)
end

request = function()
  pending = pending or next_request()
  return pending
end

response = function(status, headers, body)
  pending = nil
  if status ~= steps[step].expect then unexpected = unexpected + 1 end
end
