"""« Mon cluster et mes données »: connecting one's own cluster (issue 14, item 6) in the browser."""
from __future__ import annotations

import json
import secrets

import atelier_ui as ui

MICROK8S_CONFIG = f"""apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: QVVUT1JJVEU=
    server: {ui.OWN_CLUSTER_SERVER}
  name: microk8s-cluster
contexts:
- context:
    cluster: microk8s-cluster
    user: admin
  name: microk8s
current-context: microk8s
kind: Config
preferences: {{}}
users:
- name: admin
  user:
    client-certificate-data: Q0VSVElGSUNBVA==
    client-key-data: Q0xFLVBSSVZFRS1TRUNSRVRF
"""


def paste(driver, text: str) -> None:
    area = ui.visible(driver, ".kubeconfig-input")
    # send_keys would type the YAML through the keyboard (slow, and indentation is kept anyway);
    # setting the value is what a paste does to a textarea.
    driver.execute_script("arguments[0].value = arguments[1]", area, text)
    ui.click(driver, ".kubeconfig-form button[type=submit]")


def test_connect_own_cluster_then_checks_use_it(server, scenario, browser):
    d = browser.driver
    name = f"Cluster {secrets.token_hex(3)}"
    step = server.failing_step()
    learner = ui.register(d, server, name)
    ui.start_lesson(d)
    # The server's cluster fails the step; the learner's own VM (OWN_CLUSTER_SERVER) passes it.
    scenario(ui.FAILING_SCENARIO)

    ui.click(d, "#account-link")
    ui.text_in(d, ".cluster-status", "cluster du serveur")
    # A kubeconfig that would run a command is refused, with the server's French reason, and stored nowhere.
    browser.allow_console(r"/api/me/kubeconfig - Failed to load resource: the server responded with a status of 400")
    paste(d, MICROK8S_CONFIG.replace("    client-key-data: Q0xFLVBSSVZFRS1TRUNSRVRF\n",
                                     "    exec:\n      command: /bin/touch\n      apiVersion: client.authentication.k8s.io/v1beta1\n"))
    ui.text_in(d, ".cluster-card .form-error", "n'exécute aucune commande")
    assert not (server.data_dir / "kubeconfigs" / f"{learner['id']}.json").exists()
    ui.screenshot(d, "account-kubeconfig-refused", full_page=False)

    paste(d, MICROK8S_CONFIG)
    ui.text_in(d, ".cluster-status", ui.OWN_CLUSTER_SERVER)
    assert ui.css(d, ".kubeconfig-input").get_attribute("value") == "", "the pasted secret stays in the page"
    assert ui.css(d, ".cluster-card .form-error").text == ""
    ui.screenshot(d, "account-kubeconfig-connected", full_page=False)

    # The step's « Vérifier » now runs against the learner's cluster.
    ui.open_step(d, server, step["id"])
    ui.click(d, ".verify .verify-button")
    ui.text_in(d, ".check-summary", "Étape validée", timeout=30)
    ui.wait(d).until(lambda drv: ui.step_status_in_nav(drv, step["id"]) == "passed")
    # …while the server's own cluster still fails it for anyone else.
    other = server.new_learner(f"Témoin {secrets.token_hex(3)}")
    assert server.check(other["token"], step["id"])["passed"] is False

    # Back on the server's cluster after « Revenir au cluster du serveur ».
    d.get(server.base + "/?page=compte")
    ui.text_in(d, ".cluster-status", ui.OWN_CLUSTER_SERVER)
    ui.click(d, ".cluster-card button[type=button]")
    ui.text_in(d, ".cluster-status", "cluster du serveur")
    assert not (server.data_dir / "kubeconfigs" / f"{learner['id']}.json").exists()


