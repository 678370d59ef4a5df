"""A realistic class of learner progress files for the trainer-view benchmark.

1. `build_templates(server)`: a dozen learners go through the lesson *through the real API* (views,
   « Commencer », failed then passed checks driven by stand-in scenarios, quiz attempts), in six
   profiles from « just arrived » to « finished ». The server writes their files itself.
2. `clone_corpus(...)`: N files are cloned from those, in the server's exact on-disk format
   (Sources/AtelierProgress/RecordCoding.swift: JSONEncoder, prettyPrinted + sortedKeys +
   withoutEscapingSlashes, trailing newline), each with a fresh id, name, token hash and shifted dates.
   The encoder below is first checked to reproduce every template file byte for byte; if it does not,
   nothing is written (the benchmark fails rather than measure a format the server never writes).
"""
from __future__ import annotations

import hashlib
import json
import os
import random
import re
import secrets
from datetime import datetime, timedelta, timezone
from pathlib import Path

from common import CONTENT_DIR, LESSON, Server, call, check_path, create_learners

ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
QUIZ_RIGHT = {"q1": ["b"], "q2": ["b"], "q3": ["c"], "q4": ["a"], "q5": ["d"], "q6": ["c"],
              "q7": ["a", "b", "d"], "q8": ["b", "c"]}
QUIZ_WRONG = {"q1": ["a"], "q2": ["b"], "q3": ["a"], "q4": ["a"], "q5": ["d"], "q6": ["b"],
              "q7": ["a"], "q8": ["b", "c"]}

# (step, scenario that makes it fail) in lesson order; "all-ok" passes every step.
FAILING = [("preparation", "no-addons"), ("service-headless", "service-clusterip"), ("statefulset", "sts-partial"),
           ("stockage", "pvc-pending"), ("persistance", "persistence-no-table"), ("dns", "dns-unresolved"),
           ("ordre-suppression", "scaled-down-wrong-order")]

# profile → (share of the class, [(step index, failed attempts before the pass or None = stays failed)])
PROFILES = {
    "arrived": (0.05, []),
    "started": (0.15, [(0, 0), (1, None)]),
    "midway": (0.25, [(0, 0), (1, 2), (2, 1), (3, None)]),
    "stuck": (0.15, [(0, 1), (1, 0), (2, 3), (3, 5)]),
    "almost": (0.15, [(0, 0), (1, 1), (2, 2), (3, 0), (4, 1), (5, 0), (6, None)]),
    "finished": (0.25, [(0, 0), (1, 1), (2, 2), (3, 1), (4, 0), (5, 1), (6, 0), ("quiz", 1)]),
}

FIRST = ["Camille", "Léa", "Lucas", "Hugo", "Chloé", "Louis", "Manon", "Jules", "Inès", "Gabriel", "Zoé", "Raphaël",
         "Anaïs", "Noé", "Élodie", "Théo", "Maëlys", "Adam", "Sarah", "Mathis", "Clémence", "Yanis", "Agathe", "Nathan"]
LAST = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon",
        "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard",
        "André", "Lefebvre", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Nguyen", "Benali"]


def build_templates(server: Server) -> list[str]:
    """Two learners per profile, driven through the API; returns their ids."""
    with open(CONTENT_DIR / LESSON / "lesson.json", encoding="utf-8") as f:
        steps = [s["id"] for s in json.load(f)["steps"]]
    learners = create_learners(server, 2 * len(PROFILES), prefix="Modèle")
    ids = []
    for index, (profile, (_, plan)) in enumerate(PROFILES.items()):
        for learner in learners[2 * index: 2 * index + 2]:
            token = learner["token"]
            ids.append(learner["id"])
            if not plan:
                continue
            _ok(call(server.port, "POST", f"/api/lessons/{LESSON}/start", token=token), 200)
            _ok(call(server.port, "GET", f"/api/lessons/{LESSON}/steps/{steps[0]}", token=token), 200)
            for step_index, failures in plan:
                if step_index == "quiz":
                    _ok(call(server.port, "GET", f"/api/lessons/{LESSON}/steps/quiz", token=token), 200)
                    for _ in range(failures):
                        _ok(call(server.port, "POST", check_path("quiz"), {"answers": QUIZ_WRONG}, token=token), 200)
                    _ok(call(server.port, "POST", check_path("quiz"), {"answers": QUIZ_RIGHT}, token=token), 200)
                    continue
                step, failing = FAILING[step_index]
                _ok(call(server.port, "GET", f"/api/lessons/{LESSON}/steps/{step}", token=token), 200)
                server.set_scenario(failing)
                for _ in range(failures if failures is not None else 2):
                    _ok(call(server.port, "POST", check_path(step), token=token), 200)
                if failures is not None:
                    server.set_scenario("all-ok")
                    _ok(call(server.port, "POST", check_path(step), token=token), 200)
            server.set_scenario("all-ok")
    return ids


