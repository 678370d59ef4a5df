"""« Mon cluster et mes données »: connecting one's own cluster (issue 14, item 6) in the browser."""
from __future__ import annotations

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
