"""After the hostile requests (this module runs last): the server never crashed, normal use still works,
the data directory holds only parseable progress files, and no token ever reached the log."""
from __future__ import annotations

import json
import re

import hostile
from hostile import LESSON


def test_server_never_crashed(live):
    server = live.server
    assert server.crashes == [], f"the server died {len(server.crashes)} time(s) (exit statuses {server.crashes})"
    assert server.starts == 1, f"the server had to be restarted ({server.starts} starts)"
    assert server.alive()


def test_normal_use_still_works(live):
    port = live.port
    status, body = hostile.request(port, "POST", "/api/learners", {"name": "Zoé Après-Coup"})
    assert status == 201, body
    learner = json.loads(body)
    status, body = hostile.request(port, "GET", f"/api/lessons/{LESSON}/steps/service-headless", token=learner["token"])
    assert status == 200, body
    status, body = hostile.request(port, "POST", f"/api/lessons/{LESSON}/steps/service-headless/check",
                                   token=learner["token"])
    assert status == 200, body
    assert {c["id"] for c in json.loads(body)["checks"]} >= {"secret", "service-exists"}
    status, body = hostile.request(port, "GET", "/api/me", token=learner["token"])
    assert status == 200 and json.loads(body)["lessons"][LESSON]["steps"]["service-headless"]["attempts"] == 1
    status, body = hostile.request(port, "GET", "/api/progress", token=live.trainer)
    assert status == 200, body
    ids = {row["id"] for row in json.loads(body)["learners"]}
    assert {live.id_a, live.id_b, learner["id"]} <= ids
    # Learner A's single valid check (made at set-up) is still exactly one: no hostile request recorded anything.
    status, body = hostile.request(port, "GET", f"/api/progress/{live.id_a}", token=live.trainer)
    assert status == 200
    assert len(json.loads(body)["history"]) == 1, "a hostile request was recorded as a check run"


def test_data_directory_holds_only_parseable_files(live):
    data = live.server.data_dir
    names = sorted(p.name for p in data.iterdir())
    strays = [n for n in names if not re.fullmatch(r"[a-z2-7]{12}\.json", n)]
    assert not strays, f"unexpected entries in the data directory (temporary or quarantined files?): {strays}"
    for name in names:
        record = json.loads((data / name).read_text(encoding="utf-8"))
        assert record["schemaVersion"] == 1 and record["id"] + ".json" == name, name
        assert re.fullmatch(r"[0-9a-f]{64}", record["tokenHash"]), name
    status, body = hostile.request(live.port, "GET", "/api/progress", token=live.trainer)
    progress = json.loads(body)
    assert progress["corruptFiles"] == []
    assert len(progress["learners"]) == len(names)


def test_no_token_in_the_log(live):
    log = live.server.log_path.read_text(encoding="utf-8", errors="replace")
    for label, secret in (("trainer token", live.trainer), ("learner A token", live.token_a),
                          ("learner B token", live.token_b)):
        assert secret not in log, f"the {label} appears in the server log"
    assert "Fatal error" not in log and "Segmentation" not in log
