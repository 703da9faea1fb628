"""One question, many columns: the `Comparison` every surface (CLI, app, evaluation) shows.

A column is a recipe from `columns.KINDS`; `plan_rows` builds each one's prompt (retrieving
once for all passage columns, fitting the documents a `stuffed` column pastes into the
model's context, serving each adapter in the frame it was trained in), and every row goes
through one batched call on the one base model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterator, Sequence

from ..config import GenerationConfig
from ..errors import StudioError
from ..knowledge.retrieval import Hit
from ..model.chat import DEFAULT_SYSTEM
from ..model.generator import Generation, GenerationRequest, Generator
from .columns import ColumnSpec, Supplies, check_columns, fit_documents, parse_columns, uses_context
from .prompts import cited_passages, column_messages, format_documents

# How a row's system prompt was chosen, as its provenance says.
FRAME_TRAINED = "as trained"  # the adapter's own, from its card: the prompt it learned from
FRAME_SET = "set"  # the one the user set for every column
FRAME_DEFAULT = "default"  # the studio's (or the scenario's) default


@dataclass
class Column:
    """One column's answer and exactly what produced it."""

    spec: ColumnSpec
    text: str
    adapter: str | None  # the adapter that generated this text; None = the bare base model
    retrieved: list[Hit]  # passages in the prompt, in prompt order ([1], [2], ...)
    prompt: str
    prompt_tokens: int
    new_tokens: int
    seconds: float
    finished: bool = True
    stopped_at_eos: bool = True
    stopped_in_loop: bool = False  # it began repeating itself and was stopped (one copy kept)
    system: str | None = None  # the system prompt of the row (None: none)
    frame: str = FRAME_DEFAULT  # how `system` was chosen: FRAME_TRAINED, FRAME_SET or FRAME_DEFAULT
    warnings: tuple[str, ...] = ()  # what may make this column's answer worse than it should be
    pasted: tuple[str, ...] = ()  # stuffed: the documents pasted into the prompt
    left_out: tuple[str, ...] = ()  # stuffed: the documents that did not fit the model's context
    shots: int = 0  # fewshot: examples in the prompt
    prefill_seconds: float = 0.0  # reading this column's own prompt
    decode_seconds: float = 0.0  # its share of the decoding steps it was in (a step's time / the rows in it)

    @property
    def cost_seconds(self) -> float:
        """This column's own compute, apart from the rows batched with it: what its context costs."""
        return round(self.prefill_seconds + self.decode_seconds, 4)

    @property
    def kind_name(self) -> str:
        """What produced the column: base, rag, lora, lora+rag, stuffed, fewshot."""
        return self.spec.kind.name

    @property
    def label(self) -> str:
        """The column's name: its kind, and for a named adapter the name ("lora:triage")."""
        return self.spec.label

    @property
    def retrieval(self) -> bool:
        return self.spec.kind.context == "passages"

    @property
    def cited(self) -> list[int]:
        """Numbers of the passages the answer cites ([1] is the first of `retrieved`)."""
        return cited_passages(self.text, len(self.retrieved))

    @property
    def context_note(self) -> str:
        """What the prompt carried besides the question, in a few words, for the column's badge."""
        context = self.spec.kind.context
        if context == "passages":
            return f"{len(self.retrieved)} passage(s)"
        if context == "documents":
            return f"{len(self.pasted)} document(s) pasted" + (f", {len(self.left_out)} left out" if self.left_out else "")
        if context == "examples":
            return f"{self.shots} example(s) in the prompt"
        return "question only"

    @property
    def system_note(self) -> str:
        """Which system prompt the column had, and why, for the column's badge."""
        if self.frame == FRAME_TRAINED:
            return "system prompt as trained" if self.system else "no system prompt, as trained"
        if self.frame == FRAME_SET:
            return "system prompt set for all" if self.system else "no system prompt (set for all)"
        return "default system prompt" if self.system else "no system prompt"

    def to_dict(self, prompt: bool = True) -> dict:
        """The column as JSON; `prompt=False` leaves out the full prompt (a record of answers need not keep it)."""
        out = {
            "column": self.label,
            "mode": self.kind_name,  # "mode" in JSON, as the endpoints have always said it
            "text": self.text,
            "adapter": self.adapter,
            "retrieval": self.retrieval,
            "retrieved": [h.to_dict() for h in self.retrieved],
            "cited": self.cited,
            "pasted": list(self.pasted),
            "left_out": list(self.left_out),
            "shots": self.shots,
            "system": self.system,
            "frame": self.frame,
            "warnings": list(self.warnings),
            "prompt_tokens": self.prompt_tokens,
            "new_tokens": self.new_tokens,
            "seconds": self.seconds,
            "prefill_seconds": self.prefill_seconds,
            "decode_seconds": self.decode_seconds,
            "stopped_at_eos": self.stopped_at_eos,
            "stopped_in_loop": self.stopped_in_loop,
            "prompt": self.prompt,
        }
        if not prompt:
            del out["prompt"]
        return out


