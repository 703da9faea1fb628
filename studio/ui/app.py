"""The browser app: Compare, Documents, Train, Evaluate, Class, Instructor, Decide and About, on one workspace.

Layout and wiring, with handlers that call into `Workspace` (or a pure core function), each
`@guarded` where it is defined: a StudioError reaches the learner as one `gr.Error` line in
the core's own words and the server log as one line; anything else is logged with its
traceback and shown without internals; Gradio's own input checks end the same way
(`inputs.py`). Model work goes through the class's one gate (`Workspace.scheduler`): a
request that finds a training holding the model says what it waits for. On a ZeroGPU Space
the model's handlers run inside `spaces.GPU`.

Safe to expose: names from a request (adapter, scenario, document) are names, never paths;
numbers are parsed with the settings' own ranges; uploads are limited in size (Gradio's
`max_file_size`) and count, named by their own file names in messages, and removed by age.
"""

from __future__ import annotations

import atexit
import functools
import html
import inspect
import logging
import os
import queue
import shutil
import tempfile
import time
from dataclasses import fields
from pathlib import Path

import gradio as gr

from ..adapters import registry_adapter
from ..classroom.report import class_html, class_markdown, learner_html, learner_markdown, tally_markdown
from ..classroom.rounds import MAX_NAME_CHARS, TokenGuard
from ..classroom.session import new_learner_id
from ..classroom.workspace import Workspace
from ..config import GenerationConfig, RetrievalConfig, ServerConfig, TrainingConfig, help_for, parse_setting
from ..errors import StudioError
from ..knowledge.documents import READABLE_SUFFIXES
from ..lesson.columns import KINDS, MAX_COLUMNS, parse_columns
from ..lesson.compare import Column, Comparison
from ..lesson.decide import CHANGE_CHOICES, TaskAnswers, recommend
from ..lesson.evaluate import percent
from ..lesson.scenarios import load_scenario, scenario_ids
from ..model.engine import resolve_device
from ..tuning.costs import human_bytes, method_costs, model_sizes, training_seconds
from ..tuning.datasets import TRAINING_SUFFIXES
from .inputs import Dropdown, Number, Radio, Slider

log = logging.getLogger("studio.app")

LESSON = (
    "**Fine-tuning teaches a skill or a style; retrieval supplies knowledge.** "
    "Ask one question and watch the same base model answer it plainly, with retrieved passages (RAG), "
    "with a LoRA adapter, with both, with the documents pasted whole or with examples in the prompt: one loaded "
    "model, one batched call, every column labelled with what produced it."
)
MY_DOCUMENTS = "my documents"
COLUMN_INFO = (
    "base: the model alone · rag: retrieved passages · lora: your adapter · lora+rag: both · "
    "stuffed: your documents pasted whole (as many as fit) · fewshot: examples from your training file or the scenario"
)
SHARED_AND_YOURS = (
    "<sub>**Shared by the class:** the model, the class's documents and scenarios, every adapter anyone trained "
    "(pick one for your LoRA columns). **Yours alone:** the documents you add or remove, the adapter your LoRA "
    "columns use, your training (only you can cancel it). Everyone's questions are answered together, in one batch.</sub>"
)


# ZeroGPU: the GPU is attached per call, for at most the duration a call asks for, and what a
# call takes counts against the visitor's daily quota; a call that asks for less waits less.
ZERO_GPU_SECONDS = (15, 300)  # the shortest and longest duration one call asks for
ZERO_GPU_NOTE = (
    "<sub>**This Space runs on ZeroGPU.** Each question, training or evaluation borrows a GPU for its estimated "
    "time, taken from **your own daily quota** (per Hugging Face account, or per network for visitors who are not "
    "signed in; at the time of writing a few minutes a day, more for PRO accounts, refilled a day after first use): "
    "sign in to get more, keep trainings short (Steps), and ask with fewer new tokens. A training longer than "
    f"{ZERO_GPU_SECONDS[1] // 60} minutes stops at that limit.</sub>"
)


def on_zero_gpu() -> bool:
    """Whether this process serves a ZeroGPU Space (the platform sets SPACES_ZERO_GPU)."""
    return os.environ.get("SPACES_ZERO_GPU", "").lower() in ("1", "true", "yes")


def gpu(fn, estimate=None):
    """Run `fn` on a ZeroGPU slice when the `spaces` package is there; unchanged elsewhere.

    `estimate(**arguments)` gives the seconds a call needs, from the handler's own arguments
    (spaces.GPU calls a `duration` function with them); the default is spaces' own 60 s.
    """
    try:
        import spaces
    except ImportError:
        return fn
    if estimate is None:
        return spaces.GPU(fn)
    signature = inspect.signature(fn)
    low, high = ZERO_GPU_SECONDS

    def duration(*args, **kwargs) -> int:
        try:
            seconds = estimate(**signature.bind_partial(*args, **kwargs).arguments)
        except Exception:  # an estimate must never stop the call itself
            return 60
        return int(min(max(seconds, low), high))

    return spaces.GPU(duration=duration)(fn)


def compare_seconds(max_new_tokens=128, **_) -> float:
    """A question: loading the rows, then new tokens at about 20 a second per batch on a GPU."""
    try:
        return 10 + float(max_new_tokens) / 20
    except (TypeError, ValueError):
        return 60


