"""The Instructor tab and its endpoints: set the class question, watch the tally, reveal, move on, the class summary.

Every control checks the instructor token through the page's one `TokenGuard`.
"""

from __future__ import annotations

import html

import gradio as gr

from ..classroom.report import class_html, class_markdown, tally_markdown
from ..errors import StudioError
from ..lesson.columns import MAX_COLUMNS, parse_columns
from ..lesson.scenarios import load_scenario
from .inputs import Dropdown
from .page import RIGHT_MARK, Page, compare_seconds, gpu, guarded


def teacher_view(summary: dict):
    import pandas as pd

    bars = pd.DataFrame([{"prediction": r["choice"], "votes": r["votes"]} for r in summary.get("choices", [])], columns=["prediction", "votes"])
    answers = ""
    if summary.get("columns"):
        answers = "**What the columns said** (learners see it once you reveal): " + html.escape(summary.get("verdict", ""), quote=False)
        answers += "".join(
            f"\n\n**{html.escape(c['column'])}**{RIGHT_MARK[c.get('right')]}: {html.escape(' '.join(c.get('text', '').split())[:400])}"
            for c in summary["columns"]
        )
    return tally_markdown(summary), bars, answers


def build(page: Page) -> None:
    """The tab's layout and events."""
    workspace, config = page.workspace, page.config

    # The model's part of a class question runs on the GPU; the store is written outside it.
    answer_on_gpu = gpu(workspace.class_answers, lambda **_: compare_seconds(config.generation.max_new_tokens))

    @guarded
    def on_set_question(question: str, token: str, scenario: str = "", columns: str = "") -> dict:
        """Instructor: open the class question (free text, or a scenario's item id or number) and answer it, hidden."""
        page.token_guard.check(token, "set_question")
        if not isinstance(question, str) or not question.strip():
            raise StudioError("the class question is empty: type a question, or give a scenario and one of its items")
        page.checked_question(question, "the class question")
        picked = load_scenario(scenario, allow_paths=False) if scenario else None
        if picked is None and ":" in question and question.split(":", 1)[0] in page.scenarios:
            ref, item = question.split(":", 1)  # "scenario:item", for a caller that has one field
            picked, question = load_scenario(ref, allow_paths=False), item
        chosen = parse_columns(columns, "columns", MAX_COLUMNS) if isinstance(columns, str) and columns.strip() else None
        workspace.ask_class(question.strip(), picked, chosen, run=answer_on_gpu)
        return workspace.classroom.tally()

    @guarded
    def on_next_question(token: str) -> dict:
        """Instructor: move the class to the next item of the current question's scenario."""
        page.token_guard.check(token, "next_question")
        workspace.next_class_question(run=answer_on_gpu)
        return workspace.classroom.tally()

    @guarded
    def on_reveal(token: str) -> dict:
        """Instructor: show every learner the columns' answers and the checks' verdict."""
        page.token_guard.check(token, "reveal")
        workspace.classroom.reveal()
        return workspace.classroom.tally()

    @guarded
    def on_tally(token: str) -> dict:
        """Instructor: how many predicted each choice, and how many were right."""
        page.token_guard.check(token, "tally")
        return workspace.classroom.tally()

    page.report_title = f"Tune-or-Retrieve Studio, model {workspace.model_source().label}"

    @guarded
    def on_class_report(token: str) -> tuple[str, str]:
        """Instructor: the class summary, every class question's tally and reveal."""
        page.token_guard.check(token, "class_report")
        questions, learners_seen = workspace.classroom.history()
        counts = workspace.store.class_counts()
        return tuple(page.downloads.files_of({
            "class-summary.md": class_markdown(questions, counts, learners_seen, page.report_title),
            "class-summary.html": class_html(questions, counts, learners_seen, page.report_title),
        }))

    @guarded
    def on_teach_set(question, item, scenario, columns, token):
        summary = on_set_question((question or "").strip() or (item or ""), token, scenario or "", columns or "")
        return f"Question {summary['question_id']} is open: learners predict now.", *teacher_view(summary)

    @guarded
    def on_teach_next(token):
        summary = on_next_question(token)
        return f"Question {summary['question_id']} is open: learners predict now.", *teacher_view(summary)

    @guarded
    def on_teach_reveal(token):
        summary = on_reveal(token)
        return f"Question {summary['question_id']} is revealed to every learner.", *teacher_view(summary)

    @guarded
    def on_teach_tick(token):
        """The live tally, every few seconds, once the right token is in (quietly nothing before)."""
        try:
            page.token_guard.check(token, "the Instructor tab's live tally", quiet_when_blank=True)
        except StudioError:
            return gr.skip(), gr.skip(), gr.skip()
        return teacher_view(workspace.classroom.tally())

    @guarded
    def on_teach_scenario(scenario):
        if not scenario:
            return gr.update(choices=[], value=None)
        picked = load_scenario(scenario, allow_paths=False)
        return gr.update(choices=[(f"{item.id} ({item.kind}): {item.question[:60]}", item.id) for item in picked.items], value=None)

    with gr.Tab("Instructor"):
        gr.Markdown("For the instructor: set the class question, watch the live tally, reveal, move on, and download "
                    "the class summary. Needs the token the server was started with (STUDIO_INSTRUCTOR_TOKEN)."
                    + ("" if page.limits.instructor_token else " **This server has none, so these controls are off.**"))
        teach_token = gr.Textbox(type="password", label="Instructor token", elem_id="teach-token")
        with gr.Row():
            teach_scenario = Dropdown(["", *page.scenarios], value="", label="Scenario (its items are checked)", elem_id="teach-scenario")
            teach_item = Dropdown([], label="Item", elem_id="teach-item")
        teach_question = gr.Textbox(label="…or a question of your own (free text: answers are revealed, not checked)", elem_id="teach-question")
        teach_columns = gr.Textbox(label="Columns (optional, e.g. base,rag,lora; default: the scenario's or the app's)", elem_id="teach-columns")
        with gr.Row():
            teach_set = gr.Button("Set question", variant="primary", elem_id="teach-set")
            teach_next = gr.Button("Next item", elem_id="teach-next")
            teach_reveal = gr.Button("Reveal", variant="stop", elem_id="teach-reveal")
        teach_status = gr.Markdown(elem_id="teach-status")
        teach_tally = gr.Markdown(elem_id="teach-tally")
        teach_chart = gr.BarPlot(x="prediction", y="votes", title="Predictions", elem_id="teach-chart")
        teach_answers = gr.Markdown(elem_id="teach-answers")
        with gr.Row():
            class_report_make = gr.Button("Download the class summary", elem_id="class-report-make")
            class_md = gr.File(label="Class summary (Markdown)", elem_id="class-md")
            class_html_file = gr.File(label="Class summary (HTML)", elem_id="class-html")
        teach_timer = gr.Timer(2, active=False)  # ticks once a token is typed: learners' pages do not poll the tally


    gr.api(on_set_question, api_name="set_question", concurrency_id="class-question")
    gr.api(on_next_question, api_name="next_question", concurrency_id="class-question")
    gr.api(on_reveal, api_name="reveal", concurrency_limit=None)
    gr.api(on_tally, api_name="tally", concurrency_limit=None)
    class_report_make.click(on_class_report, [teach_token], [class_md, class_html_file], api_name="class_report")
    teach_views = [teach_tally, teach_chart, teach_answers]
    teach_scenario.change(on_teach_scenario, [teach_scenario], [teach_item], api_visibility="private")
    teach_set.click(
        on_teach_set, [teach_question, teach_item, teach_scenario, teach_columns, teach_token], [teach_status, *teach_views],
        api_visibility="private", concurrency_id="class-question",
    )
    teach_next.click(on_teach_next, [teach_token], [teach_status, *teach_views], api_visibility="private", concurrency_id="class-question")
    teach_reveal.click(on_teach_reveal, [teach_token], [teach_status, *teach_views], api_visibility="private")
    teach_token.change(guarded(lambda token: gr.Timer(active=bool(token))), [teach_token], [teach_timer], api_visibility="private")
    teach_timer.tick(on_teach_tick, [teach_token], teach_views, api_visibility="private", concurrency_limit=None, show_progress="hidden")
