"""Shared helpers for the Atelier browser tests: real server process, stand-in kubectl
scenario switching, Chromium driver, and small page actions written once.

Everything runs on 127.0.0.1 only.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

REPO = Path(__file__).resolve().parents[2]
LESSON_ID = "statefulsets-postgresql"
# The lesson content the server is given (and the tests read their expectations from).
CONTENT_DIR = Path(os.environ.get("ATELIER_UI_CONTENT_DIR", REPO / "content")).resolve()
LESSON_JSON = CONTENT_DIR / LESSON_ID / "lesson.json"
SCREENSHOTS = REPO / "artifacts" / "screenshots"
STORAGE_KEY = "atelier.learner"

# Scenario names of the stand-in kubectl (Tests/KubectlStandin/README.md).
PASSING_SCENARIO = "all-ok"
FAILING_SCENARIO = os.environ.get("ATELIER_UI_FAILING_SCENARIO", "empty")

# A learner's own MicroK8s VM, as `microk8s config` names it, and the stand-in scenario behind it.
OWN_CLUSTER_SERVER = "https://10.1.2.3:16443"
OWN_CLUSTER_SCENARIO = PASSING_SCENARIO

WAIT = 15  # seconds: generous, the machine is shared


def resolve(path: str) -> Path:
    p = Path(path)
    return p if p.is_absolute() else REPO / p


def norm(text: str) -> str:
    """WebDriver's `.text` turns no-break spaces into spaces: compare texts the same way."""
    return " ".join(str(text).replace("\xa0", " ").replace("\u202f", " ").split())


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load_lesson() -> dict:
    """lesson.json, with each step's checks from checks.json (keyed by step id) when that file exists."""
    with open(LESSON_JSON, encoding="utf-8") as f:
        lesson = json.load(f)
    checks_json = LESSON_JSON.parent / "checks.json"
    if checks_json.exists():
        with open(checks_json, encoding="utf-8") as f:
            checks = json.load(f)
        for step in lesson["steps"]:
            if step["id"] in checks:
                step["checks"] = checks[step["id"]]
    return lesson


# --------------------------------------------------------------------------- HTTP


class ApiError(Exception):
    def __init__(self, status: int, body: str):
        super().__init__(f"HTTP {status}: {body[:300]}")
        self.status = status
        self.body = body


def http(method: str, url: str, body=None, token: str | None = None, raw: bool = False, timeout: float = 20):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Accept", "application/json")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            payload = resp.read()
            return payload if raw else json.loads(payload.decode() or "null")
    except urllib.error.HTTPError as e:
        raise ApiError(e.code, e.read().decode(errors="replace")) from None


# --------------------------------------------------------------------------- server


