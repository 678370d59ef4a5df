"""Section 7 of bench.py: a class on one cluster with the live page open (issue 12).

200 learners in 200 namespaces (`"namespace": "atelier-{learner}"`, observation on: one class-wide
`kubectl get TYPE --watch -A` per resource type), each with `GET …/live?step=statefulset` open,
against the stand-in kubectl in class mode (KUBECTL_STANDIN_CLASS: one state file per namespace;
appending a line changes that namespace and its watches report it). Measured:

  (a) the cluster changing for 20 learners a second (each learner flips between `sts-partial` and
      `sts-ready` every 10 s): kubectl processes started per second (the stand-in's log, watches
      left out), the server's CPU (its own /proc/PID/stat, not the stand-in's), its peak VmRSS, and
      the delay from each change (the line appended) to the first `event: cluster` of that learner
      showing the new state (readyReplicas), p50/p99;
  (b) the same class idle: kubectl processes started in 60 s beyond the watches;
  (c) the paced static probe of section 4 (`/app.js`), idle then with 50 checks in flight, on this
      server with the class's 200 streams open;
  (d) one cluster per learner (`"context": "ctx-{learner}"`: no class-wide watch, one feed per
      target) with 20 learners live: watch processes and their memory per learner.

The streams are read by one selector thread (one socket each, HTTP/1.1, chunked). Every process is
started by bench.py's helpers (registered by pid, stopped in `finally`).
"""
from __future__ import annotations

import json
import re
import selectors
import socket
import statistics
import threading
import time
from pathlib import Path

from common import LESSON, LOOPBACK, call, create_learners, percentile, vm_rss_kib

LIVE_PATH = f"/api/lessons/{LESSON}/live?step=statefulset"
STATES = {"sts-partial": 2, "sts-ready": 3}  # readyReplicas in each fixture
CLOCK_TICK = __import__("os").sysconf("SC_CLK_TCK")


class Streams:
    """N Server-Sent Event streams read by one thread; records each `cluster` event's readyReplicas
    and arrival time per stream."""

    def __init__(self, port: int, tokens: list[str]):
        self.selector = selectors.DefaultSelector()
        self.lock = threading.Lock()
        self.events: list[list[tuple[float, str, int | None]]] = [[] for _ in tokens]
        self.ended = [False] * len(tokens)
        self.stop = False
        self.state = []
        for index, token in enumerate(tokens):
            sock = socket.create_connection((LOOPBACK, port), timeout=30)
            request = (f"GET {LIVE_PATH} HTTP/1.1\r\nHost: {LOOPBACK}:{port}\r\nAuthorization: Bearer {token}\r\n"
                       "Accept: text/event-stream\r\n\r\n").encode()
            sock.sendall(request)
            sock.setblocking(False)
            self.state.append({"raw": b"", "head": False, "need": None, "body": b""})
            self.selector.register(sock, selectors.EVENT_READ, index)
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        while not self.stop:
            for key, _ in self.selector.select(timeout=0.2):
                try:
                    data = key.fileobj.recv(262144)
                except BlockingIOError:
                    continue
                except OSError:
                    data = b""
                now = time.monotonic()
                if not data:
                    self.selector.unregister(key.fileobj)
                    key.fileobj.close()
                    self.ended[key.data] = True
                    continue
                self._feed(key.data, data, now)

    def _feed(self, index: int, data: bytes, now: float) -> None:
        s = self.state[index]
        s["raw"] += data
        if not s["head"]:
            end = s["raw"].find(b"\r\n\r\n")
            if end < 0:
                return
            status = s["raw"][:end].split(b"\r\n", 1)[0]
            if b" 200 " not in status + b" ":
                raise RuntimeError(f"live stream {index} refused: {status!r}")
            s["raw"] = s["raw"][end + 4:]
            s["head"] = True
        while True:
            if s["need"] is None:
                end = s["raw"].find(b"\r\n")
                if end < 0:
                    return
                size = int(s["raw"][:end].split(b";")[0], 16)
                s["raw"] = s["raw"][end + 2:]
                if size == 0:
                    self.ended[index] = True
                    return
                s["need"] = size
            if len(s["raw"]) < s["need"] + 2:
                return
            s["body"] += s["raw"][:s["need"]]
            s["raw"] = s["raw"][s["need"] + 2:]
            s["need"] = None
            while b"\n\n" in s["body"]:
                block, s["body"] = s["body"].split(b"\n\n", 1)
                self._event(index, block.decode("utf-8", "replace"), now)

    def _event(self, index: int, block: str, now: float) -> None:
        name, data = "message", []
        for line in block.split("\n"):
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: "):
                data.append(line[6:])
        if not data:
            return
        ready = None
        if name == "cluster":
            statefulset = json.loads("\n".join(data)).get("statefulset") or {}
            ready = statefulset.get("readyReplicas")
        with self.lock:
            self.events[index].append((now, name, ready))

    def count(self, index: int) -> int:
        with self.lock:
            return len(self.events[index])

    def cluster_events(self, index: int) -> list[tuple[float, int | None]]:
        with self.lock:
            return [(t, r) for t, n, r in self.events[index] if n == "cluster"]

    def close(self) -> None:
        self.stop = True
        self.thread.join(5)
        for key in list(self.selector.get_map().values()):
            try:
                key.fileobj.close()
            except OSError:
                pass


