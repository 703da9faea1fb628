"""The Class tab: predict which column gets the instructor's question right, then see the reveal; one's own lab report."""

from __future__ import annotations

import html

import gradio as gr

from ..classroom.report import learner_html, learner_markdown
from ..classroom.rounds import MAX_NAME_CHARS
from .inputs import Radio
from .page import RIGHT_MARK, Page, file_stem, guarded


def class_question_markdown(view: dict) -> str:
    if not view["question_id"]:
        return "_No class question yet: the instructor sets one._"
    mine_now = f" · you predicted **{html.escape(view['your_prediction'])}**" if view["your_prediction"] else ""
    state = "answers revealed" if view["revealed"] else "predict, then wait for the reveal"
    return f"### Question {view['question_id']}\n{html.escape(view['question'])}\n\n<sub>{state}{mine_now}</sub>"


def revealed_markdown(view: dict) -> str:
    """The revealed answers: each column with whether it was right, then the verdict and the learner's own result."""
    if not view.get("revealed") or "columns" not in view:
        return ""
    came = view.get("came_true")
    yours = {True: "✅ Your prediction came true.", False: "❌ Your prediction did not come true.", None: ""}[came]
    lines = [f"**{html.escape(view['verdict'], quote=False)}** {yours}", ""]
    if view.get("expected"):
        lines += [f"**Expected answer:** {html.escape(view['expected'], quote=False)}", ""]
    for column in view["columns"]:
        mark = RIGHT_MARK[column.get("right")]
        adapter = f"adapter {column['adapter']}" if column.get("adapter") else "no adapter"
        passages = f" · {len(column['retrieved'])} passage(s)" if column.get("retrieved") else ""
        lines += [f"#### {html.escape(column['column'])}{mark}", f"<sub>{html.escape(adapter)}{passages}</sub>", "",
                  html.escape(column.get("text", "").strip()) or "_(empty)_", ""]
    return "\n".join(lines)


def build(page: Page) -> None:
    """The tab's layout and events; the vote, round and report endpoints take plain strings."""
    workspace = page.workspace

    @guarded
    def on_vote(name: str, prediction: str, request: gr.Request = None) -> str:
        """Predict which column gets the class question right (or: knowledge or skill). A second vote replaces the first."""
        learner = page.mine(request)
        question, chosen, replaced = workspace.classroom.vote(learner.owner, name, prediction)
        told = "Changed: your prediction is now" if replaced else "Recorded: you predict"
        return f"{told} **{html.escape(chosen)}** for question {question.id}. The answers show when the instructor reveals them."

    @guarded
    def on_round(request: gr.Request = None) -> dict:
        """The class question as you see it: its choices, your prediction, and once revealed the columns and the verdict."""
        return workspace.classroom.round(page.mine(request).owner)

    @guarded
    def on_report(request: gr.Request = None) -> tuple[str, str]:
        """Your lab report: questions, columns and provenance, predictions against outcomes, scoreboards, adapters."""
        learner = page.mine(request)
        record = workspace.store.learner_record(learner.owner)
        stem = f"lab-report-{file_stem(record.get('name'), 'learner')}"
        return tuple(page.downloads.files_of({f"{stem}.md": learner_markdown(record, page.report_title), f"{stem}.html": learner_html(record, page.report_title)}))

    @guarded
    def on_class_tick(seen, request: gr.Request = None):
        """A learner's page, every few seconds: a new question resets their choices; a reveal shows the answers."""
        view = workspace.classroom.round(page.mine(request).owner)
        now = [view["question_id"], view["revealed"]]
        if seen == now:
            return gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
        if not seen or seen[0] != now[0]:  # a new question: its choices, and no word about the last one
            choices, status = gr.update(choices=view["choices"], value=view["your_prediction"]), ""
        else:
            choices, status = gr.skip(), gr.skip()
        return class_question_markdown(view), choices, status, revealed_markdown(view), now

    @guarded
    def on_class_vote(name, prediction, request: gr.Request = None):
        told = on_vote(name, prediction, request)
        return told, class_question_markdown(workspace.classroom.round(page.mine(request).owner))

    with gr.Tab("Class"):
        gr.Markdown("**Predict, then reveal.** When the instructor sets a question, predict which column will get it "
                    "right (or whether it is a knowledge or a skill question), then wait: the columns' answers and "
                    "the checks' verdict show when the instructor reveals them. Voting again replaces your vote.")
        class_view = gr.Markdown("_No class question yet: the instructor sets one._", elem_id="class-question")
        with gr.Row():
            class_name = gr.Textbox(label="Your name (the class tally counts it once)", max_length=MAX_NAME_CHARS, elem_id="class-name")
            class_prediction = Radio([], label="Your prediction", elem_id="class-prediction")
        class_vote = gr.Button("Vote", variant="primary", elem_id="class-vote")
        class_status = gr.Markdown(elem_id="class-status")
        class_reveal = gr.Markdown(elem_id="class-reveal")
        with gr.Row():
            report_make = gr.Button("Download my lab report", elem_id="report-make")
            report_md = gr.File(label="Lab report (Markdown)", elem_id="report-md")
            report_html = gr.File(label="Lab report (HTML)", elem_id="report-html")
        class_seen = gr.State(None)  # [question id, revealed] as this page shows it
        class_timer = gr.Timer(3)


    # Predict, then reveal. The endpoints take plain strings (a Client has no page to pick choices in).
    gr.api(on_vote, api_name="vote", concurrency_limit=None)
    gr.api(on_round, api_name="round", concurrency_limit=None)
    report_make.click(on_report, None, [report_md, report_html], api_name="report", concurrency_limit=None)
    class_vote.click(on_class_vote, [class_name, class_prediction], [class_status, class_view], api_visibility="private", concurrency_limit=None)
    class_timer.tick(
        on_class_tick, [class_seen], [class_view, class_prediction, class_status, class_reveal, class_seen],
        api_visibility="private", concurrency_limit=None, show_progress="hidden",
    )
