"""Lesson content as the learner sees it: output blocks, block notes, « Pour aller plus loin »,
diagrams (served, shown, readable in both themes) and French typography (docs/DESIGN.md, « Lesson Markdown »)."""
from __future__ import annotations

import secrets

from selenium.webdriver.common.by import By

import atelier_ui as ui

NBSP = "\u00a0"
NNBSP = "\u202f"


def unique(name: str) -> str:
    return f"{name} {secrets.token_hex(3)}"


def test_output_blocks_have_their_own_look_and_no_copy_button(server, scenario, browser):
    d = browser.driver
    ui.register(d, server, unique("Inès"))
    ui.open_step(d, server, "statefulset")
    outputs = ui.css_all(d, ".step-text pre.output")
    commands = ui.css_all(d, ".step-text pre:not(.output)")
    assert outputs and commands, "the step shows both commands and expected output"
    for pre in outputs:
        assert not pre.find_elements(By.XPATH, "./ancestor::*[contains(@class, 'code-block')]"), "an output block is wrapped for copying"
    assert not ui.css_all(d, ".step-text pre.output .copy-button")
    for pre in commands:
        assert pre.find_element(By.XPATH, "./ancestor::*[contains(@class, 'code-block')]").find_elements(By.CSS_SELECTOR, ".copy-button")
    # Their own look (public/lesson.css): a label and a background that is not the command blocks' one.
    label = d.execute_script("return getComputedStyle(arguments[0], '::before').content;", outputs[0])
    assert "Sortie" in label
    bg_output = d.execute_script("return getComputedStyle(arguments[0]).backgroundColor;", outputs[0])
    bg_command = d.execute_script("return getComputedStyle(arguments[0]).backgroundColor;", commands[0])
    assert bg_output != bg_command


def test_block_note_details_and_typography(server, scenario, browser):
    d = browser.driver
    ui.register(d, server, unique("Noé"))
    ui.open_step(d, server, "persistance")
    note = ui.css(d, ".step-text p.block-note")
    assert note.is_displayed() and "psql" in note.text
    assert d.execute_script("const n = arguments[0].nextElementSibling; return !!(n && (n.matches('pre') || n.querySelector('pre')));", note)
    more = ui.css(d, ".step-text details.lesson-more")
    assert more.get_attribute("open") is None, "« Pour aller plus loin » is closed by default"
    summary = more.find_element(By.CSS_SELECTOR, "summary")
    assert summary.text.startswith("Pour aller plus loin")
    summary.click()
    ui.wait(d).until(lambda drv: more.get_attribute("open") is not None)
    # Typography on text, not in code.
    text = d.execute_script("return document.querySelector('.step-text').textContent;")
    assert f"Vérifier{NNBSP}»" in text and f"«{NNBSP}Vérifier" in text
    codes = d.execute_script("return [...document.querySelectorAll('.step-text code')].map(c => c.textContent).join('\\n');")
    assert NBSP not in codes and NNBSP not in codes


def _pixel(d, img):
    """Colour of the diagram's background (its first pixel), read through a canvas (same origin)."""
    return d.execute_async_script(
        "const [img, done] = arguments;"
        "const go = () => { const c = document.createElement('canvas'); c.width = img.naturalWidth; c.height = img.naturalHeight;"
        "  const x = c.getContext('2d'); x.drawImage(img, 0, 0); done(Array.from(x.getImageData(20, 20, 1, 1).data)); };"
        "if (img.complete && img.naturalWidth) go(); else img.addEventListener('load', go);", img)


def test_diagrams_are_shown_with_a_text_alternative_in_both_themes(server, scenario, browser):
    d = browser.driver
    ui.register(d, server, unique("Yanis"))
    ui.open_step(d, server, "statefulset")
    figures = ui.css_all(d, ".step-text figure.lesson-figure")
    assert len(figures) == 2
    for figure in figures:
        img = figure.find_element(By.CSS_SELECTOR, "img")
        assert img.get_attribute("src").startswith(f"{server.base}/api/lessons/")
        assert len(img.get_attribute("alt")) > 80, "a real text alternative"
        ui.wait(d).until(lambda drv: drv.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0;", img))
        assert figure.find_element(By.CSS_SELECTOR, "figcaption").text
    img = figures[0].find_element(By.CSS_SELECTOR, "img")
    light = _pixel(d, img)
    assert sum(light[:3]) > 600, f"light background expected, got {light}"
    # Dark theme: the SVG's own prefers-color-scheme rules apply inside <img>, under the page's CSP.
    ui.set_dark(d, True)
    try:
        ui.open_step(d, server, "statefulset")
        img = ui.css(d, ".step-text figure.lesson-figure img")
        dark = _pixel(d, img)
        assert sum(dark[:3]) < 200, f"dark background expected, got {dark}"
    finally:
        ui.set_dark(d, False)
