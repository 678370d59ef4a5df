-- Check runs recorded through the API: POST <BENCH_PATH> with <BENCH_BODY>, each request with the
-- next learner token of this thread's own share of BENCH_TOKENS (one token a line), so that two
-- threads never write the same learner at the same time.
local tokens = {}
local next_index = 1
local path = os.getenv("BENCH_PATH")
local body = os.getenv("BENCH_BODY") or ""
local thread_count = tonumber(os.getenv("BENCH_THREADS") or "1")
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  local all = {}
  for line in io.lines(os.getenv("BENCH_TOKENS")) do
    if #line > 0 then all[#all + 1] = line end
  end
  for i = 1, #all do
    if (i - 1) % thread_count == id then tokens[#tokens + 1] = all[i] end
  end
  if #tokens == 0 then error("no token for thread " .. tostring(id)) end
end

function request()
  local token = tokens[next_index]
  next_index = next_index % #tokens + 1
  local headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
  return wrk.format("POST", path, headers, body)
end
