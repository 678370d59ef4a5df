"""Raw-socket client and server control for the hostile-input suite (standard library only).

The server is the real `atelier` binary (ATELIER_BIN, default .build/debug/atelier) with the stand-in
kubectl (KUBECTL_STANDIN, default .build/debug/kubectl-standin), on 127.0.0.1 only, with a short
`connectionTimeoutSeconds` so that slowloris-style requests are cut quickly.
"""
from __future__ import annotations

import http.client
import json
import os
import secrets
import select
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LOOPBACK = "127.0.0.1"
LESSON = "statefulsets-postgresql"
CONNECTION_TIMEOUT = 1
MAX_BODY = 65536
# Overridable to run a binary built from another checkout against its own content and scenarios.
CONTENT_DIR = Path(os.environ.get("ATELIER_CONTENT_DIR") or REPO / "content")
SCENARIOS_DIR = Path(os.environ.get("KUBECTL_STANDIN_SCENARIOS") or REPO / "Tests" / "KubectlStandin" / "scenarios")


def resolve(path: str) -> Path:
    p = Path(path)
    return p if p.is_absolute() else REPO / p


def server_binary() -> Path:
    return resolve(os.environ.get("ATELIER_BIN", ".build/debug/atelier"))


def standin_binary() -> Path:
    return resolve(os.environ.get("KUBECTL_STANDIN", ".build/debug/kubectl-standin"))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------- the server

@dataclass
class Server:
    home: Path
    binary: Path
    standin: Path
    trainer_token: str
    process: subprocess.Popen | None = None
    port: int = 0
    crashes: list = field(default_factory=list)
    starts: int = 0
    # Keys merged into the generated config.json (a dedicated server with other limits).
    extra_config: dict = field(default_factory=dict)

    @property
    def data_dir(self) -> Path:
        return self.home / "data"

    @property
    def log_path(self) -> Path:
        return self.home / "server.log"

    def config(self, log_level: str = "info") -> Path:
        config = {
            "host": LOOPBACK, "port": 0,
            "contentDir": str(CONTENT_DIR), "publicDir": str(REPO / "public"), "dataDir": str(self.data_dir),
            "trainerToken": self.trainer_token, "logLevel": log_level,
            "connectionTimeoutSeconds": CONNECTION_TIMEOUT, "maxBodyBytes": MAX_BODY, "threads": 2,
            "shutdownGraceSeconds": 2,
            "cluster": {"kubectl": [str(self.standin)], "namespace": "atelier-{learner}",
                        "requestTimeoutSeconds": 2, "checkTimeoutSeconds": 5, "maxConcurrentKubectl": 4,
                        # The concurrency drills count kubectl processes: no long-lived watches here.
                        "observeIdleMinutes": 0},
        }
        config.update(self.extra_config)
        path = self.home / "config.json"
        path.write_text(json.dumps(config, indent=2), encoding="utf-8")
        return path

    def environment(self) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("KUBECTL_STANDIN", "ATELIER_"))}
        state = self.home / "standin-scenario"
        state.write_text("all-ok\n", encoding="utf-8")
        env.update({"KUBECTL_STANDIN_DIR": str(SCENARIOS_DIR), "KUBECTL_STANDIN_STATE": str(state),
                    "KUBECTL_STANDIN_LOG": str(self.home / "kubectl-standin.log")})
        return env

    def start(self, wrapper: list[str] | None = None, ready_timeout: float = 60.0, log_level: str = "info") -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        config = self.config(log_level)
        for _ in range(3):
            self.port = free_port()
            log = open(self.log_path, "ab")
            self.process = subprocess.Popen(
                list(wrapper or []) + [str(self.binary), "serve", "--config", str(config), "--host", LOOPBACK,
                                       "--port", str(self.port)],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=self.environment(),
                cwd=str(self.home))
            log.close()
            self.starts += 1
            deadline = time.monotonic() + ready_timeout
            while self.process.poll() is None and time.monotonic() < deadline:
                try:
                    if request(self.port, "GET", "/healthz", timeout=2)[0] == 200:
                        return
                except OSError:
                    pass
                time.sleep(0.02)
            if self.process.poll() is None:
                self.stop()
                raise RuntimeError(f"atelier did not answer /healthz within {ready_timeout:.0f} s\n{self.log_tail()}")
            if "bind" not in self.log_tail().lower():
                break
        raise RuntimeError(f"atelier exited with status {self.process.returncode} at start-up\n{self.log_tail()}")

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, sig: int = signal.SIGTERM, grace: float = 15.0) -> int | None:
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        return self.process.returncode

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


@dataclass
class Context:
    """The running server and two learners, A and B, created through the API."""
    server: Server
    token_a: str
    id_a: str
    token_b: str
    id_b: str

    @property
    def port(self) -> int:
        return self.server.port

    @property
    def trainer(self) -> str:
        return self.server.trainer_token


