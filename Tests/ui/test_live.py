"""The live step (issue 12, item 2): the stream client (public/live.js), the live checklist beside
« Vérifier » (public/live-checks.js), the observation panel driven by the stream, and the fallback to
polling — in Chromium against the real server.

The client's wire format and retry logic are exercised in the page itself (the real modules, imported
from the server, fed by a scripted transport: every failure mode on demand); the end-to-end tests use
the real server, its stand-in cluster walked through scenarios, and a loopback proxy that answers 404
to the stream route as a server without it does. Waits are on signals (texts, attributes, the page's
own requests), never a fixed sleep."""
from __future__ import annotations

import http.client
import json
import re
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from selenium.webdriver.common.by import By

import atelier_ui as ui

LIVE_PATH = re.compile(r"^/api/lessons/[^/]+/live$")
# Chromium logs every refused request of the page as a console error.
LIVE_404 = r"/live\?step=.* 404"


def unique(name: str) -> str:
    return f"{name} {secrets.token_hex(3)}"


def learner_at(d, base: str, server, name: str) -> dict:
    """A learner created through the API, lesson started, stored in the page's origin `base`."""
    learner = server.new_learner(unique(name))
    server.start(learner["token"])
    d.get(base + "/")
    d.execute_script("localStorage.setItem(arguments[0], JSON.stringify(arguments[1]))", ui.STORAGE_KEY,
                     {"id": learner["id"], "name": learner["name"], "token": learner["token"]})
    return learner


def requests_to(d, part: str) -> int:
    """Completed requests of the page whose URL contains `part` (Resource Timing)."""
    return d.execute_script(
        "return performance.getEntriesByType('resource').filter((e) => e.name.includes(arguments[0])).length", part)


def observed_step_with_checks(server) -> dict:
    step = next((s for s in server.lesson["steps"] if s.get("observe") and s.get("checks")), None)
    assert step, "the lesson has no observed step with checks"
    return step


def run_in_page(d, body: str, *args):
    """Runs `body` (an async function body getting `args`) in the page; returns its value or fails with
    the page's exception text."""
    d.set_script_timeout(30)
    result = d.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const args = Array.from(arguments).slice(0, -1);
        (async (...args) => { %s })(...args).then((value) => done({value}), (e) => done({error: String(e && e.stack || e)}));
    """ % body, *args)
    assert "error" not in result, result["error"]
    return result["value"]


# --------------------------------------------------------------------------- the client, in the page


def test_sse_parser_reads_the_wire_format(server, browser):
    d = browser.driver
    d.get(server.base + "/")
    events = run_in_page(d, """
        const { createSseParser } = await import('/live.js');
        const seen = [];
        const parser = createSseParser({
          onEvent: (e) => seen.push(['event', e.type, e.data]),
          onRetry: (ms) => seen.push(['retry', ms]),
          onComment: (c) => seen.push(['comment', c]),
        });
        // A BOM, a comment, CRLF split between chunks, a field without a space, two data lines,
        // CR alone, an unknown field, a data-less block (no event), an unfinished event at the end.
        for (const chunk of ['\\ufeff: ping\\r', '\\nevent: cluster\\r\\ndata: {"a":', '1}\\r', '\\n\\r\\n',
                             'event:checks\\ndata: {"step":"s",\\ndata: "checks":[]}\\n\\n',
                             'retry: 2500\\rfoo: bar\\revent: ignored\\r\\r',
                             'data: plain\\n\\n', 'event: cluster\\ndata: {"cut":']) parser.push(chunk);
        parser.end();
        return seen;
    """)
    assert events == [
        ["comment", "ping"],
        ["event", "cluster", '{"a":1}'],
        ["event", "checks", '{"step":"s",\n"checks":[]}'],
        ["retry", 2500],
        ["event", "message", "plain"],
    ], events


SCRIPTED_TRANSPORT = """
    const { connectLive } = await import('/live.js');
    const encoder = new TextEncoder();
    const calls = [];
    const modes = [];
    const events = [];
    let unauthorized = 0;
    // Each answer: 'network' (fetch rejects), a number (that status, JSON body), or a list of SSE chunks
    // (a stream that ends after them, or stays open when the list ends with 'hold').
    function scripted(answers, controller) {
      return async (url, init) => {
        calls.push({url, accept: init.headers.Accept, auth: init.headers.Authorization || null});
        const answer = answers.shift();
        if (answer === undefined) { controller.abort(); throw new DOMException('fin', 'AbortError'); }
        if (answer === 'network') throw new TypeError('Failed to fetch');
        if (typeof answer === 'number') return new Response('{"error":{"code":"x","message":"x"}}', {status: answer, headers: {'Content-Type': 'application/json'}});
        const hold = answer[answer.length - 1] === 'hold';
        const chunks = hold ? answer.slice(0, -1) : answer;
        const body = new ReadableStream({
          start(c) {
            for (const chunk of chunks) c.enqueue(encoder.encode(chunk));
            if (!hold) c.close();
            else init.signal.addEventListener('abort', () => c.error(new DOMException('abandon', 'AbortError')));
          },
        });
        return new Response(body, {status: 200, headers: {'Content-Type': 'text/event-stream; charset=utf-8'}});
      };
    }
    async function run(answers, settings = {}) {
      const controller = new AbortController();
      calls.length = 0; modes.length = 0; events.length = 0; unauthorized = 0;
      await connectLive({
        url: '/api/lessons/l/live?step=s', getToken: () => 'jeton-secret', signal: controller.signal,
        fetch: scripted(answers, controller),
        settings: {initialDelayMs: 5, maxDelayMs: 20, failuresBeforeFallback: 3, ...settings},
        onEvent: (e) => events.push(e),
        onMode: (m, detail) => modes.push(detail && detail.permanent ? m + ':permanent' : m),
        onUnauthorized: () => { unauthorized += 1; },
      });
      return {calls: calls.slice(), modes: modes.slice(), events: events.slice(), unauthorized};
    }
