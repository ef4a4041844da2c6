-- wrk script for bench/scale_check.py: every request is a new visitor (its own user agent
-- and forwarded address), so each one is a counted read, spread over several article pages.
--   wrk ... http://127.0.0.1:PORT -s bench/scale_visitors.lua -- LABEL PATH [PATH...]
-- LABEL tells apart the wrk runs started at the same moment (one per app server): without
-- it two runs would draw the same "random" visitors, and repeats are not counted.
-- The addresses are from 198.18.0.0/15, the range reserved for benchmarks; they are only
-- header values: all traffic goes to the loopback URL given to wrk.
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

function init(args)
  label = args[1]
  paths = {}
  for i = 2, #args do
    paths[#paths + 1] = args[i]
  end
  local salt = 0
  for i = 1, #label do
    salt = salt * 31 + label:byte(i)
  end
  math.randomseed(os.time() * 1000 + thread_id + salt % 100000)
  sequence = 0
end

function request()
  sequence = sequence + 1
  wrk.headers["X-Forwarded-For"] = string.format(
    "198.%d.%d.%d", 18 + thread_id % 2, math.random(0, 255), math.random(1, 254))
  wrk.headers["User-Agent"] = string.format(
    "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36 %s-t%d-%d-%d",
    label, thread_id, sequence, math.random(1, 1000000000))
  return wrk.format("GET", paths[sequence % #paths + 1])
end
