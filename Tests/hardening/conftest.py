"""Fixtures of the hostile-input suite.

- `hostile_server` (session): the REAL `atelier` binary on 127.0.0.1 with a temporary data directory,
  a short connection timeout and the stand-in kubectl; two learners (A and B) created through the API,
  A with one recorded check run. Skips only when the server binary is absent.
- `live` (per test): the same server, restarted if a previous case killed it (the crash is recorded and
  that case failed), so that one crash does not hide what the other cases would find.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import hostile  # noqa: E402
from hostile import Context  # noqa: E402


@pytest.fixture(scope="session")
def hostile_server(tmp_path_factory):
    binary = hostile.server_binary()
    if not binary.exists():
        pytest.skip(f"server binary {binary} is absent: build it first (`swift build`, or `make test`)")
    standin = hostile.standin_binary()
    if not standin.exists():
        raise RuntimeError(f"stand-in kubectl not found at {standin} (set KUBECTL_STANDIN or build it)")
    server = hostile.Server(tmp_path_factory.mktemp("hostile"), binary, standin, hostile.new_trainer_token())
    server.start()
    try:
        learners = []
        for name in ("Alice Hostile", "Bruno Hostile"):
            status, body = hostile.request(server.port, "POST", "/api/learners", {"name": name})
            assert status == 201, body
            learners.append(json.loads(body))
        status, body = hostile.request(server.port, "POST",
                                       f"/api/lessons/{hostile.LESSON}/steps/service-headless/check",
                                       token=learners[0]["token"])
        assert status == 200, body
        yield Context(server, learners[0]["token"], learners[0]["id"], learners[1]["token"], learners[1]["id"])
    finally:
        server.stop()


@pytest.fixture
def live(hostile_server):
    server = hostile_server.server
    if not server.alive():
        server.crashes.append(server.process.returncode if server.process else None)
        server.start()
    return hostile_server
