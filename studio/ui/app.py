"""The browser app: the same comparison as `studio compare`, streaming into side-by-side columns.

Layout and wiring only: every handler is a short call into `Workspace`; a StudioError is
shown to the user with `gr.Error`, in the core's own words.
"""

from __future__ import annotations

import html

import gradio as gr

from ..compare import Column, Comparison, Mode, check_request, parse_modes
from ..errors import StudioError
from ..workspace import Workspace

LESSON = (
    "**Fine-tuning teaches a skill or a style; retrieval supplies knowledge.** "
    "Ask one question and watch the same base model answer it plainly, with retrieved passages (RAG), "
    "with a LoRA adapter, and with both: one loaded model, one batched call, every column labelled "
    "with what produced it."
)


def _html_lines(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def column_markdown(column: Column | None, mode: Mode) -> str:
    """One pane: a provenance badge, the answer, and its passages (collapsible)."""
    if column is None:
        return f"### {mode.value}\n_not selected_"
    adapter = f"adapter {column.adapter}" if column.adapter else "no adapter"
    retrieval = f"retrieval on, {len(column.retrieved)} passage(s)" if column.retrieval else "retrieval off"
    state = "" if column.finished else " · writing…"
    lines = [
        f"### {mode.value}",
        f"`{adapter}` `{retrieval}`",
        "",
        html.escape(column.text.strip()) or "_…_",
        "",
        f"<sub>{column.prompt_tokens} prompt + {column.new_tokens} new tokens · {column.seconds:.2f} s{state}</sub>",
    ]
    if column.retrieved:
        cited = set(column.cited)
        passages = "".join(
            f"<p><b>[{i}]</b> {html.escape(h.chunk_id)} (score {h.score:.2f}){' <b>cited</b>' if i in cited else ''}"
            f"<br>{_html_lines(h.text)}</p>"
            for i, h in enumerate(column.retrieved, start=1)
        )
        lines += ["", f"<details><summary>Passages</summary>{passages}</details>"]
    return "\n".join(lines)


def panes_for(result: Comparison, modes: tuple[Mode, ...]) -> list[str]:
    shown = {c.mode: c for c in result.columns}
    return [column_markdown(shown.get(mode), mode) for mode in modes]


def build_app(workspace: Workspace) -> gr.Blocks:
    """The app for one workspace; nothing is loaded until the first question."""
    available = workspace.modes
    config = workspace.config

    def on_compare(question: str, modes: list[str], top_k: float, max_new_tokens: float):
        try:
            chosen = parse_modes(modes or [])
            check_request(question, chosen, workspace.adapter_folder is not None, workspace.has_documents)
            if not workspace.loaded:
                yield ["Loading the model (first question only)…", *([gr.skip()] * len(available)), gr.skip()]
            result = None
            for result in workspace.stream(question, chosen, top_k=int(top_k), max_new_tokens=int(max_new_tokens)):
                tokens = sum(c.new_tokens for c in result.columns)
                yield [f"Writing… {tokens} tokens so far", *panes_for(result, available), gr.skip()]
            if result is not None:
                yield ["Done.", *panes_for(result, available), result.to_dict()]
        except StudioError as exc:
            raise gr.Error(str(exc)) from None

    with gr.Blocks(title="Tune-or-Retrieve Studio") as app:
        gr.Markdown("# Tune-or-Retrieve Studio")
        gr.Markdown(LESSON)
        gr.Markdown(f"<sub>Serving {html.escape(workspace.describe())}</sub>")
        with gr.Tab("Compare"):
            with gr.Row():
                question = gr.Textbox(
                    label="Question", placeholder="How much is the Pro plan?", scale=4, elem_id="question"
                )
                ask = gr.Button("Ask every column", variant="primary", scale=1, elem_id="ask")
            with gr.Row():
                modes = gr.CheckboxGroup(
                    choices=[m.value for m in available],
                    value=[m.value for m in available if m is not Mode.LORA_RAG],
                    label="Columns",
                )
                top_k = gr.Slider(0, 10, step=1, value=config.retrieval.top_k, label="Passages for RAG (top-k; 0 = none)")
                max_new = gr.Slider(
                    8, 1024, step=8, value=config.generation.max_new_tokens, label="Max new tokens per column"
                )
            status = gr.Markdown(elem_id="status")
            with gr.Row(equal_height=False):
                panes = [gr.Markdown(column_markdown(None, m), elem_id=f"column-{m.value.replace('+', '-')}") for m in available]
            with gr.Accordion("Result as JSON", open=False):
                raw = gr.JSON()
        inputs, outputs = [question, modes, top_k, max_new], [status, *panes, raw]
        ask.click(on_compare, inputs, outputs, api_name="compare")
        question.submit(on_compare, inputs, outputs, api_visibility="private")
    app.queue(default_concurrency_limit=1)  # one accelerator: requests wait their turn
    return app
