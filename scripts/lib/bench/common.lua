-- Prepended by scripts/bench to each wrk scenario in this directory: thread
-- ids and random seeds, a count of unexpected statuses (scenarios that check
-- responses add to `unexpected`), and one JSON line of figures at the end
-- ("BENCH_JSON {...}"), which scripts/bench parses instead of wrk's text.

local threads = {}
rows = tonumber(os.getenv("BENCH_ROWS") or "10000")

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  unexpected = 0
  math.randomseed(os.time() * 1000 + (id or 0))
end

-- p00001 .. p10000: the names scripts/bench loads, as pgbench derives them.
function random_name()
  return string.format("p%05d", math.random(1, rows))
end

-- The list's `after` cursor for a name: base64url without padding, as
-- onebox's own `next` (opaque to clients; the benchmark knows the names).
local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
function cursor_after(name)
  local out = {}
  for i = 1, #name, 3 do
    local a, b, c = name:byte(i, i + 2)
    local n = a * 65536 + (b or 0) * 256 + (c or 0)
    local chars = b == nil and 2 or (c == nil and 3 or 4)
    for j = 1, chars do
      local index = math.floor(n / 64 ^ (4 - j)) % 64
      table.insert(out, alphabet:sub(index + 1, index + 1))
    end
  end
  return table.concat(out)
end

-- Scenarios that check statuses themselves (checked = true) expect some
-- non-2xx answers: only their unexpected ones count as errors.
function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + (tonumber(thread:get("unexpected")) or 0)
  end
  local e = summary.errors
  local status_errors = checked and 0 or e.status
  local seconds = summary.duration / 1e6
  local function ms(p) return latency:percentile(p) / 1000 end
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"seconds":%.3f,"rps":%.1f,"bytes":%d,' ..
    '"p50_ms":%.3f,"p95_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,"mean_ms":%.3f,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"unexpected":%d}}\n',
    summary.requests, seconds, summary.requests / seconds, summary.bytes,
    ms(50), ms(95), ms(99), latency.max / 1000, latency.mean / 1000,
    e.connect, e.read, e.write, status_errors, e.timeout, bad))
end
