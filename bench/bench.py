#!/usr/bin/env python3
"""Atelier benchmarks, each comparison with both sides in the same run, on 127.0.0.1 only.

Called by bench/run.sh (which owns the work directory, the pid file and the cleanup trap):

    bench.py run --work DIR --pids FILE [--only 1,2,…] [--quick]

Sections (see bench/README.md):
  1. static files (/app.js and /) — Atelier vs nginx serving the same public/ files (wrk, keep-alive, 64 conns)
  2. GET …/steps/statefulset (rendered HTML in JSON) vs nginx serving a static copy of the same bytes
  3. checks with the stand-in kubectl sleeping 100 ms per call: (a) single-flight, (b) 100 learners/namespaces
  4. static p99 while 50 checks are in flight vs idle
  5. trainer GET /api/progress with 10,000 learner files; start-up time; VmRSS
  6. progress writes per second (check runs recorded through the API, fsync'd) vs the disk's raw rate
  7. a class of 200 on one cluster with the live page open: kubectl spawns, CPU, memory, change→event delay (bench/live_class.py)

Prints figures as it goes and a summary table at the end. Every load is bounded in count and time.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (LESSON, LOOPBACK, REPO, PidRegistry, Server, call, check_path, create_learners,  # noqa: E402
                    free_port, percentile, resolve, start_server, stop_process, vm_rss_kib)

BENCH_DIR = Path(__file__).resolve().parent
CORES = os.cpu_count() or 1
STANDIN_DELAY_MS = 100
# Sections 1 and 2 run Atelier at the log level of the shipped config.json (one access line per request).
SHIPPED_LOG_LEVEL = json.loads((REPO / "config.json").read_text(encoding="utf-8")).get("logLevel", "info")
QUIZ_ANSWERS = {"q1": ["b"], "q2": ["b"], "q3": ["c"], "q4": ["a"], "q5": ["d"], "q6": ["c"],
                "q7": ["a", "b", "d"], "q8": ["b", "c"]}


def say(text: str = "") -> None:
    print(text, flush=True)


class Budget:
    def __init__(self, seconds: float):
        self.deadline = time.monotonic() + seconds

    def left(self) -> float:
        return self.deadline - time.monotonic()


class Results:
    """Rows of the summary table: measure, Atelier, reference, ratio, target, met."""

    def __init__(self):
        self.rows: list[dict] = []
        self.figures: dict = {}

    def row(self, measure: str, atelier: str, reference: str = "—", ratio: str = "—", target: str = "—",
            met: bool | None = None) -> None:
        self.rows.append({"measure": measure, "atelier": atelier, "reference": reference, "ratio": ratio,
                          "target": target, "met": met})

    def table(self) -> str:
        head = ["measure", "Atelier", "reference", "ratio", "target", "met"]
        body = [[r["measure"], r["atelier"], r["reference"], r["ratio"], r["target"],
                 "—" if r["met"] is None else ("met" if r["met"] else "NOT MET")] for r in self.rows]
        widths = [max(len(h), *(len(b[i]) for b in body)) if body else len(h) for i, h in enumerate(head)]
        line = lambda cells: "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"  # noqa: E731
        out = [line(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
        out += [line(b) for b in body]
        return "\n".join(out)


def ms(value: float) -> str:
    return f"{value:.2f} ms" if value < 10 else f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"


def ratio_text(value: float) -> str:
    return f"{value:.2f}×"


# --------------------------------------------------------------------------- wrk

_UNITS_MS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _duration_ms(text: str) -> float:
    match = re.fullmatch(r"([0-9.]+)(us|ms|s|m)", text.strip())
    if not match:
        raise ValueError(f"unparsable wrk duration {text!r}")
    return float(match.group(1)) * _UNITS_MS[match.group(2)]


def wrk(url: str, *, threads: int, connections: int, seconds: float, script: Path | None = None,
        headers: list[str] | None = None, env: dict | None = None, timeout: str = "10s") -> dict:
    argv = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency", f"--timeout={timeout}"]
    for header in headers or []:
        argv += ["-H", header]
    if script is not None:
        argv += ["-s", str(script)]
    argv.append(url)
    full_env = dict(os.environ)
    full_env.update(env or {})
    done = subprocess.run(argv, capture_output=True, text=True, env=full_env, timeout=seconds + 60)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr.strip()[:500]}")
    out = done.stdout
    figures: dict = {"raw": out}
    match = re.search(r"Requests/sec:\s+([0-9.]+)", out)
    figures["rps"] = float(match.group(1)) if match else 0.0
    match = re.search(r"(\d+) requests in ([0-9.]+\w+),", out)
    figures["requests"] = int(match.group(1)) if match else 0
    figures["elapsed_ms"] = _duration_ms(match.group(2)) if match else seconds * 1000
    for pct in ("50", "75", "90", "99"):
        match = re.search(rf"^\s+{pct}%\s+([0-9.]+\w+)\s*$", out, re.M)
        figures[f"p{pct}"] = _duration_ms(match.group(1)) if match else float("nan")
    match = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    figures["non2xx"] = int(match.group(1)) if match else 0
    match = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    figures["socket_errors"] = sum(int(g) for g in match.groups()) if match else 0
    return figures


def wrk_line(name: str, f: dict) -> str:
    extra = ""
    if f["non2xx"] or f["socket_errors"]:
        extra = f"  (non-2xx {f['non2xx']}, socket errors {f['socket_errors']})"
    cpu = f"   CPU {f['cpu_us']:5.2f} µs/req" if "cpu_us" in f else ""
    return (f"    {name:<8} {f['rps']:>10.0f} req/s   p50 {ms(f['p50']):>9}   p99 {ms(f['p99']):>9}"
            f"   ({f['requests']} requests){cpu}{extra}")


def _runs_in(record: dict) -> int:
    """Check runs a learner file accounts for: the history keeps the last 10 runs per step, the older
    ones are counted in each step's `earlierRuns`."""
    earlier = sum(step.get("earlierRuns", 0) for lesson in record.get("lessons", {}).values()
                  for step in lesson.get("steps", {}).values())
    return len(record["history"]) + earlier


