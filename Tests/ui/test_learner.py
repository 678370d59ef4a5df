"""End-to-end tests of the learner app against the real server and the stand-in kubectl."""
from __future__ import annotations

import json
import secrets

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

import atelier_ui as ui


def unique(name: str) -> str:
    return f"{name} {secrets.token_hex(3)}"


def quiz_step(lesson: dict) -> dict:
    steps = [s for s in lesson["steps"] if s.get("quiz")]
    assert steps, "lesson.json declares no quiz"
    return steps[0]


# --------------------------------------------------------------------------- inscription, démarrage


def test_register_ready_start_opens_first_step(server, scenario, browser):
    d = browser.driver
    name = unique("Élodie Martin")
    learner = ui.register(d, server, name)

    # The header shows the learner (as text) and the « Changer d'apprenant » action.
    assert ui.css(d, "#learner-name").text == name
    assert ui.css(d, "#change-learner").text == "Changer d'apprenant"

    # Introduction: the customer's text, objectives, duration, environment indicator.
    intro = ui.css(d, ".intro-text")
    assert "StatefulSet" in intro.text and intro.find_elements(By.CSS_SELECTOR, "table"), "introduction HTML not rendered"
    objectives = [li.text for li in ui.css_all(d, ".objectives li")]
    assert objectives == server.lesson["objectives"]
    assert f"{server.lesson['durationMinutes']} min" in ui.css(d, ".duration").text
    # The optional part (« Pour aller plus loin » blocks) is announced apart from the core.
    if server.lesson.get("optionalMinutes"):
        assert f"(+ {server.lesson['optionalMinutes']} min pour aller plus loin)" in ui.norm(ui.css(d, ".duration").text)
    status = ui.text_in(d, ".env-status", "✅ Ready!", timeout=30)
    assert "Ready!" in status.text
    start = ui.css(d, ".start-button")
    assert start.is_enabled() and start.text == "Start"

    start.click()
    ui.wait(d).until(lambda drv: "etape=" in drv.current_url)
    first = server.lesson["steps"][0]
    ui.wait_step(d, first["id"])
    assert f"etape={first['id']}" in d.current_url
    # The sidebar lists every step, in order.
    assert [li.get_attribute("data-step") for li in ui.css_all(d, ".steps-item")] == [s["id"] for s in server.lesson["steps"]]
    # The server knows the lesson started; the timer runs against the core estimate (durationMinutes).
    me = server.api("GET", "/api/me", token=learner["token"])
    assert me["lessons"][ui.LESSON_ID]["startedAt"], me
    timer = ui.visible(d, "#timer")
    assert f"{server.lesson['durationMinutes']} min" in timer.text
    if server.lesson.get("optionalMinutes"):
        assert f"(+ {server.lesson['optionalMinutes']} min pour aller plus loin)" in ui.norm(timer.text)
    progress = ui.visible(d, "#progress-text")
    assert progress.text.startswith("0/")


def test_name_is_required_and_rendered_as_text(server, scenario, browser):
    d = browser.driver
    d.get(server.base + "/")
    ui.visible(d, "#learner-name-input")
    ui.click(d, ".register-form button[type=submit]")
    assert "Indiquez votre nom" in ui.visible(d, "#register-error").text
    # A name that looks like HTML stays text everywhere.
    name = "<b>Zoé</b> & Cie " + secrets.token_hex(2)
    ui.register(d, server, name)
    assert ui.css(d, "#learner-name").text == name
    assert not d.find_elements(By.CSS_SELECTOR, "#learner-name b")


def test_unknown_token_brings_back_the_name_form(server, scenario, browser):
    d = browser.driver
    browser.allow_console(r"/api/(me|environment).* 401")
    d.get(server.base + "/")
    ui.visible(d, "#learner-name-input")
    d.execute_script(
        "localStorage.setItem(arguments[0], JSON.stringify({id: 'aaaaaaaaaaaa', name: 'Fantôme', token: 'jeton-inconnu'}))",
        ui.STORAGE_KEY)
    d.get(server.base + "/?etape=" + server.lesson["steps"][1]["id"])
    notice = ui.visible(d, ".register .notice")
    assert "ne reconnaît plus votre session" in notice.text
    assert ui.stored_learner(d) is None
    # Registering again goes straight back to the step of the URL.
    field = ui.css(d, "#learner-name-input")
    field.send_keys(unique("Revenant"), Keys.ENTER)
    ui.click(d, "#resume-code-continue")  # the resume code, shown once
    ui.wait_step(d, server.lesson["steps"][1]["id"])


