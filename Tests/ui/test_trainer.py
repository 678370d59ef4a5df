"""End-to-end tests of the trainer dashboard against the real server."""
from __future__ import annotations

import csv
import io
import secrets

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.common.exceptions import TimeoutException

import atelier_ui as ui


def stuck_learner(server, scenario, name: str) -> dict:
    """A learner who started and failed the first checked step twice in a row (stuck threshold: 2)."""
    learner = server.new_learner(name)
    server.start(learner["token"])
    step = server.failing_step()
    server.api("GET", f"/api/lessons/{ui.LESSON_ID}/steps/{step['id']}", token=learner["token"])
    scenario(ui.FAILING_SCENARIO)
    for _ in range(2):
        result = server.check(learner["token"], step["id"])
        assert result["passed"] is False, result
    scenario(ui.PASSING_SCENARIO)
    return learner


def login(d, server, token=None):
    d.get(server.base + "/trainer")
    field = ui.visible(d, "#trainer-token")
    field.send_keys(token or server.trainer_token, Keys.ENTER)


def row(d, learner_id: str):
    return ui.css(d, f'#progress-matrix tbody tr[data-learner="{learner_id}"]')


def test_token_prompt_and_refusal(server, scenario, browser):
    d = browser.driver
    browser.allow_console(r"/api/progress.* 401")
    login(d, server, "mauvais-jeton")
    notice = ui.visible(d, ".notice.warning")
    assert "Jeton refusé" in notice.text
    assert d.execute_script("return sessionStorage.getItem('atelier.trainerToken')") is None
    ui.css(d, "#trainer-token").send_keys(server.trainer_token, Keys.ENTER)
    ui.visible(d, "#progress-matrix")
    assert d.execute_script("return sessionStorage.getItem('atelier.trainerToken')") == server.trainer_token
    # The token lives in the tab: a reload does not ask again.
    d.refresh()
    ui.visible(d, "#progress-matrix")
    assert not ui.css_all(d, "#trainer-token")


def test_matrix_shows_learners_stuck_flag_and_drilldown(server, scenario, browser):
    d = browser.driver
    lesson = server.lesson
    step = server.failing_step()
    stuck = stuck_learner(server, scenario, f"Bloquée {secrets.token_hex(3)}")
    fine = server.new_learner(f"<i>Tranquille</i> {secrets.token_hex(3)}")
    server.start(fine["token"])

    expected = {l["id"]: l for l in server.progress()["learners"]}
    assert expected[stuck["id"]]["stuck"] is True, expected[stuck["id"]]
    login(d, server)
    ui.visible(d, "#progress-matrix")
    ui.wait(d).until(lambda drv: drv.find_elements(By.CSS_SELECTOR, f'tr[data-learner="{stuck["id"]}"]'))

    # One column per step, in lesson order.
    heads = [th.get_attribute("data-step") for th in ui.css_all(d, "#progress-matrix thead th[data-step]")]
    assert heads == [s["id"] for s in lesson["steps"]]

    # The stuck learner is highlighted, with the server's reason and last failure message.
    r = row(d, stuck["id"])
    assert "stuck" in r.get_attribute("class").split()
    state = r.find_element(By.CSS_SELECTOR, ".col-state").text
    assert "Bloqué" in state
    assert ui.norm(expected[stuck["id"]]["stuckReason"]) in ui.norm(state)
    failure = expected[stuck["id"]]["lastFailure"]
    assert failure and failure["step"] == step["id"]
    shown_failure = r.find_element(By.CSS_SELECTOR, ".state-failure")
    assert shown_failure.get_attribute("title") == failure["message"]
    assert ui.norm(failure["message"])[:40] in ui.norm(shown_failure.text)
    cell = r.find_element(By.CSS_SELECTOR, f'td.cell[data-step="{step["id"]}"]')
    assert "❌ 2" in cell.text
    assert "cell-failing" in cell.get_attribute("class")

    # The other learner is not stuck; the name stays text.
    other = row(d, fine["id"])
    assert "stuck" not in other.get_attribute("class").split()
    assert other.find_element(By.CSS_SELECTOR, ".learner-button").text == fine["name"]

    # Class totals per step come from the server.
    totals = server.progress()["totals"][step["id"]]
    foot = ui.css(d, f'#progress-matrix tfoot td[data-step="{step["id"]}"]').text
    assert f"✅ {totals['passed']}" in foot and f"🆘 {totals['stuck']}" in foot

    # Drill-down with the attempt history.
    r.find_element(By.CSS_SELECTOR, ".learner-button").click()
    drawer = ui.visible(d, "#learner-drawer")
    ui.text_in(d, "#learner-drawer", "Historique des vérifications (2)")
    attempts = drawer.find_elements(By.CSS_SELECTOR, ".history > li")
    assert len(attempts) == 2 and all("attempt-ko" in a.get_attribute("class") for a in attempts)
    assert ui.norm(failure["message"]) in ui.norm(drawer.text)
    ui.screenshot(d, "trainer-dashboard-1280")

    # Auto-refresh (~5 s): the learner passes the step; the matrix follows, the drill-down stays open.
    d.execute_script("document.querySelector('.matrix-wrap').scrollLeft = 120")
    left = d.execute_script("return document.querySelector('.matrix-wrap').scrollLeft")
    before = ui.css(d, ".refresh-info").text
    assert server.check(stuck["token"], step["id"])["passed"] is True
    ui.wait(d, 20).until(lambda drv: "✅" in row(drv, stuck["id"]).find_element(
        By.CSS_SELECTOR, f'td.cell[data-step="{step["id"]}"]').text)
    assert ui.css(d, ".refresh-info").text != before
    assert "stuck" not in row(d, stuck["id"]).get_attribute("class").split()
    assert ui.css(d, "#learner-drawer").is_displayed()
    ui.text_in(d, "#learner-drawer", "Historique des vérifications (3)", timeout=20)
    assert d.execute_script("return document.querySelector('.matrix-wrap').scrollLeft") == left


