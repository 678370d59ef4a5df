#!/usr/bin/env python3
"""What watching the learners' clusters costs, per classroom mode (issue 11).

Not part of `run.sh`; run it by hand after a build:

    bench/observe_cost.py [--learners 200] [--per-target 20]

1. **One cluster, a namespace per learner** (`"namespace": "atelier-{learner}"`): N learners start the
   lesson; the stand-in kubectl runs in class mode (KUBECTL_STANDIN_CLASS, one state file per
   namespace). Printed: watch processes alive under the server, kubectl runs started, server VmRSS
   before and after (per learner), kubectl runs started during 10 s of an idle class, and the delay from
   a change in 20 namespaces to its record in each learner's timeline file (p50, p99).
2. **A context per learner** (`"context": "{learner}"`, one cluster per learner): M learners start;
   the same figures. Each watched learner costs six processes here: the stand-in's own size is printed,
   and the real kubectl's (about 46 MiB per long-lived watch, measured by the reference against a
   loopback apiserver) is used for the estimate — said as such.

Reference in the same run: the server's VmRSS with observation off for the same learners.
Loopback only; every process is recorded and stopped by pid.

Environment: ATELIER_BIN (default .build/release/atelier, else .build/debug/atelier), KUBECTL_STANDIN.
"""
from __future__ import annotations

import argparse
import os
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import binary, LESSON, PidRegistry, call, create_learners, percentile, resolve, start_server, vm_rss_kib  # noqa: E402

REAL_KUBECTL_WATCH_MIB = 46  # ../shared/reference: a long-lived kubectl 1.32 watch process


