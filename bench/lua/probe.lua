-- Latency probe: each connection waits PROBE_DELAY_MS after every answer before the next request,
-- so wrk measures the latency of a paced client instead of saturating the server.
local pause = tonumber(os.getenv("PROBE_DELAY_MS") or "5")

function delay()
  return pause
end
