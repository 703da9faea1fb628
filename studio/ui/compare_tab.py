"""The Compare tab: one question, every column side by side, each pane labelled with what produced it."""

from __future__ import annotations

import html

import gradio as gr

from ..adapters import registry_adapter
from ..config import GenerationConfig, RetrievalConfig, parse_setting
from ..errors import StudioError
from ..lesson.columns import MAX_COLUMNS, parse_columns
from ..lesson.compare import Column, Comparison
from ..lesson.scenarios import load_scenario
from .inputs import Dropdown, Slider
from .page import RIGHT_MARK, Page, compare_seconds, gpu, guarded, html_lines

MY_DOCUMENTS = "my documents"
COLUMN_INFO = (
    "base: the model alone · rag: retrieved passages · lora: your adapter · lora+rag: both · "
    "stuffed: your documents pasted whole (as many as fit) · fewshot: examples from your training file or the scenario"
)


def column_markdown(column: Column, right: bool | None = None) -> str:
    """One pane: the column's label (with its mark when checked), provenance badges, warnings,
    the answer, its own cost, and its passages."""
    adapter = f"adapter {column.adapter}" if column.adapter else "no adapter"
    state = "" if column.finished else " · writing…"
    if column.stopped_in_loop:
        state += " · stopped: it began repeating itself"
    cost = f" · its own cost: reading {column.prefill_seconds:.2f} s + writing {column.decode_seconds:.2f} s" if column.cost_seconds else ""
    lines = [
        f"### {html.escape(column.label)}{RIGHT_MARK[right]}",
        f"`{adapter}` `{column.context_note}` `{column.system_note}`",
        "",
        *(f"⚠️ {html.escape(warning, quote=False)}<br>" for warning in column.warnings),
        html.escape(column.text.strip()) or "_…_",
        "",
        f"<sub>{column.prompt_tokens} prompt + {column.new_tokens} new tokens · {column.seconds:.2f} s{cost}{state}</sub>",
    ]
    if column.pasted or column.left_out:
        pasted = html.escape(", ".join(column.pasted)) or "none"
        left = f" · **left out (did not fit the context):** {html.escape(', '.join(column.left_out))}" if column.left_out else ""
        lines += ["", f"<sub>**Pasted:** {pasted}{left}</sub>"]
    if column.retrieved:
        cited = set(column.cited)
        passages = "".join(
            f"<p><b>[{i}]</b> {html.escape(h.chunk_id)} (score {h.score:.2f}){' <b>cited</b>' if i in cited else ''}"
            f"<br>{html_lines(h.text)}</p>"
            for i, h in enumerate(column.retrieved, start=1)
        )
        lines += ["", f"<details><summary>Passages</summary>{passages}</details>"]
    return "\n".join(lines)


def panes_for(result: Comparison | None, labels: list[str], skipped: dict | None = None, marks: dict | None = None) -> list[str]:
    """The MAX_COLUMNS panes, in the order asked: each column's answer (marked right or wrong when
    `marks` has it), or why it did not run; the panes past the last column are empty (and hidden
    by the picker's own event)."""
    skipped, marks = skipped or {}, marks or {}
    answered = iter(result.columns if result is not None else [])  # the runnable columns, in order
    panes = []
    for label in labels:
        if label in skipped:
            text = f"### {html.escape(label)}\n_not run: {html.escape(skipped[label], quote=False)}_"
        else:
            column = next(answered, None)
            text = column_markdown(column, marks.get(label)) if column is not None else f"### {html.escape(label)}\n_waiting…_"
        panes.append(text)
    return panes + [""] * (MAX_COLUMNS - len(labels))


def scenario_of(source: str | None):
    """The scenario a request names, by id only (a request never names a folder)."""
    return None if not source or source == MY_DOCUMENTS else load_scenario(source, allow_paths=False)