@dataclass
class Comparison:
    """The same question answered by several modes of one base model."""

    question: str
    model: str
    columns: list[Column] = field(default_factory=list)
    weights: str = ""  # which weights answered, for people ("SmolLM2-135M-Instruct, 4-bit GGUF (Q4_1) dequantised, offline copy")

    def column(self, name: str) -> Column:
        """The column labelled `name` ("lora:triage"), else the first of that kind ("lora")."""
        return next((c for c in self.columns if c.label == name), None) or next(c for c in self.columns if c.kind_name == name)

    def to_dict(self) -> dict:
        return {"question": self.question, "model": self.model, "weights": self.weights, "columns": [c.to_dict() for c in self.columns]}


@dataclass(frozen=True)
class PlannedRow:
    """A column before generation: its recipe, adapter, context and finished prompt."""

    spec: ColumnSpec
    adapter: str | None
    hits: list[Hit]
    prompt: str
    system: str | None = None
    frame: str = FRAME_DEFAULT
    warnings: tuple[str, ...] = ()
    pasted: tuple[str, ...] = ()
    left_out: tuple[str, ...] = ()
    shots: int = 0


@dataclass(frozen=True)
class CompareOptions:
    """How a comparison runs: what its columns draw on, and how every column decodes."""

    adapter: str | None = None  # the `lora` columns' adapter (loaded in the engine); `lora:NAME` columns name their own
    index: object = None  # anything with search(question, k) -> list[Hit] (hybrid=True when `hybrid`), and documents()
    top_k: int = 3
    hybrid: bool = False
    focus: int = 0  # sentences (or table rows) the RAG columns keep from the top_k passages, with neighbours; 0: whole passages
    generation: GenerationConfig = GenerationConfig()
    # A system prompt for every column, adapters included ("" = none); None: each column its own
    # (an adapter the one it was trained with, the others `default_system`).
    system: str | None = None
    default_system: str | None = DEFAULT_SYSTEM  # the columns' without an adapter (a scenario's own)
    shots: tuple[tuple[str, str], ...] = ()  # fewshot: (question, answer) examples, in prompt order
    documents: tuple[tuple[str, str], ...] | None = None  # stuffed: (name, text); None: the index's documents
    # How the rows are decoded: `decode(requests, generation) -> generations`. The Workspace passes
    # its scheduler's `generate` (the class's one gate, shared batches); None: the engine directly.
    decode: Callable | None = None


def _short(text: str, most: int = 40) -> str:
    return repr(text if len(text) <= most else text[: most - 1] + "…")


def serving_frame(engine: Generator, adapter: str | None, options: CompareOptions) -> tuple[str | None, str, tuple[str, ...]]:
    """(system prompt, how it was chosen, warnings) for one row.

    An adapter is served in the frame its card records, so its prompt is token for token the
    one it learned from; a system prompt the user sets anyway is used, with a warning when it
    is not the adapter's.
    """
    if adapter is None:
        if options.system is not None:
            return options.system or None, FRAME_SET, ()
        return options.default_system or None, FRAME_DEFAULT, ()
    recorded = engine.adapter_frame(adapter)
    warnings = [w for w in (engine.weights_warning(adapter),) if w]
    if recorded and recorded.get("template") not in (None, engine.template):
        warnings.append(f"adapter {adapter} was trained with another chat template than this model's: its format may not hold")
    if options.system is not None:
        system = options.system or None
        if recorded is not None and (recorded.get("system") or None) != system:
            trained = f"the system prompt {_short(recorded['system'])}" if recorded.get("system") else "no system prompt"
            served = f"the system prompt {_short(system)}" if system else "none"
            warnings.append(f"adapter {adapter} was trained with {trained}, but is served here with {served}: its format may not hold")
        return system, FRAME_SET, tuple(warnings)
    if recorded is None:
        warnings.append(f"adapter {adapter}'s card does not say which system prompt it was trained with: served with the default")
        return options.default_system or None, FRAME_DEFAULT, tuple(warnings)
    return recorded.get("system") or None, FRAME_TRAINED, tuple(warnings)


# A stuffed column's prompt above this many tokens carries a warning: on a laptop's CPU it is
# several seconds of reading before the column's first word, for every question.
STUFFED_WARNING_TOKENS = 2_000


