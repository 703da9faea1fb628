"""The prompt of each mode, as pure functions of the question and the retrieved passages.

Base and LoRA see the bare question; RAG and LoRA + RAG see the same question preceded by
numbered passages with their sources. The only difference between two columns is what the
lesson is about: the adapter, the passages, or both.
"""

from __future__ import annotations

import re
from typing import Sequence

from .retrieval import Hit

DEFAULT_SYSTEM = "You are a helpful assistant. Answer briefly."

RAG_INSTRUCTION = (
    "Answer the question using only the numbered passages below. Cite the passages you use "
    "by their numbers, like [1]. If the passages do not contain the answer, say that they do not."
)


def format_passages(hits: Sequence[Hit]) -> str:
    """Numbered passages with their sources: '[1] (source: pricing.md)\\n<text>'."""
    return "\n\n".join(f"[{i}] (source: {hit.source})\n{hit.text.strip()}" for i, hit in enumerate(hits, start=1))


def rag_user_message(question: str, hits: Sequence[Hit]) -> str:
    """The user turn of a RAG column: instruction, passages, then the question."""
    passages = format_passages(hits) if hits else "(no passages were retrieved)"
    return f"{RAG_INSTRUCTION}\n\nPassages:\n{passages}\n\nQuestion: {question.strip()}"


def build_messages(
    question: str, hits: Sequence[Hit] | None = None, system: str | None = DEFAULT_SYSTEM
) -> list[dict[str, str]]:
    """Chat messages for one column; `hits=None` means no retrieval (base or LoRA)."""
    messages: list[dict[str, str]] = []
    if system:
        messages.append({"role": "system", "content": system})
    content = question.strip() if hits is None else rag_user_message(question, hits)
    messages.append({"role": "user", "content": content})
    return messages


def cited_passages(answer: str, count: int) -> list[int]:
    """Passage numbers an answer cites ('[2]', '[1, 3]', '[1][2]'), first-cited first, within 1..count."""
    cited: list[int] = []
    for group in re.findall(r"\[(\d+(?:\s*,\s*\d+)*)\]", answer):
        for number in (int(n) for n in group.split(",")):
            if 1 <= number <= count and number not in cited:
                cited.append(number)
    return cited


def plain_chat_prompt(messages: Sequence[dict[str, str]]) -> str:
    """A readable prompt for tokenizers that ship no chat template (base, non-chat models)."""
    labels = {"system": "System", "user": "User", "assistant": "Assistant"}
    turns = [f"{labels.get(m['role'], m['role'].title())}: {m['content']}" for m in messages]
    return "\n\n".join(turns) + "\n\nAssistant:"


def fold_system_into_user(messages: Sequence[dict[str, str]]) -> list[dict[str, str]]:
    """For chat templates that reject a system turn (some do): prepend it to the first user turn."""
    system = [m["content"] for m in messages if m["role"] == "system"]
    rest = [dict(m) for m in messages if m["role"] != "system"]
    if system and rest:
        rest[0]["content"] = "\n\n".join(system) + "\n\n" + rest[0]["content"]
    return rest
