"""French typography of what the browser shows (issue 13): no ordinary space before « : ; ! ? » and none
inside « », in the key states of the learner app and the trainer dashboard — the browser's own labels
(« 💡 Indice : », « Dernière vérification à … : », « ⚠️ Cluster injoignable : », « Copié ! »…) as well as
the texts the server sends. Code (pre, code, kbd, samp) is left as typed and not scanned."""
from __future__ import annotations

import secrets

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

import atelier_ui as ui

UNREACHABLE = "unreachable-refused"

# Text of the page as a reader meets it: visible text nodes in document order, each code element replaced by
# a placeholder word (so « <code>postgres</code> : » is still seen as « x : »), closed <details> reduced to
# their summary; plus the attributes people read (title, aria-label, alt, placeholder).
SCAN = r"""
const out = [];
const attrs = [];
const walk = (node) => {
  if (node.nodeType === Node.TEXT_NODE) { out.push(node.nodeValue); return; }
  if (node.nodeType !== Node.ELEMENT_NODE) return;
  const el = node;
  if (el.matches('script, style, template, noscript')) return;
  if (el.hidden || getComputedStyle(el).display === 'none') return;
  for (const name of ['title', 'aria-label', 'alt', 'placeholder']) {
    const value = el.getAttribute(name);
    if (value) attrs.push(`[${name}] ${value}`);
  }
  if (el.matches('pre, code, kbd, samp, textarea, input, select')) { out.push('x'); return; }
  const kids = el.matches('details:not([open])') ? [el.querySelector(':scope > summary')].filter(Boolean) : el.childNodes;
  for (const child of kids) walk(child);
  if (getComputedStyle(el).display !== 'inline') out.push('\n');
};
walk(document.body);
const title = document.title ? [`[title] ${document.title}`] : [];
return [out.join(''), ...title, ...attrs];
"""

BAD = [
    (" :", "ordinary space before « : » (U+00A0 expected)"),
    (" ;", "ordinary space before « ; » (U+202F expected)"),
    (" !", "ordinary space before « ! » (U+202F expected)"),
    (" ?", "ordinary space before « ? » (U+202F expected)"),
    ("« ", "ordinary space after « (U+202F expected)"),
    (" »", "ordinary space before » (U+202F expected)"),
]


def faults(d) -> list[str]:
    found = []
    for text in d.execute_script(SCAN):
        for bad, why in BAD:
            start = 0
            while (i := text.find(bad, start)) >= 0:
                found.append(f"{why}: …{text[max(0, i - 40):i + 20]!r}…")
                start = i + 1
    return found


def assert_clean(d, state: str) -> None:
    problems = faults(d)
    assert not problems, f"{state}:\n" + "\n".join(problems)


def unique(name: str) -> str:
    return f"{name} {secrets.token_hex(3)}"


def checks_done(d) -> int:
    """How many « Vérifier » requests the page has completed (Resource Timing)."""
    return d.execute_script(
        "return performance.getEntriesByType('resource').filter((e) => /\\/steps\\/[^/]+\\/check$/.test(e.name)).length")


def verify_until(d, wanted: str, attempts: int = 6) -> None:
    """Clicks « Vérifier » until the summary says `wanted`. Right after the stand-in's scenario changes, the
    server may answer once more from the snapshot it shares for a second while its watch has not yet seen
    the change — as a learner clicking at once would see; a new click is what that learner would do."""
    for _ in range(attempts):
        done = checks_done(d)
        ui.click(d, ".verify .verify-button")
        ui.wait(d, 30).until(lambda drv: checks_done(drv) > done)
        ui.wait(d, 30).until(lambda drv: drv.find_element(By.CSS_SELECTOR, ".verify .verify-button").is_enabled())
        if wanted in ui.css(d, ".check-summary").text:
            return
    raise AssertionError(f"« {wanted} » never shown: {ui.css(d, '.check-summary').text!r}")


def test_learner_states_have_french_spacing(server, scenario, browser):
    d = browser.driver
    # Registration form.
    d.get(server.base + "/")
    ui.visible(d, "#learner-name-input")
    assert_clean(d, "registration form")

    # Introduction, environment ready, duration with its optional part.
    ui.register(d, server, unique("Léa"))
    ui.text_in(d, ".env-status", "Ready!", timeout=30)
    ui.wait(d).until(lambda drv: drv.find_element(By.CSS_SELECTOR, ".start-button").is_enabled())
    assert_clean(d, "introduction")
    ui.start_lesson(d)
    assert_clean(d, "first step with the timer running")

    # A failed verification: the check list with its hints (« 💡 Indice : »).
    step = next(s for s in server.lesson["steps"] if s["id"] == "service-headless")  # fails with hints under « empty »
    ui.open_step(d, server, step["id"])
    server.set_scenario(ui.FAILING_SCENARIO)
    verify_until(d, "pas encore satisfaite")
    assert "Indice" in ui.css(d, ".check-list .check-hint").text
    assert_clean(d, "failed verification")

    # The same result after a reload: « Dernière vérification à … : ».
    d.refresh()
    ui.wait_step(d, step["id"])
    ui.text_in(d, ".check-summary", "Dernière vérification", timeout=30)
    assert_clean(d, "failed verification, reloaded")

    # Cluster unreachable: « ⚠️ Cluster injoignable : ».
    server.set_scenario(UNREACHABLE)
    verify_until(d, "injoignable")
    assert_clean(d, "cluster unreachable")

    # Passed: « 🎉 Étape validée ! » and « Passer à « … » → ».
    server.set_scenario(ui.PASSING_SCENARIO)
    verify_until(d, "Étape validée")
    assert_clean(d, "passed verification")

    # Copy feedback (« Copié ! », or the refusal message when the clipboard is denied).
    d.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": server.base, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    button = ui.css(d, ".step-text .code-block .copy-button")
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    ui.wait(d).until(lambda drv: ui.norm(button.text) != "Copier")
    assert_clean(d, "copy feedback")

    # Quiz: incomplete answers, then wrong answers with their hints.
    quiz = next(s for s in server.lesson["steps"] if s.get("quiz"))
    ui.open_step(d, server, quiz["id"])
    ui.click(d, "form.quiz button[type=submit]")
    ui.wait(d).until(lambda drv: "Répondez à toutes les questions" in drv.find_element(By.CSS_SELECTOR, ".step-content").text)
    assert_clean(d, "quiz, unanswered")
    ui.submit_wrong_quiz(d, server)
    assert_clean(d, "quiz, wrong answers")

    # The last step: « Il reste à valider : … ».
    last = server.lesson["steps"][-1]
    ui.open_step(d, server, last["id"])
    assert_clean(d, "last step")

    # Trainer dashboard with this learner's failures.
    d.get(server.base + "/trainer")
    ui.visible(d, "#trainer-token").send_keys(server.trainer_token, Keys.ENTER)
    ui.visible(d, "#progress-matrix tbody tr[data-learner]")
    assert_clean(d, "trainer dashboard")


def test_the_scanner_sees_an_ordinary_space(server, scenario, browser):
    """The scan can fail: a label written with an ordinary space is reported, code is not."""
    d = browser.driver
    d.get(server.base + "/")
    ui.visible(d, "#learner-name-input")
    d.execute_script(
        "const p = document.createElement('p'); p.innerHTML = 'Indice : <code>a : b ?</code> « x »';"
        "document.body.append(p);")
    problems = faults(d)
    assert any("« : »" in p and "Indice :" in p for p in problems), problems
    assert any("after «" in p for p in problems) and any("before »" in p for p in problems), problems
    assert not any("a : b" in p for p in problems), problems
