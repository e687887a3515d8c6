-- bench/search.lua — wrk's requests for bench/search.sh: each request a
-- different search from a fixed list (seeded), with the session cookie.
-- SEARCH_KIND=text: words and one filter; SEARCH_KIND=near: open now near
-- a point around a city.
local kind = os.getenv("SEARCH_KIND") or "text"
local cookie = os.getenv("SEARCH_COOKIE") or ""
local words = {"food", "pantry", "housing", "shelter", "job", "training", "crisis", "recovery",
  "meeting", "clinic", "legal", "youth", "seniors", "veterans", "cafe", "ninos", "rent", "dental"}
local filters = {"free=1", "language=es", "category=c0", "accessible=1", "open=today",
  "recovery_friendly=1", "category=c4.2"}
local cities = {{41.88, -87.63}, {41.52, -88.08}, {42.27, -89.09}, {40.69, -89.59}, {39.80, -89.64}}
local paths = {}
math.randomseed(23)
for i = 1, 500 do
  if kind == "text" then
    paths[i] = string.format("/api/v1/resources?q=%s&%s&limit=20", words[math.random(#words)],
      filters[math.random(#filters)])
  else
    local c = cities[math.random(#cities)]
    paths[i] = string.format("/api/v1/resources?open=now&lat=%.4f&lon=%.4f&limit=20",
      c[1] + (math.random() - 0.5) * 0.3, c[2] + (math.random() - 0.5) * 0.3)
  end
end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1], {["Cookie"] = cookie})
end