def snapshot_spawns(server) -> int:
    """kubectl processes started so far, watches left out (one log line per start; a watch also
    logs once more when it reads its state)."""
    try:
        lines = server.standin_log.read_text(encoding="utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        return 0
    return sum(1 for line in lines if "--watch" not in line)


def watch_starts(server) -> int:
    try:
        lines = server.standin_log.read_text(encoding="utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        return 0
    return sum(1 for line in lines if "--watch" in line and "watchingFrom" not in line)


def own_cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def watch_processes(server_pid: int) -> list[int]:
    """The server's children that are kubectl watches (their argv holds --watch)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            if parent != server_pid:
                continue
            if b"--watch" in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except (OSError, ValueError, IndexError):
            continue
    return found


def wait_until(predicate, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out after {seconds:.0f} s waiting for {what}")
        time.sleep(0.05)  # polling a condition, bounded by the deadline


def wait_quiet(server, seconds: float = 3.0, limit: float = 90.0) -> None:
    """Until no kubectl has started for `seconds` (the first lists and refreshes are over)."""
    deadline = time.monotonic() + limit
    last, since = snapshot_spawns(server), time.monotonic()
    while time.monotonic() - since < seconds:
        if time.monotonic() > deadline:
            raise RuntimeError("kubectl kept starting: the class never went quiet")
        time.sleep(0.1)  # polling a condition, bounded by the deadline
        now = snapshot_spawns(server)
        if now != last:
            last, since = now, time.monotonic()


def live_gauge(port: int, name: str) -> float | None:
    text = call(port, "GET", "/metrics", timeout=10).body.decode("utf-8", "replace")
    match = re.search(rf"^{name} (\S+)$", text, re.M)
    return float(match.group(1)) if match else None


def open_class(bench, name: str, size: int, namespace: str, context: str | None, delay_ms: int):
    class_dir = bench.work / f"{name}-namespaces"
    class_dir.mkdir(parents=True, exist_ok=True)
    cluster = {"observeIdleMinutes": 30, "maxConcurrentKubectl": 8}
    if context:
        cluster["context"] = context
    server = bench.server(name, namespace=namespace, delay_ms=delay_ms,
                          extra_config={"cluster": cluster, "live": {"streamsPerLearner": 2}},
                          extra_env={"KUBECTL_STANDIN_CLASS": str(class_dir)})
    learners = create_learners(server, size, prefix="Classe")
    for learner in learners:
        (class_dir / f"atelier-{learner['id']}").write_text("sts-partial\n", encoding="utf-8")
    streams = Streams(server.port, [l["token"] for l in learners])
    wait_until(lambda: all(streams.count(i) >= 2 for i in range(size)) or any(streams.ended), 180,
               f"the first two events of {size} streams")
    if any(streams.ended):
        raise RuntimeError("a live stream ended early:\n" + server.log_tail())
    return server, learners, streams, class_dir


def section_live_class(bench, say, results, ms, ratio_text, wrk, wrk_line, BENCH_DIR, STANDIN_DELAY_MS) -> None:
    size = 200
    rate = 20
    change_seconds = 10 if bench.quick else 30
    idle_seconds = 10 if bench.quick else 60
    server, learners, streams, class_dir = open_class(bench, "live-class", size, "atelier-{learner}", None,
                                                      STANDIN_DELAY_MS)
    loader = None
    try:
        # The class-wide watches (one per resource type) must be up, or no change would reach anyone.
        wait_until(lambda: len(watch_processes(server.pid)) >= 6, 180, "the class-wide watch processes")
        wait_quiet(server)
        rss_open = (vm_rss_kib(server.pid) or 0) / 1024
        say(f"  {size} learners, {size} namespaces, {size} live streams open; stand-in at {STANDIN_DELAY_MS} ms per call; "
            f"watch processes running: {len(watch_processes(server.pid))} (started so far: {watch_starts(server)}); "
            f"server VmRSS {rss_open:.0f} MiB")

        # (a) 20 changes a second, each learner every 10 s.
        spawns_before = snapshot_spawns(server)
        cpu_before = own_cpu_ticks(server.pid)
        changes: list[tuple[int, float, int]] = []
        flips = [0] * size
        peak_rss = 0.0
        started = time.monotonic()
        total = rate * change_seconds
        for k in range(total):
            target = started + k / rate
            pause = target - time.monotonic()
            if pause > 0:
                time.sleep(pause)  # pacing the load generator, not synchronisation
            index = k % size
            flips[index] += 1
            state = "sts-ready" if flips[index] % 2 == 1 else "sts-partial"
            with open(class_dir / f"atelier-{learners[index]['id']}", "a", encoding="utf-8") as f:
                f.write(state + "\n")
            changes.append((index, time.monotonic(), STATES[state]))
            if k % rate == 0:
                peak_rss = max(peak_rss, (vm_rss_kib(server.pid) or 0) / 1024)
        window = time.monotonic() - started
        cpu_used = (own_cpu_ticks(server.pid) - cpu_before) / CLOCK_TICK
        spawns = snapshot_spawns(server) - spawns_before

        def delays() -> tuple[list[float], int]:
            found, missing = [], 0
            for index, at, ready in changes:
                seen = [t for t, r in streams.cluster_events(index) if t >= at and r == ready]
                if seen:
                    found.append(seen[0] - at)
                else:
                    missing += 1
            return found, missing

        deadline = time.monotonic() + 30
        while delays()[1] and time.monotonic() < deadline:
            time.sleep(0.1)  # polling for the last events, bounded
        found, missing = delays()
        peak_rss = max(peak_rss, (vm_rss_kib(server.pid) or 0) / 1024)
        p50 = percentile(found, 50) * 1000 if found else float("nan")
        p99 = percentile(found, 99) * 1000 if found else float("nan")
        say(f"  (a) {total} changes in {window:.1f} s ({total / window:.1f}/s): {spawns} kubectl started "
            f"({spawns / window:.1f}/s); server CPU {cpu_used:.1f} s ({100 * cpu_used / window:.0f}% of one core); "
            f"peak VmRSS {peak_rss:.0f} MiB")
        say(f"      change → cluster event: p50 {ms(p50)}, p99 {ms(p99)}, max {ms(max(found) * 1000 if found else 0)}; "
            f"{len(found)} seen, {missing} never seen")
        results.row("class of 200 live, 20 changes/s: kubectl started per second", f"{spawns / window:.1f}/s",
                    f"{total / window:.0f} changes/s", "—", "one per change at most", spawns <= total)
        results.row("  change → `cluster` event p99", ms(p99), f"p50 {ms(p50)}", "—", "≤ 2 s",
                    bool(found) and missing == 0 and p99 <= 2000)
        results.row("  server CPU during the changes", f"{100 * cpu_used / window:.0f}% of a core", "—", "—", "—")
        results.row("  server peak VmRSS, 200 learners live (namespace mode)", f"{peak_rss:.0f} MiB", "—", "—",
                    "≤ 1 GiB", peak_rss <= 1024)
        results.figures["live_class_changes"] = {"changes": total, "seconds": window, "spawns": spawns,
                                                 "cpu_seconds": cpu_used, "peak_rss_mib": peak_rss,
                                                 "p50_ms": p50, "p99_ms": p99, "missing": missing}

        # (b) the same class idle.
        wait_quiet(server)
        refreshes_before = live_gauge(server.port, "atelier_live_refreshes")
        idle_before = snapshot_spawns(server)
        cpu_before = own_cpu_ticks(server.pid)
        time.sleep(idle_seconds)  # the measured window itself
        idle_spawns = snapshot_spawns(server) - idle_before
        idle_cpu = (own_cpu_ticks(server.pid) - cpu_before) / CLOCK_TICK
        refreshes = (live_gauge(server.port, "atelier_live_refreshes") or 0) - (refreshes_before or 0)
        open_streams = live_gauge(server.port, "atelier_live_streams")
        say(f"  (b) idle class, {idle_seconds} s: {idle_spawns} kubectl started, {refreshes:.0f} refreshes, "
            f"server CPU {idle_cpu:.2f} s; live streams still open: {open_streams:.0f}")
        results.row(f"idle class of 200 live: kubectl started in {idle_seconds} s", str(idle_spawns),
                    "beyond the watches", "—", "0", idle_spawns == 0)

        # (c) static p99 with the class live, idle then with 50 checks in flight.
        tokens = bench.work / "tokens-live-class.txt"
        tokens.write_text("\n".join(l["token"] for l in learners[:50]) + "\n")
        probe = dict(threads=1, connections=4, seconds=5, script=BENCH_DIR / "lua" / "probe.lua",
                     env={"PROBE_DELAY_MS": "5"})
        url = f"http://{LOOPBACK}:{server.port}/app.js"
        wrk(url, **{**probe, "seconds": 1})
        quiet = wrk(url, **probe)
        say(wrk_line("atelier", quiet) + "   class of 200 live, idle")
        out = bench.work / "checkload-live-class.json"
        loader = bench.start_check_load(server.port, tokens, seconds=10, out=out)
        busy = wrk(url, **probe)
        say(wrk_line("atelier", busy) + "   class of 200 live + 50 checks in flight")
        loader.wait(timeout=150)
        loader = None
        load = json.loads(out.read_text())
        ratio = busy["p99"] / quiet["p99"]
        say(f"      check load: {load['ok']} checks answered 200 in {load['seconds']:.1f} s; p99 busy/idle {ratio:.2f}×")
        results.row("static p99, class of 200 live + 50 checks in flight", ms(busy["p99"]),
                    f"class live, idle {ms(quiet['p99'])}", ratio_text(ratio), "≤ 2×", ratio <= 2.0)
    finally:
        if loader is not None:
            loader.terminate()
        streams.close()
        server.stop()

    # (d) one cluster per learner: a feed (six watches) per target.
    per = 20
    server, learners, streams, _ = open_class(bench, "live-per-cluster", per, "atelier-{learner}", "ctx-{learner}",
                                              0)
    try:
        wait_until(lambda: len(watch_processes(server.pid)) >= 6 * per, 120, f"{6 * per} watch processes")
        wait_quiet(server)
        watches = watch_processes(server.pid)
        watch_rss = sum((vm_rss_kib(pid) or 0) for pid in watches) / 1024
        server_rss = (vm_rss_kib(server.pid) or 0) / 1024
        say(f"  (d) one cluster per learner, {per} learners live: {len(watches)} watch processes "
            f"({len(watches) / per:.0f} per learner), their VmRSS {watch_rss:.0f} MiB "
            f"({watch_rss / per:.1f} MiB per learner with the stand-in), server VmRSS {server_rss:.0f} MiB")
        results.row("one cluster per learner: watch processes per learner", f"{len(watches) / per:.0f}",
                    f"stand-in {watch_rss / per:.1f} MiB/learner", "—", "—")
        results.figures["live_per_cluster"] = {"learners": per, "watches": len(watches), "watch_rss_mib": watch_rss,
                                               "server_rss_mib": server_rss}
    finally:
        streams.close()
        server.stop()
