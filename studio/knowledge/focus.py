"""Passages a small model can read: the few sentences (or table rows) that answer, not whole chunks.

A 135M model handed three 800-character chunks copies the wrong heading or loses the number in a
table; handed the four sentences closest to the question, each with its neighbours, it states
the fact. The retrieved chunks are cut into units (sentences; a markdown table's rows, each
written out with its column headers so a row reads on its own), the embedder that retrieved them
scores every unit against the question (with its section's heading path, which gives a short
sentence its topic), and the best units with their neighbours go to the model in document order.
The cutting and choosing are pure functions; the scoring is the index's embedder.
"""

from __future__ import annotations

import re
from typing import Sequence

_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9])")


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def table_row_text(header: Sequence[str], row: Sequence[str]) -> str:
    """A table row as a line that reads on its own: 'Price: Vault Mini 249.00 euros; Vault Duo 449.00 euros'.

    The first cell names the row; every other cell is given with its column's header.
    """
    label = " ".join(part for part in (header[0] if header else "", row[0] if row else "") if part)
    pairs = [f"{head}: {cell}" if head else cell for head, cell in zip(list(header[1:]) + [""] * len(row), row[1:]) if cell]
    return f"{label} — {'; '.join(pairs)}" if label and pairs else label or "; ".join(pairs)


def passage_units(text: str) -> list[str]:
    """A passage cut into units a reader can take alone: sentences, list items, and table rows written out."""
    units: list[str] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.strip().startswith("|") and index + 1 < len(lines) and _TABLE_RULE.match(lines[index + 1]):
            header = _cells(line)
            index += 2
            while index < len(lines) and lines[index].strip().startswith("|"):
                row = table_row_text(header, _cells(lines[index]))
                if row:
                    units.append(row)
                index += 1
            continue
        item = line.strip().lstrip("-*•").strip()
        units.extend(s.strip() for s in _SENTENCE_END.split(item) if s.strip())
        index += 1
    return units


def choose_units(scores: Sequence[float], units_per_passage: Sequence[int], keep: int, window: int) -> list[list[int]]:
    """Which units each passage keeps: the `keep` best-scored units over all passages, each with
    `window` neighbours on either side, in document order. `scores` runs over every passage's units
    in turn (`units_per_passage` says how many each has). Returns, per passage, its kept positions."""
    best = sorted(range(len(scores)), key=lambda i: -scores[i])[:keep]
    starts, total = [], 0
    for count in units_per_passage:
        starts.append(total)
        total += count
    kept: list[set[int]] = [set() for _ in units_per_passage]
    for flat in best:
        passage = max(p for p, start in enumerate(starts) if start <= flat and units_per_passage[p])
        position = flat - starts[passage]
        low, high = max(0, position - window), min(units_per_passage[passage], position + window + 1)
        kept[passage].update(range(low, high))
    return [sorted(positions) for positions in kept]


def focus_hits(question: str, hits, chunk_of, embedder, keep: int = 4, window: int = 1):
    """`hits` cut down to the units that answer `question` (see the module's doc); passages with none go.

    `chunk_of(chunk_id)` gives a hit's chunk (its body text and heading path; the path is put
    before each unit for scoring only). Each returned Hit keeps its source, chunk id and
    retrieval score; its text is its kept units.
    """
    from dataclasses import replace

    if not hits or keep <= 0:
        return list(hits)
    chunks = [chunk_of(hit.chunk_id) for hit in hits]
    cut = [passage_units(chunk.text) for chunk in chunks]
    texts = []
    for chunk, units in zip(chunks, cut):
        heading = " > ".join(chunk.headings)
        texts += [f"{heading}: {unit}" if heading else unit for unit in units]
    if not texts:
        return list(hits)
    vectors = embedder.encode([question] + texts)
    scores = (vectors[1:] @ vectors[0]).tolist()
    chosen = choose_units(scores, [len(units) for units in cut], keep, window)
    return [replace(hit, text=" ".join(units[i] for i in positions)) for hit, units, positions in zip(hits, cut, chosen) if positions]