@dataclass
class Server:
    base: str
    port: int
    trainer_token: str
    data_dir: Path
    scenario_file: Path
    process: subprocess.Popen
    log_path: Path
    lesson: dict = field(default_factory=load_lesson)

    def api(self, method: str, path: str, body=None, token: str | None = None, raw: bool = False):
        return http(method, self.base + path, body=body, token=token, raw=raw)

    def set_scenario(self, name: str) -> None:
        """Rewrites the stand-in's state file: the next kubectl call answers from `name`."""
        tmp = self.scenario_file.with_suffix(".tmp")
        tmp.write_text(name + "\n", encoding="utf-8")
        os.replace(tmp, self.scenario_file)

    def append_scenario(self, name: str) -> None:
        """Appends `name` to the stand-in's state file: running watches (`kubectl get --watch`) replay it
        as the next state and print what changed; one-shot calls answer from it too. (A rewrite with
        as many lines as before goes unseen by a running watch: walk a live cluster with appends.)"""
        with open(self.scenario_file, "a", encoding="utf-8") as f:
            f.write(name + "\n")
            f.flush()
            os.fsync(f.fileno())

    def log_tail(self, n: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return "(no server log)"

    # Learner shortcuts through the API (setup only; what is under test goes through the browser).
    def new_learner(self, name: str) -> dict:
        return self.api("POST", "/api/learners", {"name": name})

    def start(self, token: str) -> dict:
        return self.api("POST", f"/api/lessons/{LESSON_ID}/start", {}, token=token)

    def check(self, token: str, step: str, body=None) -> dict:
        return self.api("POST", f"/api/lessons/{LESSON_ID}/steps/{step}/check", body or {}, token=token)

    def progress(self) -> dict:
        return self.api("GET", f"/api/progress?lesson={LESSON_ID}", token=self.trainer_token)

    def failing_step(self) -> dict:
        """The first step with checks that fails (with a hint) under FAILING_SCENARIO and passes under
        PASSING_SCENARIO, found by asking the server with a throwaway learner (nothing hard-coded)."""
        cached = getattr(self, "_failing_step", None)
        if cached:
            return cached
        steps = [s for s in self.lesson["steps"] if s.get("checks")]
        assert steps, f"{LESSON_JSON.parent} declares no step with checks"
        probe = self.new_learner(f"Sonde {secrets.token_hex(3)}")
        self.start(probe["token"])
        tried = []
        try:
            for step in steps:
                self.set_scenario(FAILING_SCENARIO)
                result = self.check(probe["token"], step["id"])
                failed = [c for c in result["checks"] if c["status"] == "failed"]
                tried.append(f"{step['id']}: passed={result['passed']}")
                if result["passed"] is False and any(c.get("hint") for c in failed):
                    self.set_scenario(PASSING_SCENARIO)
                    if self.check(probe["token"], step["id"])["passed"] is True:
                        self._failing_step = step
                        return step
        finally:
            self.set_scenario(PASSING_SCENARIO)
        raise AssertionError(f"no step fails with a hint under '{FAILING_SCENARIO}' and passes under "
                             f"'{PASSING_SCENARIO}': {tried}")


# The shared UI-test server: observation off, so every kubectl answer is read fresh. The tests switch the
# stand-in's scenario by rewriting its state file, which a running watch does not report (it replays
# appended lines only); with observation on, a check made within a second of the previous one would be
# served the previous scenario's snapshot (shared snapshots follow the observer's revision). The live
# stream then refreshes every `live.refreshSeconds`; a 1 s heartbeat lets the server notice a stream the
# browser closed (a step left) within a second. The watch-driven live path has its own server in
# test_live.py (`observing_server`).
SHARED_SERVER = {"cluster": {"observeIdleMinutes": 0}, "live": {"refreshSeconds": 1, "heartbeatSeconds": 1}}


def start_server(tmp: Path, overrides: dict | None = None) -> Server:
    """Starts the real server; `overrides` adds keys to the config's sections (`cluster`, `live`…)."""
    bin_path = resolve(os.environ.get("ATELIER_BIN", ".build/debug/atelier"))
    standin = resolve(os.environ.get("KUBECTL_STANDIN", ".build/debug/kubectl-standin"))
    if not standin.exists():
        raise RuntimeError(f"stand-in kubectl not found at {standin} (set KUBECTL_STANDIN or build it)")
    port = free_port()
    trainer_token = secrets.token_urlsafe(24)
    data_dir = tmp / "data"
    data_dir.mkdir()
    scenario_file = tmp / "standin-scenario"
    scenario_file.write_text(PASSING_SCENARIO + "\n", encoding="utf-8")
    config = {
        "host": "127.0.0.1",
        "port": port,
        "contentDir": str(CONTENT_DIR),
        "publicDir": str(resolve(os.environ.get("ATELIER_UI_PUBLIC_DIR", "public"))),
        "dataDir": str(data_dir),
        "trainerToken": trainer_token,
        "stuck": {"failedAttemptsInARow": 2, "minutesOnStep": 10},
        "cluster": {
            "kubectl": [str(standin)],
            "namespace": "default",
            "requestTimeoutSeconds": 2,
            # A bound, not an expected duration: a busy machine starts the stand-in slowly.
            "checkTimeoutSeconds": 60,
            # « Connecter mon cluster » (test_account.py): a learner's own kubeconfig naming
            # OWN_CLUSTER_SERVER reaches the stand-in's OWN_CLUSTER_SCENARIO.
            "learnerKubeconfig": True,
        },
    }
    for section, values in (overrides or {}).items():
        config[section] = {**config.get(section, {}), **values}
    config_path = tmp / "config.json"
    config_path.write_text(json.dumps(config, indent=2), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "KUBECTL_STANDIN_SCENARIO"}  # the state file decides
    env.update(standin_env(scenario_file, tmp))
    log_path = tmp / "server.log"
    log = open(log_path, "wb")
    process = subprocess.Popen(
        [str(bin_path), "serve", "--config", str(config_path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, cwd=str(REPO),
    )
    server = Server(f"http://127.0.0.1:{port}", port, trainer_token, data_dir, scenario_file, process, log_path)
    deadline = time.monotonic() + 30
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"atelier exited with status {process.returncode} before /healthz answered:\n{server.log_tail()}")
        try:
            if http("GET", server.base + "/healthz", timeout=2).get("status") == "ok":
                return server
        except (OSError, ApiError, ValueError):
            pass
        if time.monotonic() > deadline:
            stop_server(server)
            raise RuntimeError(f"atelier did not answer /healthz within 30 s:\n{server.log_tail()}")
        time.sleep(0.2)


def standin_env(scenario_file: Path, tmp: Path) -> dict:
    """Environment that selects the stand-in's scenario (see Tests/KubectlStandin/README.md)."""
    env = {
        "KUBECTL_STANDIN_STATE": str(scenario_file),
        "KUBECTL_STANDIN_DIR": str(REPO / "Tests" / "KubectlStandin" / "scenarios"),
        "KUBECTL_STANDIN_LOG": str(tmp / "kubectl-standin.log"),
        "KUBECTL_STANDIN_SERVERS": f"{OWN_CLUSTER_SERVER}={OWN_CLUSTER_SCENARIO}",
    }
    return env


def stop_server(server: Server) -> None:
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=5)


# --------------------------------------------------------------------------- browser


def make_driver(width: int = 1280, height: int = 900, download_dir: Path | None = None, dark: bool = False):
    options = webdriver.ChromeOptions()
    chromium = os.environ.get("CHROMIUM_BIN") or shutil.which("chromium") or "/usr/bin/chromium"
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={width},{height}", "--lang=fr-FR", "--no-first-run",
                "--disable-extensions", "--disable-background-networking", "--disable-sync",
                "--disable-component-update", "--disable-default-apps"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    prefs = {"intl.accept_languages": "fr-FR,fr"}
    if download_dir:
        prefs.update({
            "download.default_directory": str(download_dir),
            "download.prompt_for_download": False,
            "download.directory_upgrade": True,
            "safebrowsing.enabled": False,
        })
    options.add_experimental_option("prefs", prefs)
    service = webdriver.ChromeService(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    if download_dir:
        driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(download_dir)})
    if width < 500:
        # Desktop Chromium will not make a window narrower than ~500 px: emulate a phone screen instead.
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": True})
        driver.phone_size = (width, height)
    set_dark(driver, dark)
    return driver


