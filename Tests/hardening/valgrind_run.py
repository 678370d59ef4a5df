#!/usr/bin/env python3
"""The hostile suite's server under valgrind (run by scripts/hardening.sh, not by pytest).

Starts the server exactly as the suite configures it, wrapped in
`valgrind --leak-check=full --errors-for-leak-kinds=definite`, sends it every crafted request of
test_hostile_requests.py plus a few thousand ordinary ones (learners, step pages, checks through the
stand-in kubectl, quiz answers, trainer views, static files) from several threads, stops it with
SIGTERM (graceful shutdown, so the leak check sees a normal exit) and reads valgrind's log.

Reading the log: a Swift binary under valgrind reports allocations the runtime keeps for the life of
the process (metadata caches, dispatch threads, Foundation singletons). Those are "still reachable" or
"possibly lost" and are not counted (only `definite` leaks are errors). Each definite-leak record and
each memcheck error is then classified by its stack:
  - ours: a frame in our code (a symbol of a module named Atelier…, the atelier_mhd_* shims);
  - libmicrohttpd: a frame in libmicrohttpd.so but none of ours;
  - runtime: nothing but the Swift runtime, Foundation, libdispatch, libc and the packages we use.
Only "ours" fails the run; the other two are printed with their counts so nothing is hidden.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import hostile  # noqa: E402
from hostile import LESSON  # noqa: E402

L = f"/api/lessons/{LESSON}"
QUIZ = {"q1": ["b"], "q2": ["b"], "q3": ["c"], "q4": ["a"], "q5": ["d"], "q6": ["c"], "q7": ["a", "b", "d"], "q8": ["b", "c"]}
# Mangled Swift symbols of our modules ($s10AtelierApp…, $s14AtelierLessons…, $s7atelier… for the
# executable) and the C shims of Sources/CMicroHTTPD.
OURS = re.compile(r"\$s\d+Atelier(?:HTTP|Checks|Lessons|Progress|App)|\$s7atelier|atelier_mhd_")
ALLOCATOR = re.compile(r": (?:malloc|calloc|realloc|memalign|posix_memalign|aligned_alloc|_Zn[wa]m\w*|strn?dup|"
                       r"swift_slowAlloc|swift_allocObject|swift_allocBox|swift_allocEmptyBox) ")


def ordinary_traffic(server: hostile.Server, total: int, threads: int) -> Counter:
    statuses = Counter()
    lock = threading.Lock()
    per_thread = total // threads

    def worker(index: int) -> None:
        rng = random.Random(index)
        sent = 0

        def go(method, path, body=None, token=None):
            nonlocal sent
            sent += 1
            try:
                status, _ = hostile.request(server.port, method, path, body=body, token=token, timeout=120)
            except OSError:
                status = 0
            with lock:
                statuses[status] += 1
            return status

        learners = []
        while sent < per_thread:
            if not learners or rng.random() < 0.05:
                try:
                    status, body = hostile.request(server.port, "POST", "/api/learners",
                                                   {"name": f"Valérie Grind {index}-{sent}"}, timeout=120)
                except OSError:
                    status, body = 0, b""
                sent += 1
                with lock:
                    statuses[status] += 1
                if status == 201:
                    learners.append(json.loads(body)["token"])
                continue
            token = rng.choice(learners)
            choice = rng.randrange(10)
            if choice == 0:
                go("GET", "/app.js")
            elif choice == 1:
                go("GET", f"{L}/steps/{rng.choice(['preparation', 'statefulset', 'dns', 'quiz'])}", token=token)
            elif choice == 2:
                go("POST", f"{L}/steps/{rng.choice(['service-headless', 'preparation', 'statefulset'])}/check", token=token)
            elif choice == 3:
                go("POST", f"{L}/steps/quiz/check", body={"answers": QUIZ}, token=token)
            elif choice == 4:
                go("GET", "/api/me", token=token)
            elif choice == 5:
                go("GET", "/api/progress", token=server.trainer_token)
            elif choice == 6:
                go("GET", "/api/progress.csv", token=server.trainer_token)
            elif choice == 7:
                go("GET", f"{L}/steps/statefulset/solution", token=token)
            elif choice == 8:
                go("GET", f"{L}/cluster", token=token)
            else:
                go("GET", rng.choice(["/", "/api/lessons", L, f"{L}/files/postgres-statefulset.yaml", "/metrics",
                                      "/api/environment"]))

    pool = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(3600)
    return statuses


def hostile_traffic(server: hostile.Server, ctx) -> Counter:
    import test_hostile_requests as suite

    outcomes = Counter()
    for crafted in suite.CASES:
        request = crafted.build(ctx)
        result = hostile.exchange(server.port, request.chunks, pause=request.pause, expect=request.expect,
                                  timeout=30.0, shut_write=request.shut_write, head_only=request.head_only)
        for status in result.statuses or ["closed" if result.closed else "no answer"]:
            outcomes[status] += 1
    return outcomes


def parse_log(text: str) -> dict:
    """Splits valgrind's log into records (error contexts and leak records) and classifies them."""
    lines = [re.sub(r"^==\d+== ?", "", line) for line in text.splitlines() if line.startswith("==")]
    records, current = [], []
    for line in lines:
        if not line.strip():
            if current:
                records.append(current)
            current = []
        else:
            current.append(line)
    if current:
        records.append(current)
    leaks, errors = [], []
    for record in records:
        while record and re.match(r"Thread \d+", record[0]):  # "Thread 2 <name>:" announces a thread switch
            record = record[1:]
        if not record:
            continue
        head = record[0]
        if not any(l.lstrip().startswith(("at 0x", "by 0x")) for l in record[1:]):
            continue
        if "definitely lost" in head:
            leaks.append(record)
        elif "lost in loss record" in head or "still reachable" in head:
            continue
        elif re.match(r"(Invalid|Conditional|Use of uninitialised|Syscall param|Mismatched|Source and destination"
                      r"|Argument|Invalid free)", head):
            errors.append(record)
    summary = {}
    for key in ("definitely lost", "indirectly lost", "possibly lost", "still reachable"):
        match = re.search(rf"{key}: ([\d,]+) bytes in ([\d,]+) blocks", text)
        summary[key] = (int(match.group(1).replace(",", "")), int(match.group(2).replace(",", ""))) if match else None
    match = re.search(r"ERROR SUMMARY: ([\d,]+) errors", text)
    summary["error summary"] = int(match.group(1).replace(",", "")) if match else None

    def classify(record: list[str], leak: bool) -> str:
        """ours: the error happens (or the leaked block is allocated) in our code; runtime-from-ours:
        it happens in a library reached from our code; libmicrohttpd / runtime otherwise."""
        frames = [l for l in record[1:] if l.lstrip().startswith(("at 0x", "by 0x"))]
        if leak:
            while len(frames) > 1 and ALLOCATOR.search(frames[0]):
                frames = frames[1:]
        if OURS.search(frames[0]):
            return "ours"
        if "libmicrohttpd" in frames[0]:
            return "libmicrohttpd"
        if any(OURS.search(f) for f in frames):
            return "runtime-from-ours"
        return "runtime"

    return {"summary": summary,
            "leaks": [(classify(r, True), r) for r in leaks],
            "errors": [(classify(r, False), r) for r in errors]}


