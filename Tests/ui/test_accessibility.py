"""Keyboard and screen-reader behaviour (issue 16) and the small UI faults of issue 14, in Chromium
against the real server. Waits are on explicit signals: the page's own requests (Resource Timing
entries of /api/environment, /api/progress…), texts, attributes — never a fixed sleep."""
from __future__ import annotations

import secrets

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

import atelier_ui as ui

UNREACHABLE = "unreachable-refused"  # kubectl answers « connection refused »: the cluster cannot be asked


def unique(name: str) -> str:
    return f"{name} {secrets.token_hex(3)}"


def requests_to(d, suffix: str) -> int:
    """How many requests whose URL contains `suffix` the page has completed (Resource Timing)."""
    return d.execute_script(
        "return performance.getEntriesByType('resource').filter((e) => e.name.includes(arguments[0])).length", suffix)


def wait_requests(d, suffix: str, more: int, timeout: float = 30) -> None:
    start = requests_to(d, suffix)
    ui.wait(d, timeout).until(lambda drv: requests_to(drv, suffix) >= start + more)


def record_focus(d, element) -> None:
    """Marks `element` and records, every 50 ms, whether it still has the focus."""
    d.execute_script("""
        const el = arguments[0];
        el.__focusProbe = true;
        window.__focusSamples = [];
        clearInterval(window.__focusTimer);
        window.__focusTimer = setInterval(() => window.__focusSamples.push(
            document.activeElement && document.activeElement.__focusProbe === true ? 'kept' : (document.activeElement || {}).tagName), 50);
    """, element)


def focus_samples(d) -> list:
    return d.execute_script("clearInterval(window.__focusTimer); return window.__focusSamples.slice()")


