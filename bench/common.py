"""Shared helpers of the Atelier benchmarks and the hardening drills (Python 3 standard library only).

Everything here talks to 127.0.0.1 only. Every process started is registered in a pid file so that the
caller's trap can end it (by pid) even if Python itself is killed.
"""
from __future__ import annotations

import http.client
import json
import math
import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LESSON = "statefulsets-postgresql"
LOOPBACK = "127.0.0.1"
# Overridable to run a binary built from another checkout against its own content and scenarios.
CONTENT_DIR = Path(os.environ.get("ATELIER_CONTENT_DIR") or REPO / "content")
SCENARIOS_DIR = Path(os.environ.get("KUBECTL_STANDIN_SCENARIOS") or REPO / "Tests" / "KubectlStandin" / "scenarios")



def resolve(path: str) -> Path:
    p = Path(path)
    return p if p.is_absolute() else (REPO / p)


def binary(variable: str, name: str) -> Path:
    """A built product: $VARIABLE, else the release build, else the debug build."""
    if os.environ.get(variable):
        return resolve(os.environ[variable])
    for mode in ("release", "debug"):
        candidate = resolve(f".build/{mode}/{name}")
        if candidate.exists():
            return candidate
    raise SystemExit(f"{name} not built: swift build -c release")


# --------------------------------------------------------------------------- processes

class PidRegistry:
    """Appends `pid label` lines to a file that bench/run.sh's trap reads on exit."""

    def __init__(self, path: Path | None):
        self.path = path

    def add(self, pid: int, label: str) -> None:
        if self.path is not None:
            with open(self.path, "a", encoding="utf-8") as f:
                f.write(f"{pid} {label}\n")


def stop_process(process: subprocess.Popen, grace: float = 10.0, sig: int = signal.SIGTERM) -> int | None:
    """Ends one process we started, by its pid: `sig`, then SIGKILL after `grace` seconds."""
    if process.poll() is None:
        try:
            process.send_signal(sig)
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    return process.returncode


def vm_rss_kib(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------- HTTP

class Answer:
    def __init__(self, status: int, headers: dict, body: bytes, seconds: float):
        self.status = status
        self.headers = headers
        self.body = body
        self.seconds = seconds

    def json(self):
        return json.loads(self.body.decode("utf-8"))


def call(port: int, method: str, path: str, body=None, token: str | None = None, timeout: float = 60.0,
         headers: dict | None = None) -> Answer:
    """One request on a fresh loopback connection; raises OSError on connection problems."""
    data = None
    sent = dict(headers or {})
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
        sent.setdefault("Content-Type", "application/json")
    if token is not None:
        sent["Authorization"] = f"Bearer {token}"
    conn = http.client.HTTPConnection(LOOPBACK, port, timeout=timeout)
    try:
        started = time.perf_counter()
        conn.request(method, path, body=data if data is not None else (b"" if method == "POST" else None),
                     headers=sent)
        response = conn.getresponse()
        payload = response.read()
        elapsed = time.perf_counter() - started
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, payload, elapsed)
    finally:
        conn.close()


def check_path(step: str) -> str:
    return f"/api/lessons/{LESSON}/steps/{step}/check"


# --------------------------------------------------------------------------- the server

class Server:
    """The real `atelier` binary on a port picked by the kernel (port 0), config and data in `home`."""

    def __init__(self, process: subprocess.Popen, port: int, home: Path, log_path: Path, data_dir: Path,
                 trainer_token: str, started_at: float, ready_seconds: float, state_file: Path, standin_log: Path):
        self.process = process
        self.port = port
        self.home = home
        self.log_path = log_path
        self.data_dir = data_dir
        self.trainer_token = trainer_token
        self.started_at = started_at
        self.ready_seconds = ready_seconds
        self.state_file = state_file
        self.standin_log = standin_log

    @property
    def pid(self) -> int:
        return self.process.pid

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def set_scenario(self, name: str) -> None:
        tmp = self.state_file.with_suffix(".tmp")
        tmp.write_text(name + "\n", encoding="utf-8")
        os.replace(tmp, self.state_file)

    def standin_calls(self) -> int:
        try:
            with open(self.standin_log, "rb") as f:
                return sum(1 for _ in f)
        except FileNotFoundError:
            return 0

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self, sig: int = signal.SIGTERM) -> int | None:
        return stop_process(self.process, sig=sig)