def cpu_ticks(pids: list[int]) -> int:
    """User + system clock ticks used so far by these processes and their children processes' threads
    (nginx: the master and its workers). Read from /proc: the server's own CPU, whatever else runs."""
    total = 0
    for pid in _with_children(pids):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (all threads of the process)
    return total


def _with_children(pids: list[int]) -> list[int]:
    found = list(pids)
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            parent = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if parent in pids:
            found.append(int(entry))
    return found


CLOCK_TICK = os.sysconf("SC_CLK_TCK")


# --------------------------------------------------------------------------- nginx

class Nginx:
    """A reference nginx with a minimal config written into the work directory, started and stopped by pid."""

    def __init__(self, work: Path, registry: PidRegistry, static_root: Path, api_root: Path):
        self.prefix = work / "nginx"
        self.registry = registry
        self.static_root = static_root
        self.api_root = api_root
        self.process: subprocess.Popen | None = None
        self.port = 0

    def start(self) -> None:
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        self.prefix.mkdir(parents=True, exist_ok=True)
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.prefix / "tmp" / sub).mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        conf = self.prefix / "nginx.conf"
        conf.write_text(f"""# Reference server of the Atelier benchmarks (written by bench/bench.py).
worker_processes {CORES};
daemon off;
master_process on;
pid {self.prefix}/nginx.pid;
error_log {self.prefix}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    # As nginx runs in production: one line per request, buffered (Atelier's access log is on too).
    access_log {self.prefix}/access.log combined buffer=64k;
    types {{
        text/html html;
        text/css css;
        text/javascript js;
        image/svg+xml svg;
        application/json json;
    }}
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    client_body_temp_path {self.prefix}/tmp/body;
    proxy_temp_path {self.prefix}/tmp/proxy;
    fastcgi_temp_path {self.prefix}/tmp/fastcgi;
    uwsgi_temp_path {self.prefix}/tmp/uwsgi;
    scgi_temp_path {self.prefix}/tmp/scgi;
    server {{
        listen {LOOPBACK}:{self.port};
        root {self.static_root};
        index index.html;
        location /api/ {{
            root {self.api_root};
            default_type "application/json; charset=utf-8";
        }}
    }}
}}
""", encoding="utf-8")
        log = open(self.prefix / "stderr.log", "wb")
        self.process = subprocess.Popen([binary, "-p", str(self.prefix), "-e", str(self.prefix / "error.log"),
                                         "-c", str(conf)], stdout=log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL)
        log.close()
        self.registry.add(self.process.pid, "nginx")
        deadline = time.monotonic() + 15
        while True:
            if self.process.poll() is not None:
                raise RuntimeError("nginx exited: " + (self.prefix / "stderr.log").read_text(errors="replace")[-2000:])
            try:
                if call(self.port, "GET", "/", timeout=2).status == 200:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("nginx did not answer within 15 s")
            time.sleep(0.02)

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process, sig=signal.SIGTERM)
            self.process = None


# --------------------------------------------------------------------------- concurrency helpers

def burst(port: int, requests: list[tuple[str, str, object, str | None]], timeout: float = 120.0) -> list[tuple[int, float]]:
    """Sends all requests at once (one thread and one pre-opened connection each, released together by
    a barrier); returns (status, seconds from the release) per request, status 0 on a socket error."""
    import http.client

    barrier = threading.Barrier(len(requests))
    results: list[tuple[int, float]] = [(0, 0.0)] * len(requests)

    def worker(index: int) -> None:
        method, path, body, token = requests[index]
        conn = http.client.HTTPConnection(LOOPBACK, port, timeout=timeout)
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = b"" if body is None else json.dumps(body).encode()
        try:
            conn.connect()
            barrier.wait(timeout=60)
            started = time.perf_counter()
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            response.read()
            results[index] = (response.status, time.perf_counter() - started)
        except (OSError, threading.BrokenBarrierError):
            results[index] = (0, 0.0)
        finally:
            conn.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(len(requests))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout + 60)
    return results