def set_dark(driver, dark: bool) -> None:
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
        "features": [{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}],
    })


def severe_console_entries(driver, allow: list[str] = ()) -> list[dict]:
    """SEVERE entries of the browser log, minus those matching one of the `allow` regexes."""
    entries = driver.get_log("browser")
    return [e for e in entries if e.get("level") == "SEVERE" and not any(re.search(p, e.get("message", "")) for p in allow)]


def _wait_for_viewport(driver, height) -> None:
    """After a resize: the page sees the new height (when known), then two animation frames have
    run, so the screenshot shows the page laid out at its new size — a signal, not a delay."""
    if height is not None:
        wait(driver).until(lambda d: d.execute_script("return window.innerHeight") >= height)
    driver.execute_async_script("const done = arguments[arguments.length - 1];"
                                "requestAnimationFrame(() => requestAnimationFrame(() => done(true)));")


def wait(driver, timeout: float = WAIT) -> WebDriverWait:
    return WebDriverWait(driver, timeout, ignored_exceptions=(StaleElementReferenceException,))


def css(driver, selector: str):
    return driver.find_element(By.CSS_SELECTOR, selector)


def css_all(driver, selector: str):
    return driver.find_elements(By.CSS_SELECTOR, selector)


def visible(driver, selector: str, timeout: float = WAIT):
    return wait(driver, timeout).until(EC.visibility_of_element_located((By.CSS_SELECTOR, selector)))


