-- wrk script: every request comes from a new visitor (its own user agent and
-- forwarded address), so each one is a counted read, the costliest case.
-- The addresses are from 198.18.0.0/15, the range reserved for benchmarks;
-- they are only header values: all traffic goes to the loopback URL given to wrk.
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

function init(args)
  -- Each thread its own sequence, or two threads would send the same visitors.
  math.randomseed(os.time() * 1000 + thread_id)
  sequence = 0
end

function request()
  sequence = sequence + 1
  wrk.headers["X-Forwarded-For"] = string.format(
    "198.%d.%d.%d", 18 + thread_id % 2, math.random(0, 255), math.random(1, 254))
  wrk.headers["User-Agent"] = string.format(
    "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36 t%d-%d-%d",
    thread_id, sequence, math.random(1, 1000000000))
  return wrk.format(nil)
end
