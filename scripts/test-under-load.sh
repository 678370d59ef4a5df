#!/usr/bin/env bash
# The Swift suites three times while a CPU hog (`stress-ng --cpu 2`) runs: tests that synchronise on
# explicit signals (gates, metrics, log lines, files the stand-in writes) stay green on a busy machine.
#   scripts/test-under-load.sh [rounds] [extra `swift test` arguments…]
# Prints the duration of each round and the machine's load, and exits non-zero if any round failed.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
shift || true
scripts/ensure-deps.sh test
scripts/ensure-deps.sh load
swift build --build-tests

mkdir -p artifacts
stress-ng --cpu 2 --timeout 0 --quiet &
hog=$!
trap 'kill "$hog" 2>/dev/null; wait "$hog" 2>/dev/null || true' EXIT
# Wait for the hog's workers to exist (its own children) rather than for a delay.
until pgrep -P "$hog" >/dev/null; do :; done

failed=0
for round in $(seq 1 "$rounds"); do
  log="artifacts/test-under-load-$round.log"
  started=$(date +%s.%N)
  if swift test --skip-build "$@" >"$log" 2>&1; then status=green; else status=RED; failed=1; fi
  ended=$(date +%s.%N)
  summary=$(grep -E "^(✔|✘) Test run" "$log" | tail -1 || true)
  xctest=$(grep -E "Executed [0-9]+ tests" "$log" | tail -1 || true)
  printf 'round %s: %s in %.1f s, load %s | %s | %s\n' "$round" "$status" "$(echo "$ended - $started" | bc)" \
    "$(cut -d' ' -f1-3 /proc/loadavg)" "${summary:-no summary}" "${xctest:-}"
  [ "$status" = green ] || grep -E "✘|error:" "$log" | head -20
done
exit "$failed"