def contrast(fg: str, bg: str) -> float:
    def lum(rgb: str) -> float:
        parts = [float(x) for x in rgb[rgb.index("(") + 1:rgb.index(")")].replace(",", " ").split()[:3]]
        chans = [(c / 255) / 12.92 if c / 255 <= 0.03928 else (((c / 255) + 0.055) / 1.055) ** 2.4 for c in parts]
        return 0.2126 * chans[0] + 0.7152 * chans[1] + 0.0722 * chans[2]
    a, b = sorted((lum(fg), lum(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def learner_at(d, server, name: str, started: bool = True) -> dict:
    learner = server.new_learner(unique(name))
    if started:
        server.start(learner["token"])
    d.get(server.base + "/")
    d.execute_script("localStorage.setItem(arguments[0], JSON.stringify(arguments[1]))", ui.STORAGE_KEY,
                     {"id": learner["id"], "name": learner["name"], "token": learner["token"]})
    return learner


def checked_step(server) -> dict:
    return next(s for s in server.lesson["steps"] if s.get("checks"))


def statefulset_step(server) -> dict:
    return next(s for s in server.lesson["steps"] if s["id"] == "statefulset")


def quiz_step(server) -> dict:
    return next(s for s in server.lesson["steps"] if s.get("quiz"))


# --------------------------------------------------------------------------- issue 14: « null »


def test_success_summary_has_no_literal_null(server, scenario, browser):
    d = browser.driver
    step = server.failing_step()
    learner_at(d, server, "Nour")
    ui.open_step(d, server, step["id"])
    ui.click(d, ".verify .verify-button")
    summary = ui.text_in(d, ".check-summary", "Étape validée", timeout=30)
    # The link to the next step follows the message; nothing else (Element.append(null) wrote « null »).
    assert "null" not in summary.text, summary.text
    assert "null" not in ui.css(d, ".step-content").text
    d.refresh()
    ui.wait_step(d, step["id"])
    assert "Étape validée" in ui.css(d, ".check-summary").text
    assert "null" not in ui.css(d, ".check-summary").text


# --------------------------------------------------------------------------- focus


def test_focus_returns_after_verify_quiz_and_solution(server, scenario, browser):
    d = browser.driver
    learner_at(d, server, "Clavier")
    step = server.failing_step()
    ui.open_step(d, server, step["id"])
    button = ui.css(d, ".verify .verify-button")
    d.execute_script("arguments[0].focus()", button)
    button.send_keys(Keys.ENTER)
    ui.wait(d, 30).until(lambda drv: "ok" in drv.find_element(By.CSS_SELECTOR, ".check-summary").get_attribute("class").split())
    ui.wait(d).until(lambda drv: button.is_enabled() and button.text == "Vérifier")
    assert d.execute_script("return document.activeElement === arguments[0]", button), "focus lost after « Vérifier »"

    solution_step = next(s for s in server.lesson["steps"] if s.get("solution"))
    ui.open_step(d, server, solution_step["id"])
    toggle = ui.css(d, ".solution-toggle")
    d.execute_script("arguments[0].focus()", toggle)
    toggle.send_keys(Keys.ENTER)
    ui.wait(d).until(lambda drv: drv.find_element(By.ID, "solution-panel").is_displayed())
    assert d.execute_script("return document.activeElement === arguments[0]", toggle), "focus lost after « Voir la solution »"

    quiz = quiz_step(server)
    ui.open_step(d, server, quiz["id"])
    for q in quiz["quiz"]:
        for choice in q["answer"]:
            d.execute_script("arguments[0].click()", ui.css(d, f'#quiz-{q["id"]}-{choice}'))
    submit = ui.css(d, "form.quiz button[type=submit]")
    d.execute_script("arguments[0].focus()", submit)
    submit.send_keys(Keys.ENTER)
    ui.text_in(d, ".quiz-section .check-summary", "Toutes les réponses sont justes", timeout=30)
    ui.wait(d).until(lambda drv: submit.is_enabled() and submit.text == "Vérifier mes réponses")
    assert d.execute_script("return document.activeElement === arguments[0]", submit), "focus lost after the quiz"


def test_retry_keeps_focus_across_environment_polls(server, scenario, browser):
    d = browser.driver
    learner_at(d, server, "Réessai", started=False)
    scenario(UNREACHABLE)
    d.get(server.base + "/")
    retry = ui.visible(d, ".start-card .retry-button", timeout=30)
    d.execute_script("arguments[0].focus()", retry)
    record_focus(d, retry)
    wait_requests(d, "/api/environment", 2)  # two polls (~6 s) with the button focused
    retry.send_keys(Keys.ENTER)             # a poll at once
    wait_requests(d, "/api/environment", 1)
    samples = focus_samples(d)
    assert samples and all(s == "kept" for s in samples), f"focus left « Réessayer »: {sorted(set(samples))}"


# --------------------------------------------------------------------------- live regions


def test_live_regions_stay_quiet_when_nothing_changes(server, scenario, browser):
    d = browser.driver
    learner_at(d, server, "Silence")
    # Introduction: the environment cannot be reached and stays so (a poll every ~3 s).
    scenario(UNREACHABLE)
    d.get(server.base + "/")
    ui.visible(d, ".start-card .retry-button", timeout=30)
    ui.start_live_count(d)
    wait_requests(d, "/api/environment", 3)
    assert len(ui.live_count(d)) <= 1, ui.live_count(d)
    # The status is written once the cluster answered: no spinner left running.
    assert not ui.css_all(d, ".env-status .spinner")

    # An observed step whose cluster is unreachable, polled every ~2 s (the live stream refused by the
    # network, so the panel falls back to polling and re-renders each time): the alert is written once.
    browser.allow_console(r"/live\?step=.*ERR_BLOCKED_BY_CLIENT")
    d.execute_cdp_cmd("Network.enable", {})
    d.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/live?*"]})
    observe = next(s for s in server.lesson["steps"] if s.get("observe"))
    ui.open_step(d, server, observe["id"])
    ui.visible(d, ".observe-error", timeout=30)
    ui.start_live_count(d)
    wait_requests(d, "/cluster", 4)
    assert len(ui.live_count(d)) <= 1, ui.live_count(d)
    dot = ui.css(d, ".observe .live-dot")
    assert dot.value_of_css_property("animation-name") == "none", "the « live » dot still pulses while the cluster is unreachable"
    scenario(ui.PASSING_SCENARIO)
    d.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})

    # Trainer dashboard (a refresh every ~5 s): no timestamp in a live region.
    d.get(server.base + "/trainer")
    ui.visible(d, "#trainer-token").send_keys(server.trainer_token, Keys.ENTER)
    ui.visible(d, "#progress-matrix tbody tr[data-learner]")
    ui.start_live_count(d)
    wait_requests(d, "/api/progress?", 2)
    assert len(ui.live_count(d)) <= 1, ui.live_count(d)
    for region in ui.css_all(d, ui.LIVE_SELECTOR):
        assert "Mis à jour" not in region.text, "a timestamp sits in a live region"


def test_unreachable_cluster_says_so(server, scenario, browser):
    d = browser.driver
    learner_at(d, server, "Injoignable")
    step = checked_step(server)
    ui.open_step(d, server, step["id"])
    scenario(UNREACHABLE)
    ui.click(d, ".verify .verify-button")
    ui.wait(d, 30).until(lambda drv: drv.find_elements(By.CSS_SELECTOR, ".check-list .check-error"))
    statuses = {li.get_attribute("data-status") for li in ui.css_all(d, ".check-list .check")}
    # Errors (a dependent check may be « skipped »), no failure: nothing for the learner to correct.
    assert "error" in statuses and statuses <= {"error", "skipped"}, statuses
    summary = ui.css(d, ".check-summary").text
    assert "injoignable" in summary and "Corrigez" not in summary, summary


# --------------------------------------------------------------------------- forms, order, reflow


def test_registration_error_is_linked_to_the_field(server, scenario, browser):
    d = browser.driver
    d.get(server.base + "/")
    ui.visible(d, "#learner-name-input")
    ui.click(d, ".register-form button[type=submit]")
    error = ui.visible(d, "#register-error")
    described = ui.css(d, "#learner-name-input").get_attribute("aria-describedby").split()
    assert "register-error" in described and error.text.strip()
    assert ui.css(d, "#learner-name-input").get_attribute("aria-invalid") == "true"


@pytest.mark.parametrize("width", [1280, 360])
def test_introduction_dom_order_follows_visual_order(server, scenario, make_browser, width):
    d = make_browser(width=width, height=900 if width > 600 else 780).driver
    learner_at(d, server, "Ordre", started=False)
    scenario(UNREACHABLE)
    d.get(server.base + "/")
    ui.visible(d, ".start-card .retry-button", timeout=30)
    title, card, text = ui.css(d, ".intro-head h1"), ui.css(d, ".start-card"), ui.css(d, ".intro-text")
    in_dom = d.execute_script(
        "const [a, b, c] = arguments; const F = Node.DOCUMENT_POSITION_FOLLOWING;"
        "return Boolean(a.compareDocumentPosition(b) & F) && Boolean(b.compareDocumentPosition(c) & F);", title, card, text)
    assert in_dom, "DOM order is not title, start card, text"
    top = lambda el: el.rect["y"]  # noqa: E731
    # The title block starts no lower than the card (same first row on a wide screen, above it on a phone).
    assert top(ui.css(d, ".intro-head")) <= top(card) + 1
    if width < 900:
        # One column: the start card comes before the text, visually as in the DOM.
        assert top(card) < top(text)
        assert ui.tab_stops_before(d, ".start-card .retry-button") <= 6


def test_quiz_at_360_px_does_not_scroll_sideways_after_submitting(server, scenario, make_browser):
    d = make_browser(width=360, height=780).driver
    learner_at(d, server, "Étroit")
    ui.submit_wrong_quiz(d, server)
    assert ui.css_all(d, ".quiz-explanation"), "the explanations (long words) are what overflowed"
    overflow = d.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the quiz is {overflow} px wider than the screen"


def test_sticky_header_never_hides_the_focus_at_200_percent_zoom(server, scenario, browser):
    d = browser.driver
    learner_at(d, server, "Zoom")
    # 200 % zoom of a 1280 × 900 window: 640 × 450 CSS pixels at two device pixels each.
    d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 640, "height": 450, "deviceScaleFactor": 2, "mobile": False})
    ui.open_step(d, server, statefulset_step(server)["id"])
    bar = ui.css(d, ".topbar")
    assert bar.value_of_css_property("position") == "sticky"
    height = d.execute_script("return arguments[0].getBoundingClientRect().height", bar)
    ui.wait(d).until(lambda drv: float(drv.execute_script(
        "return parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop)")) >= height)
    # A focused control scrolled into view lands below the bar.
    button = ui.css(d, ".verify-button")
    d.execute_script("window.scrollTo(0, document.documentElement.scrollHeight); arguments[0].focus()", button)
    d.execute_script("arguments[0].scrollIntoView({block: 'start'})", button)
    assert d.execute_script("return arguments[0].getBoundingClientRect().top", button) >= height