def write_config(home: Path, *, data_dir: Path, trainer_token: str, standin: Path, namespace: str = "default",
                 max_kubectl: int = 8, threads: int | None = None, log_level: str = "warning",
                 extra: dict | None = None) -> Path:
    config = {
        "host": LOOPBACK,
        "port": 0,
        "contentDir": str(CONTENT_DIR),
        "publicDir": str(REPO / "public"),
        "dataDir": str(data_dir),
        "trainerToken": trainer_token,
        "logLevel": log_level,
        "cluster": {
            "kubectl": [str(standin)],
            "namespace": namespace,
            "requestTimeoutSeconds": 5,
            "checkTimeoutSeconds": 20,
            "maxConcurrentKubectl": max_kubectl,
            # The check and HTTP sections count kubectl runs: the watches are measured on their own.
            "observeIdleMinutes": 0,
        },
        # The bench creates up to 10,000 learners from one address, far past a class's allowance.
        "rateLimits": {"registrationBurst": 1000000, "registrationsPerMinute": 1000000},
    }
    if threads is not None:
        config["threads"] = threads
    for key, value in (extra or {}).items():
        if isinstance(value, dict) and isinstance(config.get(key), dict):
            config[key].update(value)
        else:
            config[key] = value
    path = home / "config.json"
    path.write_text(json.dumps(config, indent=2), encoding="utf-8")
    return path


def start_server(home: Path, *, binary: Path, standin: Path, trainer_token: str, registry: PidRegistry,
                 namespace: str = "default", max_kubectl: int = 8, threads: int | None = None,
                 delay_ms: int = 0, scenario: str = "all-ok", data_dir: Path | None = None,
                 log_level: str = "warning", extra_config: dict | None = None, wrapper: list[str] | None = None,
                 ready_timeout: float = 60.0, label: str = "atelier", extra_env: dict | None = None) -> Server:
    """Starts the server on a free loopback port and waits for a 200 from /healthz.

    `ready_seconds` is measured from just before exec to the first 200 of /healthz (polled every 5 ms).
    """
    home.mkdir(parents=True, exist_ok=True)
    data_dir = data_dir or (home / "data")
    state_file = home / "standin-scenario"
    state_file.write_text(scenario + "\n", encoding="utf-8")
    standin_log = home / "kubectl-standin.log"
    config_path = write_config(home, data_dir=data_dir, trainer_token=trainer_token, standin=standin,
                               namespace=namespace, max_kubectl=max_kubectl, threads=threads,
                               log_level=log_level, extra=extra_config)
    env = {k: v for k, v in os.environ.items() if not k.startswith("KUBECTL_STANDIN") and not k.startswith("ATELIER_")}
    env.update({
        "KUBECTL_STANDIN_DIR": str(SCENARIOS_DIR),
        "KUBECTL_STANDIN_STATE": str(state_file),
        "KUBECTL_STANDIN_LOG": str(standin_log),
    })
    if delay_ms:
        env["KUBECTL_STANDIN_DELAY_MS"] = str(delay_ms)
    env.update(extra_env or {})
    log_path = home / "server.log"
    for attempt in range(3):
        # A port chosen here rather than port 0: at logLevel `warning` the server does not print the
        # `listening` line that would tell which port it got. If someone takes the port in between,
        # the bind fails, the server exits, and we try another one.
        port = free_port()
        log = open(log_path, "wb")
        argv = list(wrapper or []) + [str(binary), "serve", "--config", str(config_path), "--host", LOOPBACK,
                                      "--port", str(port)]
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
                                   cwd=str(home))
        log.close()
        registry.add(process.pid, label)
        deadline = started + ready_timeout
        while True:
            if process.poll() is not None:
                break
            try:
                if call(port, "GET", "/healthz", timeout=5).status == 200:
                    break
            except OSError:
                pass
            if time.perf_counter() > deadline:
                stop_process(process)
                raise RuntimeError(f"{label} never answered /healthz within {ready_timeout:.0f} s:\n"
                                   + log_path.read_text(errors="replace")[-3000:])
            time.sleep(0.005)
        if process.poll() is None:
            break
        text = log_path.read_text(errors="replace")
        if "bindFailed" not in text and "bind" not in text.lower() or attempt == 2:
            raise RuntimeError(f"{label} exited with status {process.returncode} during start-up:\n" + text[-3000:])
    ready = time.perf_counter() - started
    return Server(process, port, home, log_path, data_dir, trainer_token, started, ready, state_file, standin_log)


def create_learners(server: Server, count: int, prefix: str = "Apprenant", workers: int = 16) -> list[dict]:
    """Creates learners through the API (in parallel); returns their {id, name, token}."""
    from concurrent.futures import ThreadPoolExecutor

    def one(i: int) -> dict:
        for attempt in range(5):
            try:
                answer = call(server.port, "POST", "/api/learners", {"name": f"{prefix} {i:05d}"})
                if answer.status == 201:
                    return answer.json()
                raise RuntimeError(f"POST /api/learners answered {answer.status}: {answer.body[:200]!r}")
            except OSError:
                if attempt == 4:
                    raise
                time.sleep(0.1)
        raise AssertionError("unreachable")

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(one, range(count)))


# --------------------------------------------------------------------------- figures

def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100.0 * len(ordered)))
    return ordered[rank - 1]
