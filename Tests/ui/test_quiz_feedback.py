"""Quiz feedback in one voice, said once (issue 13): the server's message carries the verdict
(« Bonne réponse. … », « Réponse incorrecte … »), the browser adds only an icon; « Plusieurs réponses
possibles » is said once per question; the step text names the button by its label; and the texts that
come from lesson.json (step titles, questions, choices) reach the page with French spacing."""
from __future__ import annotations

import re
import secrets

from selenium.webdriver.common.by import By

import atelier_ui as ui

NBSP = "\u00a0"
NNBSP = "\u202f"
VERDICTS = ("bonne réponse", "réponse incorrecte")


def text_content(driver, element) -> str:
    """The DOM text, no-break spaces included (WebDriver's `.text` may flatten them)."""
    return driver.execute_script("return arguments[0].textContent", element)


def verdict_count(text: str) -> int:
    low = ui.norm(text).lower()
    return sum(low.count(v) for v in VERDICTS)


def test_quiz_verdict_is_said_once_by_the_server_message(server, scenario, browser):
    d = browser.driver
    quiz = next(s for s in server.lesson["steps"] if s.get("quiz"))
    questions = quiz["quiz"]
    single_wrong = next(q for q in questions if not q.get("multiple"))
    multiple_wrong = next(q for q in questions if q.get("multiple"))
    ui.register(d, server, f"Lou {secrets.token_hex(3)}")
    ui.open_step(d, server, quiz["id"])

    # « Plusieurs réponses possibles » once per multiple-choice question, never on a single one.
    for q in questions:
        said = ui.norm(text_content(d, ui.css(d, f'#quiz-{q["id"]}'))).lower().count("plusieurs réponses possibles")
        assert said == (1 if q.get("multiple") else 0), (q["id"], said)

    # The step text names the button by the label it has.
    button = ui.css(d, "form.quiz button[type=submit]")
    label = ui.norm(button.text)
    quoted = re.findall(r"«\s*(Vérifier[^»]*?)\s*»", text_content(d, ui.css(d, ".step-content .markdown")))
    assert quoted and all(ui.norm(q) == label for q in quoted), (quoted, label)

    # One single-choice and one multiple-choice question wrong, every other one right.
    for q in questions:
        if q is single_wrong:
            chosen = [next(c["id"] for c in q["choices"] if c["id"] not in q["answer"])]
        elif q is multiple_wrong:
            chosen = q["answer"][:1]  # right but incomplete: still « Réponse incorrecte »
        else:
            chosen = q["answer"]
        for choice in chosen:
            d.execute_script("arguments[0].click()", ui.css(d, f'#quiz-{q["id"]}-{choice}'))
    ui.click(d, "form.quiz button[type=submit]")
    ui.text_in(d, ".quiz-section .check-summary", f"{len(questions) - 2} bonnes réponses sur {len(questions)}", timeout=30)

    for q in questions:
        box = ui.css(d, f'#quiz-{q["id"]} .quiz-result')
        shown = ui.norm(box.text)
        assert verdict_count(shown) == 1, f'{q["id"]}: the verdict is said {verdict_count(shown)} times: {shown!r}'
        expected = "réponse incorrecte" if q in (single_wrong, multiple_wrong) else "bonne réponse"
        assert expected in shown.lower(), (q["id"], shown)
    multiple_text = ui.norm(ui.css(d, f'#quiz-{multiple_wrong["id"]} .quiz-result').text)
    assert "cocher toutes les bonnes réponses" in multiple_text, multiple_text


def test_quiz_texts_from_lesson_json_have_french_spacing(server, scenario, browser):
    d = browser.driver
    quiz = next(s for s in server.lesson["steps"] if s.get("quiz"))
    assert " :" in quiz["title"] or " ?" in quiz["title"], "the authors type ordinary spaces"
    ui.register(d, server, f"Noé {secrets.token_hex(3)}")
    ui.open_step(d, server, quiz["id"])
    nav = text_content(d, ui.css(d, f'.steps-item[data-step="{quiz["id"]}"] .steps-title'))
    assert f"Quiz{NBSP}:" in nav and f"StatefulSet{NNBSP}?" in nav, repr(nav)
    for q in quiz["quiz"]:
        fieldset = text_content(d, ui.css(d, f'#quiz-{q["id"]}'))
        for bad in (" :", " ;", " !", " ?", "« ", " »"):
            assert bad not in fieldset, (q["id"], bad, fieldset)
    first = quiz["quiz"][0]
    assert first["question"].endswith(" ?")
    assert text_content(d, ui.css(d, f'#quiz-{first["id"]} .quiz-text')).endswith(f"{NNBSP}?")