"""


def test_stream_client_reconnects_falls_back_and_recovers(server, browser):
    d = browser.driver
    d.get(server.base + "/")
    r = run_in_page(d, SCRIPTED_TRANSPORT + """
        const cluster = 'event: cluster\\ndata: {"pods":[]}\\n\\n';
        const checks = 'event: checks\\ndata: {"step":"s","checks":[{"id":"a","status":"passed","message":"ok"}]}\\n\\n';
        return {
          // Two failures, then a stream (events delivered), which ends: reconnect; then 404 (route gone).
          flaky: await run(['network', 503, [': ping\\n\\n', cluster, 'event: checks\\ndata: pas du JSON\\n\\n', checks], 404]),
          // Three failures in a row: back to polling; the stream keeps being tried and comes back.
          fallback: await run(['network', 500, 'network', 'network', [cluster]]),
          // A server without the route: fallback at once, no second try.
          missing: await run([405, [cluster]]),
          // 401: the token is no longer valid; nothing is retried.
          unauthorized: await run([401, [cluster]]),
        };
    """)
    flaky = r["flaky"]
    assert flaky["modes"] == ["connecting", "live", "connecting", "fallback:permanent"], flaky["modes"]
    assert [e["type"] for e in flaky["events"]] == ["cluster", "checks"], "an unreadable event must be skipped"
    assert flaky["events"][1]["data"]["checks"][0]["status"] == "passed"
    assert len(flaky["calls"]) == 4
    for call in flaky["calls"]:
        # The token goes in the header, never in the URL; the stream is asked for by its media type.
        assert call["auth"] == "Bearer jeton-secret" and "jeton" not in call["url"], call
        assert call["accept"] == "text/event-stream", call

    fallback = r["fallback"]
    assert fallback["modes"] == ["connecting", "fallback", "live", "connecting"], fallback["modes"]
    assert len(fallback["calls"]) == 6  # 4 failures, the stream, the end of the script

    missing = r["missing"]
    assert missing["modes"] == ["connecting", "fallback:permanent"] and len(missing["calls"]) == 1, missing

    unauthorized = r["unauthorized"]
    assert unauthorized["unauthorized"] == 1 and len(unauthorized["calls"]) == 1, unauthorized
    assert "fallback" not in unauthorized["modes"] and "live" not in unauthorized["modes"]


def test_stream_client_treats_a_silent_or_foreign_answer_as_a_failure(server, browser):
    d = browser.driver
    d.get(server.base + "/")
    r = run_in_page(d, SCRIPTED_TRANSPORT + """
        // A stream that sends nothing at all (not even a ping) is cut by the watchdog and counted as a
        // failure; a 200 HTML page is not a stream. Three of them: polling.
        const html = async () => new Response('<html></html>', {status: 200, headers: {'Content-Type': 'text/html'}});
        const silent = await run([['hold'], ['hold'], ['hold']], {idleTimeoutMs: 50, failuresBeforeFallback: 3});
        const stop = new AbortController();
        const htmlModes = [];
        let n = 0;
        await connectLive({url: '/x', getToken: () => null, signal: stop.signal,
          settings: {initialDelayMs: 5, maxDelayMs: 10, failuresBeforeFallback: 2},
          fetch: async (url, init) => { n += 1; if (n > 2) stop.abort(); return html(); },
          onEvent: () => {}, onMode: (m) => htmlModes.push(m)});
        // Abort while a stream is open: connectLive ends and the stream is cancelled.
        const open = new AbortController();
        let cancelled = false;
        const pending = connectLive({url: '/x', getToken: () => 't', signal: open.signal,
          fetch: async (url, init) => {
            init.signal.addEventListener('abort', () => { cancelled = true; });
            return new Response(new ReadableStream({start(c) { c.enqueue(new TextEncoder().encode('event: cluster\\ndata: {}\\n\\n')); }}),
                                {status: 200, headers: {'Content-Type': 'text/event-stream'}});
          },
          onEvent: () => { open.abort(); }, onMode: () => {}});
        await pending;
        return {silent, html: {modes: htmlModes, n}, cancelled};
    """)
    assert r["silent"]["modes"] == ["connecting", "fallback"], r["silent"]
    assert len(r["silent"]["calls"]) == 4, r["silent"]["calls"]
    assert r["html"]["modes"] == ["connecting", "fallback"] and r["html"]["n"] == 3, r["html"]
    assert r["cancelled"] is True, "closing the view must cancel the open stream"


def test_live_checks_announce_each_change_once(server, browser):
    d = browser.driver
    d.get(server.base + "/")
    r = run_in_page(d, """
        const { createLiveChecks } = await import('/live-checks.js');
        const live = createLiveChecks([{id: 'exists', title: 'Le StatefulSet existe'},
                                       {id: 'ready', title: 'Les 3 pods sont prêts'},
                                       {id: 'sql', title: 'La table existe'}]);
        document.body.append(live.element);
        const announcer = live.element.querySelector('[role=status]');
        const said = [];
        new MutationObserver(() => said.push(announcer.textContent))
          .observe(announcer, {childList: true, characterData: true, subtree: true});
        const flush = () => new Promise((resolve) => setTimeout(resolve, 0));  // mutation records delivered
        const state = (exists, ready) => ({step: 's', checks: [
          {id: 'exists', status: exists, message: 'StatefulSet vu'},
          {id: 'ready', status: ready, message: '1/3 prêts'},
          {id: 'sql', status: 'pending', message: ''}]});
        const statuses = () => [...live.element.querySelectorAll('.live-check')].map((li) => li.dataset.status);
        const log = [];
        live.setMode('live');
        live.update(state('failed', 'skipped')); await flush();
        log.push({step: 'first', said: said.length, statuses: statuses()});
        live.update(state('failed', 'skipped')); await flush();
        log.push({step: 'same', said: said.length});
        live.update(state('passed', 'failed')); await flush();
        log.push({step: 'change', said: said.slice()});
        live.update(state('passed', 'failed')); await flush();
        live.setMode('connecting'); live.setMode('live');
        live.update(state('passed', 'failed')); await flush();  // a reconnection sends the same state
        log.push({step: 'replay', said: said.length});
        live.update(state('passed', 'passed')); await flush();
        log.push({step: 'green', said: said.slice(), statuses: statuses(),
                  text: live.element.querySelector('.live-check[data-check=ready]').textContent});
        live.setMode('fallback'); await flush();
        log.push({step: 'fallback', said: said.length, listHidden: live.element.querySelector('ul').hidden,
                  note: live.element.querySelector('.live-checks-note').textContent});
        live.element.remove();

        // Many changes at once (a manifest applied): counted, the failures named.
        const many = createLiveChecks(['a', 'b', 'c', 'd', 'e'].map((id) => ({id, title: 'Titre ' + id})));
        document.body.append(many.element);
        many.update({step: 's', checks: ['a', 'b', 'c', 'd', 'e'].map((id) => ({id, status: 'skipped'}))});
        many.update({step: 's', checks: ['a', 'b', 'c', 'd', 'e'].map((id) => ({id, status: id === 'e' ? 'failed' : 'passed'}))});
        log.push({step: 'many', text: many.element.querySelector('[role=status]').textContent});
        many.update({step: 's', checks: ['a', 'b', 'c', 'd', 'e'].map((id) => ({id, status: 'error', message: 'injoignable'}))});
        log.push({step: 'unreachable', text: many.element.querySelector('[role=status]').textContent});
        many.element.remove();
        return log;
    """)
    first, same, change, replay, green, fallback, many, unreachable = r
    assert first["said"] == 0, "the first state is shown, not announced"
    assert first["statuses"] == ["failed", "skipped", "pending"]
    assert same["said"] == 0
    assert len(change["said"]) == 1, change
    text = change["said"][0]
    # One sentence for the two changes; the check that went back to « skipped »/« pending » is not news.
    assert ui.norm(text) == ui.norm("En direct : « Le StatefulSet existe » est satisfaite ; « Les 3 pods sont prêts » n’est pas satisfaite."), text
    assert "\u00a0:" in text and "«\u202f" in text and "\u202f»" in text and "\u202f;" in text, repr(text)
    assert replay["said"] == 1, "the same state again (reconnection) must not be announced again"
    assert len(green["said"]) == 2 and "« Les 3 pods sont prêts » est satisfaite" in ui.norm(green["said"][1])
    assert "Vérifier" in green["said"][1], "all green: the announcement says « Vérifier » records the step"
    assert green["statuses"] == ["passed", "passed", "pending"]
    assert "satisfaite" in ui.norm(green["text"])
    assert fallback["said"] == 2 and fallback["listHidden"] is True and "Vérifier" in fallback["note"]
    assert ui.norm(many["text"]) == ui.norm("En direct : 4 vérifications sont satisfaites ; « Titre e » n’est pas satisfaite."), many["text"]


# --------------------------------------------------------------------------- fallback, end to end


class _Refusing(BaseHTTPRequestHandler):
    """Forwards every request to the real server, except the stream route, answered 404 as a server
    without it answers (`{"error": …}`): the browser talks to an « older » Atelier."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def _handle(self):
        path = urlsplit(self.path).path
        if LIVE_PATH.match(path):
            self.server.live_requests.append(self.headers.get("Authorization", ""))
            body = json.dumps({"error": {"code": "not_found", "message": "Aucune ressource à cette adresse."}}).encode()
            self.send_response(404)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() not in ("connection", "keep-alive", "proxy-connection", "transfer-encoding")}
        upstream = http.client.HTTPConnection("127.0.0.1", self.server.upstream_port, timeout=90)
        try:
            upstream.request(self.command, self.path, body=body, headers=headers)  # Host kept: same-origin checks hold
            response = upstream.getresponse()
            payload = response.read()
            self.send_response(response.status)
            for key, value in response.getheaders():
                if key.lower() not in ("connection", "keep-alive", "transfer-encoding", "content-length"):
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)
        finally:
            upstream.close()

    do_GET = do_POST = do_HEAD = do_PUT = do_DELETE = _handle


