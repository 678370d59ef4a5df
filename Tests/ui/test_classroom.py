"""Issue 14 in the browser: resume codes, classes, the Excel export, the dashboard at 1366 px with classes."""
from __future__ import annotations

import csv
import io
import re
import secrets

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

import atelier_ui as ui
from test_typography import assert_clean


def unique(name: str) -> str:
    return f"{name} {secrets.token_hex(3)}"


@pytest.fixture(scope="module")
def classroom(tmp_path_factory):
    """A server of its own: classes change the dashboard's default for every later test of the session."""
    srv = ui.start_server(tmp_path_factory.mktemp("classroom"))
    try:
        yield srv
    finally:
        ui.stop_server(srv)


def register_with_code(d, server, name: str, class_code: str | None = None, axe: bool = False) -> tuple[str, dict]:
    """Registers through the form; returns the resume code shown once, and the stored learner."""
    d.get(server.base + "/")
    ui.visible(d, "#learner-name-input").send_keys(name)
    if class_code:
        ui.css(d, "#class-code-input").send_keys(class_code)
    ui.click(d, ".register-form button[type=submit]")
    code = ui.visible(d, "#resume-code").text.strip()
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", code), code
    assert d.switch_to.active_element.tag_name == "h1", "the code screen takes the focus"
    assert_clean(d, "resume code screen")
    if axe:
        violations = ui.axe_violations(d)
        assert not violations, [(v["id"], v.get("help")) for v in violations]
    ui.click(d, "#resume-code-continue")
    ui.visible(d, ".start-card")
    return code, ui.stored_learner(d)


def login(d, server):
    d.get(server.base + "/trainer")
    ui.visible(d, "#trainer-token").send_keys(server.trainer_token, Keys.ENTER)
    ui.visible(d, "#progress-matrix")


def test_resume_code_brings_the_learner_back_in_another_browser(server, scenario, make_browser):
    first_b = make_browser()
    first_b.allow_console(r"/api/.* 401")  # its token is replaced by the resume below
    first = first_b.driver
    name = unique("Reprise")
    code, learner = register_with_code(first, server, name)
    server.start(learner["token"])

    # Another browser (another computer): « Reprendre ma progression ».
    other = make_browser()
    other.allow_console(r"/api/learners/resume.* 404")
    d = other.driver
    d.get(server.base + "/")
    toggle = ui.visible(d, "#resume-toggle")
    assert toggle.text == "Reprendre ma progression"
    assert not ui.css(d, "#resume-form").is_displayed()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    field = ui.visible(d, "#resume-code-input")
    assert d.switch_to.active_element == field
    # A wrong code: a French message next to the field, nothing stored.
    field.send_keys("ZZZZ-ZZZZ-ZZZZ", Keys.ENTER)
    error = ui.text_in(d, "#resume-code-input-error", "Code de reprise inconnu")
    assert "\u00a0:" in error.get_attribute("textContent"), "French spacing"
    assert field.get_attribute("aria-invalid") == "true"
    assert ui.stored_learner(d) is None
    assert_clean(d, "resume form with its error")
    # The right code, typed as people type it.
    field.clear()
    field.send_keys(code.lower().replace("-", " "), Keys.ENTER)
    ui.wait(d).until(lambda drv: ui.stored_learner(drv) is not None)
    resumed = ui.stored_learner(d)
    assert resumed["id"] == learner["id"] and resumed["name"] == name and resumed["token"] != learner["token"]
    ui.text_in(d, "#learner-name", name)
    me = server.api("GET", "/api/me", token=resumed["token"])
    assert me["lessons"][ui.LESSON_ID]["startedAt"], "the progress came back"
    ui.screenshot(d, "resume-code-back")

    # The first browser's token was replaced: it says so and offers the code again.
    first_browser = first
    first_browser.refresh()
    notice = ui.visible(first_browser, ".register .notice")
    assert "ne reconnaît plus votre session" in notice.text and "code de reprise" in notice.text
    assert ui.stored_learner(first_browser) is None
    assert ui.css(first_browser, "#resume-toggle").is_displayed()


