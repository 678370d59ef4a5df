"""Main screens at 1280 px and 360 px, light and dark: screenshots under artifacts/screenshots/,
no horizontal overflow on a phone, no console error."""
from __future__ import annotations

import secrets

import pytest
from selenium.webdriver.common.by import By

import atelier_ui as ui


@pytest.mark.parametrize("width,dark", [(1280, False), (1280, True), (360, False), (360, True)],
                         ids=["1280-light", "1280-dark", "360-light", "360-dark"])
def test_main_screens(server, scenario, make_browser, width, dark):
    b = make_browser(width=width, height=900 if width > 600 else 780, dark=dark)
    d = b.driver
    suffix = f"{width}-{'dark' if dark else 'light'}"
    assert d.execute_script("return matchMedia('(prefers-color-scheme: dark)').matches") is dark

    def no_overflow(where: str) -> None:
        overflow = d.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{where}: page wider than the {width} px screen by {overflow} px"

    d.get(server.base + "/")
    ui.visible(d, "#learner-name-input")
    no_overflow("name form")
    ui.screenshot(d, f"01-inscription-{suffix}")

    learner = ui.register(d, server, f"Camille {secrets.token_hex(2)}")
    ui.text_in(d, ".env-status", "Ready!", timeout=30)
    no_overflow("introduction")
    ui.screenshot(d, f"02-introduction-{suffix}")
    ui.start_lesson(d)

    step = server.failing_step()
    ui.open_step(d, server, step["id"])
    scenario(ui.FAILING_SCENARIO)
    ui.click(d, ".verify .verify-button")
    ui.wait(d, 30).until(lambda drv: drv.find_elements(By.CSS_SELECTOR, ".check-list .check-failed, .check-list .check-error"))
    no_overflow("step")
    ui.screenshot(d, f"03-etape-verification-{suffix}")
    scenario(ui.PASSING_SCENARIO)

    quiz = next(s for s in server.lesson["steps"] if s.get("quiz"))
    ui.open_step(d, server, quiz["id"])
    no_overflow("quiz")
    ui.screenshot(d, f"05-quiz-{suffix}")

    d.get(server.base + "/trainer")
    ui.visible(d, "#trainer-token").send_keys(server.trainer_token + "\n")
    ui.visible(d, "#progress-matrix tbody tr[data-learner]")
    ui.click(d, f'#progress-matrix .learner-button[data-learner="{learner["id"]}"]')
    ui.visible(d, "#learner-drawer .history > li")
    no_overflow("trainer dashboard")
    ui.screenshot(d, f"06-formateur-{suffix}")

    observe = next(s for s in server.lesson["steps"] if s.get("observe"))
    ui.open_step(d, server, observe["id"])
    ui.text_in(d, ".observe-status", "Actualisé à", timeout=20)
    no_overflow("observation")
    ui.screenshot(d, f"04-observation-{suffix}")
