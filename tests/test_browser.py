"""The app in a real browser (headless Debian Chromium): what a workshop learner sees."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


@pytest.fixture(scope="module")
def page(served_app):
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(served_app[0].local_url)
        yield page
        browser.close()


def test_asking_a_question_fills_every_column(page, tmp_path):
    page.locator("#question textarea").fill("How much is the Pro plan?")
    page.locator("#ask").click()
    page.locator("#status").get_by_text("Done.").wait_for(timeout=120_000)
    for pane_id, badge in (("column-base", "no adapter"), ("column-rag", "retrieval on"), ("column-lora", "tiny-adapter")):
        pane = page.locator(f"#{pane_id}")
        assert badge in pane.inner_text()
        assert "new tokens" in pane.inner_text()
    rag = page.locator("#column-rag")
    rag.get_by_text("Passages").click()
    assert "pricing.md#" in rag.inner_text()
    page.screenshot(path=str(tmp_path / "compare.png"), full_page=True)
    assert (tmp_path / "compare.png").stat().st_size > 10_000
