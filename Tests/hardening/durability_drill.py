#!/usr/bin/env python3
"""Durability drill (run by scripts/hardening.sh, not by pytest): N times, start the real server on a
persistent data directory, stream acknowledged writes (new learners, check runs) from several clients,
`kill -9` the server at a random moment, restart it and verify:

- zero corrupt files: every `*.json` in the data directory parses as a learner record, nothing was
  quarantined (`corruptFiles` is empty, no `.corrupt-` file), temporary files are gone after restart;
- zero lost acknowledged writes: every learner whose creation was answered 201 is there and its token
  still works, and for every learner and step, the history holds at least as many runs as were
  answered 200 (writes in flight at the kill may or may not be there: both are correct).

`kill -9` ends the process, not the machine: the kernel keeps what was written, so this drill proves
atomic replacement and acknowledge-after-write, not fsync ordering against power loss (that is argued
in Sources/AtelierProgress/DataDirectory.swift).
"""
from __future__ import annotations

import argparse
import json
import random
import re
import signal
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import hostile  # noqa: E402
from hostile import LESSON  # noqa: E402

QUIZ = {"q1": ["b"], "q2": ["b"], "q3": ["a"], "q4": ["a"], "q5": ["d"], "q6": ["c"], "q7": ["a"], "q8": ["b", "c"]}
STEPS = ("quiz", "service-headless", "preparation")


class Ledger:
    """What the server acknowledged, across all rounds."""

    def __init__(self):
        self.lock = threading.Lock()
        self.learners: dict[str, str] = {}          # id -> token
        self.runs: Counter = Counter()              # (id, step) -> acknowledged runs
        self.acked_creates = 0
        self.acked_runs = 0
        self.unanswered = 0                         # requests cut by the kill (no answer)
        self.other = Counter()                      # unexpected statuses
        # Notified (under `lock`) at each acknowledged write: the drill kills after a number of them.
        self.changed = threading.Condition(self.lock)


def client(port: int, ledger: Ledger, stop: threading.Event, rng: random.Random, max_requests: int) -> None:
    for _ in range(max_requests):
        if stop.is_set():
            return
        with ledger.lock:
            known = list(ledger.learners.items())
        try:
            if not known or rng.random() < 0.2:
                status, body = hostile.request(port, "POST", "/api/learners", {"name": f"Drill {rng.randrange(10**6)}"},
                                               timeout=10)
                if status == 201:
                    created = json.loads(body)
                    with ledger.lock:
                        ledger.learners[created["id"]] = created["token"]
                        ledger.acked_creates += 1
                        ledger.changed.notify_all()
                else:
                    with ledger.lock:
                        ledger.other[status] += 1
            else:
                learner, token = rng.choice(known)
                step = rng.choice(STEPS)
                body = {"answers": QUIZ} if step == "quiz" else None
                status, _ = hostile.request(port, "POST", f"/api/lessons/{LESSON}/steps/{step}/check", body=body,
                                            token=token, timeout=10)
                if status == 200:
                    with ledger.lock:
                        ledger.runs[(learner, step)] += 1
                        ledger.acked_runs += 1
                        ledger.changed.notify_all()
                else:
                    with ledger.lock:
                        ledger.other[status] += 1
        except (OSError, ValueError):
            with ledger.lock:
                ledger.unanswered += 1
            if stop.is_set():
                return
            time.sleep(0.01)


def inspect_directory(data: Path) -> dict:
    names = sorted(p.name for p in data.iterdir())
    return {
        "temporary": [n for n in names if n.startswith(".tmp-")],
        "corrupt": [n for n in names if ".corrupt-" in n],
        "other": [n for n in names if not n.startswith(".tmp-") and ".corrupt-" not in n
                  and not re.fullmatch(r"[a-z2-7]{12}\.json", n)],
        "records": [n for n in names if re.fullmatch(r"[a-z2-7]{12}\.json", n)],
    }


