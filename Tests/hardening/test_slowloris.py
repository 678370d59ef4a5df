"""Slowloris-style requests: partial requests left hanging, idle connections, trickled headers.

The server runs with connectionTimeoutSeconds = hostile.CONNECTION_TIMEOUT (1 s): a connection that
stops sending must be closed (or answered 408) soon after, and while such connections are open
normal requests must still be served.
"""
from __future__ import annotations

import select
import socket
import threading
import time

import hostile
from hostile import LOOPBACK

GRACE = hostile.CONNECTION_TIMEOUT + 4  # libmicrohttpd checks timeouts about once a second


def _open(port: int, payload: bytes) -> socket.socket:
    sock = socket.create_connection((LOOPBACK, port), timeout=5)
    if payload:
        sock.sendall(payload)
    return sock


def _closed_or_408(sock: socket.socket, deadline: float) -> str:
    """Waits until `deadline` for the server to close the socket or answer 408; returns what happened."""
    data = b""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([sock], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        try:
            chunk = sock.recv(4096)
        except OSError:
            return "reset"
        if not chunk:
            return "408+closed" if data.startswith(b"HTTP/1.1 408") else ("closed" if not data else f"answered+closed:{data[:12]!r}")
        data += chunk
    return "open" if not data else f"answered-open:{data[:12]!r}"


def _normal_requests_work(port: int, token: str) -> None:
    """Ordinary requests are served while the slow connections are open (a starved server would make
    them time out: the 10 s client timeout is a deadline, not a performance figure)."""
    for method, path in (("GET", "/healthz"), ("GET", "/app.js"), ("GET", "/api/me"), ("GET", "/api/lessons")):
        status, _ = hostile.request(port, method, path, token=token if path == "/api/me" else None, timeout=10)
        assert status == 200, f"{method} {path} answered {status} while slow connections were open"


PARTIALS = {
    "request-line-only": b"GET /api/me HTTP/1.1\r\n",
    "headers-unterminated": b"GET /api/me HTTP/1.1\r\nHost: x\r\nX-A: b\r\n",
    "half-a-header": b"GET /api/me HTTP/1.1\r\nHost: x\r\nX-Lo",
    "half-a-request-line": b"GE",
    "body-shorter-than-declared": b"POST /api/learners HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                  b"Content-Length: 100\r\n\r\n{\"name\":",
    "chunked-body-unfinished": b"POST /api/learners HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                               b"Transfer-Encoding: chunked\r\n\r\n5\r\n{\"nam\r\n",
    "nothing-at-all": b"",
}


def test_partial_requests_are_cut_and_do_not_block_others(live):
    """40 connections of each partial kind (280 in all) are left hanging; normal requests are served
    meanwhile, and every hanging connection is closed (or answered 408) after the timeout."""
    sockets: list[tuple[str, socket.socket]] = []
    try:
        for name, payload in PARTIALS.items():
            for _ in range(40):
                sockets.append((name, _open(live.port, payload)))
        _normal_requests_work(live.port, live.token_a)
        deadline = time.monotonic() + GRACE
        outcomes = {}
        for name, sock in sockets:
            outcome = _closed_or_408(sock, deadline)
            outcomes.setdefault(name, {}).setdefault(outcome, 0)
            outcomes[name][outcome] += 1
        still_open = {n: o for n, o in outcomes.items() if any(k.startswith(("open", "answered-open")) for k in o)}
        assert not still_open, f"connections not closed {GRACE} s after going silent: {still_open}"
        wrong = {n: o for n, o in outcomes.items() if any(k.startswith("answered+closed") for k in o)}
        assert not wrong, f"unexpected answers to partial requests: {wrong}"
    finally:
        for _, sock in sockets:
            sock.close()
    assert live.server.alive()


def test_trickled_headers_do_not_starve_normal_requests(live):
    """50 clients trickle one header line every 0.4 s for 3 s (each line resets the inactivity timer,
    so these connections stay open); normal requests must still be served meanwhile."""
    stop = time.monotonic() + 3.0
    errors: list[str] = []
    # Each trickler says when its connection is open (or failed): the normal requests start once
    # all 50 are there, not after a delay that a busy machine may not honour.
    opened = threading.Semaphore(0)

    def trickle():
        try:
            try:
                sock = _open(live.port, b"GET /api/me HTTP/1.1\r\nHost: x\r\n")
            finally:
                opened.release()
            with sock:
                n = 0
                while time.monotonic() < stop:
                    sock.sendall(f"X-Slow-{n}: {n}\r\n".encode())
                    n += 1
                    time.sleep(0.4)
        except OSError as error:  # the server may cut them: that is allowed
            errors.append(type(error).__name__)

    threads = [threading.Thread(target=trickle, daemon=True) for _ in range(50)]
    for t in threads:
        t.start()
    for _ in threads:
        assert opened.acquire(timeout=30), "the trickling connections were not opened"
    _normal_requests_work(live.port, live.token_a)
    for t in threads:
        t.join(10)
    assert live.server.alive()