def train_seconds(workspace: Workspace):
    """A training's GPU seconds from its form: its steps (or epochs of its examples), batch and length."""

    def estimate(upload=None, scenario_id=None, epochs=1, steps=0, batch=8, max_length=512, **_) -> float:
        steps, batch, length, epochs = int(float(steps or 0)), int(float(batch)), int(float(max_length)), float(epochs)
        if steps:
            per_step = TrainingConfig(batch_size=batch).for_device("cuda")  # the accumulation a run adds to the batch
            tokens = steps * batch * per_step.grad_accum * length / 2
        else:
            if upload:
                examples = upload_of(upload)[0].read_bytes().count(b"\n") + 1
            else:
                examples = load_scenario(scenario_id, allow_paths=False).train_examples
            tokens = examples * epochs * length / 2
        params = sum(p.numel() for p in workspace.engine().model.parameters()) if workspace.loaded else 5e8
        return 30 + 3 * training_seconds(params, tokens, "cuda", 1)  # 3x: real GPUs train below their peak

    return estimate


def evaluate_seconds(scenario_id=None, limit=0, max_new_tokens=128, **_) -> float:
    """An evaluation: one batched question per item."""
    items = whole_number(limit or 0, "items", 1_000_000) or len(load_scenario(scenario_id, allow_paths=False).items)
    return 20 + items * compare_seconds(max_new_tokens) / 2


