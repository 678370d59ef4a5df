"""The buffered access log (README, "Performance"): one line per request written through a 64 KiB
buffer; SIGTERM writes out every line, and kill -9 loses at most the buffer."""
from __future__ import annotations

import re
import signal
import socket

import pytest

import hostile
from hostile import LOOPBACK

BUFFER = 64 * 1024
LINE = re.compile(r"^\S+ info atelier: \[AtelierHTTP\] GET /api/lessons 200 \d+B \d+\.\dms$")


def _server(tmp_path_factory, name: str) -> hostile.Server:
    server = hostile.Server(tmp_path_factory.mktemp(name), hostile.server_binary(), hostile.standin_binary(),
                            hostile.new_trainer_token())
    if not server.binary.exists():
        pytest.skip(f"server binary {server.binary} is absent")
    server.start()
    return server


def _requests(port: int, count: int) -> None:
    """`count` GET /api/lessons (a path the start-up probe does not use) on one keep-alive connection, each answer read before the next request."""
    with socket.create_connection((LOOPBACK, port), timeout=10) as sock:
        request = b"GET /api/lessons HTTP/1.1\r\nHost: x\r\n\r\n"
        buffer = b""
        for _ in range(count):
            sock.sendall(request)
            while True:
                end = buffer.find(b"\r\n\r\n")
                if end >= 0:
                    head = buffer[:end].decode("latin-1").lower()
                    length = int(re.search(r"content-length: *(\d+)", head).group(1))
                    if len(buffer) >= end + 4 + length:
                        assert head.startswith("http/1.1 200")
                        buffer = buffer[end + 4 + length:]
                        break
                chunk = sock.recv(65536)
                assert chunk, "the server closed the connection"
                buffer += chunk


def _access_lines(server: hostile.Server) -> list[str]:
    text = server.log_path.read_text(encoding="utf-8", errors="replace")
    return [line for line in text.splitlines() if "GET /api/lessons " in line]


def test_sigterm_writes_out_every_access_line(tmp_path_factory):
    server = _server(tmp_path_factory, "accesslog-term")
    _requests(server.port, 300)
    status = server.stop(signal.SIGTERM)
    assert status == 0, f"exit status {status}"
    lines = _access_lines(server)
    assert len(lines) == 300, f"{len(lines)} access lines for 300 requests"
    assert all(LINE.match(line) for line in lines), [line for line in lines if not LINE.match(line)][:3]


def test_kill_9_loses_at_most_the_buffer(tmp_path_factory):
    server = _server(tmp_path_factory, "accesslog-kill")
    count = 3000  # about 240 KB of lines: several times the buffer
    _requests(server.port, count)
    server.stop(signal.SIGKILL)
    lines = _access_lines(server)
    written = len(lines)
    shortest = min(len(line) + 1 for line in lines) if lines else 1
    lost = count - written
    print(f"\nkill -9 after {count} requests: {written} lines written, {lost} lost "
          f"(at most {BUFFER // shortest} fit in the buffer)")
    assert written > 0, "nothing was written before the buffer filled"
    assert lost * shortest <= BUFFER, f"{lost} lines lost: more than the {BUFFER}-byte buffer"
