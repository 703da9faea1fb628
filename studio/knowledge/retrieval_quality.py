"""Is retrieval good before the model is blamed? Recall@1, recall@k and MRR over questions.

A question is answered by a passage when the expected answer text appears in it, compared
after normalising case, Unicode forms and spacing ("11,50 €" against "11.50 euros" is still
a miss: write the answer as the documents write it).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..errors import StudioError
from ..jsonl import read_jsonl
from .retrieval import Hit


@dataclass(frozen=True)
class RetrievalQuestion:
    """A question and the text a passage must contain to answer it."""

    q: str
    answer: str


@dataclass(frozen=True)
class QuestionResult:
    question: RetrievalQuestion
    rank: int | None  # 1-based rank of the first passage holding the answer; None if none of the top k
    hits: tuple[Hit, ...]


@dataclass(frozen=True)
class RetrievalScores:
    """Recall@1, recall@k and mean reciprocal rank over a question set."""

    k: int
    recall_at_1: float
    recall_at_k: float
    mrr: float
    results: tuple[QuestionResult, ...]

    def to_dict(self) -> dict:
        return {
            "k": self.k,
            "questions": len(self.results),
            "recall@1": round(self.recall_at_1, 4),
            f"recall@{self.k}": round(self.recall_at_k, 4),
            "mrr": round(self.mrr, 4),
            "misses": [r.question.q for r in self.results if r.rank is None],
        }


def normalise(text: str) -> str:
    """Case-folded, Unicode-normalised (NFKC), whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\s+", " ", text).strip()


def contains_answer(passage: str, answer: str) -> bool:
    return normalise(answer) in normalise(passage)


def load_questions(path: str | Path) -> list[RetrievalQuestion]:
    """Read a JSONL file of {"q": ..., "answer": ...}; StudioError names the bad line."""
    file = Path(path).expanduser()
    if not file.is_file():
        raise StudioError(f"questions file {path} does not exist: pass --questions a JSONL file of {{\"q\", \"answer\"}} lines")
    questions = []
    for number, item in read_jsonl(file, file.name):
        if not isinstance(item.get("q"), str) or not isinstance(item.get("answer"), str):
            raise StudioError(f'line {number} of {file.name} needs string fields "q" and "answer"')
        if not item["q"].strip() or not item["answer"].strip():
            raise StudioError(f'line {number} of {file.name} has an empty "q" or "answer"')
        questions.append(RetrievalQuestion(item["q"], item["answer"]))
    if not questions:
        raise StudioError(f"questions file {path} holds no questions")
    return questions


def score_rankings(questions: Sequence[RetrievalQuestion], rankings: Sequence[Sequence[Hit]], k: int) -> RetrievalScores:
    """Scores from each question's top-k hits (pure: no index needed)."""
    results = []
    for question, hits in zip(questions, rankings):
        rank = next((i for i, hit in enumerate(hits[:k], start=1) if contains_answer(hit.text, question.answer)), None)
        results.append(QuestionResult(question, rank, tuple(hits[:k])))
    n = len(results) or 1
    return RetrievalScores(
        k=k,
        recall_at_1=sum(r.rank == 1 for r in results) / n,
        recall_at_k=sum(r.rank is not None for r in results) / n,
        mrr=sum(1 / r.rank for r in results if r.rank) / n,
        results=tuple(results),
    )


def evaluate_retrieval(index, questions: Sequence[RetrievalQuestion], k: int, hybrid: bool = False) -> RetrievalScores:
    """Search every question in `index` and score the rankings."""
    return score_rankings(questions, [index.search(q.q, k, hybrid=hybrid) for q in questions], k)