def test_download_then_delete_my_data(server, scenario, make_browser):
    b = make_browser(downloads=True)
    d = b.driver
    name = f"Effacement {secrets.token_hex(3)}"
    learner = ui.register(d, server, name)
    ui.start_lesson(d)
    server.check(learner["token"], "deployment")

    ui.click(d, "#account-link")
    ui.visible(d, ".data-card")
    # The privacy page is one click away and says what is kept.
    assert ui.css(d, ".data-card a[href='/donnees-personnelles']")

    # « Télécharger mes données »: a JSON file with the name and the check results, no token hash.
    ui.click(d, ".export-data")
    target = b.download_dir / f"atelier-mes-donnees-{learner['id']}.json"
    ui.wait(d, 30).until(lambda _: target.exists() and target.stat().st_size > 0)
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert exported["learner"]["name"] == name
    assert "tokenHash" not in exported["learner"]
    assert "demo-deployment" in target.read_text(encoding="utf-8")

    # « Supprimer mes données »: asks first; « Annuler » keeps everything.
    ui.click(d, ".delete-data")
    ui.visible(d, ".confirm-delete-box")
    ui.screenshot(d, "account-delete-confirm", full_page=False)
    ui.click(d, ".cancel-delete")
    assert not ui.css(d, ".confirm-delete-box").is_displayed()
    assert server.api("GET", "/api/me", token=learner["token"])["name"] == name

    ui.click(d, ".delete-data")
    ui.click(d, ".confirm-delete")
    ui.text_in(d, ".notice", "Vos données ont été supprimées")
    ui.visible(d, "#learner-name-input")
    assert ui.stored_learner(d) is None
    try:
        server.api("GET", "/api/me", token=learner["token"])
        raise AssertionError("the token still works after the erasure")
    except ui.ApiError as error:
        assert error.status == 401
    ids = [row["id"] for row in server.api("GET", f"/api/progress?lesson={ui.LESSON_ID}&class=all", token=server.trainer_token)["learners"]]
    assert learner["id"] not in ids
    assert not (server.data_dir / f"{learner['id']}.json").exists()


def test_privacy_page_in_plain_french(server, browser):
    d = browser.driver
    d.get(server.base + "/donnees-personnelles")
    ui.visible(d, "h1")
    text = ui.css(d, "main").text
    for words in ["Ce qui est gardé", "Pourquoi", "Combien de temps", "Qui les voit", "adresses IP", "Télécharger mes données",
                  "Supprimer mes données", "article 17"]:
        assert words in text, words
    # The connected-cluster paragraph appears because this server accepts learner kubeconfigs.
    ui.wait(d).until(lambda drv: drv.find_element("id", "kubeconfig-item").is_displayed())
    ui.screenshot(d, "privacy-page", full_page=True)


def test_trainer_exports_then_erases_a_learner_from_the_drilldown(server, scenario, make_browser):
    b = make_browser(downloads=True)
    d = b.driver
    learner = server.new_learner(f"Demande RGPD {secrets.token_hex(3)}")
    server.start(learner["token"])
    server.check(learner["token"], "deployment")
    d.get(server.base + "/trainer")
    ui.visible(d, "#trainer-token").send_keys(server.trainer_token, "\n")
    ui.click(d, f'#progress-matrix button.learner-button[data-learner="{learner["id"]}"]')
    ui.visible(d, ".learner-data")

    ui.click(d, ".learner-export")
    target = b.download_dir / f"atelier-donnees-{learner['id']}.json"
    ui.wait(d, 30).until(lambda _: target.exists() and target.stat().st_size > 0)
    assert json.loads(target.read_text(encoding="utf-8"))["learner"]["id"] == learner["id"]

    # Erasure asks first, and the question survives the dashboard's auto-refresh (the drawer is redrawn).
    ui.click(d, ".learner-erase")
    ui.visible(d, ".learner-erase-confirm")
    stamp = ui.css(d, ".refresh-info").text
    ui.wait(d, 30).until(lambda drv: drv.find_element("css selector", ".refresh-info").text != stamp)
    assert ui.css(d, ".learner-erase-confirm").is_displayed(), "the auto-refresh dropped the question"
    ui.screenshot(d, "trainer-erase-confirm", full_page=False)
    ui.click(d, ".learner-erase-confirm")
    ui.wait(d).until(lambda drv: not drv.find_elements("css selector", f'#progress-matrix tr[data-learner="{learner["id"]}"]'))
    assert ui.css(d, "#learner-drawer").get_attribute("hidden") is not None
    try:
        server.api("GET", "/api/me", token=learner["token"])
        raise AssertionError("the token still works after the erasure")
    except ui.ApiError as error:
        assert error.status == 401