def check_load(port: int, tokens: list[str], step: str, concurrency: int, seconds: float, max_requests: int,
               out: Path) -> None:
    """Keeps `concurrency` check requests in flight (one per learner) for at most `seconds` and at most
    `max_requests` in total; writes a JSON summary to `out`. Runs as its own process (`checkload`)."""
    import http.client

    deadline = time.monotonic() + seconds
    lock = threading.Lock()
    state = {"sent": 0, "ok": 0, "other": 0, "errors": 0, "latencies": []}

    def worker(token: str) -> None:
        conn = http.client.HTTPConnection(LOOPBACK, port, timeout=60)
        try:
            while time.monotonic() < deadline:
                with lock:
                    if state["sent"] >= max_requests:
                        return
                    state["sent"] += 1
                started = time.perf_counter()
                try:
                    conn.request("POST", check_path(step), body=b"",
                                 headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
                    response = conn.getresponse()
                    response.read()
                    status = response.status
                except OSError:
                    status = 0
                    conn.close()
                    conn = http.client.HTTPConnection(LOOPBACK, port, timeout=60)
                elapsed = time.perf_counter() - started
                with lock:
                    if status == 200:
                        state["ok"] += 1
                        state["latencies"].append(elapsed)
                    elif status == 0:
                        state["errors"] += 1
                    else:
                        state["other"] += 1
        finally:
            conn.close()

    threads = [threading.Thread(target=worker, args=(tokens[i % len(tokens)],), daemon=True) for i in range(concurrency)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 120)
    elapsed = time.monotonic() - started
    lat = state["latencies"]
    summary = {"sent": state["sent"], "ok": state["ok"], "other": state["other"], "errors": state["errors"],
               "seconds": elapsed,
               "p50_ms": percentile(lat, 50) * 1000 if lat else None,
               "p99_ms": percentile(lat, 99) * 1000 if lat else None}
    out.write_text(json.dumps(summary), encoding="utf-8")


def suspended_gauge(port: int) -> float | None:
    try:
        text = call(port, "GET", "/metrics", timeout=5).body.decode("utf-8", "replace")
    except OSError:
        return None
    match = re.search(r"^atelier_http_connections_suspended (\S+)$", text, re.M)
    return float(match.group(1)) if match else None


# --------------------------------------------------------------------------- the benchmark

class Bench:
    def __init__(self, args):
        self.work = Path(args.work)
        self.registry = PidRegistry(Path(args.pids) if args.pids else None)
        self.binary = resolve(os.environ.get("ATELIER_BIN", ".build/release/atelier"))
        self.standin = resolve(os.environ.get("KUBECTL_STANDIN", ".build/release/kubectl-standin"))
        self.quick = args.quick
        self.rounds = 1 if args.quick else 5
        self.seconds = 2 if args.quick else 4
        self.budget = Budget(args.budget)
        self.results = Results()
        self.trainer_token = "bench-" + secrets.token_urlsafe(24)
        self.only = {int(x) for x in args.only.split(",")} if args.only else None
        for binary in (self.binary, self.standin):
            if not binary.exists():
                raise SystemExit(f"bench: {binary} is missing; build it first (swift build -c release)")

    def server(self, name: str, standin: Path | None = None, **kwargs) -> Server:
        return start_server(self.work / name, binary=self.binary, standin=standin or self.standin,
                            trainer_token=self.trainer_token, registry=self.registry, threads=CORES, **kwargs)

    def run(self) -> int:
        say(f"Atelier benchmarks — {time.strftime('%Y-%m-%d %H:%M')} — {CORES} cores — "
            f"load average at start {os.getloadavg()[0]:.2f}")
        say(f"  server {self.binary}\n  stand-in {self.standin}\n  work directory {self.work} "
            f"({_fs_type(self.work)})")
        sections = [(1, "static files vs nginx", self.section_static),
                    (2, "rendered step JSON vs nginx serving a copy", self.section_step_json),
                    (3, "checks with the stand-in kubectl at 100 ms per call", self.section_checks),
                    (4, "static latency while 50 checks are in flight", self.section_static_under_checks),
                    (5, "trainer /api/progress with 10,000 learners", self.section_progress),
                    (6, "progress writes per second (fsync)", self.section_writes),
                    (7, "a class of 200 with the live page open", self.section_live_class)]
        failures = 0
        for number, title, body in sections:
            if self.only and number not in self.only:
                continue
            say(f"\n[{number}] {title}")
            if self.budget.left() < 20:
                say("    skipped: time budget exhausted")
                self.results.row(f"[{number}] {title}", "not run (time budget)")
                continue
            started = time.monotonic()
            try:
                body()
            except Exception as error:  # one broken section must not hide the others' figures
                failures += 1
                say(f"    FAILED: {type(error).__name__}: {error}")
                self.results.row(f"[{number}] {title}", f"FAILED: {type(error).__name__}", met=False)
            say(f"    ({time.monotonic() - started:.0f} s)")
        say(f"\nSummary ({time.strftime('%Y-%m-%d')}, {CORES} cores, load average now {os.getloadavg()[0]:.2f}; "
            "medians of alternating rounds where applicable)")
        say(self.results.table())
        (self.work / "results.json").write_text(json.dumps({"rows": self.results.rows,
                                                            "figures": self.results.figures}, indent=2))
        not_met = sum(1 for r in self.results.rows if r["met"] is False)
        say(f"\n{not_met} target(s) not met; all figures as JSON in {self.work / 'results.json'} (kept with BENCH_KEEP=1)")
        return 1 if failures else 0

    # ---- 1 and 2: Atelier vs nginx

    def compare(self, label: str, atelier: Server, nginx: Nginx, path: str, connections: int = 64) -> tuple[dict, dict]:
        """Alternating rounds (A, N, N, A, …) after a 1 s warm-up of each; returns the medians.

        Besides requests per second, each round records the server's own CPU time per request (user +
        system, from /proc, nginx's workers included): on a machine others load, throughput moves with
        their work, the CPU a request costs much less."""
        runs = {"atelier": [], "nginx": []}
        ports = {"atelier": atelier.port, "nginx": nginx.port}
        pids = {"atelier": [atelier.process.pid], "nginx": [nginx.process.pid]}
        for side in ("atelier", "nginx"):
            wrk(f"http://{LOOPBACK}:{ports[side]}{path}", threads=2, connections=connections, seconds=1)
        for r in range(self.rounds):
            order = ("atelier", "nginx") if r % 2 == 0 else ("nginx", "atelier")
            for side in order:
                before = cpu_ticks(pids[side])
                f = wrk(f"http://{LOOPBACK}:{ports[side]}{path}", threads=2, connections=connections, seconds=self.seconds)
                used = cpu_ticks(pids[side]) - before
                if f["requests"]:
                    f["cpu_us"] = used / CLOCK_TICK * 1e6 / f["requests"]
                runs[side].append(f)
                say(wrk_line(side, f) + f"   [round {r + 1}, load {os.getloadavg()[0]:.1f}]")
        medians = {}
        for side, fs in runs.items():
            medians[side] = {k: statistics.median(f[k] for f in fs) for k in ("rps", "p50", "p99")}
            cpu = [f["cpu_us"] for f in fs if "cpu_us" in f]
            medians[side]["cpu_us"] = statistics.median(cpu) if cpu else float("nan")
            medians[side]["bad"] = sum(f["non2xx"] + f["socket_errors"] for f in fs)
        a, n = medians["atelier"], medians["nginx"]
        say(f"    median   Atelier {a['rps']:.0f} req/s p99 {ms(a['p99'])} | nginx {n['rps']:.0f} req/s p99 {ms(n['p99'])}"
            f" | ratio {a['rps'] / n['rps']:.2f}× (best rounds: Atelier {max(f['rps'] for f in runs['atelier']):.0f}, "
            f"nginx {max(f['rps'] for f in runs['nginx']):.0f} req/s)")
        say(f"    CPU per request (median)   Atelier {a['cpu_us']:.2f} µs | nginx {n['cpu_us']:.2f} µs"
            f" | nginx / Atelier {n['cpu_us'] / a['cpu_us']:.2f}×")
        self.results.figures[label] = {"atelier": runs["atelier"], "nginx": runs["nginx"]}
        for f in runs["atelier"] + runs["nginx"]:
            f.pop("raw", None)
        return a, n

    def with_nginx(self, api_root: Path):
        nginx = Nginx(self.work, self.registry, REPO / "public", api_root)
        nginx.start()
        return nginx

    def section_static(self) -> None:
        # The shipped configuration's log level: one access line per request, as nginx above.
        server = self.server("static", log_level=SHIPPED_LOG_LEVEL)
        nginx = None
        try:
            nginx = self.with_nginx(self.work / "www")
            for path in ("/app.js", "/"):
                a_body = call(server.port, "GET", path).body
                n_body = call(nginx.port, "GET", path).body
                if a_body != n_body:
                    raise RuntimeError(f"{path}: Atelier and nginx do not serve the same bytes")
                say(f"  GET {path} ({len(a_body)} bytes), keep-alive, 64 connections, wrk -t2, "
                    f"{self.rounds} × {self.seconds} s per side")
                a, n = self.compare(f"static {path}", server, nginx, path)
                ratio = a["rps"] / n["rps"]
                self.results.row(f"static {path} req/s (64 conns)", f"{a['rps']:.0f}", f"nginx {n['rps']:.0f}",
                                 ratio_text(ratio), "≥ 1.0×", ratio >= 1.0 and a["bad"] == 0)
                self.results.row(f"static {path} CPU µs/req", f"{a['cpu_us']:.2f}", f"nginx {n['cpu_us']:.2f}",
                                 ratio_text(n["cpu_us"] / a["cpu_us"]), "—")
                self.results.row(f"static {path} p99", ms(a["p99"]), ms(n["p99"]),
                                 ratio_text(a["p99"] / n["p99"]) if n["p99"] else "—", "—")
        finally:
            if nginx:
                nginx.stop()
            server.stop()

    def section_step_json(self) -> None:
        server = self.server("step-json", log_level=SHIPPED_LOG_LEVEL)
        nginx = None
        try:
            path = f"/api/lessons/{LESSON}/steps/statefulset"
            answer = call(server.port, "GET", path)
            if answer.status != 200:
                raise RuntimeError(f"GET {path} answered {answer.status}")
            copy = self.work / "www" / path.lstrip("/")
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(answer.body)
            _open_up(self.work / "www")
            nginx = self.with_nginx(self.work / "www")
            if call(nginx.port, "GET", path).body != answer.body:
                raise RuntimeError("nginx does not serve the same bytes")
            say(f"  GET {path} ({len(answer.body)} bytes of JSON) vs nginx serving a static copy, 64 connections")
            a, n = self.compare("step json", server, nginx, path)
            ratio = a["rps"] / n["rps"]
            self.results.row("step JSON req/s (64 conns)", f"{a['rps']:.0f}", f"nginx {n['rps']:.0f}",
                             ratio_text(ratio), "≥ 0.9×", ratio >= 0.9 and a["bad"] == 0)
            self.results.row("step JSON CPU µs/req", f"{a['cpu_us']:.2f}", f"nginx {n['cpu_us']:.2f}",
                             ratio_text(n["cpu_us"] / a["cpu_us"]), "—")
            self.results.row("step JSON p99", ms(a["p99"]), ms(n["p99"]),
                             ratio_text(a["p99"] / n["p99"]) if n["p99"] else "—", "—")
        finally:
            if nginx:
                nginx.stop()
            server.stop()

    # ---- 3 and 4: checks

    def measure_alone(self, server: Server, token: str, step: str, runs: int = 3) -> tuple[float, float]:
        """One warm-up run, then `runs` sequential runs: (median seconds per run, kubectl calls per run)."""
        answer = call(server.port, "POST", check_path(step), token=token)
        if answer.status != 200:
            raise RuntimeError(f"check answered {answer.status}: {answer.body[:300]!r}")
        before = server.standin_calls()
        times = []
        for _ in range(runs):
            answer = call(server.port, "POST", check_path(step), token=token)
            if answer.status != 200:
                raise RuntimeError(f"check answered {answer.status}")
            times.append(answer.seconds)
        calls = (server.standin_calls() - before) / runs
        return statistics.median(times), calls

    def section_checks(self) -> None:
        step = "service-headless"
        # (a) one namespace for everybody: 100 learners click « Vérifier » together.
        server = self.server("checks-shared", namespace="default", delay_ms=STANDIN_DELAY_MS)
        try:
            learners = create_learners(server, 100)
            alone, calls = self.measure_alone(server, learners[0]["token"], step)
            say(f"  (a) namespace `default` for all; one run alone: {ms(alone * 1000)}, {calls:g} kubectl call(s) per run")
            before = server.standin_calls()
            results = burst(server.port, [("POST", check_path(step), None, l["token"]) for l in learners])
            time.sleep(0.2)
            spawns = server.standin_calls() - before
            ok = sum(1 for s, _ in results if s == 200)
            lat = [t * 1000 for s, t in results if s == 200]
            runs = spawns / calls if calls else float("inf")
            say(f"      100 concurrent checks (same step, same namespace): {ok}/100 answered 200, "
                f"{spawns} kubectl spawns = {runs:g} run(s); p50 {ms(percentile(lat, 50))}, p99 {ms(percentile(lat, 99))}")
            self.results.figures["checks_a"] = {"alone_ms": alone * 1000, "calls_per_run": calls, "spawns": spawns,
                                                "ok": ok, "p50_ms": percentile(lat, 50), "p99_ms": percentile(lat, 99)}
            self.results.row("checks (a) kubectl spawns, 100 concurrent same step+ns", f"{spawns} ({runs:g} runs)",
                             f"{calls:g} call(s)/run", "—", "≤ 2 runs", ok == 100 and runs <= 2)
        finally:
            server.stop()
        # (b) one namespace per learner: 100 distinct runs compete for maxConcurrentKubectl slots.
        max_kubectl = 8
        gauge = self.work / "checks-per-learner-gauge"
        server = self.server("checks-per-learner", namespace="atelier-{learner}", delay_ms=STANDIN_DELAY_MS,
                             max_kubectl=max_kubectl, extra_env={"KUBECTL_STANDIN_CONCURRENCY": str(gauge)})
        try:
            learners = create_learners(server, 100)
            (self.work / "tokens-100.txt").write_text("\n".join(l["token"] for l in learners) + "\n")
            alone, calls = self.measure_alone(server, learners[0]["token"], step)
            ideal = math.ceil(100 / max_kubectl) * alone * 1000
            say(f"  (b) namespace atelier-{{learner}}, maxConcurrentKubectl {max_kubectl}; one run alone: "
                f"{ms(alone * 1000)} ({calls:g} kubectl call(s)); ideal for 100 = ceil(100/{max_kubectl}) × that = {ms(ideal)}")
            before = server.standin_calls()
            results = burst(server.port, [("POST", check_path(step), None, l["token"]) for l in learners])
            spawns = server.standin_calls() - before
            ok = sum(1 for s, _ in results if s == 200)
            lat = [t * 1000 for s, t in results if s == 200]
            p50, p99 = percentile(lat, 50), percentile(lat, 99)
            peak = _gauge_peak(gauge)
            say(f"      100 learners at once: {ok}/100 answered 200, {spawns} kubectl spawns, at most {peak} kubectl "
                f"processes at once (stand-in gauge); p50 {ms(p50)}, p99 {ms(p99)} = {p99 / ideal:.2f}× ideal")
            self.results.figures["checks_b"] = {"alone_ms": alone * 1000, "calls_per_run": calls, "ideal_ms": ideal,
                                                "p50_ms": p50, "p99_ms": p99, "ok": ok, "spawns": spawns}
            self.results.row("checks (b) p50, 100 learners/100 ns", ms(p50), f"ideal {ms(ideal)}",
                             ratio_text(p50 / ideal), "—")
            self.results.row("checks (b) p99, 100 learners/100 ns", ms(p99), f"ideal {ms(ideal)}",
                             ratio_text(p99 / ideal), "≤ 1.2×", ok == 100 and p99 <= 1.2 * ideal)
        finally:
            server.stop()

    def section_static_under_checks(self) -> None:
        """A paced probe of /app.js on Atelier, idle then while 50 checks are in flight (stand-in at 100 ms,
        one namespace per learner). Control: the same probe on nginx, idle and during the same check
        load, tells how much of the change the machine itself causes (2 cores shared with the stand-in
        processes the checks spawn)."""
        server = self.server("static-under-checks", namespace="atelier-{learner}", delay_ms=STANDIN_DELAY_MS)
        loader = None
        nginx = None
        try:
            nginx = self.with_nginx(self.work / "www")
            learners = create_learners(server, 50)
            tokens = self.work / "tokens-50.txt"
            tokens.write_text("\n".join(l["token"] for l in learners) + "\n")
            probe = dict(threads=1, connections=4, seconds=5, script=BENCH_DIR / "lua" / "probe.lua",
                         env={"PROBE_DELAY_MS": "5"})
            urls = {"atelier": f"http://{LOOPBACK}:{server.port}/app.js", "nginx": f"http://{LOOPBACK}:{nginx.port}/app.js"}
            say("  paced probe GET /app.js (wrk -t1 -c4, 5 ms pause per connection between requests, 5 s each)")
            idle = {}
            for side in ("atelier", "nginx"):
                wrk(urls[side], **{**probe, "seconds": 1})
                idle[side] = wrk(urls[side], **probe)
                say(wrk_line(side[:7], idle[side]) + "   idle")
            out = self.work / "checkload.json"
            loader = self.start_check_load(server.port, tokens, seconds=14, out=out)
            busy = {}
            gauges = []
            for side in ("atelier", "nginx"):
                gauges.append(suspended_gauge(server.port))
                busy[side] = wrk(urls[side], **probe)
                say(wrk_line(side[:7], busy[side]) + "   with 50 checks in flight")
            gauges.append(suspended_gauge(server.port))
            loader.wait(timeout=150)
            load = json.loads(out.read_text())
            say(f"      check load: {load['ok']} checks answered 200 in {load['seconds']:.1f} s "
                f"({load['other']} other statuses, {load['errors']} socket errors); check p50 "
                f"{ms(load['p50_ms'] or 0)}, p99 {ms(load['p99_ms'] or 0)}; checks in flight (suspended "
                f"connections, sampled): {', '.join(f'{g:g}' for g in gauges if g is not None)}")
            ratio = busy["atelier"]["p99"] / idle["atelier"]["p99"]
            control = busy["nginx"]["p99"] / idle["nginx"]["p99"]
            say(f"      p99 busy/idle: Atelier {ratio:.2f}×, nginx (control, same machine, same check load) {control:.2f}×")
            self.results.figures["static_under_checks"] = {
                "idle": {k: _strip(v) for k, v in idle.items()}, "busy": {k: _strip(v) for k, v in busy.items()},
                "load": load, "suspended": gauges}
            ok = busy["atelier"]["non2xx"] == 0 and busy["atelier"]["socket_errors"] == 0
            self.results.row("static p99 with 50 checks in flight", ms(busy["atelier"]["p99"]),
                             f"idle {ms(idle['atelier']['p99'])}", ratio_text(ratio), "≤ 2×", ratio <= 2.0 and ok)
            self.results.row("  control: nginx p99 during the same check load", ms(busy["nginx"]["p99"]),
                             f"idle {ms(idle['nginx']['p99'])}", ratio_text(control), "—")
        finally:
            if loader is not None:
                stop_process(loader, grace=5)
            if nginx:
                nginx.stop()
            server.stop()
        self.static_under_noop_checks(probe)

    def start_check_load(self, port: int, tokens: Path, seconds: int, out: Path) -> subprocess.Popen:
        """50 learners keeping a check in flight, from a separate process; returns once the load is on."""
        loader = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "checkload", "--port", str(port),
                                   "--tokens", str(tokens), "--concurrency", "50", "--seconds", str(seconds),
                                   "--max-requests", "40000", "--out", str(out)])
        self.registry.add(loader.pid, f"checkload {out.name}")
        time.sleep(1.5)
        return loader

    def static_under_noop_checks(self, probe: dict) -> None:
        """Control: the same probe and check load with a kubectl written in C that only sleeps and
        prints an empty List (bench/noop_kubectl.c). What remains of the p99 change is the cost of
        running processes on this machine plus the server's own share."""
        compiler = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
        if compiler is None:
            say("      control with a no-op kubectl skipped: no C compiler (cc, gcc or clang)")
            return
        noop = self.work / "noop-kubectl"
        subprocess.run([compiler, "-O2", "-o", str(noop), str(BENCH_DIR / "noop_kubectl.c")], check=True)
        server = self.server("static-under-noop-checks", standin=noop, namespace="atelier-{learner}",
                             delay_ms=STANDIN_DELAY_MS)
        loader = None
        try:
            learners = create_learners(server, 50)
            tokens = self.work / "tokens-50-noop.txt"
            tokens.write_text("\n".join(l["token"] for l in learners) + "\n")
            url = f"http://{LOOPBACK}:{server.port}/app.js"
            wrk(url, **{**probe, "seconds": 1})
            idle = wrk(url, **probe)
            out = self.work / "checkload-noop.json"
            loader = self.start_check_load(server.port, tokens, seconds=8, out=out)
            busy = wrk(url, **probe)
            loader.wait(timeout=150)
            load = json.loads(out.read_text())
            ratio = busy["p99"] / idle["p99"]
            say(wrk_line("atelier", idle) + "   idle (no-op C kubectl)")
            say(wrk_line("atelier", busy) + "   with 50 checks in flight (no-op C kubectl)")
            say(f"      check load: {load['ok'] + load['other']} checks answered in {load['seconds']:.1f} s; "
                f"p99 busy/idle {ratio:.2f}×")
            self.results.figures["static_under_noop_checks"] = {"idle": _strip(idle), "busy": _strip(busy), "load": load}
            self.results.row("  control: Atelier, same load, no-op C kubectl", ms(busy["p99"]),
                             f"idle {ms(idle['p99'])}", ratio_text(ratio), "—")
        finally:
            if loader is not None:
                stop_process(loader, grace=5)
            server.stop()

    def section_live_class(self) -> None:
        from live_class import section_live_class
        section_live_class(self, say, self.results, ms, ratio_text, wrk, wrk_line, BENCH_DIR, STANDIN_DELAY_MS)

    # ---- 5: trainer view over 10,000 learners

    def section_progress(self) -> None:
        from progress_corpus import build_templates, clone_corpus

        count = 1000 if self.quick else 10_000
        server = self.server("progress-templates", namespace="default")
        try:
            templates = build_templates(server)
        finally:
            server.stop()
        data = self.work / "progress-10k" / "data"
        stats = clone_corpus(server.data_dir, templates, data, count, seed=20261125)
        say(f"  {count} learner files written in the on-disk format of AtelierProgress "
            f"(cloned from {len(templates)} learners recorded through the API; byte-exact re-encoding verified): "
            f"{stats['bytes'] / 1e6:.1f} MB, {stats['runs']} check runs in total, "
            f"mean {stats['bytes'] / count / 1024:.1f} KiB per file")
        starts = []
        server = None
        try:
            for attempt in range(3):
                server = self.server("progress-10k", data_dir=data)
                starts.append(server.ready_seconds)
                if attempt < 2:
                    server.stop()
                    server = None
            say(f"  start-up to ready (exec → first 200 on /healthz), 3 starts: "
                + ", ".join(f"{s:.2f} s" for s in starts) + " (warm page cache)")
            time.sleep(1.0)
            rss_rest = vm_rss_kib(server.pid)
            headers = [f"Authorization: Bearer {self.trainer_token}"]
            first = call(server.port, "GET", "/api/progress", token=self.trainer_token)
            body = first.json()
            learners, corrupt = len(body["learners"]), len(body["corruptFiles"])
            say(f"  GET /api/progress: {first.status}, {len(first.body) / 1e6:.1f} MB, {learners} learners, "
                f"{corrupt} corrupt files; first call {ms(first.seconds * 1000)}")
            if first.status != 200 or learners != count or corrupt:
                raise RuntimeError("the server did not load every generated file")
            url = f"http://{LOOPBACK}:{server.port}/api/progress"
            one = wrk(url, threads=1, connections=1, seconds=8, headers=headers, timeout="30s")
            say(wrk_line("1 conn", one))
            four = wrk(url, threads=2, connections=4, seconds=5, headers=headers, timeout="30s")
            say(wrk_line("4 conns", four))
            rss_after = vm_rss_kib(server.pid)
            say(f"  VmRSS: {rss_rest / 1024:.0f} MiB at rest, {rss_after / 1024:.0f} MiB after the load")
            start_median = statistics.median(starts)
            self.results.figures["progress"] = {"starts_s": starts, "one": _strip(one), "four": _strip(four),
                                                "rss_rest_kib": rss_rest, "rss_after_kib": rss_after,
                                                "bytes": len(first.body), "corpus": stats}
            self.results.row(f"/api/progress p50, {count} learners (1 conn)", ms(one["p50"]), "—", "—", "≤ 50 ms",
                             one["p50"] <= 50 and one["non2xx"] == 0)
            self.results.row(f"/api/progress p99, {count} learners (1 conn)", ms(one["p99"]))
            self.results.row(f"/api/progress p50 / p99 (4 conns)", f"{ms(four['p50'])} / {ms(four['p99'])}")
            self.results.row(f"start-up to ready, {count} files (median of 3)", f"{start_median:.2f} s", "—", "—",
                             "≤ 2 s", start_median <= 2.0)
            self.results.row("VmRSS at rest / after /api/progress load",
                             f"{rss_rest / 1024:.0f} / {rss_after / 1024:.0f} MiB")
        finally:
            if server:
                server.stop()

    # ---- 6: writes per second

    def section_writes(self) -> None:
        seconds = 5
        learners_count = 256
        server = self.server("writes", namespace="default")
        try:
            learners = create_learners(server, learners_count)
            tokens = self.work / "tokens-writes.txt"
            tokens.write_text("\n".join(l["token"] for l in learners) + "\n")
            base = sum(_runs_in(_load(p)) for p in server.data_dir.glob("*.json"))
            rows = []
            for label, step, body in (("quiz step (no kubectl)", "quiz", json.dumps({"answers": QUIZ_ANSWERS})),
                                      ("service-headless (stand-in 0 ms, shared ns)", "service-headless", "")):
                f = wrk(f"http://{LOOPBACK}:{server.port}/", threads=2, connections=64, seconds=seconds,
                        script=BENCH_DIR / "lua" / "checks.lua",
                        env={"BENCH_PATH": check_path(step), "BENCH_BODY": body, "BENCH_TOKENS": str(tokens),
                             "BENCH_THREADS": "2"}, timeout="30s")
                acknowledged = f["requests"] - f["non2xx"]
                rate = acknowledged / (f["elapsed_ms"] / 1000)
                rows.append((label, f, acknowledged, rate))
                say(f"  {label}: {acknowledged} check runs acknowledged (200) in {f['elapsed_ms'] / 1000:.1f} s = "
                    f"{rate:.0f} writes/s; p50 {ms(f['p50'])}, p99 {ms(f['p99'])}; non-2xx {f['non2xx']}, "
                    f"socket errors {f['socket_errors']}")
            time.sleep(1.0)
            recorded = sum(_runs_in(_load(p)) for p in server.data_dir.glob("*.json")) - base
            total_ack = sum(r[2] for r in rows)
            say(f"  check runs found in the files afterwards: {recorded} (acknowledged: {total_ack}; the files may "
                f"hold a few more: runs finished after wrk stopped counting)")
            if recorded < total_ack:
                raise RuntimeError(f"{total_ack - recorded} acknowledged check runs are missing from the files")
        finally:
            server.stop()
        raw = raw_write_rate(self.work / "raw-fsync", threads=64, seconds=seconds, size=16_384)
        say(f"  reference: the disk's raw atomic-write rate (Python, 64 threads: write 16 KiB + fsync + rename + "
            f"fsync dir): {raw:.0f} writes/s")
        self.results.figures["writes"] = {"rows": [(r[0], _strip(r[1]), r[2], r[3]) for r in rows], "raw": raw,
                                          "recorded": recorded}
        for label, f, acknowledged, rate in rows:
            self.results.row(f"progress writes/s, {label}", f"{rate:.0f}", f"raw disk {raw:.0f}",
                             ratio_text(rate / raw) if raw else "—", "—")