def _self_check() -> None:
    """The classifier must be able to blame us: a synthetic log with one leak of ours must fail."""
    fake = "\n".join([
        "==1== 48 bytes in 1 blocks are definitely lost in loss record 3 of 9",
        "==1==    at 0x483877F: malloc (vg_replace_malloc.c:381)",
        "==1==    by 0x4DA1111: swift_slowAlloc (in /opt/swift/usr/lib/swift/linux/libswiftCore.so)",
        "==1==    by 0x4DA2222: swift_allocObject (in /opt/swift/usr/lib/swift/linux/libswiftCore.so)",
        "==1==    by 0x2CF8B6: $s11AtelierHTTP12MHDTransportC5startyyKF (in /x/atelier)",
        "==1== ",
        "==1== 16 bytes in 1 blocks are definitely lost in loss record 1 of 9",
        "==1==    at 0x483877F: malloc (vg_replace_malloc.c:381)",
        "==1==    by 0x52A0000: _dispatch_thread_init (in /opt/swift/usr/lib/swift/linux/libdispatch.so)",
        "==1== ",
        "==1==    definitely lost: 64 bytes in 2 blocks",
    ])
    kinds = sorted(kind for kind, _ in parse_log(fake)["leaks"])
    assert kinds == ["ours", "runtime"], f"valgrind log classifier is broken: {kinds}"