@pytest.fixture
def old_server(server):
    """A loopback front of the real server that has no stream route."""
    proxy = ThreadingHTTPServer(("127.0.0.1", 0), _Refusing)
    proxy.daemon_threads = True
    proxy.upstream_port = server.port
    proxy.live_requests = []
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    proxy.base = f"http://127.0.0.1:{proxy.server_address[1]}"
    try:
        yield proxy
    finally:
        proxy.shutdown()
        proxy.server_close()
        thread.join(timeout=10)


def test_without_the_stream_route_the_step_polls_as_before(server, scenario, browser, old_server):
    d = browser.driver
    browser.allow_console(LIVE_404)
    step = observed_step_with_checks(server)
    learner = learner_at(d, old_server.base, server, "Ancien serveur")
    d.get(f"{old_server.base}/?etape={step['id']}")
    ui.wait_step(d, step["id"])

    # The stream was asked for once, with the token in the header; the 404 sends the panel back to
    # polling GET …/cluster every ~2 s, and no second stream attempt is made.
    ui.wait(d, 30).until(lambda drv: requests_to(drv, "/cluster") >= 3)
    assert old_server.live_requests == [f"Bearer {learner['token']}"], old_server.live_requests
    assert requests_to(d, "/live?") == 1
    ui.text_in(d, ".observe-status", "Actualisé à")
    assert "en direct" not in ui.css(d, ".observe-status").text
    assert ui.css(d, ".observe").get_attribute("data-mode") == "fallback"
    cluster = server.api("GET", f"/api/lessons/{ui.LESSON_ID}/cluster", token=learner["token"])
    shown = sorted(p.get_attribute("data-pod") for p in ui.css_all(d, ".pod-strip .pod"))
    assert shown == sorted(p["name"] for p in cluster["pods"])

    # The live checklist says it is unavailable; « Vérifier » does the whole job.
    live = ui.css(d, ".verify .live-checks")
    assert live.get_attribute("data-mode") == "fallback"
    assert not ui.css(d, ".live-check-list").is_displayed()
    assert "Vérifier" in ui.visible(d, ".live-checks-note").text
    ui.click(d, ".verify .verify-button")
    ui.text_in(d, ".check-summary", "Étape validée", timeout=30)
    ui.wait(d).until(lambda drv: ui.step_status_in_nav(drv, step["id"]) == "passed")