def test_change_learner_keeps_the_old_one_until_a_new_name_is_saved(server, scenario, browser):
    d = browser.driver
    first = ui.register(d, server, unique("Paul"))
    ui.click(d, "#change-learner")
    ui.visible(d, "#learner-name-input")
    assert "Changer d'apprenant" in ui.css(d, "h1").text
    ui.click(d, ".register .form-actions .button:not(.primary)")  # Annuler
    ui.visible(d, ".start-card")
    assert ui.stored_learner(d)["id"] == first["id"]
    ui.click(d, "#change-learner")
    second_name = unique("Jeanne")
    ui.css(d, "#learner-name-input").send_keys(second_name, Keys.ENTER)
    ui.wait(d).until(lambda drv: (ui.stored_learner(drv) or {}).get("name") == second_name)
    assert ui.stored_learner(d)["id"] != first["id"]
    ui.click(d, "#resume-code-continue")  # the resume code, shown once
    ui.text_in(d, "#learner-name", second_name)


# --------------------------------------------------------------------------- vérifications


def test_check_fails_with_hint_then_passes_and_survives_reload(server, scenario, browser):
    d = browser.driver
    lesson = server.lesson
    step = server.failing_step()
    learner = ui.register(d, server, unique("Karim"))
    ui.start_lesson(d)
    ui.open_step(d, server, step["id"])

    # Before any run: one line per check of the lesson, not yet verified.
    items = ui.css_all(d, ".check-list .check")
    assert [i.get_attribute("data-check") for i in items] == [c["id"] for c in step["checks"]]
    region = ui.css(d, ".check-results")
    assert region.get_attribute("aria-live") == "polite"

    # Failing scenario: ❌ with the server's French message and the hint under the failed check.
    scenario(ui.FAILING_SCENARIO)
    ui.click(d, ".verify .verify-button")
    ui.wait(d, 30).until(lambda drv: drv.find_elements(By.CSS_SELECTOR, ".check-list .check-failed, .check-list .check-error"))
    ui.wait(d).until(lambda drv: drv.find_element(By.CSS_SELECTOR, ".verify .verify-button").is_enabled())
    failed = ui.css_all(d, ".check-list .check-failed")
    assert failed, "the failing scenario should fail at least one check of " + step["id"]
    last_run = server.api("GET", "/api/me", token=learner["token"])["lessons"][ui.LESSON_ID]["steps"][step["id"]]["lastRun"]
    assert last_run and last_run["passed"] is False
    by_id = {c["id"]: c for c in last_run["checks"]}
    specs = {c["id"]: c for c in step["checks"]}
    hints_shown = 0
    for item in failed:
        check_id = item.get_attribute("data-check")
        assert ui.norm(by_id[check_id]["message"]) in ui.norm(item.find_element(By.CSS_SELECTOR, ".check-message").text)
        if specs[check_id].get("hint"):
            # The lesson's hint for this check, shown under it.
            hint = item.find_element(By.CSS_SELECTOR, ".check-hint")
            assert hint.is_displayed() and ui.norm(specs[check_id]["hint"]) in ui.norm(hint.text)
            hints_shown += 1
    assert hints_shown, "no hint was shown under a failed check"
    assert "❌" in failed[0].find_element(By.CSS_SELECTOR, ".check-icon").text
    assert ui.step_status_in_nav(d, step["id"]) != "passed"
    ui.screenshot(d, "learner-step-failed-1280")

    # Passing scenario: every check ✅, step validated, sidebar and progress bar updated.
    scenario(ui.PASSING_SCENARIO)
    ui.click(d, ".verify .verify-button")
    ui.text_in(d, ".check-summary", "Étape validée", timeout=30)
    assert len(ui.css_all(d, ".check-list .check-passed")) == len(step["checks"])
    assert not ui.css_all(d, ".check-list .check-hint")
    ui.wait(d).until(lambda drv: ui.step_status_in_nav(drv, step["id"]) == "passed")
    checkable = [s for s in lesson["steps"] if s.get("checks") or s.get("quiz")]
    assert ui.css(d, "#progress-text").text.startswith(f"1/{len(checkable)}")

    # Reload: everything comes back from the server (step status, last results, progress).
    d.refresh()
    ui.wait_step(d, step["id"])
    assert ui.step_status_in_nav(d, step["id"]) == "passed"
    assert len(ui.css_all(d, ".check-list .check-passed")) == len(step["checks"])
    assert "Étape validée" in ui.css(d, ".check-summary").text
    assert ui.css(d, "#progress-text").text.startswith(f"1/{len(checkable)}")
    assert ui.css(d, "#learner-name").text == learner["name"]