def request(port: int, method: str, path: str, body: bytes | dict | None = None, token: str | None = None,
            timeout: float = 10.0) -> tuple[int, bytes]:
    """A well-formed request through http.client (for set-up and the aftermath checks)."""
    headers = {}
    data = None
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
        headers["Content-Type"] = "application/json"
    elif method == "POST":
        data = b""
    if token:
        headers["Authorization"] = f"Bearer {token}"
    conn = http.client.HTTPConnection(LOOPBACK, port, timeout=timeout)
    try:
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def new_trainer_token() -> str:
    return "hardening-" + secrets.token_urlsafe(24)


# --------------------------------------------------------------------------- raw exchanges

@dataclass
class Exchange:
    """What came back for one crafted request: parsed responses, whether the server closed the
    connection, whether we gave up waiting (a hang), and any bytes that did not parse as HTTP."""
    statuses: list[int]
    closed: bool
    timed_out: bool
    garbage: bytes
    send_error: str | None
    seconds: float

    def describe(self) -> str:
        return (f"statuses={self.statuses} closed={self.closed} timed_out={self.timed_out} "
                f"send_error={self.send_error} garbage={self.garbage[:120]!r} after {self.seconds:.2f}s")


def _parse(buffer: bytes, head_only: bool) -> tuple[list[int], bytes, bool]:
    """Parses complete responses from the front of `buffer`; returns statuses, the rest, and whether the
    rest is definitely not HTTP."""
    statuses = []
    while buffer:
        if not b"HTTP/".startswith(buffer[:5]):
            return statuses, buffer, True
        end = buffer.find(b"\r\n\r\n")
        if end < 0:
            return statuses, buffer, False
        head = buffer[:end].decode("latin-1")
        lines = head.split("\r\n")
        parts = lines[0].split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/") or not parts[1].isdigit():
            return statuses, buffer, True
        status = int(parts[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        rest = buffer[end + 4:]
        if head_only or status in (204, 304) or 100 <= status < 200:
            length = 0
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            body_end = _chunked_end(rest)
            if body_end is None:
                return statuses, buffer, False
            length = body_end
        elif "content-length" in headers:
            length = int(headers["content-length"])
        else:
            return statuses + [status], b"", False  # body until close: done for our purposes
        if len(rest) < length:
            return statuses, buffer, False
        if not (100 <= status < 200):
            statuses.append(status)
        buffer = rest[length:]
    return statuses, b"", False


def _chunked_end(data: bytes) -> int | None:
    position = 0
    while True:
        line_end = data.find(b"\r\n", position)
        if line_end < 0:
            return None
        size = int(data[position:line_end].split(b";")[0] or b"0", 16)
        position = line_end + 2
        if size == 0:
            trailer_end = data.find(b"\r\n", position)
            return None if trailer_end < 0 else trailer_end + 2
        position += size + 2
        if position > len(data):
            return None


def exchange(port: int, chunks: list[bytes] | bytes, *, pause: float = 0.0, expect: int = 1, timeout: float = 6.0,
             linger: float = 0.025, head_only: bool = False, shut_write: bool = False) -> Exchange:
    """Sends `chunks` (pausing `pause` seconds between them) on one loopback connection and reads until
    `expect` responses arrived (then `linger` more seconds for extra ones), the server closes, or
    `timeout` seconds pass."""
    if isinstance(chunks, bytes):
        chunks = [chunks]
    started = time.monotonic()
    sock = socket.create_connection((LOOPBACK, port), timeout=timeout)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    buffer = b""
    statuses: list[int] = []
    closed = False
    garbled = False
    send_error = None
    try:
        for index, chunk in enumerate(chunks):
            if index and pause:
                time.sleep(pause)
            try:
                sock.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError) as error:
                send_error = type(error).__name__
                break
        if shut_write and send_error is None:
            try:
                sock.shutdown(socket.SHUT_WR)
            except OSError:
                pass
        deadline = started + timeout
        linger_until = None
        while True:
            now = time.monotonic()
            limit = deadline if linger_until is None else min(deadline, linger_until)
            if now >= limit:
                break
            ready, _, _ = select.select([sock], [], [], limit - now)
            if not ready:
                continue
            try:
                data = sock.recv(65536)
            except (ConnectionResetError, OSError):
                closed = True
                break
            if not data:
                closed = True
                break
            buffer += data
            if garbled:
                continue
            parsed, buffer, bad = _parse(buffer, head_only)
            statuses += parsed
            if bad:
                # Not HTTP any more: keep reading (without parsing) to see whether the server closes.
                garbled = True
                linger_until = time.monotonic() + 1.0
            elif len(statuses) >= expect:
                linger_until = time.monotonic() + linger
    finally:
        sock.close()
    timed_out = not closed and len(statuses) < expect and send_error is None
    garbage = buffer if buffer and not buffer.startswith(b"HTTP/") else b""
    return Exchange(statuses, closed, timed_out, garbage, send_error, time.monotonic() - started)
