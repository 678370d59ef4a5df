#!/usr/bin/env python3
"""User-space instructions per request, Atelier and nginx, counted by callgrind (stable on a busy machine).

    bench/instructions.py [--requests 2000] [--only atelier|nginx] [--path /app.js ...]

Each server runs under `valgrind --tool=callgrind` on 127.0.0.1: Atelier is the release binary
(copied without DWARF, with the sigsuspend shim preloaded, as scripts/hardening.sh does for valgrind
3.19) at the shipped config.json's log level; nginx 1.22 runs with one worker, no master, and its
access log buffered (64k) as in production. Per path: 200 warm-up requests, `callgrind_control -z`,
N keep-alive requests over 4 connections, `callgrind_control -d`, the dumped total divided by N.
The kernel's share (send, sendfile, epoll, loopback TCP) is not counted. Every process started is
stopped by pid on exit.
"""
from __future__ import annotations

import argparse
import glob
import http.client
import os
import secrets
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import LESSON, LOOPBACK, REPO, PidRegistry, call, start_server, stop_process  # noqa: E402

PATHS = ["/app.js", "/", f"/api/lessons/{LESSON}/steps/statefulset"]


def send(port: int, path: str, count: int, connections: int = 4) -> None:
    """`count` GET requests over `connections` keep-alive connections; every answer must be a 200."""
    errors: list[str] = []

    def worker(share: int) -> None:
        connection = http.client.HTTPConnection(LOOPBACK, port, timeout=120)
        try:
            for _ in range(share):
                connection.request("GET", path)
                answer = connection.getresponse()
                answer.read()
                if answer.status != 200:
                    errors.append(f"{path}: {answer.status}")
                    return
        finally:
            connection.close()

    shares = [count // connections + (1 if i < count % connections else 0) for i in range(connections)]
    threads = [threading.Thread(target=worker, args=(share,)) for share in shares]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(errors[0])


def dumped_total(out_prefix: str, before: set[str]) -> int:
    """Sum of the `totals:` lines of the dump files written since `before` was listed."""
    deadline = time.monotonic() + 60
    while True:
        new = sorted(set(glob.glob(out_prefix + "*")) - before)
        totals = []
        for name in new:
            text = Path(name).read_text(errors="replace")
            match = re.search(r"^totals:\s+(\d+)", text, re.M) or re.search(r"^summary:\s+(\d+)", text, re.M)
            if match:
                totals.append(int(match.group(1)))
        if new and len(totals) == len(new):
            return sum(totals)
        if time.monotonic() > deadline:
            raise RuntimeError("callgrind wrote no dump")
        time.sleep(0.2)


def measure(pid: int, port: int, out_prefix: str, path: str, requests: int) -> float:
    send(port, path, 200)
    subprocess.run(["callgrind_control", "-z", str(pid)], check=True, capture_output=True)
    send(port, path, requests)
    before = set(glob.glob(out_prefix + "*"))
    subprocess.run(["callgrind_control", "-d", str(pid)], check=True, capture_output=True)
    return dumped_total(out_prefix, before) / requests


def callgrind_argv(out_prefix: str) -> list[str]:
    return ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out_prefix}.%p", "--dump-instr=no"]


def atelier(work: Path, registry: PidRegistry, paths: list[str], requests: int) -> dict[str, float]:
    binary = Path(os.environ.get("ATELIER_BIN", REPO / ".build/release/atelier"))
    standin = Path(os.environ.get("KUBECTL_STANDIN", REPO / ".build/release/kubectl-standin"))
    stripped = work / "atelier"
    subprocess.run(["objcopy", "--strip-debug", str(binary), str(stripped)], check=True)
    shim = work / "sigsuspend_shim.so"
    compiler = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    subprocess.run([compiler, "-shared", "-fPIC", "-O2", "-o", str(shim),
                    str(REPO / "Tests/hardening/valgrind/sigsuspend_shim.c"), "-ldl"], check=True)
    out_prefix = str(work / "callgrind.atelier")
    import json
    level = json.loads((REPO / "config.json").read_text(encoding="utf-8")).get("logLevel", "info")
    server = start_server(work / "atelier-home", binary=stripped, standin=standin, trainer_token=secrets.token_urlsafe(24),
                          registry=registry, threads=2, log_level=level, ready_timeout=300,
                          wrapper=["env", f"LD_PRELOAD={shim}"] + callgrind_argv(out_prefix))
    try:
        for path in paths:
            if path.startswith("/api/"):
                # nginx serves a copy of exactly these bytes from a file.
                copy = work / "www-api" / path.lstrip("/")
                copy.parent.mkdir(parents=True, exist_ok=True)
                copy.write_bytes(call(server.port, "GET", path).body)
        return {path: measure(server.process.pid, server.port, out_prefix, path, requests) for path in paths}
    finally:
        stop_process(server.process, grace=60)


