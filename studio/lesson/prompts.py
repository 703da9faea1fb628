"""The prompt of each column, as pure functions of the question and what the column adds.

Base and LoRA see the bare question; RAG and LoRA + RAG see the same question preceded by
numbered passages with their sources; `stuffed` the whole documents; `fewshot` worked
examples as earlier turns. The only difference between two columns is what the lesson is
about: the adapter, the passages, the pasted documents, the examples.
"""

from __future__ import annotations

import re
from typing import Sequence

from ..knowledge.retrieval import Hit

RAG_INSTRUCTION = (
    "Answer the question using only the numbered passages below. Cite the passages you use "
    "by their numbers, like [1]. If the passages do not contain the answer, say that they do not."
)


# For passages cut down to the sentences that answer (`focus.py`, the CPU's default): the facts first,
# then a short instruction and the question last, where a small model reads them best.
FOCUSED_INSTRUCTION = (
    "Answer the question in one or two short sentences, using the facts above and citing them like [1]. "
    "Copy numbers, prices, dates and names exactly as written. If the facts do not answer it, say so."
)


def focused_user_message(question: str, hits: Sequence[Hit]) -> str:
    """The user turn of a RAG column whose passages were focused: facts, instruction, question."""
    facts = "\n".join(f"[{i}] ({hit.source}) {hit.text.strip()}" for i, hit in enumerate(hits, start=1)) if hits else "(no facts were found)"
    return f"Facts from the documents:\n{facts}\n\n{FOCUSED_INSTRUCTION}\n\nQuestion: {question.strip()}"


def format_passages(hits: Sequence[Hit]) -> str:
    """Numbered passages with their sources: '[1] (source: pricing.md)\\n<text>'."""
    return "\n\n".join(f"[{i}] (source: {hit.source})\n{hit.text.strip()}" for i, hit in enumerate(hits, start=1))


def rag_user_message(question: str, hits: Sequence[Hit]) -> str:
    """The user turn of a RAG column: instruction, passages, then the question."""
    passages = format_passages(hits) if hits else "(no passages were retrieved)"
    return f"{RAG_INSTRUCTION}\n\nPassages:\n{passages}\n\nQuestion: {question.strip()}"


STUFFED_INSTRUCTION = (
    "Answer the question using only the documents below. Name the document you use. "
    "If the documents do not contain the answer, say that they do not."
)


def format_documents(documents: Sequence[tuple[str, str]]) -> str:
    """Whole documents, each under its name: '=== pricing.md ===\n<text>'."""
    return "\n\n".join(f"=== {source} ===\n{text.strip()}" for source, text in documents)


def stuffed_user_message(question: str, documents: Sequence[tuple[str, str]]) -> str:
    """The user turn of a `stuffed` column: instruction, the documents pasted whole, then the question."""
    pasted = format_documents(documents) if documents else "(no document fitted in the model's context)"
    return f"{STUFFED_INSTRUCTION}\n\nDocuments:\n{pasted}\n\nQuestion: {question.strip()}"


def column_messages(
    question: str,
    system: str | None,
    hits: Sequence[Hit] | None = None,
    documents: Sequence[tuple[str, str]] | None = None,
    shots: Sequence[tuple[str, str]] | None = None,
    focused: bool = False,
) -> list[dict[str, str]]:
    """Chat messages for one column: the system prompt, what the column adds, the question.

    `hits`: retrieved passages (RAG); `documents`: (name, text) pasted whole (stuffed);
    `shots`: (question, answer) examples given as earlier turns (few-shot). None: not used.
    `focused`: the hits are focused passages (a few sentences each), framed as facts.
    """
    messages: list[dict[str, str]] = [{"role": "system", "content": system}] if system else []
    for shot_question, shot_answer in shots or ():
        messages += [{"role": "user", "content": shot_question}, {"role": "assistant", "content": shot_answer}]
    if documents is not None:
        content = stuffed_user_message(question, documents)
    elif hits is not None:
        content = focused_user_message(question, hits) if focused else rag_user_message(question, hits)
    else:
        content = question.strip()
    return messages + [{"role": "user", "content": content}]


def cited_passages(answer: str, count: int) -> list[int]:
    """Passage numbers an answer cites ('[2]', '[1, 3]', '[1][2]'), first-cited first, within 1..count."""
    cited: list[int] = []
    for group in re.findall(r"\[(\d+(?:\s*,\s*\d+)*)\]", answer):
        for number in (int(n) for n in group.split(",")):
            if 1 <= number <= count and number not in cited:
                cited.append(number)
    return cited


