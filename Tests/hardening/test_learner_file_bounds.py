"""A learner's file stays bounded whatever they send (issue 15, item 3).

Hostile quiz checks (the longest answers the server accepts) and failing cluster checks, many times
over: the learner's progress file must stop growing once each step's bounded history is full, stay
far below the 64 MiB start-up limit, and the repeated clicks must not have been refused.
"""
from __future__ import annotations

import json

import hostile
from hostile import LESSON


def _file_size(live) -> int:
    return (live.server.data_dir / f"{live.id_b}.json").stat().st_size


def test_hostile_checks_leave_a_bounded_file(live):
    quiz = f"/api/lessons/{LESSON}/steps/quiz/check"
    cluster = f"/api/lessons/{LESSON}/steps/service-headless/check"
    # The longest answer identifiers accepted: 64 bytes each (32 two-byte characters).
    heavy = {"answers": {"q1": ["é" * 32], "q2": ["ü" * 32]}}
    sizes = []
    for round_ in range(4):
        for _ in range(60):
            status, body = hostile.request(live.port, "POST", quiz, heavy, token=live.token_b)
            assert status == 200, body
            status, body = hostile.request(live.port, "POST", cluster, token=live.token_b)
            assert status == 200, body
        sizes.append(_file_size(live))
    print(f"learner file after 60/120/180/240 hostile quiz + cluster checks: {sizes} bytes")
    assert max(sizes) < 512 * 1024, sizes
    # Flat once the history of both steps is full (10 runs each): counters may gain a digit.
    assert abs(sizes[-1] - sizes[1]) < 200, sizes
    status, body = hostile.request(live.port, "GET", f"/api/progress/{live.id_b}", token=live.trainer)
    assert status == 200, body
    detail = json.loads(body)
    assert detail["steps"]["quiz"]["attempts"] >= 240
    assert len([h for h in detail["history"] if h["step"] == "quiz"]) <= 11


def test_a_one_character_60_kb_answer_is_refused(live):
    quiz = f"/api/lessons/{LESSON}/steps/quiz/check"
    before = _file_size(live) if (live.server.data_dir / f"{live.id_b}.json").exists() else 0
    # Sent as UTF-8 (60 KB), not as \u escapes (180 KB, which the body limit would refuse first).
    heavy = json.dumps({"answers": {"q1": "a" + "\u0301" * 30000}}, ensure_ascii=False).encode("utf-8")
    status, body = hostile.request(live.port, "POST", quiz, heavy, token=live.token_b)
    assert status == 400, body
    assert json.loads(body)["error"]["code"] == "answers_invalid"
    assert (_file_size(live) if before else 0) == before
