#!/usr/bin/env python3
"""A learner's file and the time per check as the checks pile up (issue 15, item 3).

One learner posts N quiz checks one after the other (no kubectl: what is measured is the store's
write, which rewrites and fsyncs the whole file), every answer as heavy as the server accepts
(64-byte identifiers). Prints, per window of checks: the median and p90 response time and the file's
size. Side by side, in the same run, the reference: the disk's durable write (temp file, fsync,
rename, fsync of the directory) of a file of the final size, from Python.

    python3 bench/learner_file.py [--checks 5000] [--window 500]

Environment: ATELIER_BIN (default .build/release/atelier, else .build/debug/atelier), KUBECTL_STANDIN,
BENCH_TMP (parent of the work directory, default /var/tmp: a disk). Loopback only; the server started
is stopped by pid on exit. Nothing asserts: the figures are for the closing note and the README.
"""
from __future__ import annotations

import argparse
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import binary, LESSON, PidRegistry, call, percentile, resolve, start_server  # noqa: E402


def durable_write(directory: Path, payload: bytes) -> float:
    started = time.perf_counter()
    temporary = directory / f".tmp-{secrets.token_hex(4)}"
    with open(temporary, "wb") as f:
        f.write(payload)
        f.flush()
        os.fsync(f.fileno())
    os.rename(temporary, directory / "reference.json")
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checks", type=int, default=5000)
    parser.add_argument("--window", type=int, default=500)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="atelier-learner-file.", dir=os.environ.get("BENCH_TMP", "/var/tmp")))
    server = start_server(work / "server", binary=binary("ATELIER_BIN", "atelier"),
                          standin=binary("KUBECTL_STANDIN", "kubectl-standin"), trainer_token=secrets.token_urlsafe(24),
                          registry=PidRegistry(None), label="atelier")
    try:
        learner = call(server.port, "POST", "/api/learners", {"name": "Banc d'essai"}).json()
        path = server.data_dir / f"{learner['id']}.json"
        quiz = f"/api/lessons/{LESSON}/steps/quiz/check"
        answers = {"answers": {f"q{i}": ["é" * 32] for i in range(1, 9)}}
        load = os.getloadavg()[0]
        print(f"{args.checks} heavy quiz checks by one learner (64-byte answers to 8 questions), load {load:.1f}")
        print(f"{'checks':>8} {'median ms':>10} {'p90 ms':>8} {'file bytes':>11}")
        window: list[float] = []
        medians = []
        for index in range(1, args.checks + 1):
            answer = call(server.port, "POST", quiz, answers, token=learner["token"])
            if answer.status != 200:
                raise SystemExit(f"check {index}: {answer.status} {answer.body[:200]!r}")
            window.append(answer.seconds * 1000)
            if index % args.window == 0:
                median = statistics.median(window)
                medians.append(median)
                print(f"{index:>8} {median:>10.2f} {percentile(window, 90):>8.2f} {path.stat().st_size:>11}")
                window = []
        size = path.stat().st_size
        reference = sorted(durable_write(work, os.urandom(size)) * 1000 for _ in range(50))
        print(f"reference: durable write of {size} bytes from Python, median {statistics.median(reference):.2f} ms "
              f"(50 writes, same disk)")
        print(f"time per check, last window / first window: {medians[-1] / medians[0]:.2f}; "
              f"load at end {os.getloadavg()[0]:.1f}")
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
