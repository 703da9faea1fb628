"""The Evaluate tab: a scenario scored in every column, knowledge and skill questions apart."""

from __future__ import annotations

import html

import gradio as gr

from ..config import GenerationConfig, parse_setting
from ..errors import StudioError
from ..lesson.columns import MAX_COLUMNS, parse_columns
from ..lesson.evaluate import percent
from ..lesson.scenarios import load_scenario
from .inputs import Dropdown, Number, Radio, Slider
from .page import Page, compare_seconds, gpu, guarded, whole_number


def evaluate_seconds(scenario_id=None, limit=0, max_new_tokens=128, **_) -> float:
    """An evaluation: one batched question per item."""
    items = whole_number(limit or 0, "items", 1_000_000) or len(load_scenario(scenario_id, allow_paths=False).items)
    return 20 + items * compare_seconds(max_new_tokens) / 2


def build(page: Page) -> None:
    """The tab's layout and events."""
    workspace, config = page.workspace, page.config

    @guarded
    def on_evaluate(
        scenario_id: str, modes: list[str], experiment: str, limit: float, max_new_tokens: float, request: gr.Request = None,
        progress=gr.Progress(),
    ):
        if not scenario_id:
            raise StudioError("choose a scenario")
        scenario = load_scenario(scenario_id, allow_paths=False)
        chosen = parse_columns(modes or [], "the Columns picker", MAX_COLUMNS)
        items = whole_number(limit or 0, "items", 1_000_000) or None  # 0: all; more than the pack has: all
        report = workspace.evaluate(
            scenario, chosen, experiment, items, parse_setting(GenerationConfig, "max_new_tokens", max_new_tokens),
            on_item=lambda done, total: progress((done, total), desc="items"), learner=page.mine(request),
        )
        import pandas as pd

        table = [
            [r.column, r.uses, percent(r.knowledge), percent(r.skill), round(r.mean_seconds, 2), round(r.mean_prompt_tokens), round(r.mean_new_tokens, 1), percent(r.facts_retrieved)]
            for r in report.rows
        ]
        bars = pd.DataFrame(
            [{"column": r.column, "kind": kind, "score": round(100 * getattr(r, kind), 1)} for r in report.rows for kind in ("knowledge", "skill") if getattr(r, kind) is not None]
        )
        verdict = report.verdict
        try:
            workspace.remember_evaluation(page.mine(request), report)  # for their lab report
        except StudioError as exc:
            verdict += f"\n\n_Not kept for your lab report: {html.escape(str(exc), quote=False)}_"
        return table, bars, verdict, {k: v for k, v in report.to_dict().items() if k != "items"}

    with gr.Tab("Evaluate"):
        gr.Markdown("Score a scenario in every column: knowledge questions and skill questions apart.")
        with gr.Row():
            first = "lumenfold-handbook" if "lumenfold-handbook" in page.scenarios else (page.scenarios[0] if page.scenarios else None)
            eval_scenario = Dropdown(page.scenarios, value=first, label="Scenario", elem_id="eval-scenario")
            eval_modes = Dropdown(
                page.column_choices(), value=["base", "rag"], multiselect=True, allow_custom_value=True, max_choices=MAX_COLUMNS,
                label="Columns", elem_id="eval-columns",
            )
            experiment = Radio(["scoreboard", "fact-update", "paraphrase"], value="scoreboard", label="Run")
        with gr.Row():
            limit = Number(value=10, label="Items (0 = all)")
            eval_tokens = Slider(8, 512, step=8, value=min(config.generation.max_new_tokens, 128), label="Max new tokens")
            run_eval = gr.Button("Run", variant="primary", elem_id="eval-run")
        score_table = gr.Dataframe(headers=["column", "uses", "knowledge", "skill", "mean s", "prompt tokens", "new tokens", "facts in passages"], interactive=False, elem_id="eval-table")
        chart = gr.BarPlot(x="column", y="score", color="kind", y_lim=[0, 100], title="Right answers (%)", elem_id="eval-chart")
        verdict_view = gr.Markdown(elem_id="eval-verdict")
        with gr.Accordion("Report as JSON", open=False):
            eval_raw = gr.JSON()


    run_eval.click(
        gpu(on_evaluate, evaluate_seconds),
        [eval_scenario, eval_modes, experiment, limit, eval_tokens],
        [score_table, chart, verdict_view, eval_raw],
        api_name="evaluate",
        concurrency_id="evaluate",
    )
    # The class's adapters as they are now, trained since the page loaded included.
    eval_modes.focus(guarded(lambda: gr.update(choices=page.column_choices())), None, [eval_modes], api_visibility="private")