# --------------------------------------------------------------------------- the real stream, end to end


def announcements(d) -> list[str]:
    return d.execute_script("return (window.__said || []).slice()")


def record_announcements(d) -> None:
    """Records every text the live checklist's status region takes from now on."""
    d.execute_script("""
        const region = document.querySelector('.live-checks [role=status]');
        window.__said = [];
        new MutationObserver(() => window.__said.push(region.textContent))
          .observe(region, {childList: true, characterData: true, subtree: true});
    """)


def live_statuses(d) -> dict:
    return d.execute_script(
        "return Object.fromEntries([...document.querySelectorAll('.live-check')].map((li) => [li.dataset.check, li.dataset.status]))")


@pytest.fixture(scope="module")
def observing_server(server, tmp_path_factory):
    """A server with observation on, as shipped: the live stream follows the class's kubectl watches
    (the shared `server` of the other tests polls instead, see atelier_ui.SHARED_SERVER). Its stand-in
    cluster is walked with `append_scenario` only, as a running watch replays appended states."""
    srv = ui.start_server(tmp_path_factory.mktemp("observing"), {"cluster": {"observeIdleMinutes": 30}})
    try:
        yield srv
    finally:
        ui.stop_server(srv)


def test_live_ticks_follow_the_cluster_without_a_click(observing_server, browser, request):
    d = browser.driver
    server = observing_server
    request.node.funcargs["server"] = server  # its log tail is what a failure report wants
    step = observed_step_with_checks(server)
    titles = {c["id"]: c["title"] for c in step["checks"]}
    # Secret and headless Service only: the StatefulSet does not exist yet.
    server.append_scenario("headless-ok")
    learner = learner_at(d, server.base, server, "Direct")
    ui.open_step(d, server, step["id"])
    ui.wait(d, 30).until(lambda drv: drv.find_element(By.CSS_SELECTOR, ".verify .live-checks").get_attribute("data-mode") == "live")
    assert ui.css(d, ".observe").get_attribute("data-mode") == "live"
    ui.wait(d, 30).until(lambda drv: live_statuses(drv).get("exists") == "failed")
    order = d.execute_script("return [...document.querySelectorAll('.live-check')].map((li) => li.dataset.check)")
    assert order == [c["id"] for c in step["checks"]], "one live line per check, in the lesson's order"
    ui.text_in(d, ".observe-status", "en direct")
    assert not ui.css_all(d, ".pod-strip .pod")
    record_announcements(d)

    # The learner applies the StatefulSet: two pods ready, the third crash-looping.
    server.append_scenario("sts-partial")
    ui.wait(d, 30).until(lambda drv: live_statuses(drv).get("ready") == "failed" and live_statuses(drv).get("exists") == "passed")
    ui.wait(d, 30).until(lambda drv: len(drv.find_elements(By.CSS_SELECTOR, ".pod-strip .pod")) == 3)
    # …then all three ready: every check the stream can judge turns green, without a click.
    server.append_scenario("sts-ready")
    ui.wait(d, 30).until(lambda drv: live_statuses(drv).get("ready") == "passed")
    statuses = live_statuses(d)
    assert all(v in ("passed", "pending") for v in statuses.values()), statuses
    ui.wait(d, 30).until(lambda drv: all("pod-ready" in p.get_attribute("class") for p in drv.find_elements(By.CSS_SELECTOR, ".pod-strip .pod")))
    ui.wait(d, 10).until(lambda drv: any("Vérifier" in t for t in announcements(drv)))
    said = announcements(d)
    d.execute_script("document.querySelector('.verify').scrollIntoView({block: 'center'})")
    ui.screenshot(d, "learner-live-checks-1280", full_page=False)

    # Announced once per change: « exists » passed once (not again when « ready » changed), the
    # crash-looping « ready » once as failed and once as passed, never the same text twice in a row.
    assert said and all(a != b for a, b in zip(said, said[1:])), said
    ready = f"« {titles['ready']} »"
    assert sum(f"{ready} n’est pas satisfaite" in ui.norm(t) for t in said) == 1, said
    assert sum(f"{ready} est satisfaite" in ui.norm(t) for t in said) == 1, said
    exists = f"« {titles['exists']} » est satisfaite"
    assert sum(exists in ui.norm(t) or "vérifications sont satisfaites" in ui.norm(t) for t in said) == 1, said

    # Nothing was recorded and nothing polled: the panel and the checklist came from the stream.
    assert requests_to(d, f"/steps/{step['id']}/check") == 0
    assert requests_to(d, "/cluster") == 0
    me = server.api("GET", "/api/me", token=learner["token"])
    assert (me["lessons"][ui.LESSON_ID]["steps"].get(step["id"]) or {}).get("status") != "passed"
    # « Vérifier » keeps its whole behaviour: it is what validates the step.
    ui.click(d, ".verify .verify-button")
    ui.text_in(d, ".check-summary", "Étape validée", timeout=30)
    ui.wait(d).until(lambda drv: ui.step_status_in_nav(drv, step["id"]) == "passed")