def nginx(work: Path, registry: PidRegistry, paths: list[str], requests: int) -> dict[str, float]:
    prefix = work / "nginx"
    www = work / "www"
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / "tmp" / sub).mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "public", www)
    if (work / "www-api").is_dir():
        shutil.copytree(work / "www-api", www, dirs_exist_ok=True)
    paths = [p for p in paths if not p.startswith("/api/") or (www / p.lstrip("/")).is_file()]
    port = _free_port()
    (prefix / "nginx.conf").write_text(f"""
worker_processes 1;
master_process off;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log {prefix}/access.log combined buffer=64k;
    types {{ text/html html; text/css css; text/javascript js; application/json json; }}
    default_type "application/json; charset=utf-8";
    sendfile on; tcp_nopush on; tcp_nodelay on;
    keepalive_requests 1000000;
    client_body_temp_path {prefix}/tmp/body; proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi; uwsgi_temp_path {prefix}/tmp/uwsgi; scgi_temp_path {prefix}/tmp/scgi;
    server {{ listen {LOOPBACK}:{port}; root {www}; index index.html; }}
}}
""", encoding="utf-8")
    out_prefix = str(work / "callgrind.nginx")
    process = subprocess.Popen(callgrind_argv(out_prefix) + [shutil.which("nginx") or "/usr/sbin/nginx", "-p",
                                                            str(prefix), "-c", str(prefix / "nginx.conf")],
                               stdout=subprocess.DEVNULL, stderr=open(prefix / "stderr.log", "wb"),
                               stdin=subprocess.DEVNULL)
    registry.add(process.pid, "nginx")
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if call(port, "GET", "/", timeout=5).status == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("nginx under callgrind did not start: "
                                   + (prefix / "stderr.log").read_text(errors="replace")[-2000:])
            time.sleep(0.05)
        return {path: measure(process.pid, port, out_prefix, path, requests) for path in paths}
    finally:
        stop_process(process, grace=60)


def _free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--only", choices=["atelier", "nginx"])
    parser.add_argument("--path", action="append", dest="paths")
    args = parser.parse_args()
    for tool in ("valgrind", "callgrind_control", "objcopy"):
        if not shutil.which(tool):
            print(f"instructions: {tool} is missing (apt-get install valgrind binutils)", file=sys.stderr)
            return 2
    paths = args.paths or PATHS
    work = Path(tempfile.mkdtemp(prefix="atelier-instr.", dir=os.environ.get("BENCH_TMP", "/var/tmp")))
    registry = PidRegistry(work / "pids")
    print(f"Instructions per request (callgrind, {args.requests} keep-alive requests over 4 connections after "
          f"200 warm-up; load average {os.getloadavg()[0]:.1f})", flush=True)
    try:
        results: dict[str, dict[str, float]] = {}
        if args.only != "nginx":
            results["atelier"] = atelier(work, registry, paths, args.requests)
        if args.only != "atelier":
            results["nginx"] = nginx(work, registry, paths, args.requests)
        width = max(len(p) for p in paths)
        print(f"  {'path':<{width}}  {'Atelier':>10}  {'nginx':>10}")
        for path in paths:
            cells = [results.get(side, {}).get(path) for side in ("atelier", "nginx")]
            text = ["—" if c is None else f"{c:,.0f}" for c in cells]
            print(f"  {path:<{width}}  {text[0]:>10}  {text[1]:>10}", flush=True)
        return 0
    finally:
        if os.environ.get("BENCH_KEEP") != "1":
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"work directory kept: {work}")


if __name__ == "__main__":
    sys.exit(main())
