"""The chat frame: how a conversation becomes a model's prompt and its tokens.

Shared by generation (the engine) and training (the examples), so an adapter's prompt is
token for token the one it learned from; pure functions of a tokenizer and messages.
"""

from __future__ import annotations

import json
from typing import Sequence

# The one default system prompt: training adds it to examples that have none, and every
# column is served with it unless a scenario, the user or an adapter's frame says otherwise.
DEFAULT_SYSTEM = "You are a helpful assistant. Answer briefly."


def prompt_token_ids(tokenizer, prompt: str) -> list[int]:
    """A finished prompt's token ids, the same in training and in generation.

    A chat template writes its own special tokens; a plain prompt gets the tokenizer's (BOS).
    """
    return tokenizer(prompt, add_special_tokens=not getattr(tokenizer, "chat_template", None))["input_ids"]


def template_fingerprint(tokenizer) -> str:
    """A short hash of the tokenizer's chat template ("plain" without one), as adapter cards record it."""
    import hashlib

    template = getattr(tokenizer, "chat_template", None)
    if not template:
        return "plain"
    text = template if isinstance(template, str) else json.dumps(template, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


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