def test_stream_failures_fall_back_to_polling_then_the_stream_comes_back(server, scenario, browser):
    d = browser.driver
    browser.allow_console(r"/live\?step=.*ERR_BLOCKED_BY_CLIENT")
    step = observed_step_with_checks(server)
    learner_at(d, server.base, server, "Coupure")
    # The network refuses the stream (the browser blocks it): every attempt fails.
    d.execute_cdp_cmd("Network.enable", {})
    d.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/live?*"]})
    ui.open_step(d, server, step["id"])
    ui.wait(d, 30).until(lambda drv: drv.find_element(By.CSS_SELECTOR, ".observe").get_attribute("data-mode") == "fallback")
    assert ui.css(d, ".verify .live-checks").get_attribute("data-mode") == "fallback"
    # Polling as before: GET …/cluster every ~2 s.
    start = requests_to(d, "/cluster")
    ui.wait(d, 30).until(lambda drv: requests_to(drv, "/cluster") >= start + 2)
    ui.text_in(d, ".observe-status", "Actualisé à")

    # The stream is still tried (at the longest back-off); once it answers, polling stops.
    d.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
    ui.wait(d, 60).until(lambda drv: drv.find_element(By.CSS_SELECTOR, ".observe").get_attribute("data-mode") == "live")
    ui.wait(d, 30).until(lambda drv: drv.find_element(By.CSS_SELECTOR, ".verify .live-checks").get_attribute("data-mode") == "live")
    ui.wait(d, 30).until(lambda drv: len(live_statuses(drv)) == len(step["checks"]) and "pending" != live_statuses(drv).get("exists"))
    polled = requests_to(d, "/cluster")
    # A change pushed by the stream is shown, and no poll was needed for it (one in flight at the switch
    # may still complete).
    server.append_scenario("sts-partial")
    ui.wait(d, 30).until(lambda drv: live_statuses(drv).get("ready") == "failed")
    ui.wait(d, 30).until(lambda drv: any("pod-crashloopbackoff" in p.get_attribute("class") or "pod-running" in p.get_attribute("class")
                                         for p in drv.find_elements(By.CSS_SELECTOR, ".pod-strip .pod")))
    assert requests_to(d, "/cluster") <= polled + 1
