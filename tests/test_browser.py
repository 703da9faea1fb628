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
    # The default columns, in order: base, rag and (the app started with an adapter) lora.
    for slot, (label, badge) in enumerate((("base", "no adapter"), ("rag", "passage(s)"), ("lora", "tiny-adapter")), start=1):
        pane = page.locator(f"#column-{slot}")
        assert pane.inner_text().startswith(label) and badge in pane.inner_text()
        assert "new tokens" in pane.inner_text()
    assert not page.locator("#column-4").is_visible()  # no fourth column was asked for
    rag = page.locator("#column-2")
    rag.get_by_text("Passages").click()
    assert "pricing.md#" in rag.inner_text()
    page.screenshot(path=str(tmp_path / "compare.png"), full_page=True)
    assert (tmp_path / "compare.png").stat().st_size > 10_000


def test_a_learner_adds_a_column_from_the_picker_and_it_answers(page):
    picker = page.locator("#columns input")
    picker.click()
    picker.fill("stuffed")
    page.get_by_role("option", name="stuffed", exact=True).click()
    page.locator("#ask").click()
    page.locator("#column-4").get_by_text("document(s) pasted").wait_for(timeout=120_000)
    page.locator("#status").get_by_text("Done.").wait_for(timeout=120_000)
    assert page.locator("#column-4").inner_text().startswith("stuffed")
    assert "Pasted:" in page.locator("#column-4").inner_text()


def test_an_uploaded_document_is_found_by_search(page, tmp_path):
    note = tmp_path / "parking.md"
    note.write_text("# Parking\n\nVisitors park in the Zephyr lot behind building C, free for three hours.\n")
    page.get_by_role("tab", name="Documents").click()
    page.locator("#doc-files input[type=file]").set_input_files(str(note))
    page.locator("#doc-add").click()
    page.locator("#doc-status").get_by_text("1 added").wait_for(timeout=60_000)
    assert "parking.md" in page.locator("#doc-table").inner_text()
    page.locator("#search-query textarea").fill("Where do visitors park?")
    page.locator("#search").click()
    page.locator("#search-hits").get_by_text("parking.md#").first.wait_for(timeout=60_000)
    page.screenshot(path=str(tmp_path / "documents.png"), full_page=True)
    assert (tmp_path / "documents.png").stat().st_size > 10_000


def start_training(page, tmp_path, name: str, steps: int, seed: int) -> None:
    """Upload examples in the Train tab, set the steps and the name, and press Start."""
    import json

    from studio.prepare.tiny import triage_examples

    examples = tmp_path / f"{name}.jsonl"
    examples.write_text("".join(json.dumps(r) + "\n" for r in triage_examples(120, seed=seed)))
    page.get_by_role("tab", name="Train").click()
    page.locator("#train-file input[type=file]").set_input_files(str(examples))
    page.get_by_label("Steps").fill(str(steps))
    page.locator("#adapter-name textarea, #adapter-name input").first.fill(name)
    page.locator("#train-start").click()


def test_training_shows_progress_then_the_card(page, tmp_path):
    import time

    start_training(page, tmp_path, "browser-adapter", 60, seed=5)
    seen, deadline = set(), time.time() + 180
    while time.time() < deadline:
        text = page.locator("#train-status").inner_text()
        seen.add(text.split("·")[0].strip())
        if text.startswith("Done"):
            break
        time.sleep(0.05)
    assert any(s.startswith("Step ") for s in seen), seen
    card = page.locator("#card")
    card.get_by_text("times smaller").wait_for(timeout=30_000)
    assert "browser-adapter" in card.inner_text() and "of the model" in card.inner_text()
    page.screenshot(path=str(tmp_path / "train.png"), full_page=True)
    assert (tmp_path / "train.png").stat().st_size > 10_000


def test_a_reloaded_page_finds_its_training_and_its_documents_again(page, tmp_path):
    import time

    note = tmp_path / "lockers.md"
    note.write_text("# Lockers\n\nLocker codes reset every Monday at 06:00.\n")
    page.reload()
    page.get_by_role("tab", name="Documents").click()
    page.locator("#doc-files input[type=file]").set_input_files(str(note))
    page.locator("#doc-add").click()
    page.locator("#doc-status").get_by_text("1 added").wait_for(timeout=60_000)

    start_training(page, tmp_path, "reload-adapter", 150, seed=6)
    page.locator("#train-status").get_by_text("Step ").first.wait_for(timeout=120_000)

    page.reload()  # the learner's page reloads in the middle of the run
    page.get_by_role("tab", name="Train").click()
    page.locator("#train-status").get_by_text("Your training of reload-adapter is running").wait_for(timeout=60_000)
    deadline = time.time() + 240
    while time.time() < deadline and not page.locator("#train-status").inner_text().startswith("Done"):
        time.sleep(0.2)
    assert page.locator("#train-status").inner_text().startswith("Done: adapter reload-adapter trained")
    page.get_by_role("tab", name="Documents").click()
    assert "lockers.md" in page.locator("#doc-table").inner_text()  # the same learner, with their documents
    page.screenshot(path=str(tmp_path / "reload.png"), full_page=True)