def text_in(driver, selector: str, text: str, timeout: float = WAIT):
    wait(driver, timeout).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, selector), text))
    return css(driver, selector)


def click(driver, selector: str):
    el = wait(driver).until(EC.element_to_be_clickable((By.CSS_SELECTOR, selector)))
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", el)
    el.click()
    return el


def stored_learner(driver) -> dict | None:
    return driver.execute_script(f"return JSON.parse(localStorage.getItem('{STORAGE_KEY}'))")


def register(driver, server: Server, name: str) -> dict:
    """Opens the app, enters a name and waits for the introduction. Returns the stored learner."""
    driver.get(server.base + "/")
    field_ = visible(driver, "#learner-name-input")
    field_.clear()
    field_.send_keys(name)
    click(driver, ".register-form button[type=submit]")
    # The resume code is shown once, before the lesson (issue 14).
    visible(driver, "#resume-code")
    click(driver, "#resume-code-continue")
    visible(driver, ".start-card")
    learner = stored_learner(driver)
    assert learner and learner["name"] == name and learner["token"], learner
    return learner


def start_lesson(driver) -> None:
    """Waits for « ✅ Ready! », clicks Start and waits for the first step."""
    text_in(driver, ".env-status", "Ready!", timeout=30)
    click(driver, ".start-button")
    wait(driver).until(lambda d: "etape=" in d.current_url)
    wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".steps-item.current")))
    visible(driver, ".step-content .markdown")


def open_step(driver, server: Server, step_id: str) -> None:
    driver.get(f"{server.base}/?etape={step_id}")
    wait_step(driver, step_id)


def wait_step(driver, step_id: str) -> None:
    wait(driver).until(lambda d: d.execute_script(
        "const c = document.querySelector('.steps-item.current');"
        "return c && c.dataset.step === arguments[0] && !document.querySelector('.step-content > .loading');",
        step_id))
    visible(driver, ".step-content .markdown")


def submit_wrong_quiz(driver, server: Server) -> dict:
    """Opens the quiz step, answers every question wrongly, submits and waits for the grading."""
    quiz = next(s for s in server.lesson["steps"] if s.get("quiz"))
    open_step(driver, server, quiz["id"])
    for q in quiz["quiz"]:
        wrong = next(c["id"] for c in q["choices"] if c["id"] not in q["answer"])
        driver.execute_script("arguments[0].click()", css(driver, f'#quiz-{q["id"]}-{wrong}'))
    click(driver, "form.quiz button[type=submit]")
    wait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".quiz-question.is-failed"))
    return quiz


def step_status_in_nav(driver, step_id: str) -> str:
    return css(driver, f'.steps-item[data-step="{step_id}"]').get_attribute("data-status")