def test_text_follows_the_readers_font_size(server, scenario, browser):
    d = browser.driver
    d.get(server.base + "/")
    ui.visible(d, "#learner-name-input")
    base = float(ui.css(d, "body").value_of_css_property("font-size").replace("px", ""))
    d.execute_script("document.documentElement.style.fontSize = '125%'")  # a reader's larger default size
    bigger = float(ui.css(d, "body").value_of_css_property("font-size").replace("px", ""))
    assert bigger == pytest.approx(base * 1.25, abs=0.1), (base, bigger)


def test_dark_primary_hover_keeps_contrast(server, scenario, make_browser):
    d = make_browser(dark=True).driver
    d.get(server.base + "/")
    button = ui.visible(d, ".register-form .button.primary")
    normal_bg = button.value_of_css_property("background-color")
    ActionChains(d).move_to_element(button).perform()
    ui.wait(d).until(lambda drv: button.value_of_css_property("background-color") != normal_bg)
    hover_bg = button.value_of_css_property("background-color")
    fg = button.value_of_css_property("color")
    assert contrast(fg, hover_bg) >= 4.5, (fg, hover_bg, contrast(fg, hover_bg))
    assert contrast(fg, hover_bg) >= contrast(fg, normal_bg), "the hover colour is lighter than the normal one"


# --------------------------------------------------------------------------- lesson HTML


def test_code_blocks_cost_one_tab_stop_and_regions_have_distinct_names(server, scenario, browser):
    d = browser.driver
    learner_at(d, server, "Tabulation")
    pages = [None] + [s["id"] for s in server.lesson["steps"]]
    for page in pages:
        if page is None:
            d.get(server.base + "/")
            ui.visible(d, ".intro-text")
        else:
            ui.open_step(d, server, page)
        labels = [r.get_attribute("aria-label") for r in ui.css_all(d, "[role=region][aria-label]")]
        assert len(labels) == len(set(labels)), f"{page}: scroll regions share a name: {labels}"
        for block in ui.css_all(d, ".code-block"):
            stops = d.execute_script(
                "return [...arguments[0].querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]"
                ".filter((e) => !e.disabled && e.tabIndex >= 0).length", block)
            assert stops == 1, f"{page}: a code block has {stops} tab stops"
            pre = block.find_element(By.CSS_SELECTOR, "pre")
            assert d.execute_script("return arguments[0].scrollWidth <= arguments[0].clientWidth", pre), \
                f"{page}: a code block scrolls sideways but cannot be reached by keyboard"
