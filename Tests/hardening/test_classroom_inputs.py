"""Issue 14: hostile resume codes, class codes, class names and `?class=`/`?format=` against the real
binary. Each gets a precise 4xx in French (or a 404 for a wrong code), nothing is written, and the
server keeps serving. A guessing address is throttled while an honest one (127.0.0.1) is served.
"""
from __future__ import annotations

import http.client
import json
import time

import pytest

import hostile
from hostile import LOOPBACK

RESUME_BURST = 4


@pytest.fixture(scope="module")
def classroom(tmp_path_factory):
    server = hostile.Server(tmp_path_factory.mktemp("classroom"), hostile.server_binary(), hostile.standin_binary(),
                            hostile.new_trainer_token(),
                            extra_config={"rateLimits": {"failedResumeBurst": RESUME_BURST, "failedResumePerMinute": 1}})
    if not server.binary.exists():
        pytest.skip(f"server binary {server.binary} is absent")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def call(port: int, method: str, path: str, body: bytes | None = None, *, token: str | None = None,
         source: str = LOOPBACK) -> tuple[int, dict, bytes]:
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    conn = http.client.HTTPConnection(LOOPBACK, port, timeout=10, source_address=(source, 0))
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def error_of(body: bytes) -> dict:
    error = json.loads(body)["error"]
    assert error["code"] and " " in error["message"], error
    return error


def data_files(server) -> list[str]:
    return sorted(p.name for p in server.data_dir.iterdir() if p.suffix == ".json")


HOSTILE_CODES = [
    "A" * 30_000, "\u0000" * 12, "ABCD-EFGH-JKM\u0000", "../../../../etc/passwd", "%00%2e%2e", "' OR 1=1 --",
    "\u202eABCD-EFGH-JKMN", "ＡＢＣＤ-ＥＦＧＨ-ＪＫＭＮ", "🐘" * 12, "", " ", "-" * 40,
]


@pytest.mark.parametrize("code", HOSTILE_CODES, ids=range(len(HOSTILE_CODES)))
def test_hostile_resume_codes_are_a_plain_404(classroom, code):
    before = data_files(classroom)
    status, _, body = call(classroom.port, "POST", "/api/learners/resume", json.dumps({"code": code}).encode(),
                           source="127.0.0.5")
    # A wrong code is a 404, counted by the throttle; the throttle may already refuse this address.
    assert status in (404, 429), (status, body[:200])
    assert error_of(body)["code"] in ("resume_code_unknown", "too_many_wrong_resume_codes")
    assert data_files(classroom) == before
    assert call(classroom.port, "GET", "/healthz")[0] == 200


@pytest.mark.parametrize("body", [
    b'{"code": ["A"]}', b'{"code": {"$ne": null}}', b'{"code": null}', b'{"code": 1e999}', b'{"code": "A", "code2": 1}',
    b'{"code": "\xff\xfe"}', b'[' * 10_000,
])
def test_malformed_resume_bodies_are_400(classroom, body):
    status, _, reply = call(classroom.port, "POST", "/api/learners/resume", body, source="127.0.0.6")
    assert status == 400, (status, reply[:200])
    error_of(reply)


def test_guessing_codes_is_throttled_per_address_and_the_class_still_resumes(classroom):
    status, _, body = call(classroom.port, "POST", "/api/learners", json.dumps({"name": "Honnête"}).encode())
    assert status == 201
    code = json.loads(body)["resumeCode"]
    for attempt in range(RESUME_BURST):
        status, _, _ = call(classroom.port, "POST", "/api/learners/resume", b'{"code": "ZZZZ-ZZZZ-ZZZZ"}', source="127.0.0.7")
        assert status == 404, attempt
    status, headers, body = call(classroom.port, "POST", "/api/learners/resume", b'{"code": "ZZZZ-ZZZZ-ZZZZ"}', source="127.0.0.7")
    assert status == 429 and int(headers["retry-after"]) >= 1
    assert error_of(body)["code"] == "too_many_wrong_resume_codes"
    # Even the right code waits on the guessing address; another address resumes.
    assert call(classroom.port, "POST", "/api/learners/resume", json.dumps({"code": code}).encode(), source="127.0.0.7")[0] == 429
    assert call(classroom.port, "POST", "/api/learners/resume", json.dumps({"code": code}).encode())[0] == 200
    # The warning names the address (the log may be buffered up to a second: wait for the line).
    deadline = time.monotonic() + 10
    while "client throttled" not in classroom.log_path.read_text(errors="replace") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "127.0.0.7" in classroom.log_path.read_text(errors="replace")


@pytest.mark.parametrize("name", ["", " ", "a\u202eb", "\u0000", "x" * 81, "\u200b", "\ue000\ue001"])
def test_hostile_class_names_are_400_and_write_nothing(classroom, name):
    status, _, body = call(classroom.port, "POST", "/api/classes", json.dumps({"name": name}).encode(),
                           token=classroom.trainer_token)
    assert status == 400, (status, body[:200])
    error_of(body)
    assert "classes.json" not in data_files(classroom)


@pytest.mark.parametrize("query", [
    "?class=../../etc/passwd", "?class=" + "a" * 10_000, "?class=%00", "?class=%FF%FE", "?class=",
    "?format=xlsx", "?format=%0d%0aSet-Cookie:%20x=1", "?format=excel&class=nope",
])
def test_hostile_trainer_queries_are_refused_in_french(classroom, query):
    for path in ("/api/progress", "/api/progress.csv"):
        if "format" in query and path == "/api/progress":
            continue
        status, headers, body = call(classroom.port, "GET", path + query, token=classroom.trainer_token)
        assert status in (400, 404), (path, query, status, body[:200])
        assert "set-cookie" not in headers
        error_of(body)


@pytest.mark.parametrize("code", ["ZZZZ-ZZ", "a" * 50_000, "\u0000", "../classes.json"])
def test_hostile_class_codes_at_registration_are_400(classroom, code):
    before = data_files(classroom)
    status, _, body = call(classroom.port, "POST", "/api/learners", json.dumps({"name": "Eve", "classCode": code}).encode(),
                           source="127.0.0.8")
    assert status == 400, (status, body[:200])
    assert error_of(body)["code"] == "class_code_unknown"
    assert data_files(classroom) == before