def test_csv_download(server, scenario, make_browser):
    b = make_browser(downloads=True)
    d = b.driver
    learner = server.new_learner(f"Élève CSV {secrets.token_hex(3)}")
    server.start(learner["token"])
    login(d, server)
    ui.wait(d).until(lambda drv: drv.find_elements(By.CSS_SELECTOR, f'tr[data-learner="{learner["id"]}"]'))
    ui.click(d, "#csv-download")
    # The server names the file (lesson, and class when there are classes).
    target = b.download_dir / f"progression-{ui.LESSON_ID}.csv"
    # The download is finished when the file has its final name (Chromium writes *.crdownload first).
    try:
        ui.wait(d, 20).until(lambda _: target.exists())
    except TimeoutException:
        pass
    assert target.exists(), f"no {target.name} in {list(b.download_dir.iterdir())}"
    raw = target.read_bytes()
    expected = server.api("GET", f"/api/progress.csv?lesson={ui.LESSON_ID}", token=server.trainer_token, raw=True)
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["learner_id", "name", "step", "status", "attempts", "first_viewed_at",
                       "passed_at", "time_spent_seconds", "last_failure"]
    mine = [r for r in rows[1:] if r and r[0] == learner["id"]]
    assert mine and all(r[1] == learner["name"] for r in mine)
    # Same rows as the API answers (the browser did not alter the file).
    api_rows = list(csv.reader(io.StringIO(expected.decode("utf-8-sig"))))
    assert rows[0] == api_rows[0]
    assert sorted((r[0], r[2]) for r in rows[1:] if r) == sorted((r[0], r[2]) for r in api_rows[1:] if r)