def demangle(text: str) -> str:
    try:
        done = subprocess.run(["swift", "demangle", "--simplified"], input=text, capture_output=True, text=True,
                              timeout=60)
        return done.stdout if done.returncode == 0 and done.stdout else text
    except (OSError, subprocess.SubprocessError):
        return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True, help="the server binary to run (a copy without DWARF)")
    parser.add_argument("--preload", required=True, help="the sigsuspend shim (.so)")
    parser.add_argument("--requests", type=int, default=3000, help="ordinary requests besides the hostile ones")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--work")
    args = parser.parse_args()
    # SIGTERM (from scripts/hardening.sh's trap) unwinds through the finally that stops the server.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    home = Path(args.work or tempfile.mkdtemp(prefix="atelier-valgrind-"))
    log = home / "valgrind.log"
    wrapper = ["valgrind", "--leak-check=full", "--errors-for-leak-kinds=definite", "--show-leak-kinds=definite",
               "--num-callers=40", "--track-origins=no", f"--log-file={log}",
               f"--suppressions={Path(__file__).resolve().parent / 'valgrind' / 'swift-runtime.supp'}"]
    server = hostile.Server(home, Path(args.binary), hostile.standin_binary(), hostile.new_trainer_token())
    os.environ["LD_PRELOAD"] = args.preload  # inherited by the server (and, harmlessly, the stand-in)
    started = time.monotonic()
    server.start(wrapper=wrapper, ready_timeout=300, log_level="warning")
    print(f"valgrind: server ready under valgrind after {time.monotonic() - started:.1f} s", flush=True)
    try:
        learners = []
        for name in ("Alice Valgrind", "Bruno Valgrind"):
            status, body = hostile.request(server.port, "POST", "/api/learners", {"name": name}, timeout=120)
            assert status == 201, body
            learners.append(json.loads(body))
        ctx = hostile.Context(server, learners[0]["token"], learners[0]["id"], learners[1]["token"], learners[1]["id"])
        t0 = time.monotonic()
        hostile_outcomes = hostile_traffic(server, ctx)
        print(f"valgrind: {sum(hostile_outcomes.values())} answers to the crafted requests in "
              f"{time.monotonic() - t0:.0f} s: {dict(sorted(hostile_outcomes.items(), key=str))}", flush=True)
        t0 = time.monotonic()
        ordinary = ordinary_traffic(server, args.requests, args.threads)
        print(f"valgrind: {sum(ordinary.values())} ordinary requests in {time.monotonic() - t0:.0f} s: "
              f"{dict(sorted(ordinary.items()))}", flush=True)
        alive = server.alive()
    finally:
        code = server.stop(signal.SIGTERM, grace=600)
        os.environ.pop("LD_PRELOAD", None)
    text = log.read_text(encoding="utf-8", errors="replace")
    _self_check()
    parsed = parse_log(text)
    s = parsed["summary"]
    print(f"valgrind: server exit status {code}; leak summary: definitely lost {s['definitely lost']}, "
          f"indirectly lost {s['indirectly lost']}, possibly lost {s['possibly lost']}, "
          f"still reachable {s['still reachable']} (bytes, blocks); ERROR SUMMARY {s['error summary']}", flush=True)
    by_class = Counter(kind for kind, _ in parsed["leaks"])
    errors_by_class = Counter(kind for kind, _ in parsed["errors"])
    print(f"valgrind: definite-leak records by origin: {dict(by_class) or 'none'}; "
          f"memcheck errors by origin: {dict(errors_by_class) or 'none'}", flush=True)
    for kind, record in parsed["leaks"] + parsed["errors"]:
        if kind in ("ours", "libmicrohttpd", "runtime-from-ours"):
            print(f"--- {kind}:\n" + demangle("\n".join(record[:25])), flush=True)
    match = re.search(r"ERROR SUMMARY: .*suppressed: ([\d,]+) from", text)
    print(f"valgrind: suppressed by Tests/hardening/valgrind/swift-runtime.supp: {match.group(1) if match else '?'}",
          flush=True)
    runtime = [r for k, r in parsed["leaks"] + parsed["errors"] if k == "runtime"]
    if runtime:
        print(f"valgrind: {len(runtime)} record(s) from the runtime only (not ours); first one:\n"
              + demangle("\n".join(runtime[0][:15])), flush=True)
    print(f"valgrind: full log in {log} (kept after the run with HARDENING_KEEP=1)", flush=True)
    ours = by_class["ours"] + errors_by_class["ours"]
    if not alive or s["definitely lost"] is None:
        print("valgrind: FAILED (the server died or valgrind printed no leak summary)", flush=True)
        return 1
    print("valgrind: " + ("FAILED: definite leaks or memory errors in our code" if ours else
                          "no definite leak and no memory error in our code"), flush=True)
    return 1 if ours else 0


if __name__ == "__main__":
    sys.exit(main())
