"""The column registry: every kind of column, what it needs, and how its label reads.

A column is a recipe: an adapter (none, the default one, or a named one) times a context
(none, retrieved passages, the documents pasted whole, worked examples). Each `Kind` says
which; its prompt is `prompts.column_messages` with that context. The CLI's `--modes`, the
app's column pickers, evaluation and the verdict all read `KINDS`, so a new kind is one line
here (and, for a new context, one builder in `prompts.py`).

What a column needs and lacks is checked here, once, with the surface's own advice
(`Supplies.fixes`): "column stuffed needs documents to paste: pass --docs FOLDER".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

from ..errors import StudioError


@dataclass(frozen=True)
class Kind:
    """One kind of column: whether its rows run with an adapter, and what its prompt carries."""

    name: str
    adapter: bool  # rows run with a LoRA adapter (the default one, or `kind:NAME`'s)
    context: str  # "" (the question alone), "passages", "documents" (pasted whole) or "examples"
    summary: str  # one line: what the column is, for help text and the app

    @property
    def needs(self) -> tuple[str, ...]:
        """What a request must supply: "adapter", "documents" (passages and pasting), "examples"."""
        supplied_by = {"": (), "passages": ("documents",), "documents": ("documents",), "examples": ("examples",)}
        return (("adapter",) if self.adapter else ()) + supplied_by[self.context]

    @property
    def uses(self) -> tuple[str, ...]:
        """What the column's answers draw on, as the verdict names it."""
        context = {"": (), "passages": ("retrieved passages",), "documents": ("pasted documents",), "examples": ("examples in the prompt",)}
        return (("an adapter",) if self.adapter else ()) + context[self.context]


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("base", False, "", "the base model, the question alone"),
        Kind("rag", False, "passages", "the base model with the top-k passages retrieved for the question"),
        Kind("lora", True, "", "a LoRA adapter on the same base model, the question alone"),
        Kind("lora+rag", True, "passages", "a LoRA adapter with the retrieved passages"),
        Kind("stuffed", False, "documents", "the base model with the documents pasted whole, as many as fit its context"),
        Kind("fewshot", False, "examples", "the base model with K worked examples in the prompt"),
    )
}
MAX_COLUMNS = 6  # what one comparison shows side by side in the app
NAMED = "NAME"  # how help text writes a column's adapter: lora:NAME


def kind_names() -> str:
    """'base, rag, lora, lora+rag, stuffed, fewshot, lora:NAME, lora+rag:NAME' for messages and help."""
    named = [f"{k.name}:{NAMED}" for k in KINDS.values() if k.adapter]
    return ", ".join([*KINDS, *named])


@dataclass(frozen=True)
class ColumnSpec:
    """One column asked for: its kind and, for `lora:NAME`, which adapter (None: the default one)."""

    kind: Kind
    adapter: str | None = None  # as the user wrote it (a registry name, or on the CLI a folder) until resolved
    shown: str = field(default="", compare=False)  # the label asked for, kept once `adapter` is the engine's name

    @property
    def label(self) -> str:
        """The column's name on screen and in JSON: "rag", "lora", "lora:triage"."""
        return self.shown or (f"{self.kind.name}:{self.adapter}" if self.adapter else self.kind.name)

    @property
    def kind_name(self) -> str:
        """What produces the column: base, rag, lora, lora+rag, stuffed, fewshot."""
        return self.kind.name


def default_columns(documents: bool, adapter: bool, both: bool = False) -> tuple[ColumnSpec, ...]:
    """The columns a comparison shows when none are asked for: base; rag with documents; lora with
    an adapter; and lora+rag with both when `both` (a pack of knowledge questions). The CLI's
    compare, the app's first page and an evaluation all start from this."""
    names = ["base"] + (["rag"] if documents else []) + (["lora"] if adapter else []) + (["lora+rag"] if both and documents and adapter else [])
    return tuple(ColumnSpec(KINDS[name]) for name in names)


def parse_columns(text: str | Sequence[str], where: str = "--modes", max_columns: int | None = None) -> tuple[ColumnSpec, ...]:
    """'base,rag,lora:triage' (or a list) -> column specs in the given order.

    StudioError, one line, for an unknown kind, an adapter named on a kind that takes none,
    an empty name, a column listed twice, or more than `max_columns`.
    """
    raw = text.split(",") if isinstance(text, str) else list(text or [])
    if not all(isinstance(p, str) for p in raw):
        raise StudioError(f"columns must be names: {where} takes {kind_names()}")
    items = [p.strip() for p in raw if p.strip()]
    if not items:
        raise StudioError(f"no columns given: {where} takes one or more of {kind_names()}")
    if max_columns is not None and len(items) > max_columns:
        raise StudioError(f"{len(items)} columns is more than the {max_columns} one comparison shows: drop some from {where}")
    specs: list[ColumnSpec] = []
    for item in items:
        name, _, adapter = item.partition(":")
        kind = KINDS.get(name.strip().lower())
        if kind is None:
            raise StudioError(f"unknown column {item!r}: {where} takes {kind_names()}")
        adapter = adapter.strip()
        if ":" in item and not kind.adapter:
            raise StudioError(f"column {item!r} names an adapter, but {kind.name} runs without one: write {kind.name}, or lora:{adapter or NAMED}")
        if ":" in item and not adapter:
            raise StudioError(f"column {item!r} names no adapter: write {kind.name}:{NAMED}, or {kind.name} for the default one")
        spec = ColumnSpec(kind, adapter or None)
        if spec in specs:
            raise StudioError(f"column {item!r} is listed twice in {where}")
        specs.append(spec)
    return tuple(specs)


