#!/usr/bin/env bash
# Slow hardening runs (`make hardening`), on 127.0.0.1 only:
#   1. valgrind: the hostile suite's server under `valgrind --leak-check=full --errors-for-leak-kinds=definite`,
#      fed every crafted request of Tests/hardening plus a few thousand ordinary ones; definite leaks and
#      memory errors are classified by stack (ours / libmicrohttpd / Swift runtime) and only ours fail.
#   0. renderer: the Markdown suite of the test binary under valgrind (invalid reads/writes/frees fail;
#      libcmark is not instrumented by AddressSanitizer, so a freed node read inside it needs valgrind).
#   2. durability drill: 20 rounds of start, stream acknowledged writes, kill -9, restart, verify
#      (zero corrupt files, zero lost acknowledged writes); prints the totals.
#
#   scripts/hardening.sh [renderer|valgrind|drill|all]      (default: all)
#   (renderer: the Markdown test suite under valgrind; also part of `make test`)
#
# Environment: ATELIER_BIN (default .build/debug/atelier), KUBECTL_STANDIN (default
# .build/debug/kubectl-standin), HARDENING_REQUESTS (ordinary requests under valgrind, default 3000),
# HARDENING_ROUNDS (drill rounds, default 20), HARDENING_KEEP=1 keeps the work directory.
#
# Two workarounds make a Swift 6 binary usable under Debian 12's valgrind 3.19 (both only here):
#   - the binary is copied without its DWARF (objcopy --strip-debug; the symbol table stays, so stacks
#     still name functions): valgrind 3.19 cannot read the DWARF 5 that Swift 6 emits and gives up;
#   - Tests/hardening/valgrind/sigsuspend_shim.c is preloaded: libdispatch parks the main thread in
#     sigsuspend() with a read-only mask that valgrind 3.19 writes to, crashing valgrind itself.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-all}"

export ATELIER_BIN="${ATELIER_BIN:-.build/debug/atelier}"
export KUBECTL_STANDIN="${KUBECTL_STANDIN:-.build/debug/kubectl-standin}"
for binary in "$ATELIER_BIN" "$KUBECTL_STANDIN"; do
  [ -x "$binary" ] || { echo "hardening: $binary is missing: run swift build first" >&2; exit 2; }
done
python=python3
if [ -x .venv/bin/python ]; then python=.venv/bin/python; fi

work="$(mktemp -d "${TMPDIR:-/tmp}/atelier-hardening.XXXXXX")"
child=""
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ -n "$child" ] && kill -0 "$child" 2>/dev/null; then
    kill -TERM "$child" 2>/dev/null || true   # the Python driver stops the server it started
    for _ in $(seq 100); do kill -0 "$child" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$child" 2>/dev/null || true
  fi
  if [ "${HARDENING_KEEP:-0}" = 1 ]; then echo "hardening: work directory kept: $work" >&2; else rm -rf "$work"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

run() {  # runs the Python driver in the background so that the trap can stop it by pid
  "$python" "$@" &
  child=$!
  local status=0
  wait "$child" || status=$?
  child=""
  return "$status"
}

failures=0

prepare_valgrind() {  # installs valgrind if missing and builds the sigsuspend shim (once)
  [ -f "$work/sigsuspend_shim.so" ] && return 0
  if ! command -v valgrind >/dev/null 2>&1; then
    echo "hardening: installing valgrind"
    sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    export DEBIAN_FRONTEND=noninteractive
    "${sudo_cmd[@]}" apt-get update -qq
    "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends valgrind
  fi
  command -v objcopy >/dev/null 2>&1 || { echo "hardening: objcopy (binutils) is missing" >&2; exit 2; }
  cc_bin="$(command -v cc || command -v gcc || command -v clang || true)"
  [ -n "$cc_bin" ] || { echo "hardening: no C compiler for the valgrind shim (cc, gcc or clang)" >&2; exit 2; }
  "$cc_bin" -shared -fPIC -O2 -o "$work/sigsuspend_shim.so" Tests/hardening/valgrind/sigsuspend_shim.c -ldl
}

if [ "$mode" = renderer ] || [ "$mode" = all ]; then
  # The Markdown suite exercises every cmark tree rewrite (tables absorbing lists, heading ids). Freed
  # nodes are read inside libcmark, which AddressSanitizer does not instrument: valgrind sees them.
  tests_bin="${ATELIER_TESTS_BIN:-.build/debug/AtelierPackageTests.xctest}"
  [ -x "$tests_bin" ] || { echo "hardening: $tests_bin is missing: run swift build --build-tests first" >&2; exit 2; }
  prepare_valgrind
  objcopy --strip-debug "$tests_bin" "$work/tests.xctest"
  echo "== valgrind on the Markdown renderer suite ($tests_bin, copy without DWARF)"
  # Swift's runtime reports "Conditional jump ... uninitialised" in metadata set-up (known false
  # positives); invalid reads, writes and frees are what a misuse of cmark's tree produces.
  if ! LD_PRELOAD="$work/sigsuspend_shim.so" valgrind --error-limit=no --log-file="$work/renderer.valgrind" \
      "$work/tests.xctest" --testing-library swift-testing --filter MarkdownRenderer >"$work/renderer.out" 2>&1; then
    cat "$work/renderer.out"
    echo "hardening: the Markdown suite failed under valgrind"
    failures=$((failures + 1))
  elif grep -qE "Invalid (read|write|free)|Mismatched free|Source and destination overlap" "$work/renderer.valgrind"; then
    grep -E -A14 "Invalid (read|write|free)|Mismatched free|Source and destination overlap" "$work/renderer.valgrind"
    echo "hardening: memory errors in the Markdown renderer"
    failures=$((failures + 1))
  else
    echo "renderer: $(grep -oE "Test run with [0-9]+ tests" "$work/renderer.out" | grep -oE "[0-9]+" || echo "?") tests passed under valgrind, no invalid read, write or free"
  fi
fi

if [ "$mode" = valgrind ] || [ "$mode" = all ]; then
  prepare_valgrind
  objcopy --strip-debug "$ATELIER_BIN" "$work/atelier"
  echo "== valgrind ($(valgrind --version)) on $ATELIER_BIN (copy without DWARF)"
  if ! run Tests/hardening/valgrind_run.py --binary "$work/atelier" --preload "$work/sigsuspend_shim.so" \
      --requests "${HARDENING_REQUESTS:-3000}" --work "$work/valgrind"; then
    failures=$((failures + 1))
  fi
fi

if [ "$mode" = drill ] || [ "$mode" = all ]; then
  echo "== durability drill ($ATELIER_BIN)"
  if ! run Tests/hardening/durability_drill.py --rounds "${HARDENING_ROUNDS:-20}" --work "$work/drill"; then
    failures=$((failures + 1))
  fi
fi

if [ "$failures" -gt 0 ]; then
  echo "hardening: $failures part(s) FAILED"
  exit 1
fi
echo "hardening: all parts passed"
