"""Prints the accessibility figures of the browser app (not a test: a measurement to compare two trees).

    ATELIER_BIN=.build/debug/atelier KUBECTL_STANDIN=.build/debug/kubectl-standin \\
      [ATELIER_UI_PUBLIC_DIR=/tmp/before/public] .venv/bin/python Tests/ui/measure_a11y.py

- Tab stops before « Vérifier » on the StatefulSet step (1280 px), and before « Réessayer » on the
  introduction at 360 px;
- mutations inside live regions over 10 s with an unchanged state: introduction while the environment
  is not ready, an observed step while the cluster is unreachable, the trainer dashboard;
- axe-core violations (WCAG 2.1 A/AA) per page, light and dark.
"""
from __future__ import annotations

import secrets
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import atelier_ui as ui  # noqa: E402

NOT_READY = "unreachable-refused"
UNREACHABLE = "unreachable-refused"


def login_learner(d, server, learner):
    d.get(server.base + "/")
    d.execute_script("localStorage.setItem(arguments[0], JSON.stringify(arguments[1]))", ui.STORAGE_KEY,
                     {"id": learner["id"], "name": learner["name"], "token": learner["token"]})


def live_over(d, seconds=10.0):
    ui.start_live_count(d)
    time.sleep(seconds)  # a measurement window, not a synchronisation
    return ui.live_count(d)


def main():
    tmp = Path(tempfile.mkdtemp(prefix="atelier-measure-"))
    server = ui.start_server(tmp)
    try:
        learner = server.new_learner(f"Mesure {secrets.token_hex(2)}")
        server.start(learner["token"])
        sts = next(s for s in server.lesson["steps"] if s["id"] == "statefulset")
        observe = next(s for s in server.lesson["steps"] if s.get("observe"))
        d = ui.make_driver(1280, 900)
        try:
            login_learner(d, server, learner)
            ui.open_step(d, server, sts["id"])
            ui.visible(d, ".verify-button")
            print(f"tab stops before « Vérifier » (step {sts['id']}, 1280 px): {ui.tab_stops_before(d, '.verify-button')}")

            server.set_scenario(NOT_READY)
            d.get(server.base + "/")
            ui.visible(d, ".start-card")
            ui.wait(d, 30).until(lambda drv: "Ready" not in drv.find_element(ui.By.CSS_SELECTOR, ".env-status").text
                                 and drv.find_elements(ui.By.CSS_SELECTOR, ".env-checks li"))
            print(f"live-region mutations, introduction, environment not ready, 10 s: {len(live_over(d))}")

            server.set_scenario(UNREACHABLE)
            ui.open_step(d, server, observe["id"])
            ui.visible(d, ".observe-error", timeout=30)
            print(f"live-region mutations, observed step, cluster unreachable, 10 s: {len(live_over(d))}")
            server.set_scenario(ui.PASSING_SCENARIO)

            d.get(server.base + "/trainer")
            ui.visible(d, "#trainer-token").send_keys(server.trainer_token + "\n")
            ui.visible(d, "#progress-matrix tbody tr[data-learner]")
            print(f"live-region mutations, trainer dashboard, 10 s: {len(live_over(d))}")
        finally:
            d.quit()

        phone = ui.make_driver(360, 780)
        try:
            server.set_scenario(NOT_READY)
            login_learner(phone, server, learner)
            phone.get(server.base + "/")
            retry = ".start-card .button:not(.primary)"
            ui.wait(phone, 30).until(lambda drv: any(b.is_displayed() for b in drv.find_elements(ui.By.CSS_SELECTOR, retry)))
            print(f"tab stops before « Réessayer » (introduction, 360 px): {ui.tab_stops_before(phone, retry)}")
        finally:
            server.set_scenario(ui.PASSING_SCENARIO)
            phone.quit()
    finally:
        ui.stop_server(server)


if __name__ == "__main__":
    main()
