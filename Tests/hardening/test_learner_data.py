"""Hostile input against the learner-data routes (issue 14, items 3 and 6): uploaded kubeconfigs that
are not what they claim, ids that try to name other files, erasure and export without the right token.
The real binary, the stand-in kubectl for `config view`; the server keeps serving and loses nothing."""
from __future__ import annotations

import http.client
import json
import os

import pytest

import hostile

SECRET = "Q0xFLVBSSVZFRS1IT1NUSUxF"
CONFIG = f"""apiVersion: v1
kind: Config
clusters:
- cluster: {{server: "https://10.1.2.3:16443"}}
  name: c
users:
- name: u
  user: {{token: {SECRET}}}
contexts:
- context: {{cluster: c, user: u}}
  name: x
current-context: x
"""


@pytest.fixture(scope="module")
def data_server(tmp_path_factory):
    server = hostile.Server(tmp_path_factory.mktemp("learner-data"), hostile.server_binary(), hostile.standin_binary(),
                            hostile.new_trainer_token())
    if not server.binary.exists():
        pytest.skip(f"server binary {server.binary} is absent")
    base = server.config
    def config(log_level: str = "info"):
        path = base(log_level)
        data = json.loads(path.read_text(encoding="utf-8"))
        data["cluster"]["learnerKubeconfig"] = True
        path.write_text(json.dumps(data), encoding="utf-8")
        return path
    server.config = config
    server.start()
    try:
        yield server
    finally:
        server.stop()


def learner(server, name="Hostile Data"):
    status, body = hostile.request(server.port, "POST", "/api/learners", {"name": name})
    assert status == 201, body
    return json.loads(body)


def put(server, token, body: bytes) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(hostile.LOOPBACK, server.port, timeout=30)
    try:
        conn.request("PUT", "/api/me/kubeconfig", body=body,
                     headers={"Authorization": f"Bearer {token}", "Content-Type": "text/plain"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@pytest.mark.parametrize("body, code", [
    (b"apiVersion: v1\x00\nkind: Config\n", b"kubeconfig_not_text"),
    (b"\xff\xfe\xfd kind: Config", b"kubeconfig_not_text"),
    (b"&a [*a, *a, *a]\n", b"kubeconfig_unreadable"),
    (b"- - - - - - - - - - [\n", b"kubeconfig_unreadable"),
    (CONFIG.replace("10.1.2.3", "0.0.0.0").encode(), b"kubeconfig_server_not_allowed"),
    (CONFIG.replace("https://10.1.2.3:16443", "https://[fe80::1%25eth0]:16443").encode(), b"kubeconfig_server_host_name"),
    (CONFIG.replace("https://10.1.2.3:16443", "https://10.1.2.3:99999").encode(), b"kubeconfig_server_malformed"),
    (CONFIG.replace("https://10.1.2.3:16443", "https://10.1.2.3:16443/?x=1").encode(), b"kubeconfig_server_malformed"),
    (CONFIG.replace("name: c\n", "name: c\n- cluster: {server: \"https://10.1.2.4\"}\n  name: d\n").encode(), b"kubeconfig_multiple"),
    (CONFIG.replace("{cluster: c, user: u}", "{cluster: other, user: u}").encode(), b"kubeconfig_incomplete"),
])
def test_hostile_kubeconfigs_are_refused_and_never_stored(data_server, body, code):
    me = learner(data_server)
    status, reply = put(data_server, me["token"], body)
    assert status == 400, reply[:300]
    assert code in reply, reply[:300]
    assert not (data_server.data_dir / "kubeconfigs" / f"{me['id']}.json").exists()
    assert hostile.request(data_server.port, "GET", "/healthz")[0] == 200


def test_the_uploaded_secret_never_reaches_a_response_or_the_log(data_server):
    me = learner(data_server)
    assert put(data_server, me["token"], CONFIG.encode())[0] == 204
    for path in ["/api/me", "/api/me/kubeconfig", "/api/me/export"]:
        status, body = hostile.request(data_server.port, "GET", path, token=me["token"])
        assert status == 200 and SECRET.encode() not in body, path
    status, body = hostile.request(data_server.port, "GET", f"/api/progress/{me['id']}/export", token=data_server.trainer_token)
    assert status == 200 and SECRET.encode() not in body
    # A refused upload quoting the secret in a YAML error is not echoed or logged either.
    broken = CONFIG.replace("user: {token:", "user: {token: [").encode()
    status, reply = put(data_server, me["token"], broken)
    assert status == 400 and SECRET.encode() not in reply
    stored = data_server.data_dir / "kubeconfigs" / f"{me['id']}.json"
    assert oct(stored.stat().st_mode & 0o777) == "0o600"
    assert SECRET not in data_server.log_path.read_text(errors="replace")


@pytest.mark.parametrize("target", ["../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "AAAAAAAAAAAA", "a" * 300,
                                    "abcdefgh2345.json", "abcdefgh2345%00"])
def test_ids_that_name_other_files_are_404_and_touch_nothing(data_server, target):
    before = sorted(os.listdir(data_server.data_dir))
    for method, path in [("GET", f"/api/progress/{target}/export"), ("DELETE", f"/api/progress/{target}")]:
        status, _ = hostile.request(data_server.port, method, path, token=data_server.trainer_token)
        assert status in (400, 404), (method, path, status)
    assert sorted(os.listdir(data_server.data_dir)) == before


def test_erasure_needs_the_right_token_and_happens_once(data_server):
    me = learner(data_server, "Hostile Erase")
    other = learner(data_server, "Hostile Witness")
    assert hostile.request(data_server.port, "DELETE", "/api/me")[0] == 401
    assert hostile.request(data_server.port, "DELETE", "/api/me", token="x" * 43)[0] == 401
    assert hostile.request(data_server.port, "DELETE", f"/api/progress/{me['id']}", token=me["token"])[0] == 401
    assert hostile.request(data_server.port, "DELETE", f"/api/progress/{me['id']}", token=other["token"])[0] == 401
    assert hostile.request(data_server.port, "DELETE", "/api/me", token=me["token"])[0] == 204
    assert hostile.request(data_server.port, "DELETE", "/api/me", token=me["token"])[0] == 401
    assert hostile.request(data_server.port, "GET", "/api/me", token=other["token"])[0] == 200
    assert not (data_server.data_dir / f"{me['id']}.json").exists()
    assert not (data_server.data_dir / f"{me['id']}.erasing").exists()
