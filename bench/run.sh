#!/usr/bin/env bash
# Atelier benchmarks side by side with nginx (called by `make bench` after ensure-deps and the release build).
#
#   bench/run.sh [--quick] [--only 1,3,5]
#
# Everything listens on 127.0.0.1 only. Every process started (servers, nginx, load generators) is
# recorded in a pid file and ended by pid on exit, even on failure or Ctrl-C. Figures go to stdout;
# a JSON copy stays in the work directory when BENCH_KEEP=1.
#
# Environment: ATELIER_BIN (default .build/release/atelier), KUBECTL_STANDIN (default
# .build/release/kubectl-standin), BENCH_TMP (parent of the work directory; default /var/tmp, a disk:
# fsync on a tmpfs would measure nothing), BENCH_BUDGET (seconds, default 540), BENCH_KEEP=1 keeps the
# work directory.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in wrk python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is missing (scripts/ensure-deps.sh bench installs it)" >&2; exit 2; }
done
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { echo "bench: nginx is missing (scripts/ensure-deps.sh bench)" >&2; exit 2; }
export PATH="$PATH:/usr/sbin"
export ATELIER_BIN="${ATELIER_BIN:-.build/release/atelier}"
export KUBECTL_STANDIN="${KUBECTL_STANDIN:-.build/release/kubectl-standin}"
for binary in "$ATELIER_BIN" "$KUBECTL_STANDIN"; do
  [ -x "$binary" ] || { echo "bench: $binary is missing: run swift build -c release first" >&2; exit 2; }
done

work="$(mktemp -d "${BENCH_TMP:-/var/tmp}/atelier-bench.XXXXXX")"
pids="$work/pids"
: >"$pids"
bench_pid=""

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ -n "$bench_pid" ] && kill -0 "$bench_pid" 2>/dev/null; then
    kill -TERM "$bench_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$bench_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$bench_pid" 2>/dev/null || true
  fi
  # Whatever the driver could not stop itself: by pid, only if it is still one of ours (same command).
  if [ -s "$pids" ]; then
    while read -r pid label; do
      [ -n "$pid" ] || continue
      if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -e atelier -e nginx -e bench.py; then
        echo "bench: stopping leftover $label (pid $pid)" >&2
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
      fi
    done <"$pids"
  fi
  if [ "${BENCH_KEEP:-0}" = 1 ]; then
    echo "bench: work directory kept: $work" >&2
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

python3 bench/bench.py run --work "$work" --pids "$pids" --budget "${BENCH_BUDGET:-540}" "$@" &
bench_pid=$!
wait "$bench_pid"