def screenshot(driver, name: str, full_page: bool = True) -> Path:
    """Saves artifacts/screenshots/<name>.png (whole page height when `full_page`)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    phone = getattr(driver, "phone_size", None)
    if full_page:
        driver.execute_script("window.scrollTo(0, 0)")
    height = driver.execute_script("return Math.min(document.documentElement.scrollHeight, 4000)") if full_page else 0
    if phone:
        metrics = {"width": phone[0], "deviceScaleFactor": 1, "mobile": True}
        try:
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {**metrics, "height": max(height, phone[1])})
            _wait_for_viewport(driver, max(height, phone[1]))
            driver.save_screenshot(str(path))
        finally:
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {**metrics, "height": phone[1]})
        return path
    size = driver.get_window_size()
    try:
        if full_page:
            driver.set_window_size(size["width"], max(height, size["height"]))
            _wait_for_viewport(driver, None)
        driver.save_screenshot(str(path))
    except WebDriverException:
        driver.save_screenshot(str(path))
    finally:
        driver.set_window_size(size["width"], size["height"])
    return path


# --------------------------------------------------------------------------- accessibility probes


def tab_stops_before(driver, selector: str, limit: int = 300) -> int:
    """Presses Tab from the top of the page until `selector` has the focus; returns how many stops came
    before it (real keyboard walk, not a guess from the DOM)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys as K

    target = css(driver, selector)
    driver.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);"
                          "document.body.setAttribute('tabindex', '-1'); document.body.focus();"
                          "document.body.removeAttribute('tabindex');")
    for count in range(limit):
        ActionChains(driver).send_keys(K.TAB).perform()
        if driver.execute_script("return document.activeElement === arguments[0]", target):
            return count
    raise AssertionError(f"{selector} not reached after {limit} Tab presses")


LIVE_SELECTOR = "[aria-live], [role=status], [role=alert], [role=log]"


def start_live_count(driver) -> None:
    """Counts, from now on, every mutation inside a live region (text, children, attributes)."""
    driver.execute_script("""
        const selector = arguments[0];
        window.__liveMutations = [];
        const seen = new WeakSet();
        const observer = new MutationObserver((records) => {
          for (const r of records) {
            const region = (r.target.nodeType === 1 ? r.target : r.target.parentElement).closest(selector);
            if (region && !region.hidden) window.__liveMutations.push(region.className || region.tagName);
          }
        });
        observer.observe(document.body, {subtree: true, childList: true, characterData: true});
        window.__liveObserver = observer;
    """, LIVE_SELECTOR)


def live_count(driver) -> list[str]:
    """The live regions written since `start_live_count` (one entry per mutation record)."""
    return driver.execute_script("return window.__liveMutations.slice()")


def axe_source() -> str:
    """axe-core's JavaScript, from the PyPI package that bundles it (axe-playwright-python: only its
    axe.min.js is used; the package is located without importing it)."""
    import importlib.util

    spec = importlib.util.find_spec("axe_playwright_python")
    assert spec and spec.submodule_search_locations, "axe-playwright-python is not installed (Tests/ui/requirements.txt)"
    return (Path(list(spec.submodule_search_locations)[0]) / "axe.min.js").read_text(encoding="utf-8")


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(driver) -> list[dict]:
    """Injects axe-core (through WebDriver, so the page's CSP is not involved) and runs the WCAG 2.1 A/AA
    rules on the whole document. Returns the violations as {id, impact, help, targets}."""
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(axe_source())
    driver.set_script_timeout(60)
    result = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        // Colours are measured once finite animations (a pod fading in) have ended.
        const finite = document.getAnimations().filter((a) => a.effect && a.effect.getTiming().iterations !== Infinity);
        Promise.all(finite.map((a) => a.finished.catch(() => null)))
          .then(() => axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']}))
          .then((r) => done({version: axe.version, violations: r.violations.map((v) => ({
              id: v.id, impact: v.impact, help: v.help,
              targets: v.nodes.map((n) => n.target.join(' ') + ' :: ' + (n.failureSummary || '').replace(/\\s+/g, ' '))}))}),
                (e) => done({error: String(e)}));
    """, AXE_TAGS)
    assert "error" not in result, result
    return result["violations"]