def children(pid: int) -> list[int]:
    """Processes whose parent is `pid` (the watch and list processes the server spawned)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            if int(fields[1]) == pid:
                found.append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    return found


def wait_for(condition, seconds: float, what: str) -> float:
    """Polls a condition (a measurement loop, not a test); returns the seconds it took."""
    started = time.perf_counter()
    while not condition():
        if time.perf_counter() - started > seconds:
            raise SystemExit(f"timeout after {seconds:.0f} s: {what}")
        time.sleep(0.02)
    return time.perf_counter() - started


def timeline_text(server, learner: str) -> str:
    try:
        return (server.data_dir / "timelines" / f"{learner}.json").read_text(encoding="utf-8")
    except OSError:
        return ""


def watched_everything(server, learner: str) -> bool:
    text = timeline_text(server, learner)
    return all(f'"object":"{r}"' in text for r in ("pods", "statefulsets", "persistentvolumeclaims", "events"))


def standin_lines(server) -> list[str]:
    try:
        return server.standin_log.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []


def spawns(server) -> int:
    """kubectl processes started (a watch logs a second line once it has read its state: not a spawn)."""
    return sum(1 for line in standin_lines(server) if '"watchingFrom"' not in line)


def watches_ready(server) -> int:
    return sum(1 for line in standin_lines(server) if '"watchingFrom"' in line)


def start_all(server, learners: list[dict]) -> None:
    for learner in learners:
        answer = call(server.port, "POST", f"/api/lessons/{LESSON}/start", token=learner["token"])
        if answer.status != 200:
            raise SystemExit(f"start answered {answer.status}: {answer.body[:200]!r}")


def measure(mode: str, count: int, work: Path, registry: PidRegistry, atelier: Path, standin: Path, observe: bool) -> dict:
    home = work / f"{mode}-{'on' if observe else 'off'}"
    room = home / "class"
    room.mkdir(parents=True)
    cluster = {"observeIdleMinutes": 30 if observe else 0}
    namespace = "atelier-{learner}" if mode == "class" else "default"
    if mode == "contexts":
        cluster["context"] = "{learner}"
    env = {"KUBECTL_STANDIN_CLASS": str(room)} if mode == "class" else {}
    server = start_server(home, binary=atelier, standin=standin, trainer_token=secrets.token_urlsafe(24), registry=registry,
                          namespace=namespace, scenario="sts-ready", extra_config={"cluster": cluster}, extra_env=env,
                          label=f"atelier-{mode}")
    try:
        rss_before = vm_rss_kib(server.pid) or 0
        learners = create_learners(server, count)
        if mode == "class":
            for learner in learners:
                (room / f"atelier-{learner['id']}").write_text("sts-ready\n", encoding="utf-8")
        calls_before = spawns(server)
        started = time.perf_counter()
        start_all(server, learners)
        result = {"mode": mode, "observe": observe, "learners": count}
        if observe:
            feeds = 1 if mode == "class" else count
            result["allWatchedSeconds"] = wait_for(
                lambda: watches_ready(server) >= 6 * feeds and all(watched_everything(server, l["id"]) for l in learners), 300,
                "every watch has read the cluster and every learner's timeline lists the four resources")
        else:
            result["allWatchedSeconds"] = time.perf_counter() - started
        kids = children(server.pid)
        result["processes"] = len(kids)
        result["childRssMiB"] = sum((vm_rss_kib(k) or 0) for k in kids) / 1024
        result["spawnsToWatch"] = spawns(server) - calls_before
        result["rssBeforeMiB"] = rss_before / 1024
        result["rssAfterMiB"] = (vm_rss_kib(server.pid) or 0) / 1024
        # An idle class: nothing changes for 10 s.
        idle_before = spawns(server)
        time.sleep(10)  # the measurement window itself
        result["idleSpawns10s"] = spawns(server) - idle_before
        if observe and mode == "class":
            delays = []
            for learner in learners[:20]:
                path = room / f"atelier-{learner['id']}"
                with open(path, "a", encoding="utf-8") as f:
                    f.write("scale-1-a\nscale-1-b\n")
                delays.append(wait_for(lambda: timeline_text(server, learner["id"]).count("podDeleted") >= 2, 120,
                                       "a scale-down reaches the timeline"))
            result["changeToRecordP50"] = percentile(delays, 50)
            result["changeToRecordP99"] = percentile(delays, 99)
        return result
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--per-target", type=int, default=20)
    args = parser.parse_args()
    atelier, standin = binary("ATELIER_BIN", "atelier"), binary("KUBECTL_STANDIN", "kubectl-standin")
    work = Path(tempfile.mkdtemp(prefix="atelier-observe-", dir=os.environ.get("BENCH_TMP", "/var/tmp")))
    registry = PidRegistry(work / "pids")
    print(f"binary {atelier}; load average at start {os.getloadavg()[0]:.1f}")
    rows = []
    try:
        for mode, count in (("class", args.learners), ("contexts", args.per_target)):
            for observe in (False, True):
                row = measure(mode, count, work, registry, atelier, standin, observe)
                rows.append(row)
                print(row, flush=True)
    finally:
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(work, ignore_errors=True)
    print()
    print("| mode | learners | watching | processes under the server | kubectl runs to start watching | idle runs in 10 s | server VmRSS after (MiB) | per learner (KiB) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for row in rows:
        per = (row["rssAfterMiB"] - row["rssBeforeMiB"]) * 1024 / row["learners"]
        print(f"| {row['mode']} | {row['learners']} | {'on' if row['observe'] else 'off'} | {row['processes']} | "
              f"{row['spawnsToWatch']} | {row['idleSpawns10s']} | {row['rssAfterMiB']:.1f} | {per:.0f} |")
    for row in rows:
        if row["observe"]:
            estimate = row["processes"] * REAL_KUBECTL_WATCH_MIB
            print(f"{row['mode']}: {row['processes']} watch processes for {row['learners']} learners "
                  f"({row['processes'] / row['learners']:.2f} per learner); stand-in processes {row['childRssMiB']:.0f} MiB; "
                  f"with the real kubectl ≈ {estimate} MiB ({REAL_KUBECTL_WATCH_MIB} MiB per watch, reference figure)")
            if "changeToRecordP99" in row:
                print(f"{row['mode']}: change → timeline record: p50 {row['changeToRecordP50'] * 1000:.0f} ms, "
                      f"p99 {row['changeToRecordP99'] * 1000:.0f} ms (20 namespaces, one after the other)")
    print(f"load average at end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
