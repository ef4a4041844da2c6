-- wrk script: every request comes from a new visitor (its own user agent and
-- forwarded address), so each one is a counted read, the costliest case.
-- The addresses are from 198.18.0.0/15, the range reserved for benchmarks;
-- they are only header values: all traffic goes to the loopback URL given to wrk.
math.randomseed(os.time())

request = function()
  local id = math.random(1, 2000000000)
  wrk.headers["X-Forwarded-For"] = string.format(
    "198.%d.%d.%d", math.random(18, 19), math.random(0, 255), math.random(1, 254))
  wrk.headers["User-Agent"] =
    "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36 v" .. id
  return wrk.format(nil)
end