def guarded(fn):
    """`fn` as a Gradio handler: StudioError -> one gr.Error line (and one log line); a bug ->
    its traceback in the log and a message without internals for the learner."""

    def failure(exc: Exception) -> gr.Error:
        if isinstance(exc, gr.Error):
            return exc
        if isinstance(exc, StudioError):
            line = " ".join(str(exc).split())  # one line, whatever the message held
            log.info("%s refused: %s", fn.__name__, line)
            # gr.Error renders HTML: a file or adapter name must show as text, never as markup
            return gr.Error(html.escape(line, quote=False), print_exception=False)
        log.error("%s failed unexpectedly", fn.__name__, exc_info=exc)
        return gr.Error(f"unexpected error ({type(exc).__name__}); the server log has the details", print_exception=False)

    if inspect.isgeneratorfunction(fn):

        @functools.wraps(fn)
        def stream(*args, **kwargs):
            try:
                yield from fn(*args, **kwargs)
            except Exception as exc:
                raise failure(exc) from None

        return stream

    @functools.wraps(fn)
    def call(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            raise failure(exc) from None

    return call


# Gradio stores an upload under the hash of its content, so two learners who upload the same
# file share one stored copy: deleting it once one request has read it would break the other's
# request. Uploads are removed by age instead (Gradio's delete_cache), and all at shutdown.
UPLOAD_KEEP_SECONDS = 600


def upload_of(file) -> tuple[Path, str]:
    """(server path, the file's own name) of an uploaded file; StudioError when it is gone."""
    path = Path(file if isinstance(file, str) else file.name)
    if not path.is_file():
        raise StudioError(f"the uploaded file {path.name} is no longer on the server (uploads are kept {UPLOAD_KEEP_SECONDS // 60} minutes): upload it again")
    return path, path.name


def whole_number(raw, what: str, high: int) -> int:
    """A count from a form that is no setting (items to score): a whole number from 0 to `high`."""
    try:
        value = float(raw)
    except (TypeError, ValueError):
        value = float("nan")
    if not (0 <= value <= high) or value != int(value):
        raise StudioError(f"{what} is {raw!r}: give a whole number from 0 to {high:,}")
    return int(value)


class Downloads:
    """A private folder for the adapter zips the app hands out; old ones go, all go at exit."""

    def __init__(self, keep_seconds: float = 3600):
        self.folder = Path(tempfile.mkdtemp(prefix="studio-downloads-"))
        self.keep_seconds = keep_seconds
        atexit.register(shutil.rmtree, self.folder, True)

    def _fresh(self) -> Path:
        """A new private folder for one download; downloads older than keep_seconds go."""
        now = time.time()
        for old in self.folder.iterdir():
            if now - old.stat().st_mtime > self.keep_seconds:
                shutil.rmtree(old, ignore_errors=True)
        return Path(tempfile.mkdtemp(dir=self.folder))

    def zip_of(self, folder: Path, name: str) -> str:
        return shutil.make_archive(str(self._fresh() / name), "zip", folder)

    def files_of(self, texts: dict[str, str]) -> list[str]:
        """Text files (name -> content) in one new private folder, in order."""
        folder = self._fresh()
        paths = []
        for name, content in texts.items():
            (folder / name).write_text(content, encoding="utf-8")
            paths.append(str(folder / name))
        return paths


def file_stem(name: str | None, fallback: str) -> str:
    """A learner's name as part of a download's file name: letters, digits and dashes."""
    stem = "-".join("".join(ch if ch.isalnum() else " " for ch in (name or "")).split())[:40]
    return stem or fallback


RIGHT_MARK = {True: " ✅", False: " ❌", None: ""}  # a column's answer, checked right or wrong (or not checked)


def _html_lines(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


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
            f"<br>{_html_lines(h.text)}</p>"
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


def _scenario(source: str | None):
    """The scenario a request names, by id only (a request never names a folder)."""
    return None if not source or source == MY_DOCUMENTS else load_scenario(source, allow_paths=False)


def card_markdown(card, folder: Path) -> str:
    """The adapter card as a learner reads it."""
    loss = f"{card.loss_history[0][1]:.3f} → {card.final_loss:.3f}" if card.loss_history else "n/a"
    return "\n".join(
        [
            f"### Adapter `{card.name}`",
            f"- **Trainable parameters:** {card.trainable_params:,} of {card.total_params:,} ({card.trainable_share:.2%} of the model)",
            f"- **Size:** {human_bytes(card.adapter_bytes)} against {human_bytes(card.base_bytes)} for the base model: "
            f"**{card.size_ratio:,.0f} times smaller**",
            f"- **Time:** {card.steps} steps in {card.wall_seconds:.1f} s ({card.tokens_per_second:,.0f} tokens/s, "
            f"{card.padding_fraction:.1%} padding)",
            f"- **Loss:** {loss}",
            f"- **Examples:** {card.dataset['examples']} ({card.dataset['format']}), saved in `{folder}`",
        ]
    )


def build_app(workspace: Workspace) -> gr.Blocks:
    """The app for one workspace; nothing is loaded until a tab needs the model.

    Every handler is `@guarded` where it is defined (a test checks each event's function).
    """
    config = workspace.config
    limits = config.server
    skip_panes = [gr.skip()] * MAX_COLUMNS
    scenarios = scenario_ids()
    downloads = Downloads()

    def mine(request: gr.Request | None):
        """The caller's own session, picked by their page's (or Client's) Gradio session: an id
        that only that page holds and that no endpoint returns, so nobody can name another's."""
        session = getattr(request, "session_hash", None)
        if not isinstance(session, str) or not session:
            raise StudioError("this request has no session: reload the page")
        return workspace.learners.get(session)

    # -- Compare ------------------------------------------------------------------------------

    @guarded
    def on_compare(question: str, modes: list[str], top_k: float, max_new_tokens: float, source: str = MY_DOCUMENTS, request: gr.Request = None):
        chosen = parse_columns(modes or [], "the Columns picker", MAX_COLUMNS)
        if not isinstance(question, str) or not question.strip():
            raise StudioError("the question is empty: type a question")
        if len(question) > limits.max_question_chars:
            raise StudioError(
                f"the question is {len(question):,} characters, over this server's limit of {limits.max_question_chars:,}: shorten it"
            )
        scenario = _scenario(source)
        top_k = parse_setting(RetrievalConfig, "top_k", top_k)
        max_new_tokens = parse_setting(GenerationConfig, "max_new_tokens", max_new_tokens)
        busy = workspace.busy  # training or an evaluation holds the model
        if busy:
            yield [f"Waiting: {busy} holds the model; your question runs at its next step…", *skip_panes, gr.skip()]
        elif not workspace.loaded:
            yield ["Loading the model (first question only)…", *skip_panes, gr.skip()]
        elif waiting := workspace.scheduler().waiting():
            yield [f"Queued: {waiting} question(s) wait for the model; yours joins the next batch…", *skip_panes, gr.skip()]
        result = None
        learner = mine(request)
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

    def column_choices() -> list[str]:
        """Every kind, then a lora:NAME and lora+rag:NAME column for each of the class's adapters."""
        named = [f"{kind.name}:{name}" for name in adapter_choices() for kind in KINDS.values() if kind.adapter]
        return [*KINDS, *named]

    def adapter_choices() -> list[str]:
        """The class's adapters (the shared registry), and the one the app started with."""
        from ..adapters import list_adapters

        names = [entry.name for entry in list_adapters(config.paths.adapters) if entry.card is not None or not entry.problem]
        current = workspace.adapter_folder.name if workspace.adapter_folder else None
        return ([current] if current and current not in names else []) + names

    @guarded
    def on_adapter(name: str | None, request: gr.Request = None):
        learner = mine(request)
        if not name:
            return gr.skip()
        if workspace.adapter_folder and name == workspace.adapter_folder.name:
            learner.adapter = None  # the class's default, the one the app started with
            return f"Your LoRA columns now use adapter {name}."
        loaded = workspace.use_adapter(registry_adapter(name, config.paths.adapters), learner)  # a registry name, never a path
        return f"Your LoRA columns now use adapter {loaded} (only yours: other learners keep theirs)."

    @guarded
    def on_source(source: str):
        scenario = _scenario(source)
        if scenario is None:
            return gr.update(choices=[], value=None, visible=False), gr.update()
        examples = [item.question for item in scenario.items[:15]]
        return gr.update(choices=examples, value=None, visible=True), gr.update(value=f"**{scenario.title}** ({scenario.kind}): {scenario.lesson}")

    @guarded
    def on_source_columns(source: str):
        """A scenario that suggests columns sets the picker to them (those that can run here)."""
        scenario = _scenario(source)
        if scenario is None or not scenario.columns:
            return gr.skip()
        suggested = [spec.label for spec in workspace.class_columns(scenario)]
        return gr.update(choices=column_choices(), value=suggested)

    # -- Documents ----------------------------------------------------------------------------

    def documents_view(learner) -> tuple[list, dict]:
        """The learner's documents as the table shows them, and as the Remove picker offers them."""
        chunks = workspace.document_chunks(learner)
        return [[name, count] for name, count in chunks], gr.update(choices=[name for name, _ in chunks], value=None)

    @guarded
    def on_add(files, request: gr.Request = None):
        learner = mine(request)
        paths = [upload_of(f)[0] for f in files or []]
        yield f"Indexing {len(paths)} file(s)…", gr.skip(), gr.skip()
        report = workspace.add_documents(paths, learner)
        yield (
            f"Index updated in {report.seconds:.1f} s: {report.summary()}; {report.embedded_chunks} chunk(s) embedded.",
            *documents_view(learner),
        )

    @guarded
    def on_remove(source: str, request: gr.Request = None):
        learner = mine(request)
        if not source:
            raise StudioError("choose a document to remove")
        report = workspace.remove_document(source, learner)
        return f"Removed {source} from your documents: {report.summary()}.", *documents_view(learner)

    @guarded
    def on_search(query: str, k: float, request: gr.Request = None):
        if not isinstance(query, str):
            raise StudioError("the search query is empty: type a question")
        if len(query) > limits.max_question_chars:
            raise StudioError(f"the query is over this server's limit of {limits.max_question_chars:,} characters: shorten it")
        hits = workspace.search(query, parse_setting(RetrievalConfig, "top_k", k), learner=mine(request))
        text = "\n\n".join(
            f"**[{i}] {html.escape(h.chunk_id)}** (score {h.score:.3f})<br>{_html_lines(h.text[:600])}" for i, h in enumerate(hits, 1)
        )
        return text or "_no passages_", [h.to_dict() for h in hits]

    # -- Train --------------------------------------------------------------------------------

    def _examples(upload, scenario_id: str | None) -> tuple[Path, str]:
        """(file to read, its name for messages): the upload, or a bundled scenario's examples."""
        if upload:
            path, shown = upload_of(upload)
            if path.suffix.lower() not in TRAINING_SUFFIXES:
                raise StudioError(f"{shown} is not a training file: upload a {', '.join(TRAINING_SUFFIXES)} file of examples")
            return path, shown
        if scenario_id:
            train = load_scenario(scenario_id, allow_paths=False).train
            return train, f"{scenario_id}/{train.name}"
        raise StudioError("upload a training file (.jsonl, .json or .csv), or pick a scenario's examples")

    def _training_config(rank, alpha, lr, epochs, steps, batch, max_length) -> TrainingConfig:
        values = {"rank": rank, "alpha": alpha, "learning_rate": lr, "epochs": epochs, "steps": steps or 0, "batch_size": batch, "max_length": max_length}
        return TrainingConfig(**{name: parse_setting(TrainingConfig, name, raw) for name, raw in values.items()})

    @guarded
    def on_check(upload, scenario_id, rank, alpha, lr, epochs, steps, batch, max_length, request: gr.Request = None):
        path, shown = _examples(upload, scenario_id)
        cfg = _training_config(rank, alpha, lr, epochs, steps, batch, max_length)
        plan = workspace.plan_training(path, cfg, shown_as=shown, learner=mine(request))
        lines = [
            f"**{plan.examples_line()}**",
            "",
            f"**Estimate before starting** (rough): {plan.estimate_line()}.",
            "",
            "**As the model will see them** (chat template applied; the loss falls on the answer only):",
        ]
        for row in plan.preview:
            lines += [f"<details><summary>{html.escape(row['where'])}</summary><pre>{html.escape(row['prompt'])}"
                      f"<b>{html.escape(row['answer'])}</b></pre></details>"]
        return "\n".join(lines)

    @guarded
    def on_train(
        upload, scenario_id, name, replace_existing, rank, alpha, lr, epochs, steps, batch, max_length, request: gr.Request = None,
        bar=gr.Progress(),
    ):
        learner = mine(request)
        path, shown = _examples(upload, scenario_id)
        cfg = _training_config(rank, alpha, lr, epochs, steps, batch, max_length)
        if not isinstance(name, str) or not name.strip():
            raise StudioError("give the adapter a name")
        job = workspace.start_training(learner, path, cfg, name, overwrite=bool(replace_existing), shown_as=shown)
        losses: list[dict] = []
        yield "Starting…", gr.skip(), gr.skip(), gr.skip(), gr.skip()
        while True:
            try:
                progress = job.updates.get(timeout=1.0)
            except queue.Empty:
                if job.progress is None and (line := waiting_line(job)):
                    yield line, gr.skip(), gr.skip(), gr.skip(), gr.skip()
                continue
            if progress is None:
                break
            if progress.loss is not None:
                losses.append({"step": progress.step, "loss": progress.loss})
            status = progress_line(progress)
            bar((progress.step, progress.max_steps), desc="training steps")
            yield status, _loss_frame(losses), gr.skip(), gr.skip(), gr.skip()
        job.finished.wait()
        if job.error is not None:
            raise job.error
        card, folder = job.result
        yield (
            job.outcome,
            _loss_frame([{"step": s, "loss": l} for s, l in card.loss_history]),
            card_markdown(card, folder),
            card.to_dict(),
            downloads.zip_of(folder, card.name),
        )

    @guarded
    def on_cancel(request: gr.Request = None):
        """Cancel the caller's own training, never another learner's."""
        job = mine(request).training
        if job is None:
            return "You have no training running."
        job.cancel.set()
        if job.progress is None and workspace.trainings.ahead_of(job):
            return f"Your training of {job.name} leaves the line; nothing will be trained."
        return f"Cancelling your training of {job.name} at the next step; nothing will be saved."

    # -- Evaluate -----------------------------------------------------------------------------

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
            on_item=lambda done, total: progress((done, total), desc="items"), learner=mine(request),
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
            workspace.remember_evaluation(mine(request), report)  # for their lab report
        except StudioError as exc:
            verdict += f"\n\n_Not kept for your lab report: {html.escape(str(exc), quote=False)}_"
        return table, bars, verdict, {k: v for k, v in report.to_dict().items() if k != "items"}

    def forget_learner(request: gr.Request):
        workspace.learners.end(request.session_hash)

    @guarded
    def on_page_load(key, request: gr.Request):
        """A page opens: it is the learner whose key its browser holds (a new one the first time)."""
        try:
            learner = workspace.learners.attach(request.session_hash, key)
        except ValueError:
            key = new_learner_id()
            learner = workspace.learners.attach(request.session_hash, key)
        # Offer an adapter name of the learner's own, so a class's first trainings do not collide:
        # from their owner hash, never from the key itself (registry names are public).
        return key, documents_view(learner)[0], f"adapter-{learner.owner[:6]}"

    @guarded
    def resume_training(request: gr.Request):
        """After a reload: follow the learner's training that is still running, to its end."""
        job = mine(request).training
        if job is None:
            return
        while not job.finished.wait(0.5):
            if job.progress is not None:
                yield f"Your training of {job.name} is running: {progress_line(job.progress)}"
            else:
                yield waiting_line(job) or f"Your training of {job.name} is starting…"
        yield job.outcome

    def waiting_line(job) -> str:
        """A queued training's place in the class's line, and when the one running now should end."""
        ahead = workspace.trainings.ahead_of(job)
        if not ahead:
            return ""
        running = workspace.trainings.running()
        eta = getattr(getattr(running, "progress", None), "eta_seconds", None)
        when = f"; the one training now ends in about {eta:.0f} s" if eta is not None else ""
        return f"Waiting: {ahead} training(s) ahead of yours take the model first{when}. Cancel takes yours out of the line."

    # -- Decide and About ---------------------------------------------------------------------

    @guarded
    def on_decide(own_facts, change, cite, format_voice, prompt_works, examples):
        if change not in CHANGE_CHOICES:
            raise StudioError(f"choose how often the information changes: one of {', '.join(CHANGE_CHOICES)}")
        count = whole_number(examples or 0, "the number of examples", 10**9)
        result = recommend(TaskAnswers(bool(own_facts), change, bool(cite), bool(format_voice), bool(prompt_works), count))
        return "\n".join(
            [f"## Recommendation: {result.choice}", "", "**Why:**", *[f"- {r}" for r in result.reasons], "", "**Next:**", *[f"- {s}" for s in result.next_steps]]
        )

    @guarded
    def on_costs(rank: float):
        rank = TrainingConfig(rank=parse_setting(TrainingConfig, "rank", rank)).rank  # its type and range
        engine = workspace.engine()
        sizes = model_sizes(engine.model)
        rows = [
            [c.method, f"{c.trainable_params:,}", f"{c.trainable_params / sizes.total_params:.2%}", human_bytes(c.train_memory_bytes), human_bytes(c.storage_bytes)]
            for c in method_costs(sizes, rank)
        ]
        return f"**{engine.source.label}**: {sizes.total_params:,} parameters, {len(sizes.linear_layers)} linear layers LoRA can adapt.", rows

    # -- Class: predict, then reveal ----------------------------------------------------------

    # The model's part of a class question runs on the GPU; the store is written outside it.
    answer_on_gpu = gpu(workspace.class_answers, lambda **_: compare_seconds(config.generation.max_new_tokens))

    expected_token = limits.instructor_token
    token_guard = TokenGuard(expected_token)  # every control and event checks the token through it

    @guarded
    def on_vote(name: str, prediction: str, request: gr.Request = None) -> str:
        """Predict which column gets the class question right (or: knowledge or skill). A second vote replaces the first."""
        learner = mine(request)
        question, chosen, replaced = workspace.classroom.vote(learner.owner, name, prediction)
        told = "Changed: your prediction is now" if replaced else "Recorded: you predict"
        return f"{told} **{html.escape(chosen)}** for question {question.id}. The answers show when the instructor reveals them."

    @guarded
    def on_round(request: gr.Request = None) -> dict:
        """The class question as you see it: its choices, your prediction, and once revealed the columns and the verdict."""
        return workspace.classroom.round(mine(request).owner)

    @guarded
    def on_set_question(question: str, token: str, scenario: str = "", columns: str = "") -> dict:
        """Instructor: open the class question (free text, or a scenario's item id or number) and answer it, hidden."""
        token_guard.check(token, "set_question")
        if not isinstance(question, str) or not question.strip():
            raise StudioError("the class question is empty: type a question, or give a scenario and one of its items")
        if len(question) > limits.max_question_chars:
            raise StudioError(f"the question is over this server's limit of {limits.max_question_chars:,} characters: shorten it")
        picked = load_scenario(scenario, allow_paths=False) if scenario else None
        if picked is None and ":" in question and question.split(":", 1)[0] in scenarios:
            ref, item = question.split(":", 1)  # "scenario:item", for a caller that has one field
            picked, question = load_scenario(ref, allow_paths=False), item
        chosen = parse_columns(columns, "columns", MAX_COLUMNS) if isinstance(columns, str) and columns.strip() else None
        workspace.ask_class(question.strip(), picked, chosen, run=answer_on_gpu)
        return workspace.classroom.tally()

    @guarded
    def on_next_question(token: str) -> dict:
        """Instructor: move the class to the next item of the current question's scenario."""
        token_guard.check(token, "next_question")
        workspace.next_class_question(run=answer_on_gpu)
        return workspace.classroom.tally()

    @guarded
    def on_reveal(token: str) -> dict:
        """Instructor: show every learner the columns' answers and the checks' verdict."""
        token_guard.check(token, "reveal")
        workspace.classroom.reveal()
        return workspace.classroom.tally()

    @guarded
    def on_tally(token: str) -> dict:
        """Instructor: how many predicted each choice, and how many were right."""
        token_guard.check(token, "tally")
        return workspace.classroom.tally()

    report_title = f"Tune-or-Retrieve Studio, model {workspace.model_source().label}"

    @guarded
    def on_report(request: gr.Request = None) -> tuple[str, str]:
        """Your lab report: questions, columns and provenance, predictions against outcomes, scoreboards, adapters."""
        learner = mine(request)
        record = workspace.store.learner_record(learner.owner)
        stem = f"lab-report-{file_stem(record.get('name'), 'learner')}"
        return tuple(downloads.files_of({f"{stem}.md": learner_markdown(record, report_title), f"{stem}.html": learner_html(record, report_title)}))

    @guarded
    def on_class_report(token: str) -> tuple[str, str]:
        """Instructor: the class summary, every class question's tally and reveal."""
        token_guard.check(token, "class_report")
        questions, learners_seen = workspace.classroom.history()
        counts = workspace.store.class_counts()
        return tuple(downloads.files_of({
            "class-summary.md": class_markdown(questions, counts, learners_seen, report_title),
            "class-summary.html": class_html(questions, counts, learners_seen, report_title),
        }))

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

    @guarded
    def on_class_tick(seen, request: gr.Request = None):
        """A learner's page, every few seconds: a new question resets their choices; a reveal shows the answers."""
        view = workspace.classroom.round(mine(request).owner)
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
        return told, class_question_markdown(workspace.classroom.round(mine(request).owner))

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
            token_guard.check(token, "the Instructor tab's live tally", quiet_when_blank=True)
        except StudioError:
            return gr.skip(), gr.skip(), gr.skip()
        return teacher_view(workspace.classroom.tally())

    @guarded
    def on_teach_scenario(scenario):
        if not scenario:
            return gr.update(choices=[], value=None)
        picked = load_scenario(scenario, allow_paths=False)
        return gr.update(choices=[(f"{item.id} ({item.kind}): {item.question[:60]}", item.id) for item in picked.items], value=None)

    # -- layout -------------------------------------------------------------------------------


    # Uploads and handed-out zips in Gradio's cache are removed once UPLOAD_KEEP_SECONDS old, and at shutdown.
    with gr.Blocks(title="Tune-or-Retrieve Studio", delete_cache=(60, UPLOAD_KEEP_SECONDS)) as app:
        gr.Markdown("# Tune-or-Retrieve Studio")
        gr.Markdown(LESSON)

        gr.Markdown(f"<sub>Serving {html.escape(workspace.describe())}</sub>")
        gr.Markdown(SHARED_AND_YOURS)
        if on_zero_gpu():
            gr.Markdown(ZERO_GPU_NOTE)
        with gr.Tab("Compare"):
            with gr.Row():
                source = Dropdown([MY_DOCUMENTS, *scenarios], value=MY_DOCUMENTS, label="Documents and system prompt from", scale=1, elem_id="source")
                adapter_pick = Dropdown(
                    adapter_choices(),
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
                    column_choices(),
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

        with gr.Tab("Documents"):
            gr.Markdown("Add .md, .txt, .pdf or .html files; a file with the name of an indexed one replaces it. "
                        "Only new or changed documents are embedded. The documents you add or remove are yours: other "
                        "learners keep the class's. They last as long as this page (`studio index` saves an index).")
            with gr.Row():
                # Types are checked by the core (one clear line), not by gr.File (a logged traceback each time).
                uploads = gr.File(file_count="multiple", label=f"Files ({', '.join(READABLE_SUFFIXES)})", elem_id="doc-files")
                with gr.Column():
                    add = gr.Button("Add or replace", variant="primary", elem_id="doc-add")
                    remove_choice = Dropdown([], label="Remove a document", elem_id="doc-remove-choice")
                    remove = gr.Button("Remove", elem_id="doc-remove")
            doc_status = gr.Markdown(elem_id="doc-status")
            doc_table = gr.Dataframe(headers=["document", "chunks"], label="Indexed documents", interactive=False, elem_id="doc-table")
            with gr.Row():
                query = gr.Textbox(label="Try a search", scale=4, elem_id="search-query")
                k = Slider(1, 10, step=1, value=config.retrieval.top_k, label="Passages")
                search = gr.Button("Search", elem_id="search")
            hits_view = gr.Markdown(elem_id="search-hits")
            hits_raw = gr.JSON(visible=False)

        with gr.Tab("Train"):
            gr.Markdown("Teach the base model a **skill or a style** from examples: a small LoRA adapter on the frozen "
                        "base (QLoRA on a GPU). The loss falls on the answers only.")
            with gr.Row():
                train_file = gr.File(label=f"Examples ({', '.join(TRAINING_SUFFIXES)})", elem_id="train-file")
                train_scenario = Dropdown([s for s in scenarios], value=None, label="…or a scenario's examples", elem_id="train-scenario")
            help_of = {f.name: help_for(TrainingConfig, f.name) for f in fields(TrainingConfig)}
            defaults = TrainingConfig().for_device(resolve_device(config.model.device))  # batch 2 on a CPU, 8 on a GPU
            with gr.Row():
                rank = Slider(1, 128, step=1, value=defaults.rank, label="Rank", info=help_of["rank"])
                alpha = Number(value=defaults.alpha, label="Alpha", info=help_of["alpha"])
                lr = Number(value=defaults.learning_rate, label="Learning rate", info=help_of["learning_rate"])
            with gr.Row():
                epochs = Number(value=defaults.epochs, label="Epochs", info=help_of["epochs"])
                steps = Number(value=0, label="Steps", info=help_of["steps"])
                batch = Slider(1, 64, step=1, value=defaults.batch_size, label="Batch size", info=help_of["batch_size"])
                max_length = Number(value=defaults.max_length, label="Max length", info=help_of["max_length"])
            with gr.Row():
                adapter_name = gr.Textbox(value="my-adapter", label="Adapter name", elem_id="adapter-name")
                replace_existing = gr.Checkbox(value=False, label="Replace an adapter of that name")
            with gr.Row():
                check = gr.Button("Check examples and estimate", elem_id="train-check")
                start = gr.Button("Start training", variant="primary", elem_id="train-start")
                stop = gr.Button("Cancel", variant="stop", elem_id="train-cancel")
            check_view = gr.Markdown(elem_id="train-check-view")
            train_status = gr.Markdown(elem_id="train-status")
            loss_plot = gr.LinePlot(x="step", y="loss", title="Training loss", elem_id="loss-plot")
            card_view = gr.Markdown(elem_id="card")
            card_raw = gr.JSON(visible=False)
            download = gr.File(label="Adapter (zip)", elem_id="adapter-zip")

        with gr.Tab("Evaluate"):
            gr.Markdown("Score a scenario in every column: knowledge questions and skill questions apart.")
            with gr.Row():
                first = "lumenfold-handbook" if "lumenfold-handbook" in scenarios else (scenarios[0] if scenarios else None)
                eval_scenario = Dropdown(scenarios, value=first, label="Scenario", elem_id="eval-scenario")
                eval_modes = Dropdown(
                    column_choices(), value=["base", "rag"], multiselect=True, allow_custom_value=True, max_choices=MAX_COLUMNS,
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

        with gr.Tab("Instructor"):
            gr.Markdown("For the instructor: set the class question, watch the live tally, reveal, move on, and download "
                        "the class summary. Needs the token the server was started with (STUDIO_INSTRUCTOR_TOKEN)."
                        + ("" if expected_token else " **This server has none, so these controls are off.**"))
            teach_token = gr.Textbox(type="password", label="Instructor token", elem_id="teach-token")
            with gr.Row():
                teach_scenario = Dropdown(["", *scenarios], value="", label="Scenario (its items are checked)", elem_id="teach-scenario")
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

        with gr.Tab("Decide"):
            gr.Markdown("Your own task: fine-tune, retrieve, both, or just prompt? Answer and see why.")
            own_facts = gr.Checkbox(label="Answers depend on information a public model cannot know (your documents, products, policies)")
            change = Radio(list(CHANGE_CHOICES), value="monthly", label="How often does that information change?")
            cite = gr.Checkbox(label="Answers must cite their sources")
            format_voice = gr.Checkbox(label="The goal is a format, a structure, a tone or a behaviour")
            prompt_works = gr.Checkbox(label="A clear instruction with two or three examples already gets that format right")
            examples_count = Number(value=0, label="How many input → output examples exist (or could be written)?")
            decide = gr.Button("Decide", variant="primary", elem_id="decide")
            decision = gr.Markdown(elem_id="decision")

        with gr.Tab("About"):
            gr.Markdown(
                "## The rule\n**Fine-tuning teaches a skill or a style; retrieval supplies knowledge.** A LoRA adapter "
                "learns how to answer (a JSON record, a brief's sections, a house voice) from a few hundred examples. "
                "It does not reliably learn facts, and what it learned goes stale when the facts change. Retrieval "
                "hands the model this week's documents at question time, to quote and cite; it does not teach a "
                "format. When you need both, use both.\n\n## What adapting this model costs"
            )
            with gr.Row():
                cost_rank = Slider(1, 128, step=1, value=16, label="LoRA rank")
                costs = gr.Button("Compute for the loaded model", elem_id="costs")
            cost_note = gr.Markdown()
            cost_table = gr.Dataframe(headers=["method", "trainable parameters", "share", "training memory (weights + optimizer)", "stored per variant"], interactive=False)

        # -- wiring -------------------------------------------------------------------------
        compare_inputs, compare_outputs = [question, modes, top_k, max_new, source], [status, *panes, raw]
        # Questions are not queued one at a time: the scheduler batches every learner's rows together.
        ask_on_gpu = gpu(on_compare, compare_seconds)
        ask.click(ask_on_gpu, compare_inputs, compare_outputs, api_name="compare", concurrency_limit=None)
        question.submit(ask_on_gpu, compare_inputs, compare_outputs, api_visibility="private", concurrency_limit=None)
        source.change(on_source, [source], [example, scenario_note], api_visibility="private")
        source.change(on_source_columns, [source], [modes], api_visibility="private")
        adapter_pick.focus(guarded(lambda: gr.update(choices=adapter_choices())), None, [adapter_pick], api_visibility="private")
        # As many panes as columns picked (the compare endpoint itself returns plain text for each).
        modes.change(guarded(lambda picked: [gr.update(visible=i < len(picked or [])) for i in range(MAX_COLUMNS)]), [modes], panes, api_visibility="private")
        for picker in (modes, eval_modes):  # the class's adapters as they are now, trained since the page loaded included
            picker.focus(guarded(lambda: gr.update(choices=column_choices())), None, [picker], api_visibility="private")
        adapter_pick.input(on_adapter, [adapter_pick], [status], api_name="use_adapter")
        example.change(guarded(lambda q: q or gr.skip()), [example], [question], api_visibility="private")
        add.click(on_add, [uploads], [doc_status, doc_table, remove_choice], api_name="add_documents", concurrency_id="documents")
        remove.click(
            on_remove, [remove_choice], [doc_status, doc_table, remove_choice], api_visibility="private", concurrency_id="documents"
        )
        search.click(on_search, [query, k], [hits_view, hits_raw], api_name="search")
        query.submit(on_search, [query, k], [hits_view, hits_raw], api_visibility="private")
        train_settings = [rank, alpha, lr, epochs, steps, batch, max_length]
        check.click(on_check, [train_file, train_scenario, *train_settings], [check_view], api_name="check_examples")
        start.click(
            gpu(on_train, train_seconds(workspace)),
            [train_file, train_scenario, adapter_name, replace_existing, *train_settings],
            [train_status, loss_plot, card_view, card_raw, download],
            api_name="train",
            concurrency_limit=None,  # the class's training line (TrainingLine) runs them one at a time, in order
        )
        stop.click(on_cancel, None, [train_status], api_name="cancel_training", concurrency_limit=None)
        run_eval.click(
            gpu(on_evaluate, evaluate_seconds),
            [eval_scenario, eval_modes, experiment, limit, eval_tokens],
            [score_table, chart, verdict_view, eval_raw],
            api_name="evaluate",
            concurrency_id="evaluate",
        )
        # Predict, then reveal. The endpoints take plain strings (a Client has no page to pick choices in).
        gr.api(on_vote, api_name="vote", concurrency_limit=None)
        gr.api(on_round, api_name="round", concurrency_limit=None)
        gr.api(on_set_question, api_name="set_question", concurrency_id="class-question")
        gr.api(on_next_question, api_name="next_question", concurrency_id="class-question")
        gr.api(on_reveal, api_name="reveal", concurrency_limit=None)
        gr.api(on_tally, api_name="tally", concurrency_limit=None)
        report_make.click(on_report, None, [report_md, report_html], api_name="report", concurrency_limit=None)
        class_report_make.click(on_class_report, [teach_token], [class_md, class_html_file], api_name="class_report")
        class_vote.click(on_class_vote, [class_name, class_prediction], [class_status, class_view], api_visibility="private", concurrency_limit=None)
        class_timer.tick(
            on_class_tick, [class_seen], [class_view, class_prediction, class_status, class_reveal, class_seen],
            api_visibility="private", concurrency_limit=None, show_progress="hidden",
        )
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
        decide.click(on_decide, [own_facts, change, cite, format_voice, prompt_works, examples_count], [decision], api_visibility="private")
        costs.click(on_costs, [cost_rank], [cost_note, cost_table], api_visibility="private")
        # The learner key lives in the browser, so a reloaded page is the same learner, and finds
        # their documents and their running training again.
        learner_key = gr.BrowserState(None, storage_key="studio-learner")
        app.load(on_page_load, [learner_key], [learner_key, doc_table, adapter_name], api_visibility="private").then(
            resume_training, None, [train_status], api_visibility="private"
        )
        # Closing (or reloading) a page forgets its learner's session; a training they started still finishes.
        app.unload(forget_learner)
    # One request per event at a time, but for questions (batched by the scheduler); training
    # yields the model to waiting questions between its steps.
    app.queue(default_concurrency_limit=1)
    return app


# On a phone the answer panes stack: six side by side would be strips a few letters wide. (The
# tabs that do not fit go to Gradio's own "More tabs" menu, which stays reachable.)
APP_CSS = """
@media (max-width: 640px) {
  #columns-row { flex-direction: column !important; }
  #columns-row > * { min-width: 100% !important; max-width: 100% !important; }
}
"""


def launch(app: gr.Blocks, server: ServerConfig, **extra):
    """Serve `app` with the public-server limits of `server`: Gradio refuses bigger uploads before storing them.

    Expected user errors reach the log as one line each (logger "studio"), bugs with their traceback.
    """
    studio_log = logging.getLogger("studio")
    if studio_log.level == logging.NOTSET:
        studio_log.setLevel(logging.INFO)
    if not any(getattr(h, "studio_console", False) for h in studio_log.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("studio: %(message)s"))
        handler.studio_console = True
        studio_log.addHandler(handler)
        studio_log.propagate = False  # one line each, not again through the root logger
    return app.launch(
        server_name=server.host,
        server_port=server.port,
        max_file_size=int(server.max_upload_mb * 1024 * 1024),
        show_error=False,  # gr.Error messages are shown; other exceptions' text never reaches a browser
        max_threads=3 * server.max_learners,  # every learner's streaming question holds a thread
        css=APP_CSS,
        **extra,
    )


def progress_line(progress) -> str:
    """Where a run is, in one line: step, loss, speed and time left."""
    eta = f", about {progress.eta_seconds:.0f} s left" if progress.eta_seconds is not None else ""
    return (
        f"Step {progress.step} of {progress.max_steps} · loss {progress.loss if progress.loss is not None else '…'} · "
        f"{progress.tokens_per_second:,.0f} tokens/s{eta}"
    )


def _loss_frame(points: list[dict]):
    import pandas as pd

    return pd.DataFrame(points or [], columns=["step", "loss"])
