"""Issue 15, item 4: throttled failed authentications and registrations, JSON bodies need their
Content-Type, no cross-site state change, no weak trainer token.

A dedicated server with small limits (the defaults are in the README's config table): the hostile
client speaks from 127.0.0.2 or 127.0.0.3 (Linux routes all of 127/8 to `lo`), the honest one from
127.0.0.1, so per-address throttling shows: the hostile address gets 429, the honest one is served.
"""
from __future__ import annotations

import http.client
import json
import subprocess
import time

import pytest

import hostile
from hostile import LOOPBACK, LESSON

TRAINER_BURST = 5
LEARNER_BURST = 20
REGISTRATION_BURST = 10


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    server = hostile.Server(tmp_path_factory.mktemp("guards"), hostile.server_binary(), hostile.standin_binary(),
                            hostile.new_trainer_token(),
                            extra_config={"rateLimits": {
                                "failedTrainerAuthBurst": TRAINER_BURST, "failedTrainerAuthPerMinute": 1,
                                "failedLearnerAuthBurst": LEARNER_BURST, "failedLearnerAuthPerMinute": 1,
                                "registrationBurst": REGISTRATION_BURST, "registrationsPerMinute": 1}})
    if not server.binary.exists():
        pytest.skip(f"server binary {server.binary} is absent")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def call(port: int, method: str, path: str, *, source: str = LOOPBACK, headers: dict | None = None,
         body: bytes | None = None) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection(LOOPBACK, port, timeout=10, source_address=(source, 0))
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def register(port: int, name: str, source: str = LOOPBACK, extra: dict | None = None) -> tuple[int, dict, bytes]:
    headers = {"Content-Type": "application/json", **(extra or {})}
    return call(port, "POST", "/api/learners", source=source, headers=headers,
                body=json.dumps({"name": name}).encode())


def learner_count(server) -> int:
    status, _, body = call(server.port, "GET", "/api/progress", headers={"Authorization": f"Bearer {server.trainer_token}"})
    assert status == 200, body
    return len(json.loads(body)["learners"])


def assert_throttled(status: int, headers: dict, body: bytes, code: str) -> None:
    assert status == 429, body
    assert int(headers["retry-after"]) >= 1
    error = json.loads(body)["error"]
    assert error["code"] == code
    assert error["message"].startswith("Trop d")


def test_wrong_trainer_tokens_are_throttled_per_address_and_logged_without_the_token(guarded):
    guess = "guess-" + "Zx9" * 8
    for _ in range(TRAINER_BURST):
        assert call(guarded.port, "GET", "/api/progress", source="127.0.0.2",
                    headers={"Authorization": f"Bearer {guess}"})[0] == 401
    assert_throttled(*call(guarded.port, "GET", "/api/progress", source="127.0.0.2",
                           headers={"Authorization": f"Bearer {guess}"}), "too_many_failed_authentications")
    # Even the right token waits at that address…
    status, _, _ = call(guarded.port, "GET", "/api/progress", source="127.0.0.2",
                        headers={"Authorization": f"Bearer {guarded.trainer_token}"})
    assert status == 429
    # …while the trainer at another address is served.
    assert learner_count(guarded) >= 0
    deadline = time.monotonic() + 10
    while "client throttled" not in guarded.log_tail(200) and time.monotonic() < deadline:
        time.sleep(0.05)
    log = guarded.log_path.read_text(encoding="utf-8", errors="replace")
    warnings = [line for line in log.splitlines() if "client throttled" in line and "127.0.0.2" in line]
    assert warnings, guarded.log_tail()
    assert guess not in log and guarded.trainer_token not in log


def test_wrong_learner_tokens_are_throttled_and_warned_at_ten(guarded):
    fake = "A" * 43
    statuses = [call(guarded.port, "GET", "/api/me", source="127.0.0.4", headers={"Authorization": f"Bearer {fake}"})[0]
                for _ in range(LEARNER_BURST + 3)]
    assert statuses == [401] * LEARNER_BURST + [429] * 3
    log = guarded.log_path.read_text(encoding="utf-8", errors="replace")
    assert any("repeated authentication failures" in line and "127.0.0.4" in line for line in log.splitlines()), \
        guarded.log_tail()
    assert fake not in log


def test_registrations_are_throttled_per_address(guarded):
    before = learner_count(guarded)
    statuses = [register(guarded.port, f"Flot {i}", source="127.0.0.3")[0] for i in range(REGISTRATION_BURST + 5)]
    assert statuses == [201] * REGISTRATION_BURST + [429] * 5
    assert_throttled(*register(guarded.port, "Encore", source="127.0.0.3"), "too_many_registrations")
    assert register(guarded.port, "Honnête", source=LOOPBACK)[0] == 201
    assert learner_count(guarded) == before + REGISTRATION_BURST + 1


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
def test_a_json_body_without_its_content_type_is_refused(guarded, content_type):
    before = learner_count(guarded)
    headers = {"Content-Type": content_type} if content_type else {}
    status, _, body = call(guarded.port, "POST", "/api/learners", source="127.0.0.5", headers=headers,
                           body=b'{"name": "Sans type"}')
    assert status == 415, body
    assert json.loads(body)["error"]["code"] == "unsupported_media_type"
    assert learner_count(guarded) == before


@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://127.0.0.1.evil.example"])
def test_a_cross_site_origin_cannot_register(guarded, origin):
    """The probe's case: a foreign page's POST with a foreign Origin got 201."""
    before = learner_count(guarded)
    status, _, body = register(guarded.port, "Intrus", source="127.0.0.6", extra={"Origin": origin})
    assert status == 403, body
    assert json.loads(body)["error"]["code"] == "cross_origin_refused"
    assert learner_count(guarded) == before


def test_the_same_origin_registers(guarded):
    status, _, body = register(guarded.port, "Même site", source="127.0.0.6",
                               extra={"Origin": f"http://{LOOPBACK}:{guarded.port}"})
    assert status == 201, body


@pytest.mark.parametrize("token", ["a" * 24, "abcdefghijklmnopqrstuvwx", "ab12" * 6])
def test_a_weak_trainer_token_stops_start_up_without_echoing_it(tmp_path, token):
    server = hostile.Server(tmp_path, hostile.server_binary(), hostile.standin_binary(), token)
    if not server.binary.exists():
        pytest.skip(f"server binary {server.binary} is absent")
    config = server.config()
    result = subprocess.run([str(server.binary), "serve", "--config", str(config), "--port", "0"],
                            capture_output=True, text=True, timeout=60, env=server.environment(), cwd=str(tmp_path))
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "trainerToken" in output and "weak" in output, output
    assert token not in output
