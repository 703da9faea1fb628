"""A predict-then-reveal round in real browsers (headless Debian Chromium): two learners and the
instructor, each their own browser context; and the app on a phone-sized screen."""

from __future__ import annotations

import re

import pytest

from conftest import INSTRUCTOR_TOKEN

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


def open_page(browser, url, width=1280, height=900):
    page = browser.new_context(viewport={"width": width, "height": height}).new_page()
    page.goto(url)
    page.locator("#question textarea").wait_for(timeout=60_000)
    return page


def test_one_round_two_learners_and_the_instructor(browser, class_app):
    url = class_app[0]
    teacher, ana, bo = open_page(browser, url), open_page(browser, url), open_page(browser, url)
    teacher.get_by_role("tab", name="Instructor").click()
    teacher.locator("#teach-token input").fill(INSTRUCTOR_TOKEN)
    teacher.locator("#teach-question textarea").fill("Which plan includes single sign-on?")
    teacher.locator("#teach-columns textarea").fill("base,rag")
    teacher.locator("#teach-set").click()
    teacher.locator("#teach-status").get_by_text("is open").wait_for(timeout=120_000)

    for page, name, choice in ((ana, "Ana", "rag"), (bo, "Bo", "base")):
        page.get_by_role("tab", name="Class").click()
        page.locator("#class-question").get_by_text("Which plan includes single sign-on?").wait_for(timeout=30_000)
        assert page.locator("#class-reveal").inner_text().strip() == ""  # nothing shown before the reveal
        page.locator("#class-name textarea").fill(name)
        page.locator("#class-prediction").get_by_label(choice, exact=True).check()
        page.locator("#class-vote").click()
        page.locator("#class-status").get_by_text(f"you predict {choice}").wait_for(timeout=30_000)

    teacher.locator("#teach-tally").get_by_text("2 vote(s)").wait_for(timeout=30_000)  # the live tally
    tally = teacher.locator("#teach-tally").inner_text()
    for choice, votes in (("base", 1), ("rag", 1), ("knowledge", 0), ("skill", 0)):  # the table's rows
        assert re.search(rf"^{choice}\s+{votes}\s", tally, re.M), tally
    teacher.locator("#teach-reveal").click()
    teacher.locator("#teach-status").get_by_text("is revealed").wait_for(timeout=30_000)
    for page in (ana, bo):
        reveal = page.locator("#class-reveal")
        reveal.get_by_text("A free question has no checks").wait_for(timeout=30_000)
        assert "base" in reveal.inner_text() and "rag" in reveal.inner_text()


def test_on_a_phone_the_columns_stack_and_every_tab_is_reachable(browser, class_app):
    page = open_page(browser, class_app[0], width=390, height=844)
    first, second = page.locator("#column-1").bounding_box(), page.locator("#column-2").bounding_box()
    assert first["width"] > 300 and second["width"] > 300  # not four 70 px strips
    assert second["y"] >= first["y"] + first["height"] - 1  # one under the other
    shown = {"Documents": "#doc-add", "Train": "#train-start", "Evaluate": "#eval-run", "Class": "#class-vote",
             "Instructor": "#teach-set", "Decide": "#decide", "About": "#costs", "Compare": "#ask"}
    for tab, control in shown.items():
        button = page.get_by_role("tab", name=tab)
        if button.count() and button.is_visible():
            button.click()
        else:  # a tab that does not fit waits in Gradio's "More tabs" menu
            page.get_by_role("button", name="More tabs").click()
            page.locator(".overflow-dropdown button", has_text=tab).click()
        page.locator(control).wait_for(state="visible", timeout=10_000)
        assert page.locator(control).bounding_box()["x"] >= 0  # on the screen, not beside it