def verify(server: hostile.Server, ledger: Ledger) -> tuple[int, int, list[str]]:
    """Returns (lost learners, lost runs, problems)."""
    problems = []
    listing = inspect_directory(server.data_dir)
    if listing["temporary"]:
        problems.append(f"temporary files still present after restart: {listing['temporary'][:5]}")
    if listing["corrupt"] or listing["other"]:
        problems.append(f"corrupt/unexpected files: {listing['corrupt'][:5]} {listing['other'][:5]}")
    history: dict[str, Counter] = {}
    for name in listing["records"]:
        try:
            record = json.loads((server.data_dir / name).read_text(encoding="utf-8"))
            assert record["schemaVersion"] == 1 and record["id"] + ".json" == name
        except (ValueError, KeyError, AssertionError) as error:
            problems.append(f"unparseable {name}: {error}")
            continue
        history[record["id"]] = Counter(entry["step"] for entry in record["history"])
    status, body = hostile.request(server.port, "GET", "/api/progress", token=server.trainer_token, timeout=30)
    progress = json.loads(body)
    if status != 200 or progress["corruptFiles"]:
        problems.append(f"/api/progress: {status}, corruptFiles {progress.get('corruptFiles')}")
    served = {row["id"] for row in progress["learners"]}
    lost_learners = 0
    lost_runs = 0
    with ledger.lock:
        learners = dict(ledger.learners)
        runs = Counter(ledger.runs)
    for learner, token in learners.items():
        if learner not in history or learner not in served:
            lost_learners += 1
            continue
    for (learner, step), count in runs.items():
        found = history.get(learner, Counter())[step]
        if found < count:
            lost_runs += count - found
    # Tokens of acknowledged learners still authenticate (a sample, to keep the drill short).
    for learner, token in random.Random(len(learners)).sample(sorted(learners.items()), min(20, len(learners))):
        status, _ = hostile.request(server.port, "GET", "/api/me", token=token)
        if status != 200:
            problems.append(f"token of acknowledged learner {learner} answered {status}")
    return lost_learners, lost_runs, problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--clients", type=int, default=12)
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--work", help="work directory (default: a new temporary one)")
    args = parser.parse_args()
    # SIGTERM (from scripts/hardening.sh's trap) unwinds through the finally that stops the server.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    rng = random.Random(args.seed)
    home = Path(args.work or tempfile.mkdtemp(prefix="atelier-drill-"))
    server = hostile.Server(home, hostile.server_binary(), hostile.standin_binary(), hostile.new_trainer_token())
    ledger = Ledger()
    totals = Counter()
    failed = False
    print(f"durability drill: {args.rounds} rounds, {args.clients} clients, data in {server.data_dir}", flush=True)
    try:
        for round_number in range(1, args.rounds + 1):
            server.start(log_level="warning")
            if round_number > 1:
                lost_learners, lost_runs, problems = verify(server, ledger)
                totals["lost_learners"] += lost_learners
                totals["lost_runs"] += lost_runs
                totals["problems"] += len(problems)
                if lost_learners or lost_runs or problems:
                    failed = True
                    print(f"  round {round_number}: LOST learners {lost_learners}, runs {lost_runs}; {problems}",
                          flush=True)
            before = (ledger.acked_creates, ledger.acked_runs, ledger.unanswered)
            stop = threading.Event()
            threads = [threading.Thread(target=client, args=(server.port, ledger, stop,
                                                             random.Random(rng.random()), 5000), daemon=True)
                       for _ in range(args.clients)]
            for t in threads:
                t.start()
            # Kill after a random number of acknowledged writes (not after a delay, which a busy
            # machine turns into a round where nothing was written).
            target = before[0] + before[1] + rng.randint(5, 80)
            with ledger.changed:
                ledger.changed.wait_for(lambda: ledger.acked_creates + ledger.acked_runs >= target, timeout=60)
            server.process.send_signal(signal.SIGKILL)     # by pid: the process this drill started
            server.process.wait(timeout=10)
            stop.set()
            for t in threads:
                t.join(15)
            listing = inspect_directory(server.data_dir)
            totals["temporary_after_kill"] += len(listing["temporary"])
            created = ledger.acked_creates - before[0]
            runs = ledger.acked_runs - before[1]
            cut = ledger.unanswered - before[2]
            print(f"  round {round_number:2d}: {created:4d} learners and {runs:5d} check runs acknowledged, "
                  f"{cut:3d} requests cut by kill -9, {len(listing['temporary'])} temporary file(s) left behind",
                  flush=True)
        server.start(log_level="warning")
        lost_learners, lost_runs, problems = verify(server, ledger)
        totals["lost_learners"] += lost_learners
        totals["lost_runs"] += lost_runs
        totals["problems"] += len(problems)
        if lost_learners or lost_runs or problems:
            failed = True
            print(f"  final check: LOST learners {lost_learners}, runs {lost_runs}; {problems}", flush=True)
        files = len(inspect_directory(server.data_dir)["records"])
        # The verifier itself must be able to fail: damage two acknowledged learners' files (one cut in
        # half, one deleted) and check that it reports both.
        server.stop()
        victims = sorted(ledger.learners)[:2]
        damaged = server.data_dir / f"{victims[0]}.json"
        damaged.write_bytes(damaged.read_bytes()[: damaged.stat().st_size // 2])
        (server.data_dir / f"{victims[1]}.json").unlink()
        server.start(log_level="warning")
        lost_learners, _, problems = verify(server, ledger)
        if lost_learners < 2 or not problems:
            failed = True
            print(f"  verifier self-check FAILED: damage not detected (lost {lost_learners}, problems {problems})")
        else:
            print(f"  verifier self-check: deliberate damage detected ({lost_learners} learners lost, "
                  f"{len(problems)} problem(s) reported), as it must be", flush=True)
    finally:
        server.stop()
    print(f"durability drill totals: {args.rounds} kill -9 rounds; acknowledged: {ledger.acked_creates} learners, "
          f"{ledger.acked_runs} check runs; cut by the kills: {ledger.unanswered} requests; "
          f"other statuses: {dict(ledger.other) or 'none'}; temporary files left by kills (removed at restart): "
          f"{totals['temporary_after_kill']}; corrupt files: {totals['problems']} problem(s); "
          f"lost acknowledged learners: {totals['lost_learners']}, lost acknowledged check runs: {totals['lost_runs']}; "
          f"{files} learner files at the end", flush=True)
    if any(status >= 500 for status in ledger.other):
        failed = True
        print("durability drill: the server answered 5xx to a well-formed write", flush=True)
    if ledger.acked_runs == 0 or ledger.acked_creates == 0:
        print("durability drill: FAILED (nothing was acknowledged: the drill proved nothing)", flush=True)
        return 1
    print("durability drill: " + ("FAILED" if failed else "passed"), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