# -- what a column needs ----------------------------------------------------------------------

NEED_WORDS = {
    ("adapter", ""): "an adapter",
    ("adapter", "passages"): "an adapter",
    ("documents", "passages"): "documents to retrieve passages from",
    ("documents", "documents"): "documents to paste into the prompt",
    ("examples", "examples"): "examples to put in the prompt",
}


@dataclass(frozen=True)
class Supplies:
    """What a surface can give its columns now, and what the user should do for what it lacks."""

    adapter: bool = False  # a default adapter for `lora` columns (`lora:NAME` brings its own)
    documents: bool = False  # documents, for passages and for pasting
    examples: bool = False  # examples, for few-shot
    fixes: Mapping[str, str] = field(default_factory=dict)  # need -> "pass --docs FOLDER", "add some in the Documents tab"


def missing(specs: Sequence[ColumnSpec], supplies: Supplies) -> dict[str, str]:
    """label -> why the column cannot run and what to do, for every column that lacks something."""
    have = {"adapter": supplies.adapter, "documents": supplies.documents, "examples": supplies.examples}
    why: dict[str, str] = {}
    for spec in specs:
        for need in spec.kind.needs:
            if have[need] or (need == "adapter" and spec.adapter):
                continue
            words = NEED_WORDS.get((need, spec.kind.context), need)
            fix = supplies.fixes.get(need)
            why[spec.label] = f"needs {words}" + (f": {fix}" if fix else "")
            break
    return why


def check_columns(specs: Sequence[ColumnSpec], supplies: Supplies) -> None:
    """StudioError for the first column that lacks what it needs, naming the column and the fix."""
    for label, why in missing(specs, supplies).items():
        raise StudioError(f"column {label} {why}")


def needs_any(specs: Sequence[ColumnSpec], need: str) -> bool:
    """Whether any column needs `need` ("adapter", "documents", "examples")."""
    return any(need in s.kind.needs for s in specs)


def uses_context(specs: Sequence[ColumnSpec], context: str) -> bool:
    return any(s.kind.context == context for s in specs)


# -- context for the prompt -------------------------------------------------------------------


EXAMPLES_KEPT = 64  # examples kept for a learner's or a scenario's fewshot columns: the most `--shots` allows


def kept_examples(examples: Sequence) -> tuple:
    """The examples a fewshot column may show, of a training file's: its first EXAMPLES_KEPT."""
    return tuple(examples[:EXAMPLES_KEPT])


def shots_from(examples: Sequence, count: int) -> tuple[tuple[str, str], ...]:
    """The first `count` training examples as (question, answer) turns for a few-shot prompt.

    An example's last user turn is its question; its own system prompt is left out (the
    column has one).
    """
    shots = []
    for example in examples:
        asked = [m["content"] for m in example.prompt_messages if m["role"] == "user"]
        if asked:
            shots.append((asked[-1], example.answer))
        if len(shots) == count:
            break
    return tuple(shots)


def fit_documents(
    documents: Sequence[tuple[str, str]],
    document_tokens: Callable[[tuple[str, str]], int],
    prompt_tokens: Callable[[Sequence[tuple[str, str]]], int],
    budget: int,
) -> tuple[list[tuple[str, str]], list[str]]:
    """(pasted, left_out): documents in order, each kept while the prompt still fits `budget` tokens.

    `document_tokens(doc)` is one pasted document's cost, `prompt_tokens(docs)` the whole
    prompt's with `docs` pasted. A document too big to fit is left out and the next ones are
    still tried, so smaller ones get in. Costs are summed, then the whole prompt is counted
    once and trimmed from the end: each document is tokenised once, not once per try.
    """
    used = prompt_tokens([])
    pasted: list[tuple[str, str]] = []
    left_out: list[str] = []
    for document in documents:
        cost = document_tokens(document)
        if used + cost <= budget:
            pasted.append(document)
            used += cost
        else:
            left_out.append(document[0])
    while pasted and prompt_tokens(pasted) > budget:  # token merges at the joins can cost a few more
        left_out.insert(0, pasted.pop()[0])
    order = {source: i for i, (source, _) in enumerate(documents)}
    return pasted, sorted(left_out, key=order.__getitem__)