def test_solution_hidden_until_asked(server, scenario, browser):
    d = browser.driver
    step = next(s for s in server.lesson["steps"] if s.get("solution"))
    ui.register(d, server, unique("Inès"))
    ui.open_step(d, server, step["id"])
    panel = ui.css(d, "#solution-panel")
    assert not panel.is_displayed()
    toggle = ui.css(d, ".solution-toggle")
    assert toggle.text == "Voir la solution" and toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    ui.wait(d).until(lambda drv: drv.find_element(By.ID, "solution-panel").is_displayed())
    assert toggle.get_attribute("aria-expanded") == "true"
    token = ui.stored_learner(d)["token"]
    html = server.api("GET", f"/api/lessons/{ui.LESSON_ID}/steps/{step['id']}/solution", token=token)["html"]
    assert html.strip(), "empty solution"
    assert panel.text.strip(), "solution not rendered"
    toggle.click()
    ui.wait(d).until(lambda drv: not drv.find_element(By.ID, "solution-panel").is_displayed())


def test_step_without_checks_has_no_verify_button(server, scenario, browser):
    d = browser.driver
    last = server.lesson["steps"][-1]
    assert not last.get("checks") and not last.get("quiz"), "the last step (conclusion) is expected to have no checks"
    ui.register(d, server, unique("Hugo"))
    ui.open_step(d, server, last["id"])
    assert not ui.css_all(d, ".verify-button")
    assert ui.css_all(d, ".completion")


# --------------------------------------------------------------------------- presse-papiers


def test_copy_button_copies_code(server, scenario, browser):
    d = browser.driver
    ui.register(d, server, unique("Lina"))
    d.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": server.base, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    step = server.lesson["steps"][0]
    ui.open_step(d, server, step["id"])
    blocks = ui.css_all(d, ".step-text .code-block")
    assert blocks, "no code block in the first step"
    # Every command block gets a copy button; expected-output blocks (`pre.output`) do not.
    output = ":is(.output, .lesson-output)"
    assert len(ui.css_all(d, f".step-text pre:not({output})")) == len(blocks), "every command <pre> gets a copy button"
    assert not ui.css_all(d, f".step-text .code-block pre{output}")
    block = blocks[0]
    button = block.find_element(By.CSS_SELECTOR, ".copy-button")
    assert button.text == "Copier"
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    ui.wait(d).until(lambda drv: drv.execute_script("return arguments[0].textContent", button) == "Copié\u202f!")
    expected = block.find_element(By.CSS_SELECTOR, "pre").text.strip()
    copied = d.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "navigator.clipboard.readText().then(done, (e) => done('ERREUR ' + e));")
    assert copied.strip() == expected
    # The feedback goes away.
    ui.wait(d, 6).until(lambda drv: button.text == "Copier")


# --------------------------------------------------------------------------- URL, historique


def test_deep_link_back_and_forward(server, scenario, browser):
    d = browser.driver
    steps = server.lesson["steps"]
    ui.register(d, server, unique("Noé"))
    target = steps[5]
    ui.open_step(d, server, target["id"])  # deep link typed in the address bar
    assert ui.css(d, ".step-header .kicker").text.lower() == f"étape 6 sur {len(steps)}"
    assert ui.css(d, '.steps-item.current a').get_attribute("aria-current") == "step"

    ui.click(d, ".pager-link.next")
    ui.wait_step(d, steps[6]["id"])
    assert f"etape={steps[6]['id']}" in d.current_url
    ui.click(d, f'.steps-item[data-step="{steps[2]["id"]}"] a')
    ui.wait_step(d, steps[2]["id"])

    d.back()
    ui.wait_step(d, steps[6]["id"])
    d.back()
    ui.wait_step(d, target["id"])
    d.forward()
    ui.wait_step(d, steps[6]["id"])
    # The brand link leads back to the introduction, which Back leaves again.
    ui.click(d, "#brand")
    ui.visible(d, ".start-card")
    assert "etape=" not in d.current_url
    d.back()
    ui.wait_step(d, steps[6]["id"])


def test_unknown_step_says_so(server, scenario, browser):
    d = browser.driver
    browser.allow_console(r"steps/etape-inexistante .* 404")
    ui.register(d, server, unique("Max"))
    d.get(server.base + "/?etape=etape-inexistante")
    ui.text_in(d, ".step-content h1", "Étape introuvable")
    assert ui.css(d, ".error-panel").text.strip()


# --------------------------------------------------------------------------- quiz


