"""One question, many modes: the `Comparison` every surface (CLI, app, evaluation) shows.

Validation here is cheap and runs before a model is loaded, so bad input fails in
milliseconds: `plan_modes` checks the modes against what the user supplied.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Iterator, Sequence

from .config import GenerationConfig
from .engine import Engine, Generation, GenerationRequest
from .errors import StudioError
from .prompts import DEFAULT_SYSTEM, build_messages, cited_passages
from .retrieval import Hit


class Mode(str, Enum):
    """A column: which of adapter and retrieval it uses."""

    BASE = "base"
    RAG = "rag"
    LORA = "lora"
    LORA_RAG = "lora+rag"

    @property
    def uses_adapter(self) -> bool:
        return self in (Mode.LORA, Mode.LORA_RAG)

    @property
    def uses_retrieval(self) -> bool:
        return self in (Mode.RAG, Mode.LORA_RAG)


ALL_MODES = tuple(m.value for m in Mode)


def parse_modes(text: str | Sequence[str]) -> tuple[Mode, ...]:
    """'base,rag,lora' (or a list) -> modes in the given order; StudioError for unknown or repeated."""
    raw = text.split(",") if isinstance(text, str) else list(text or [])
    if not all(isinstance(p, str) for p in raw):
        raise StudioError(f"modes must be names: pass one or more of {', '.join(ALL_MODES)}")
    items = [p.strip() for p in raw]
    items = [p for p in items if p]
    if not items:
        raise StudioError(f"no modes given: pass --modes with one or more of {', '.join(ALL_MODES)}")
    modes = []
    for item in items:
        try:
            mode = Mode(item.lower())
        except ValueError:
            raise StudioError(f"unknown mode {item!r}: --modes takes {', '.join(ALL_MODES)}") from None
        if mode in modes:
            raise StudioError(f"mode {item!r} is listed twice in --modes")
        modes.append(mode)
    return tuple(modes)


def check_request(question: str, modes: Sequence[Mode], has_adapter: bool, has_documents: bool) -> None:
    """Raise StudioError when the question is empty or a mode lacks what it needs."""
    if not question or not question.strip():
        raise StudioError("the question is empty: type a question to compare")
    for mode in modes:
        if mode.uses_retrieval and not has_documents:
            raise StudioError(
                f"mode {mode.value!r} needs documents to retrieve from: pass --docs <folder> or --index <index folder>"
            )
        if mode.uses_adapter and not has_adapter:
            raise StudioError(f"mode {mode.value!r} needs a LoRA adapter: pass --adapter <adapter folder>")


@dataclass
class Column:
    """One mode's answer and exactly what produced it."""

    mode: Mode
    text: str
    adapter: str | None  # the adapter that generated this text; None = the bare base model
    retrieved: list[Hit]  # passages in the prompt, in prompt order ([1], [2], ...)
    prompt: str
    prompt_tokens: int
    new_tokens: int
    seconds: float
    finished: bool = True
    stopped_at_eos: bool = True

    @property
    def retrieval(self) -> bool:
        return self.mode.uses_retrieval

    @property
    def cited(self) -> list[int]:
        """Numbers of the passages the answer cites ([1] is the first of `retrieved`)."""
        return cited_passages(self.text, len(self.retrieved))

    def to_dict(self) -> dict:
        return {
            "mode": self.mode.value,
            "text": self.text,
            "adapter": self.adapter,
            "retrieval": self.retrieval,
            "retrieved": [h.to_dict() for h in self.retrieved],
            "cited": self.cited,
            "prompt_tokens": self.prompt_tokens,
            "new_tokens": self.new_tokens,
            "seconds": self.seconds,
            "stopped_at_eos": self.stopped_at_eos,
            "prompt": self.prompt,
        }


@dataclass
class Comparison:
    """The same question answered by several modes of one base model."""

    question: str
    model: str
    columns: list[Column] = field(default_factory=list)

    def column(self, mode: Mode | str) -> Column:
        mode = Mode(mode)
        return next(c for c in self.columns if c.mode is mode)

    def to_dict(self) -> dict:
        return {"question": self.question, "model": self.model, "columns": [c.to_dict() for c in self.columns]}


@dataclass(frozen=True)
class PlannedRow:
    """A column before generation: its mode, adapter, passages and finished prompt."""

    mode: Mode
    adapter: str | None
    hits: list[Hit]
    prompt: str


@dataclass(frozen=True)
class CompareOptions:
    """How a comparison runs: what the adapter and retrieval columns use, how every column decodes."""

    adapter: str | None = None  # name of an adapter already added to the engine
    index: object = None  # anything with search(question, k) -> list[Hit] (and hybrid=True when `hybrid`)
    top_k: int = 3
    hybrid: bool = False
    generation: GenerationConfig = GenerationConfig()
    system: str | None = DEFAULT_SYSTEM


def plan_rows(engine: Engine, question: str, modes: Sequence[Mode], options: CompareOptions) -> list[PlannedRow]:
    """The rows of a comparison's batch: one prompt per mode; retrieval runs once, shared."""
    check_request(question, modes, options.adapter is not None, options.index is not None)
    hits = []
    if any(m.uses_retrieval for m in modes):
        search = options.index.search
        hits = search(question, options.top_k, hybrid=True) if options.hybrid else search(question, options.top_k)
    rows = []
    for mode in modes:
        messages = build_messages(question, hits if mode.uses_retrieval else None, options.system)
        rows.append(
            PlannedRow(
                mode,
                options.adapter if mode.uses_adapter else None,
                hits if mode.uses_retrieval else [],
                engine.chat_prompt(messages),
            )
        )
    return rows


def requests_for(rows: Sequence[PlannedRow]) -> list[GenerationRequest]:
    return [GenerationRequest(r.prompt, r.adapter) for r in rows]


def _columns(rows: list[PlannedRow], generations: list[Generation]) -> list[Column]:
    return [
        Column(
            mode=row.mode,
            text=g.text,
            adapter=row.adapter,
            retrieved=row.hits,
            prompt=row.prompt,
            prompt_tokens=g.prompt_tokens,
            new_tokens=g.new_tokens,
            seconds=g.seconds,
            finished=g.finished,
            stopped_at_eos=g.stopped_at_eos,
        )
        for row, g in zip(rows, generations)
    ]


def compare(engine: Engine, question: str, modes: Sequence[Mode], options: CompareOptions | None = None, **settings) -> Comparison:
    """Answer `question` in every mode with one batched generate call.

    Pass `options`, or its fields as keywords (`adapter=`, `index=`, `top_k=`, ...).
    Retrieval runs once and is shared by the RAG and LoRA + RAG columns.
    """
    options = options or CompareOptions(**settings)
    rows = plan_rows(engine, question, modes, options)
    generations = engine.generate(requests_for(rows), options.generation)
    return Comparison(question.strip(), engine.name, _columns(rows, generations))


def stream_compare(
    engine: Engine, question: str, modes: Sequence[Mode], options: CompareOptions | None = None, run=None, **settings
) -> Iterator[Comparison]:
    """Like `compare`, yielding the comparison with every column's partial text as it grows.

    `run(requests, generation)` decodes the rows (default `engine.stream`; the app passes its
    scheduler's `stream`, which batches the rows with other learners').
    """
    options = options or CompareOptions(**settings)
    rows = plan_rows(engine, question, modes, options)
    for generations in (run or engine.stream)(requests_for(rows), options.generation):
        yield Comparison(question.strip(), engine.name, _columns(rows, generations))
