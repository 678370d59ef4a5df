"""axe-core (WCAG 2.1 A/AA rules) on every page of the app, light and dark, in the default state and
with the pointer on the page's main control (hover colours are where contrast slipped before).
axe's JavaScript comes from a PyPI package that bundles it (Tests/ui/requirements.txt) and is injected
by WebDriver; the page's CSP is untouched."""
from __future__ import annotations

import secrets

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

import atelier_ui as ui


def audit(d, page: str, hover: str | None, found: dict) -> None:
    """Runs axe on the page as it is, then with the pointer on `hover` (if present)."""
    found[f"{page}"] = ui.axe_violations(d)
    targets = [e for e in ui.css_all(d, hover) if e.is_displayed()] if hover else []
    if targets:
        d.execute_script("arguments[0].scrollIntoView({block: 'center'})", targets[0])
        ActionChains(d).move_to_element(targets[0]).perform()
        found[f"{page} (hover {hover})"] = ui.axe_violations(d)
        ActionChains(d).move_by_offset(0, 0).perform()


@pytest.mark.parametrize("width,dark", [(1280, False), (1280, True), (360, False), (360, True)],
                         ids=["1280-light", "1280-dark", "360-light", "360-dark"])
def test_axe_finds_no_violation_on_any_page(server, scenario, make_browser, width, dark):
    d = make_browser(width=width, height=900 if width > 600 else 780, dark=dark).driver
    found: dict[str, list] = {}

    d.get(server.base + "/")
    ui.visible(d, "#learner-name-input")
    audit(d, "inscription", ".register-form .button.primary", found)
    ui.click(d, ".register-form button[type=submit]")
    ui.visible(d, "#register-error")
    audit(d, "inscription (erreur)", None, found)
    ui.click(d, "#resume-toggle")
    ui.visible(d, "#resume-code-input")
    audit(d, "inscription (reprise avec un code)", "#resume-form .button.primary", found)

    learner = ui.register(d, server, f"Axe {secrets.token_hex(2)}")
    ui.text_in(d, ".env-status", "Ready!", timeout=30)
    audit(d, "introduction", ".start-button", found)
    ui.start_lesson(d)

    step = server.failing_step()
    ui.open_step(d, server, step["id"])
    audit(d, "étape", ".verify-button", found)
    scenario(ui.FAILING_SCENARIO)
    ui.click(d, ".verify .verify-button")
    ui.wait(d, 30).until(lambda drv: drv.find_elements(By.CSS_SELECTOR, ".check-list .check-failed"))
    audit(d, "étape (échec)", ".check-hint", found)
    scenario(ui.PASSING_SCENARIO)
    ui.click(d, ".verify .verify-button")
    ui.text_in(d, ".check-summary", "Étape validée", timeout=30)
    audit(d, "étape (validée)", ".next-inline", found)
    ui.click(d, ".solution-toggle")
    ui.wait(d).until(lambda drv: drv.find_element(By.ID, "solution-panel").is_displayed())
    audit(d, "étape (solution)", ".solution-panel .copy-button", found)

    ui.submit_wrong_quiz(d, server)
    audit(d, "quiz (corrigé)", ".quiz-choice label", found)

    observe = next(s for s in server.lesson["steps"] if s.get("observe"))
    ui.open_step(d, server, observe["id"])
    ui.text_in(d, ".observe-status", "Actualisé à", timeout=20)
    audit(d, "observation", ".pager-link", found)
    scenario("unreachable-refused")
    ui.visible(d, ".observe-error", timeout=30)
    audit(d, "observation (cluster injoignable)", None, found)
    scenario(ui.PASSING_SCENARIO)

    ui.open_step(d, server, server.lesson["steps"][-1]["id"])
    audit(d, "conclusion", ".steps-item a", found)

    d.get(server.base + "/trainer")
    ui.visible(d, "#trainer-token")
    audit(d, "formateur (jeton)", ".token-form .button.primary", found)
    ui.css(d, "#trainer-token").send_keys(server.trainer_token, Keys.ENTER)
    ui.visible(d, "#progress-matrix tbody tr[data-learner]")
    audit(d, "tableau de bord", ".learner-button", found)
    ui.click(d, f'#progress-matrix .learner-button[data-learner="{learner["id"]}"]')
    ui.visible(d, "#learner-drawer .history > li")
    audit(d, "tableau de bord (détail)", ".drawer-close", found)

    version = d.execute_script("return axe.version")
    report = {page: v for page, v in found.items() if v}
    print(f"axe-core {version} at {width} px {'dark' if dark else 'light'}: {len(found)} states audited, "
          f"{sum(len(v) for v in report.values())} violations")
    assert not report, "axe-core violations:\n" + "\n".join(
        f"- {page}: {v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["targets"][:5])
        for page, vs in report.items() for v in vs)
