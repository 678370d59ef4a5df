"""Loose request framing (issue 15, item 7): every head whose body length is ambiguous gets a precise
answer and the connection is closed (RFC 9112 §6.1, §6.3) — never a request smuggled into the next one,
never a wait until the connection timeout.

libmicrohttpd 0.9.75 frames bodies itself before the handler runs (see RequestFraming.swift); the
server refuses these heads on the first handler call, before any body byte is read.
"""
from __future__ import annotations

import pytest

import hostile
from test_hostile_requests import JSON, LEARNERS, chunk, raw

NAME = b'{"name":"Framing"}'


def _head(headers: list[tuple[bytes, bytes]]) -> bytes:
    lines = [b"POST " + LEARNERS.encode() + b" HTTP/1.1", b"Host: 127.0.0.1", b"Content-Type: application/json"]
    lines += [name + b": " + value for name, value in headers]
    return b"\r\n".join(lines) + b"\r\n\r\n"


# (id, bytes sent, expected status). After the answer the server must close; a request smuggled behind
# the body (`GET /healthz`) must never be answered.
SMUGGLED = raw("GET", "/healthz")
CASES = [
    ("content-length-and-chunked", _head([(b"Content-Length", b"4"), (b"Transfer-Encoding", b"chunked")])
     + b"0\r\n\r\n" + SMUGGLED, 400),
    ("space-before-colon", _head([(b"Transfer-Encoding ", b"chunked")]) + chunk(NAME) + b"0\r\n\r\n" + SMUGGLED, 400),
    ("tab-before-colon", _head([(b"Transfer-Encoding\t", b"chunked")]) + chunk(NAME) + b"0\r\n\r\n" + SMUGGLED, 400),
    ("identity", _head([(b"Transfer-Encoding", b"identity")]) + NAME, 400),
    ("chunked-trailing-space", _head([(b"Transfer-Encoding", b"chunked ")]) + chunk(NAME) + b"0\r\n\r\n", 400),
    ("chunked-not-last", _head([(b"Transfer-Encoding", b"chunked, gzip")]) + chunk(NAME) + b"0\r\n\r\n", 400),
    ("two-transfer-encodings", _head([(b"Transfer-Encoding", b"chunked"), (b"Transfer-Encoding", b"chunked")])
     + chunk(NAME) + b"0\r\n\r\n", 400),
    ("two-content-lengths", _head([(b"Content-Length", b"18"), (b"Content-Length", b"18")]) + NAME + SMUGGLED, 400),
    ("unknown-coding", _head([(b"Transfer-Encoding", b"gzip")]) + b"\x1f\x8b\x08\x00", 501),
    ("unknown-coding-then-chunked", _head([(b"Transfer-Encoding", b"gzip, chunked")]) + chunk(b"\x1f\x8b") + b"0\r\n\r\n",
     501),
    ("invented-coding", _head([(b"Transfer-Encoding", b"x-custom")]) + NAME, 501),
]


@pytest.mark.parametrize("data,status", [pytest.param(d, s, id=i) for i, d, s in CASES])
def test_ambiguous_framing_is_refused_and_closed(live, data, status):
    # Twice the connection timeout of the suite's server: a wait for the timeout shows as no answer.
    result = hostile.exchange(live.port, [data], expect=2, timeout=hostile.CONNECTION_TIMEOUT + 3)
    assert result.statuses[:1] == [status], result.describe()
    assert result.statuses == [status], f"a second request was read from the body: {result.describe()}"
    assert result.closed, f"the connection stayed open after the refusal: {result.describe()}"
    assert result.seconds < hostile.CONNECTION_TIMEOUT, f"answered only at the timeout: {result.describe()}"
    assert live.server.alive()


def test_plain_chunked_body_is_still_accepted_and_kept_alive(live):
    data = _head([(b"Transfer-Encoding", b"chunked")]) + chunk(NAME[:9]) + chunk(NAME[9:]) + b"0\r\n\r\n" + SMUGGLED
    result = hostile.exchange(live.port, [data], expect=2, timeout=5)
    assert result.statuses == [201, 200], result.describe()


def test_plain_content_length_is_still_accepted(live):
    result = hostile.exchange(live.port, [raw("POST", LEARNERS, [JSON], body=NAME) + SMUGGLED], expect=2, timeout=5)
    assert result.statuses == [201, 200], result.describe()