def build(page: Page) -> None:
    """The tab's layout and events, inside the app's Blocks."""
    workspace, config = page.workspace, page.config
    skip_panes = [gr.skip()] * MAX_COLUMNS

    @guarded
    def on_compare(question: str, modes: list[str], top_k: float, max_new_tokens: float, source: str = MY_DOCUMENTS, request: gr.Request = None):
        chosen = parse_columns(modes or [], "the Columns picker", MAX_COLUMNS)
        question = page.checked_question(question)
        scenario = scenario_of(source)
        top_k = parse_setting(RetrievalConfig, "top_k", top_k)
        max_new_tokens = parse_setting(GenerationConfig, "max_new_tokens", max_new_tokens)
        busy = workspace.busy  # training or an evaluation holds the model
        if busy:
            yield [f"Waiting: {busy} holds the model; your question runs at its next step…", *skip_panes, gr.skip()]
        elif not workspace.loaded:
            yield ["Loading the model (first question only)…", *skip_panes, gr.skip()]
        elif waiting := workspace.scheduler().waiting():
            yield [f"Queued: {waiting} question(s) wait for the model; yours joins the answers being written at their next step…", *skip_panes, gr.skip()]
        result = None
        learner = page.mine(request)
        # A column that cannot run (no adapter yet, no documents) says why; the others still answer.
        skipped = workspace.unavailable(chosen, learner, scenario)
        runnable = tuple(spec for spec in chosen if spec.label not in skipped)
        labels = [spec.label for spec in chosen]
        if not runnable:
            first = next(iter(skipped))
            raise StudioError(f"the {first} column {skipped[first]}")
        for result in workspace.stream(question, runnable, top_k=top_k, max_new_tokens=max_new_tokens, scenario=scenario, learner=learner):
            tokens = sum(c.new_tokens for c in result.columns)
            yield [f"Writing… {tokens} tokens so far", *panes_for(result, labels, skipped), gr.skip()]
        if result is not None:
            # A scenario's own question: its expected answer, and each column checked as evaluation checks it.
            expected, marks = workspace.mark_answers(result, scenario, question)
            notes = [f"{label} not run: {why}" for label, why in skipped.items()]
            try:
                workspace.remember_question(learner, question, source or MY_DOCUMENTS, result, expected, marks)  # for their lab report
            except StudioError as exc:
                notes.append(f"not kept for your lab report: {exc}")
            note = "; ".join(notes)
            status = f"Done. ({html.escape(note, quote=False)})" if note else "Done."
            if marks:
                status += f" **Expected answer:** {html.escape(expected or '(the pack gives none)', quote=False)} · " + ", ".join(
                    f"{html.escape(label)}{RIGHT_MARK[right]}" for label, right in marks.items()
                )
            data = result.to_dict()
            if marks:
                data["expected"] = expected
                for column in data["columns"]:
                    column["right"] = marks.get(column["column"])
            yield [status, *panes_for(result, labels, skipped, marks), data]

    @guarded
    def on_adapter(name: str | None, request: gr.Request = None):
        learner = page.mine(request)
        if not name:
            return gr.skip()
        if workspace.adapter_folder and name == workspace.adapter_folder.name:
            learner.adapter = None  # the class's default, the one the app started with
            return f"Your LoRA columns now use adapter {name}."
        loaded = workspace.use_adapter(registry_adapter(name, config.paths.adapters), learner)  # a registry name, never a path
        return f"Your LoRA columns now use adapter {loaded} (only yours: other learners keep theirs)."

    @guarded
    def on_source(source: str):
        scenario = scenario_of(source)
        if scenario is None:
            return gr.update(choices=[], value=None, visible=False), gr.update()
        examples = [item.question for item in scenario.items[:15]]
        return gr.update(choices=examples, value=None, visible=True), gr.update(value=f"**{scenario.title}** ({scenario.kind}): {scenario.lesson}")

    @guarded
    def on_source_columns(source: str):
        """A scenario that suggests columns sets the picker to them (those that can run here)."""
        scenario = scenario_of(source)
        if scenario is None or not scenario.columns:
            return gr.skip()
        suggested = [spec.label for spec in workspace.class_columns(scenario)]
        return gr.update(choices=page.column_choices(), value=suggested)

    with gr.Tab("Compare"):
        with gr.Row():
            source = Dropdown([MY_DOCUMENTS, *page.scenarios], value=MY_DOCUMENTS, label="Documents and system prompt from", scale=1, elem_id="source")
            adapter_pick = Dropdown(
                page.adapter_choices(),
                value=workspace.adapter_folder.name if workspace.adapter_folder else None,
                label="Adapter for the LoRA columns",
                scale=1,
                elem_id="adapter-pick",
                # The class's registry grows while the app runs: the handler checks the name (a registry
                # name, never a path), not the choices this page was built with.
                allow_custom_value=True,
            )
            example = Dropdown([], label="Example question", visible=False, scale=2, elem_id="example")
        scenario_note = gr.Markdown()
        with gr.Row():
            question = gr.Textbox(label="Question", placeholder="How much is the Pro plan?", scale=4, elem_id="question")
            ask = gr.Button("Ask every column", variant="primary", scale=1, elem_id="ask")
        with gr.Row():
            modes = Dropdown(
                page.column_choices(),
                value=[spec.label for spec in workspace.default_columns()],
                multiselect=True,
                allow_custom_value=True,  # lora:NAME for an adapter trained after the page loaded
                max_choices=MAX_COLUMNS,
                label=f"Columns (up to {MAX_COLUMNS}, in order): a kind, or lora:NAME for one of the class's adapters",
                info=COLUMN_INFO,
                elem_id="columns",
                scale=3,
            )
            top_k = Slider(0, 10, step=1, value=config.retrieval.top_k, label="Passages for RAG (top-k; 0 = none)")
            max_new = Slider(8, 1024, step=8, value=config.generation.max_new_tokens, label="Max new tokens per column")
        status = gr.Markdown(elem_id="status")
        with gr.Row(equal_height=False, elem_id="columns-row"):
            shown = len(workspace.default_columns())
            panes = [gr.Markdown("", visible=slot <= shown, elem_id=f"column-{slot}") for slot in range(1, MAX_COLUMNS + 1)]
        with gr.Accordion("Result as JSON", open=False):
            raw = gr.JSON()


    compare_inputs, compare_outputs = [question, modes, top_k, max_new, source], [status, *panes, raw]
    # Questions are not queued one at a time: the scheduler batches every learner's rows together.
    ask_on_gpu = gpu(on_compare, compare_seconds)
    ask.click(ask_on_gpu, compare_inputs, compare_outputs, api_name="compare", concurrency_limit=None)
    question.submit(ask_on_gpu, compare_inputs, compare_outputs, api_visibility="private", concurrency_limit=None)
    source.change(on_source, [source], [example, scenario_note], api_visibility="private")
    source.change(on_source_columns, [source], [modes], api_visibility="private")
    adapter_pick.focus(guarded(lambda: gr.update(choices=page.adapter_choices())), None, [adapter_pick], api_visibility="private")
    # As many panes as columns picked (the compare endpoint itself returns plain text for each).
    modes.change(guarded(lambda picked: [gr.update(visible=i < len(picked or [])) for i in range(MAX_COLUMNS)]), [modes], panes, api_visibility="private")
    # The class's adapters as they are now, trained since the page loaded included.
    modes.focus(guarded(lambda: gr.update(choices=page.column_choices())), None, [modes], api_visibility="private")
    adapter_pick.input(on_adapter, [adapter_pick], [status], api_name="use_adapter")
    example.change(guarded(lambda q: q or gr.skip()), [example], [question], api_visibility="private")