def plan_rows(engine: Generator, question: str, specs: str | Sequence[ColumnSpec], options: CompareOptions) -> list[PlannedRow]:
    """The rows of a comparison's batch: one prompt per column; retrieval runs once, shared."""
    if isinstance(specs, str) or not all(isinstance(s, ColumnSpec) for s in specs):
        specs = parse_columns(specs)  # "base,rag,lora:triage", as --modes takes it
    if not isinstance(question, str) or not question.strip():
        raise StudioError("the question is empty: type a question to compare")
    documents = options.documents
    if documents is None and options.index is not None and uses_context(specs, "documents"):
        documents = tuple(options.index.documents())
    check_columns(specs, Supplies(adapter=options.adapter is not None, documents=options.index is not None or bool(documents), examples=bool(options.shots)))
    hits = []
    if uses_context(specs, "passages"):
        search = options.index.search
        hits = search(question, options.top_k, hybrid=True) if options.hybrid else search(question, options.top_k)
        if options.focus and hasattr(options.index, "focus"):
            hits = options.index.focus(question, hits, options.focus)
    budget = engine.context_length - options.generation.max_new_tokens
    rows = []
    for spec in specs:
        adapter = (spec.adapter or options.adapter) if spec.kind.adapter else None
        system, frame, warnings = serving_frame(engine, adapter, options)
        context = spec.kind.context

        def messages(pasted=None, system=system, context=context):
            return column_messages(
                question, system, hits=hits if context == "passages" else None, documents=pasted,
                shots=options.shots if context == "examples" else None, focused=bool(options.focus),
            )

        pasted, left_out = None, []
        if context == "documents":
            pasted, left_out = fit_documents(
                documents or (),
                lambda document: engine.count_tokens(format_documents([document]) + "\n\n"),
                lambda chosen: len(engine.encode_prompt(engine.chat_prompt(messages(list(chosen))))),
                budget,
            )
            if left_out:
                warnings += (f"{len(left_out)} of {len(documents)} documents did not fit the model's context, so they were left out",)
        prompt = engine.chat_prompt(messages(pasted))
        if context == "documents":
            pasted_tokens = len(engine.encode_prompt(prompt))
            if pasted_tokens > STUFFED_WARNING_TOKENS:
                warnings += (
                    f"this column pastes {pasted_tokens:,} prompt tokens: every one is read before its first word "
                    f"(slow on a CPU), where rag hands over only the passages that match the question",
                )
        rows.append(
            PlannedRow(
                spec, adapter, hits if context == "passages" else [], prompt, system, frame,
                tuple(warnings), tuple(name for name, _ in pasted or ()), tuple(left_out),
                len(options.shots) if context == "examples" else 0,
            )
        )
    return rows


def requests_for(rows: Sequence[PlannedRow]) -> list[GenerationRequest]:
    return [GenerationRequest(r.prompt, r.adapter) for r in rows]


def _columns(rows: list[PlannedRow], generations: list[Generation]) -> list[Column]:
    return [
        Column(
            spec=row.spec,
            text=g.text,
            adapter=row.adapter,
            retrieved=row.hits,
            prompt=row.prompt,
            prompt_tokens=g.prompt_tokens,
            new_tokens=g.new_tokens,
            seconds=g.seconds,
            prefill_seconds=g.prefill_seconds,
            decode_seconds=g.decode_seconds,
            finished=g.finished,
            stopped_at_eos=g.stopped_at_eos,
            stopped_in_loop=g.stopped_in_loop,
            system=row.system,
            frame=row.frame,
            warnings=row.warnings,
            pasted=row.pasted,
            left_out=row.left_out,
            shots=row.shots,
        )
        for row, g in zip(rows, generations)
    ]


def compare(engine: Generator, question: str, specs: str | Sequence[ColumnSpec], options: CompareOptions | None = None, **settings) -> Comparison:
    """Answer `question` in every column with one batched generate call.

    Pass `options`, or its fields as keywords (`adapter=`, `index=`, `top_k=`, ...).
    Retrieval runs once and is shared by the RAG and LoRA + RAG columns; every column is a
    row of the same batch on the one base model, whatever adapter it names.
    """
    options = options or CompareOptions(**settings)
    rows = plan_rows(engine, question, specs, options)
    generations = (options.decode or engine.generate)(requests_for(rows), options.generation)
    return Comparison(question.strip(), engine.name, _columns(rows, generations), engine.source.label)


def compare_many(
    engine: Generator, questions: Sequence[str], specs: str | Sequence[ColumnSpec], options: CompareOptions
) -> list[Comparison]:
    """Several questions in the same columns, all their rows in ONE batched generate call.

    On a CPU a decoding step costs about the same for one row as for a dozen (it is bound by
    dispatching each layer, not by arithmetic), so an evaluation asks several items at once.
    Greedy answers are token for token those of `compare` one question at a time.
    """
    planned = [plan_rows(engine, question, specs, options) for question in questions]
    generations = (options.decode or engine.generate)([request for rows in planned for request in requests_for(rows)], options.generation)
    out, start = [], 0
    for question, rows in zip(questions, planned):
        out.append(Comparison(question.strip(), engine.name, _columns(rows, generations[start : start + len(rows)]), engine.source.label))
        start += len(rows)
    return out


def stream_compare(
    engine: Generator, question: str, specs: str | Sequence[ColumnSpec], options: CompareOptions | None = None, run=None, **settings
) -> Iterator[Comparison]:
    """Like `compare`, yielding the comparison with every column's partial text as it grows.

    `run(requests, generation)` decodes the rows (default `engine.stream`; the app passes its
    scheduler's `stream`, which batches the rows with other learners').
    """
    options = options or CompareOptions(**settings)
    rows = plan_rows(engine, question, specs, options)
    for generations in (run or engine.stream)(requests_for(rows), options.generation):
        yield Comparison(question.strip(), engine.name, _columns(rows, generations), engine.source.label)
