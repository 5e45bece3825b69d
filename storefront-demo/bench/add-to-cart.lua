-- wrk script: every request is one visitor adding one Stoneware Mug to the cart
-- (POST /api/cart/items, the @MicroConversion("add-to-cart") resource method).
-- Each request carries its own visitor and session cookie (mc_vid / mc_sid, 16-64 chars of
-- [A-Za-z0-9_-], the format the capture filter accepts), so no cart ever reaches the
-- 99-per-product limit and tracking ON and OFF serve exactly the same requests. The session
-- cookie is "<id>_<refreshed, epoch seconds base 36>", as the server sets it: a visitor's later
-- requests, which are not answered with a new Set-Cookie (only a visit's first one is).
-- At the end it prints one machine-readable line: "RESULT rps=... p50_us=... p99_us=... ..."

local threads = {}
local next_id = 0

function setup(thread)
   next_id = next_id + 1
   thread:set("tid", next_id)
   table.insert(threads, thread)
end

local body = '{"productId":"stoneware-mug","quantity":1}'
local counter = 0

local function base36(n)
   local digits, out = "0123456789abcdefghijklmnopqrstuvwxyz", ""
   repeat
      local d = n % 36
      out = digits:sub(d + 1, d + 1) .. out
      n = math.floor(n / 36)
   until n == 0
   return out
end
local refreshed = base36(os.time())

function request()
   counter = counter + 1
   local vid = string.format("wrkbench-t%d-%012d", tid, counter)
   return wrk.format("POST", "/api/cart/items", {
      ["Content-Type"] = "application/json",
      ["Accept"] = "application/json",
      ["Cookie"] = "mc_vid=" .. vid .. "; mc_sid=" .. vid .. "_" .. refreshed
   }, body)
end

function done(summary, latency, requests)
   local seconds = summary.duration / 1000000
   local e = summary.errors
   io.write(string.format(
      "RESULT requests=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d non2xx=%d socket_errors=%d\n",
      summary.requests, summary.requests / seconds,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
      e.status, e.connect + e.read + e.write + e.timeout))
end
