"""/metrics after hostile methods (issue 15, item 1): one bounded label value for unknown methods,
every label value escaped, and the page accepted by the reference Prometheus text parser."""
from __future__ import annotations

import hostile
from prometheus_client.parser import text_string_to_metric_families

KNOWN = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE", "OTHER"}
HOSTILE_METHODS = [b'A{b="c"}', b'Q"\\', b"X" * 8000, b"BREW", b"get", b"M\\n", b"\xc3\xa9T\xc3\xa9"]


def _metrics(port: int) -> str:
    status, body = hostile.request(port, "GET", "/metrics")
    assert status == 200, body
    return body.decode("utf-8")


def test_metrics_parse_and_stay_bounded_after_hostile_methods(live):
    before = len(_metrics(live.port))
    answered = 0
    for round_ in range(40):
        for method in HOSTILE_METHODS:
            # A distinct method each round: one new series per value would grow the page every time.
            m = method + str(round_).encode() if method != b"get" else method
            result = hostile.exchange(live.port, [m + b" /healthz HTTP/1.1\r\nHost: x\r\n\r\n"], timeout=5)
            answered += len(result.statuses)
    assert answered, "no hostile method got an answer: the test proved nothing"
    text = _metrics(live.port)
    families = list(text_string_to_metric_families(text))  # raises on a page Prometheus would reject
    methods = {s.labels["method"] for f in families for s in f.samples if "method" in s.labels}
    assert methods <= KNOWN, f"unbounded method labels: {sorted(methods)[:5]}"
    assert "OTHER" in methods
    assert len(text) < before + 4096, f"/metrics grew from {before} to {len(text)} bytes"
    print(f"\n/metrics: {before} bytes before, {len(text)} after {answered} answers to hostile methods")