def raw_write_rate(directory: Path, threads: int, seconds: float, size: int) -> float:
    """The same durable write as the store (temp file, fsync, rename, fsync directory), as fast as the
    disk allows, one file per thread: the ceiling any server could reach on this disk."""
    directory.mkdir(parents=True, exist_ok=True)
    payload = os.urandom(size)
    deadline = time.monotonic() + seconds
    counts = [0] * threads
    dir_fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)

    def worker(index: int) -> None:
        target = directory / f"f{index}.json"
        while time.monotonic() < deadline and counts[index] < 1_000_000:
            temporary = directory / f".tmp-{index}"
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                os.write(fd, payload)
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(temporary, target)
            os.fsync(dir_fd)
            counts[index] += 1

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(worker, range(threads)))
    elapsed = time.monotonic() - started
    os.close(dir_fd)
    return sum(counts) / elapsed


def _gauge_peak(path: Path) -> str:
    try:
        numbers = path.read_text().split()
        return numbers[1] if len(numbers) > 1 else "?"
    except OSError:
        return "?"


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _strip(f: dict) -> dict:
    return {k: v for k, v in f.items() if k != "raw"}


def _open_up(root: Path) -> None:
    """nginx workers run as an unprivileged user when started as root: let them read the copy."""
    for path in [root, *root.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    parent = root.parent
    parent.chmod(parent.stat().st_mode | 0o755)


def _fs_type(path: Path) -> str:
    try:
        done = subprocess.run(["stat", "-f", "-c", "%T", str(path)], capture_output=True, text=True, timeout=5)
        return done.stdout.strip() or "?"
    except (OSError, subprocess.SubprocessError):
        return "?"


def _interrupt(*_):
    raise KeyboardInterrupt()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run")
    run.add_argument("--work", required=True)
    run.add_argument("--pids")
    run.add_argument("--only", help="comma-separated section numbers")
    run.add_argument("--quick", action="store_true", help="short rounds (to try the script, not for figures)")
    run.add_argument("--budget", type=float, default=540.0, help="seconds after which remaining sections are skipped")
    load = sub.add_parser("checkload")
    load.add_argument("--port", type=int, required=True)
    load.add_argument("--tokens", required=True)
    load.add_argument("--step", default="service-headless")
    load.add_argument("--concurrency", type=int, default=50)
    load.add_argument("--seconds", type=float, default=8)
    load.add_argument("--max-requests", type=int, default=20000)
    load.add_argument("--out", required=True)
    args = parser.parse_args()
    if args.command == "checkload":
        tokens = [t for t in Path(args.tokens).read_text().split() if t]
        check_load(args.port, tokens, args.step, args.concurrency, min(args.seconds, 120), args.max_requests,
                   Path(args.out))
        return 0
    # SIGTERM (from run.sh's trap) unwinds through the finally blocks that stop servers and nginx.
    signal.signal(signal.SIGTERM, _interrupt)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    (work / "www").mkdir(exist_ok=True)
    _open_up(work / "www")
    try:
        return Bench(args).run()
    except KeyboardInterrupt:
        say("\nbench: interrupted; servers and nginx stopped")
        return 130


if __name__ == "__main__":
    sys.exit(main())