def test_registration_with_a_class_code_and_the_dashboard_of_the_class(classroom, make_browser):
    server = classroom
    trainer = make_browser(width=1366, height=768)
    t = trainer.driver
    login(t, server)
    # No class yet: no selector, today's dashboard.
    assert not ui.css_all(t, "#class-select")
    before = server.new_learner(unique("Sans classe"))

    # The trainer creates the class from the dashboard.
    ui.css(t, "#new-class-name").send_keys("Groupe B — jeudi", Keys.ENTER)
    message = ui.text_in(t, "#class-message", "créée")
    code = ui.visible(t, "#class-code").text.strip()
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}", code), code
    assert code in message.text
    assert_clean(t, "dashboard with its class bar")
    # The class is shown (and empty): the learner without class is under « Sans classe ».
    ui.wait(t).until(lambda drv: not drv.find_elements(By.CSS_SELECTOR, f'tr[data-learner="{before["id"]}"]'))
    assert Select(ui.css(t, "#class-select")).first_selected_option.text.startswith("Groupe B — jeudi")

    # A learner joins with the code (lower case, as typed from the board).
    learner_browser = make_browser()
    learner_browser.allow_console(r"/api/learners.* 400")
    d = learner_browser.driver
    d.get(server.base + "/")
    ui.visible(d, "#learner-name-input").send_keys(unique("Mauvais code"))
    ui.css(d, "#class-code-input").send_keys("ZZZZ-ZZ", Keys.ENTER)
    ui.text_in(d, "#class-code-input-error", "Code de classe inconnu")
    assert ui.css(d, "#class-code-input").get_attribute("aria-invalid") == "true"
    name = unique("Inscrite")
    resume_code, learner = register_with_code(d, server, name, code.lower(), axe=True)
    assert resume_code
    ui.wait(t, 20).until(lambda drv: drv.find_elements(By.CSS_SELECTOR, f'tr[data-learner="{learner["id"]}"]'))
    # Everyone, then the learners of no class.
    Select(ui.css(t, "#class-select")).select_by_value("all")
    ui.wait(t, 20).until(lambda drv: drv.find_elements(By.CSS_SELECTOR, f'tr[data-learner="{before["id"]}"]'))
    assert "classe=all" in t.current_url
    Select(ui.css(t, "#class-select")).select_by_value("none")
    ui.wait(t, 20).until(lambda drv: not drv.find_elements(By.CSS_SELECTOR, f'tr[data-learner="{learner["id"]}"]'))
    assert t.find_elements(By.CSS_SELECTOR, f'tr[data-learner="{before["id"]}"]')
    # Back to the class; at 1366 px the class bar, the buttons and the matrix fit without page scroll.
    class_id = server.api("GET", "/api/classes", token=server.trainer_token)["classes"][0]["id"]
    Select(ui.css(t, "#class-select")).select_by_value(class_id)
    ui.wait(t, 20).until(lambda drv: drv.find_elements(By.CSS_SELECTOR, f'tr[data-learner="{learner["id"]}"]'))
    assert t.execute_script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    for selector in ("#excel-download", "#csv-download", "#archive-class", "#class-select"):
        r = t.execute_script("return arguments[0].getBoundingClientRect().toJSON()", ui.css(t, selector))
        assert r["right"] <= 1366 and r["width"] > 0, (selector, r)
    ui.screenshot(t, "trainer-classes-1366", full_page=False)
    violations = ui.axe_violations(t)
    assert not violations, [(v["id"], v.get("help"), v.get("targets")) for v in violations]

    # The learner lost the code: the trainer issues a new one from the drill-down.
    ui.click(t, f'#progress-matrix .learner-button[data-learner="{learner["id"]}"]')
    ui.text_in(t, "#learner-drawer", learner["id"])
    ui.click(t, "#reissue-code")
    t.switch_to.alert.accept()
    fresh = ui.visible(t, "#reissued-code").text.strip()
    assert fresh != resume_code
    assert_clean(t, "drill-down with a new resume code")
    with pytest.raises(ui.ApiError) as refused:
        server.api("POST", "/api/learners/resume", {"code": resume_code})
    assert refused.value.status == 404
    assert server.api("POST", "/api/learners/resume", {"code": fresh})["id"] == learner["id"]
    # The code stays shown across the automatic refreshes.
    ui.wait(t, 20).until(lambda drv: drv.execute_script(
        "return performance.getEntriesByType('resource').filter((e) => e.name.includes(arguments[0])).length",
        f"/api/progress/{learner['id']}") >= 3)
    assert ui.css(t, "#reissued-code").text.strip() == fresh

    # Archiving: confirmed, the code no longer admits anyone.
    ui.click(t, "#archive-class")
    t.switch_to.alert.accept()
    ui.text_in(t, "#class-message", "archivée")
    with pytest.raises(ui.ApiError) as late:
        server.api("POST", "/api/learners", {"name": "Retard", "classCode": code})
    assert late.value.status == 400


def test_excel_button_downloads_the_french_csv(server, scenario, make_browser):
    b = make_browser(downloads=True)
    d = b.driver
    learner = server.new_learner(unique("Élève Excel"))
    server.start(learner["token"])
    step = server.lesson["steps"][0]["id"]
    server.api("GET", f"/api/lessons/{ui.LESSON_ID}/steps/{step}", token=learner["token"])
    assert server.check(learner["token"], step)["passed"] is True
    login(d, server)
    ui.wait(d).until(lambda drv: drv.find_elements(By.CSS_SELECTOR, f'tr[data-learner="{learner["id"]}"]'))
    button = ui.css(d, "#excel-download")
    assert button.text == "⬇️ Exporter pour Excel"
    button.click()
    try:
        ui.wait(d, 20).until(lambda _: [p for p in b.download_dir.iterdir() if p.suffix == ".csv"])
    except TimeoutException:
        pass
    files = [p for p in b.download_dir.iterdir() if p.suffix == ".csv"]
    assert len(files) == 1, list(b.download_dir.iterdir())
    assert re.fullmatch(rf"progression-{ui.LESSON_ID}-excel-[A-Za-z0-9_-]+\.csv", files[0].name), files[0].name
    raw = files[0].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM for Excel"
    text = raw.decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:5] == ["Identifiant", "Nom", "Étape", "Statut", "Tentatives"]
    assert rows[0][5].startswith("Première visite (") and rows[0][7] == "Temps passé (h:mm:ss)"
    mine = [r for r in rows[1:] if r and r[0] == learner["id"]]
    titles = [s["title"] for s in server.api("GET", f"/api/lessons/{ui.LESSON_ID}")["steps"]]
    assert [r[2] for r in mine] == titles, "step titles, in order"
    assert mine[0][3] == "Validée" and re.fullmatch(r"\d+:\d\d:\d\d", mine[0][7]), mine[0]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", mine[0][6]), mine[0]
    assert {r[3] for r in mine} <= {"Validée", "En cours", "Pas commencée", "—"}
    # Same bytes as the API's (the browser did not alter the file).
    expected = server.api("GET", f"/api/progress.csv?lesson={ui.LESSON_ID}&format=excel", token=server.trainer_token, raw=True)
    assert [r for r in csv.reader(io.StringIO(expected.decode("utf-8-sig")), delimiter=";") if r and r[0] == learner["id"]] == mine