def _ok(answer, status: int):
    if answer.status != status:
        raise RuntimeError(f"API answered {answer.status} instead of {status}: {answer.body[:300]!r}")
    return answer


# --------------------------------------------------------------------------- the on-disk format

def swift_json(value) -> str:
    """JSONEncoder with [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] as Swift 6 writes it."""
    out: list[str] = []
    _write(value, 0, out)
    return "".join(out) + "\n"


def _write(value, depth: int, out: list[str]) -> None:
    if isinstance(value, dict):
        if not value:
            out.append("{\n\n" + "  " * depth + "}")
            return
        out.append("{\n")
        for i, key in enumerate(sorted(value)):
            out.append("  " * (depth + 1) + _string(key) + " : ")
            _write(value[key], depth + 1, out)
            out.append(",\n" if i < len(value) - 1 else "\n")
        out.append("  " * depth + "}")
    elif isinstance(value, list):
        if not value:
            out.append("[\n\n" + "  " * depth + "]")
            return
        out.append("[\n")
        for i, item in enumerate(value):
            out.append("  " * (depth + 1))
            _write(item, depth + 1, out)
            out.append(",\n" if i < len(value) - 1 else "\n")
        out.append("  " * depth + "]")
    elif isinstance(value, bool):
        out.append("true" if value else "false")
    elif value is None:
        out.append("null")
    elif isinstance(value, int):
        out.append(str(value))
    elif isinstance(value, str):
        out.append(_string(value))
    else:
        raise TypeError(f"unexpected {type(value).__name__} in a progress record")


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _variants():
    """Empty containers are the one place where encoders differ; try both spellings."""
    return ("{\n\n%s}", "[\n\n%s]"), ("{}", "[]")


def encoder_for(samples: list[bytes]):
    """Returns an encoder that reproduces every sample byte for byte, or raises."""
    candidates = []
    for empty_object, empty_array in _variants():
        def encode(value, eo=empty_object, ea=empty_array) -> str:
            text = swift_json(value)
            if eo == "{}":
                text = re.sub(r"\{\n\n *\}", "{}", text)
                text = re.sub(r"\[\n\n *\]", "[]", text)
            return text
        candidates.append(encode)
    for encode in candidates:
        if all(encode(json.loads(sample)).encode("utf-8") == sample for sample in samples):
            return encode
    sample = samples[0].decode("utf-8", "replace")
    mine = candidates[0](json.loads(samples[0]))
    raise RuntimeError("cannot reproduce the server's file format byte for byte; first difference near: "
                       + repr(_first_difference(sample, mine)))


def _first_difference(a: str, b: str) -> tuple[str, str]:
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return a[max(0, i - 40): i + 40], b[max(0, i - 40): i + 40]
    return a[len(b) - 40:], b[len(a) - 40:]


def _shift(value, delta: timedelta):
    if isinstance(value, dict):
        return {k: _shift(v, delta) for k, v in value.items()}
    if isinstance(value, list):
        return [_shift(v, delta) for v in value]
    if isinstance(value, str) and ISO.match(value):
        moment = datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc) + delta
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return value


def clone_corpus(template_dir: Path, template_ids: list[str], out_dir: Path, count: int, seed: int) -> dict:
    """Writes `count` learner files into `out_dir` (mode 0700 like the server's); returns totals."""
    rng = random.Random(seed)
    samples = {i: (template_dir / f"{i}.json").read_bytes() for i in template_ids}
    encode = encoder_for(list(samples.values()))
    records = {i: json.loads(b) for i, b in samples.items()}
    profiles = list(PROFILES)
    weights = [PROFILES[p][0] for p in profiles]
    out_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(out_dir, 0o700)
    used: set[str] = set()
    total_bytes = 0
    total_runs = 0
    for n in range(count):
        profile_index = profiles.index(rng.choices(profiles, weights)[0])
        template = records[template_ids[2 * profile_index + rng.randrange(2)]]
        while True:
            new_id = "".join(rng.choice(ID_ALPHABET) for _ in range(12))
            if new_id not in used:
                used.add(new_id)
                break
        record = _shift(template, timedelta(seconds=-rng.randrange(0, 4 * 3600)))
        record["id"] = new_id
        record["name"] = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        record["tokenHash"] = hashlib.sha256(secrets.token_urlsafe(32).encode()).hexdigest()
        data = encode(record).encode("utf-8")
        path = out_dir / f"{new_id}.json"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)
        total_bytes += len(data)
        total_runs += len(record["history"])
    return {"files": count, "bytes": total_bytes, "runs": total_runs, "templates": len(template_ids)}
