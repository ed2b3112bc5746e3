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
local headers = { ["Content-Type"] = "application/json" }
local step, cycle, name, sent = 0, 0, nil, {}

request = function()
  step = step % #steps + 1
  if step == 1 then
    cycle = cycle + 1
    name = string.format("crud-%d-%d-%d", id or 0, os.time(), cycle)
  end
  local current = steps[step]
  table.insert(sent, current.expect)
  if current.method == "POST" then
    return wrk.format("POST", "/api/products", headers, string.format('{"name":"%s","quantity":1}', name))
  elseif current.method == "PUT" then
    return wrk.format("PUT", "/api/products/" .. name, headers, string.format('{"name":"%s","quantity":2}', name))
  end
  return wrk.format(current.method, "/api/products/" .. name)
end

response = function(status, headers, body)
  local expected = table.remove(sent, 1)
  if status ~= expected then unexpected = unexpected + 1 end
end