def test_dashboard_fits_1366_and_refresh_keeps_focus_and_pointer(server, scenario, make_browser):
    from selenium.webdriver.common.action_chains import ActionChains

    d = make_browser(width=1366, height=768).driver
    lesson_steps = server.api("GET", f"/api/lessons/{ui.LESSON_ID}")["steps"]
    unchecked = [s["id"] for s in lesson_steps if not s.get("checkCount") and not s.get("hasQuiz")]
    assert unchecked, "the lesson is expected to have a step without checks (the conclusion)"
    step = server.failing_step()
    walker = server.new_learner(f"Marie-Charlotte de La Tour d'Auvergne {secrets.token_hex(3)}")
    server.start(walker["token"])
    for s in lesson_steps:  # views every step, the conclusion included
        server.api("GET", f"/api/lessons/{ui.LESSON_ID}/steps/{s['id']}", token=walker["token"])
    watched = stuck_learner(server, scenario, f"Observée {secrets.token_hex(3)}")

    login(d, server)
    ui.wait(d).until(lambda drv: drv.find_elements(By.CSS_SELECTOR, f'tr[data-learner="{walker["id"]}"]'))

    # The id is in the drill-down, not under each name.
    assert not ui.css_all(d, "#progress-matrix .learner-id")
    assert walker["id"] not in ui.css(d, "#progress-matrix tbody").text
    # A step without checks shows « — », never « en cours ».
    for step_id in unchecked:
        cell = row(d, walker["id"]).find_element(By.CSS_SELECTOR, f'td.cell[data-step="{step_id}"]')
        assert cell.text.strip().startswith("—"), (step_id, cell.text)
        assert "en cours" not in cell.get_attribute("title")

    # Drill-down open (the narrowest matrix): the state column and the learner column stay visible
    # at both ends of the horizontal scroll.
    ui.click(d, f'#progress-matrix .learner-button[data-learner="{walker["id"]}"]')
    ui.text_in(d, "#learner-drawer", walker["id"])
    wrap = ui.css(d, ".matrix-wrap")
    for end in ("0", "arguments[0].scrollWidth"):
        d.execute_script(f"arguments[0].scrollLeft = {end}", wrap)
        box = d.execute_script("return arguments[0].getBoundingClientRect().toJSON()", wrap)
        for selector in (f'tr[data-learner="{walker["id"]}"] .col-state', f'tr[data-learner="{walker["id"]}"] .col-name'):
            r = d.execute_script("return arguments[0].getBoundingClientRect().toJSON()", ui.css(d, selector))
            assert r["left"] >= box["left"] - 1 and r["right"] <= box["right"] + 1, (selector, end, r, box)
    assert d.execute_script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    ui.screenshot(d, "trainer-dashboard-1366", full_page=False)

    # Focus on a name and the pointer on a cell that is about to change: the refresh keeps both elements.
    d.execute_script("arguments[0].scrollLeft = 0", wrap)
    button = ui.css(d, f'#progress-matrix .learner-button[data-learner="{walker["id"]}"]')
    d.execute_script("arguments[0].focus(); arguments[0].__probe = true", button)
    cell = row(d, watched["id"]).find_element(By.CSS_SELECTOR, f'td.cell[data-step="{step["id"]}"]')
    d.execute_script("arguments[0].scrollIntoView({block: 'nearest', inline: 'nearest'}); arguments[0].__probe = true", cell)
    ActionChains(d).move_to_element(cell).perform()  # the pointer rests on the cell's centre
    order = lambda: d.execute_script(  # noqa: E731
        "return [...document.querySelectorAll('#progress-matrix tbody tr')].map((tr) => tr.dataset.learner)")
    before = order()
    assert "❌" in cell.text
    assert server.check(watched["token"], step["id"])["passed"] is True
    ui.wait(d, 20).until(lambda drv: "✅" in cell.text)
    # Same element, updated in place; no row jumped while the pointer is on the matrix (the watched
    # learner is no longer stuck, which would move the row up top in a fresh sort).
    assert d.execute_script("return arguments[0].isConnected && arguments[0].__probe === true", cell), \
        "the cell under the pointer was replaced"
    assert order() == before, "rows moved under the pointer"
    assert d.execute_script("return document.activeElement.__probe === true && document.activeElement.dataset.learner === arguments[0]",
                            walker["id"]), "the refresh moved the focus"


def test_drilldown_keeps_focus_across_refreshes(server, scenario, browser):
    d = browser.driver
    learner = stuck_learner(server, scenario, f"Suivie {secrets.token_hex(3)}")
    login(d, server)
    ui.click(d, f'#progress-matrix .learner-button[data-learner="{learner["id"]}"]')
    ui.text_in(d, "#learner-drawer", "Historique des vérifications (2)")
    close = ui.css(d, "#learner-drawer .drawer-close")
    d.execute_script("arguments[0].focus(); arguments[0].__probe = true", close)
    before = d.execute_script(
        "return performance.getEntriesByType('resource').filter((e) => e.name.includes(arguments[0])).length",
        f"/api/progress/{learner['id']}")
    # A new attempt changes the drawer's content; two refreshes go by.
    server.check(learner["token"], server.failing_step()["id"])
    ui.text_in(d, "#learner-drawer", "Historique des vérifications (3)", timeout=20)
    ui.wait(d, 20).until(lambda drv: drv.execute_script(
        "return performance.getEntriesByType('resource').filter((e) => e.name.includes(arguments[0])).length",
        f"/api/progress/{learner['id']}") >= before + 2)
    assert d.execute_script("return document.activeElement.__probe === true"), "the drill-down lost the focus"