def test_quiz_is_graded_by_the_server(server, scenario, browser):
    d = browser.driver
    step = quiz_step(server.lesson)
    questions = step["quiz"]
    ui.register(d, server, unique("Sacha"))
    ui.open_step(d, server, step["id"])
    fieldsets = ui.css_all(d, "form.quiz .quiz-question")
    assert [f.get_attribute("data-question") for f in fieldsets] == [q["id"] for q in questions]
    for q in questions:
        kind = "checkbox" if q.get("multiple") else "radio"
        inputs = ui.css_all(d, f'#quiz-{q["id"]} input')
        assert inputs and all(i.get_attribute("type") == kind for i in inputs)

    def answer(qid: str, choice_ids: list[str]) -> None:
        for inp in ui.css_all(d, f"#quiz-{qid} input"):
            want = inp.get_attribute("value") in choice_ids
            if inp.is_selected() != want:
                d.execute_script("arguments[0].scrollIntoView({block: 'center'})", inp)
                d.find_element(By.CSS_SELECTOR, f'label[for="{inp.get_attribute("id")}"]').click()

    # Everything right except the first question.
    wrong_q = questions[0]
    wrong_choice = next(c["id"] for c in wrong_q["choices"] if c["id"] not in wrong_q["answer"])
    answer(wrong_q["id"], [wrong_choice])
    for q in questions[1:]:
        answer(q["id"], q["answer"])
    ui.click(d, "form.quiz button[type=submit]")
    ui.text_in(d, ".quiz-section .check-summary", f"{len(questions) - 1} bonnes réponses sur {len(questions)}", timeout=30)
    assert "is-failed" in ui.css(d, f"#quiz-{wrong_q['id']}").get_attribute("class")
    for q in questions[1:]:
        assert "is-passed" in ui.css(d, f"#quiz-{q['id']}").get_attribute("class"), q["id"]
    verdict = ui.css(d, f"#quiz-{wrong_q['id']} .quiz-result")
    assert "Réponse incorrecte" in verdict.text
    if wrong_q.get("explanation"):
        # The server's per-question message is shown (graded there, never in the browser).
        assert verdict.find_elements(By.CSS_SELECTOR, ".quiz-explanation")
    assert ui.step_status_in_nav(d, step["id"]) != "passed"
    ui.screenshot(d, "learner-quiz-graded-1280")

    answer(wrong_q["id"], wrong_q["answer"])
    ui.click(d, "form.quiz button[type=submit]")
    ui.text_in(d, ".quiz-section .check-summary", "Toutes les réponses sont justes", timeout=30)
    ui.wait(d).until(lambda drv: ui.step_status_in_nav(drv, step["id"]) == "passed")


def test_quiz_answer_key_never_reaches_the_browser(server, scenario, browser):
    d = browser.driver
    step = quiz_step(server.lesson)
    learner = ui.register(d, server, unique("Yanis"))
    raw = server.api("GET", f"/api/lessons/{ui.LESSON_ID}/steps/{step['id']}", token=learner["token"], raw=True).decode()
    data = json.loads(raw)
    assert data["quiz"] and all("answer" not in q and "explanation" not in q for q in data["quiz"])


# --------------------------------------------------------------------------- observation en direct


def test_observation_panel_shows_the_cluster(server, scenario, browser):
    d = browser.driver
    step = next(s for s in server.lesson["steps"] if s.get("observe"))
    learner = ui.register(d, server, unique("Chloé"))
    ui.open_step(d, server, step["id"])
    panel = ui.visible(d, ".observe")
    assert "Observation en direct" in panel.text
    ui.text_in(d, ".observe-status", "Actualisé à", timeout=20)
    cluster = server.api("GET", f"/api/lessons/{ui.LESSON_ID}/cluster", token=learner["token"])
    if cluster.get("error"):
        ui.text_in(d, ".observe-error", cluster["error"]["message"])
    else:
        shown = sorted(p.get_attribute("data-pod") for p in ui.css_all(d, ".pod-strip .pod"))
        assert shown == sorted(p["name"] for p in cluster["pods"])
        assert len(ui.css_all(d, ".pvc-list .pvc")) == len(cluster["pvcs"])
    # It follows the cluster while the step is open (pushed by the live stream, polled without it)…
    server.append_scenario("sts-partial")  # postgres-2 crash-loops
    ui.wait(d, 30).until(lambda drv: any("pod-ready" not in p.get_attribute("class")
                                         for p in drv.find_elements(By.CSS_SELECTOR, ".pod-strip .pod")))
    # …and steps without `observe` have no panel.
    other = next(s for s in server.lesson["steps"] if not s.get("observe"))
    ui.open_step(d, server, other["id"])
    assert not ui.css_all(d, ".observe")
