-- wrk script for scripts/bench-flood: junk submissions from many addresses.
-- Per request, one of:
--   40% a sign-up with no CAPTCHA              (a dumb bot)
--   40% an ad from a bot account, no CAPTCHA   (a dumb bot with an account)
--   20% a spam ad from a bot account WITH a solved CAPTCHA, while the pre-solved
--       pool lasts (a bot that pays for proof-of-work), from a small set of addresses
-- Every request carries X-Forwarded-For (the site trusts 127.0.0.1 as its proxy).
local pool_file = os.getenv("FLOOD_POOL") or "pool.tsv"
local bots_file = os.getenv("FLOOD_BOTS") or "bots.tsv"

local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local function lines(path)
  local out = {}
  local f = io.open(path, "r")
  if f then
    for line in f:lines() do table.insert(out, line) end
    f:close()
  end
  return out
end

function init(args)
  math.randomseed(os.time() + id * 7919)
  counts = {}
  bots = lines(bots_file)            -- cookie per line
  pool = {}                          -- cookie \t captcha, this thread's half
  for i, l in ipairs(lines(pool_file)) do
    if i % 2 == id then table.insert(pool, l) end
  end
  next_pool = 1
end

local function junk_ip()
  return string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254))
end

function request()
  local r = math.random()
  local n = math.random(1, 1000000)
  if r < 0.4 or #bots == 0 then
    local body = string.format('{"email":"bot%d@junk.example","password":"password%d","display_name":"Cheap pills %d"}', n, n, n)
    return wrk.format("POST", "/api/v1/auth/register",
      { ["Content-Type"] = "application/json", ["X-Forwarded-For"] = junk_ip() }, body)
  end
  local body = string.format('{"category":"electronics","title":"CHEAP v1agra n0w %d!!!","description":"Best price guaranteed, wire the deposit now, click http://bit.ly/x%d","price":1,"location":"Johannesburg"}', n, n)
  local headers = { ["Content-Type"] = "application/json" }
  if r >= 0.8 and next_pool <= #pool then
    local cookie, captcha = pool[next_pool]:match("([^\t]+)\t([^\t]+)")
    next_pool = next_pool + 1
    headers["Cookie"] = cookie
    headers["X-Captcha"] = captcha
    headers["X-Forwarded-For"] = string.format("10.99.0.%d", math.random(1, 8))
  else
    headers["Cookie"] = bots[math.random(1, #bots)]
    headers["X-Forwarded-For"] = junk_ip()
  end
  return wrk.format("POST", "/api/v1/ads", headers, body)
end

function response(status, headers, body)
  -- Tell apart what stopped it: "422 captcha", "422 rejected_by_gate", "429"…
  local key = tostring(status)
  if status == 422 then
    if body:find('"rejected_by_gate"', 1, true) then
      key = key .. " gate"
    elseif body:find('"captcha"', 1, true) then
      key = key .. " captcha"
    else
      key = key .. " invalid"
    end
  elseif status == 201 then
    local s = body:match('"status":"([a-z_]+)"')
    if s then key = key .. " " .. s end
  end
  counts[key] = (counts[key] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    local c = t:get("counts")
    for k, v in pairs(c) do total[k] = (total[k] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(total) do table.insert(parts, string.format('"%s": %d', k, v)) end
  io.write("FLOOD_STATUS {" .. table.concat(parts, ", ") .. "}\n")
end
