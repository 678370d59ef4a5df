"""Connection exhaustion (issue 15, item 2): one address cannot hold every connection, and a connection
that never sends a complete request head is dropped after `requestHeadTimeoutSeconds`, not after the
idle timeout — while a normal client is served at once.

A dedicated server with small limits (the defaults are in the README): the idle sockets come from
127.0.0.2, the normal client from 127.0.0.1 (both loopback; Linux routes all of 127/8 to `lo`).
"""
from __future__ import annotations

import select
import socket
import time

import pytest

import hostile
from hostile import LOOPBACK

LIMIT = 64
PER_ADDRESS = 16
HEAD_TIMEOUT = 3
IDLE_SOCKETS = 80  # more than the per-address limit, and more than the whole connection limit


@pytest.fixture(scope="module")
def limited(tmp_path_factory):
    server = hostile.Server(tmp_path_factory.mktemp("limits"), hostile.server_binary(), hostile.standin_binary(),
                            hostile.new_trainer_token(),
                            extra_config={"connectionTimeoutSeconds": 30, "requestHeadTimeoutSeconds": HEAD_TIMEOUT,
                                          "connectionLimit": LIMIT, "perAddressConnectionLimit": PER_ADDRESS})
    if not server.binary.exists():
        pytest.skip(f"server binary {server.binary} is absent")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _connect_from(source: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind((source, 0))
    sock.settimeout(5)
    sock.connect((LOOPBACK, port))
    return sock


def _is_open(sock: socket.socket) -> bool:
    """True while the server has neither closed nor reset the socket (nothing to read yet)."""
    ready, _, _ = select.select([sock], [], [], 0)
    if not ready:
        return True
    try:
        return sock.recv(1, socket.MSG_PEEK) != b""
    except OSError:
        return False


def _wait_closed(socks: list[socket.socket], deadline: float) -> list[socket.socket]:
    """Waits (bounded) until every socket is closed by the server; returns those still open."""
    still = list(socks)
    while still and time.monotonic() < deadline:
        select.select(still, [], [], max(0.0, min(0.5, deadline - time.monotonic())))
        still = [s for s in still if _is_open(s)]
    return still


def test_idle_sockets_from_one_address_do_not_starve_others(limited):
    idle = [_connect_from("127.0.0.2", limited.port) for _ in range(IDLE_SOCKETS)]
    opened = time.monotonic()
    try:
        started = time.perf_counter()
        status, body = hostile.request(limited.port, "GET", "/healthz", timeout=10)
        served = time.perf_counter() - started
        assert status == 200, body
        # Served before the admitted idle sockets were dropped: what protected it is the per-address limit.
        admitted = [s for s in idle if _is_open(s)]
        served_at = time.monotonic() - opened
        print(f"\n/healthz served in {served * 1000:.1f} ms with {len(admitted)} idle sockets from 127.0.0.2 "
              f"still open ({IDLE_SOCKETS} opened, limit {PER_ADDRESS} per address, {LIMIT} in all)")
        assert served_at < HEAD_TIMEOUT, "the normal client was served only after the idle sockets were dropped"
        assert 0 < len(admitted) <= PER_ADDRESS, f"{len(admitted)} idle sockets held from one address"
        # Those beyond the limit were refused at once; the admitted ones go at the head deadline.
        left = _wait_closed(admitted, opened + HEAD_TIMEOUT + 4)
        dropped_after = time.monotonic() - opened
        assert not left, f"{len(left)} sockets that never sent a byte still open after {dropped_after:.1f} s"
        print(f"idle sockets dropped after {dropped_after:.1f} s (requestHeadTimeoutSeconds {HEAD_TIMEOUT}, "
              f"idle timeout 30 s)")
    finally:
        for s in idle:
            s.close()


def test_a_connection_that_sent_a_request_keeps_the_idle_timeout(limited):
    """The head deadline is for connections that never finished a head; a keep-alive client between
    two requests keeps the ordinary idle timeout (30 s here)."""
    sock = _connect_from("127.0.0.1", limited.port)
    try:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        reply = b""
        while b"\r\n\r\n" not in reply:
            reply += sock.recv(4096)
        assert reply.startswith(b"HTTP/1.1 200")
        head, _, body = reply.partition(b"\r\n\r\n")
        length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:"))
        while len(body) < length:
            body += sock.recv(4096)
        still = _wait_closed([sock], time.monotonic() + HEAD_TIMEOUT + 3)
        assert still, "a keep-alive connection was dropped at the head deadline"
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        assert sock.recv(4096).startswith(b"HTTP/1.1 200")
    finally:
        sock.close()


def test_a_half_head_then_silence_is_cut_at_the_head_deadline(limited):
    """libmicrohttpd 0.9.75 times out on inactivity: the deadline counts from the last byte received."""
    sock = _connect_from("127.0.0.1", limited.port)
    try:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        opened = time.monotonic()
        assert not _wait_closed([sock], opened + HEAD_TIMEOUT + 4), "a silent half head was never dropped"
        print(f"\nhalf head dropped after {time.monotonic() - opened:.1f} s")
    finally:
        sock.close()
