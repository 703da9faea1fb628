"""Training examples in the formats people have, normalised to chat messages, then tokenised.

Formats (detected from the first record; a file must not mix them):

- JSONL with `prompt` and `completion`;
- JSONL with `messages`: [{"role": "system"|"user"|"assistant", "content": ...}, ...];
- alpaca, as JSONL or a JSON array: `instruction`, optional `input`, `output`;
- CSV with a header naming a prompt column and a completion column.

Every problem is reported with where it is ("line 7 of train.jsonl") and what is wrong.
`tokenize_example` renders an example with the model's chat template and masks the prompt,
so the loss falls on the answer only; `padding_fraction` measures what length grouping saves.
The checks are written out here rather than as a JSON schema: a schema validator's messages
("'content' is a required property") do not say which line, nor what to do.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..errors import StudioError
from ..model.chat import DEFAULT_SYSTEM, prompt_token_ids

ROLES = ("system", "user", "assistant")
TRAINING_SUFFIXES = (".jsonl", ".json", ".csv")


class DatasetError(StudioError):
    """A training file cannot be used; the message names the line."""


@dataclass(frozen=True)
class Example:
    """One training example as chat messages; the last message is the assistant's answer."""

    messages: tuple[dict, ...]
    where: str  # "line 7 of train.jsonl": where it came from, for later messages

    @property
    def prompt_messages(self) -> list[dict]:
        """Everything the model is given: all messages but the final answer."""
        return [dict(m) for m in self.messages[:-1]]

    @property
    def answer(self) -> str:
        return self.messages[-1]["content"]


def _format_of(record: dict) -> str | None:
    if "messages" in record:
        return "messages"
    if "instruction" in record or "output" in record:
        return "alpaca"
    if "prompt" in record or "completion" in record:
        return "prompt-completion"
    return None


def _text(record: dict, key: str, where: str, required: bool = True) -> str:
    value = record.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        kind = "missing" if value is None else f"a {type(value).__name__}, not text"
        raise DatasetError(f"{where}: field {key!r} is {kind}")
    if required and not value.strip():
        raise DatasetError(f"{where}: field {key!r} is empty")
    return value


def _messages(record: dict, where: str) -> tuple[dict, ...]:
    raw = record.get("messages")
    if not isinstance(raw, list) or not raw:
        raise DatasetError(f"{where}: 'messages' must be a non-empty list of {{\"role\", \"content\"}} objects")
    messages = []
    for number, message in enumerate(raw, start=1):
        if not isinstance(message, dict):
            raise DatasetError(f"{where}: message {number} is not an object with 'role' and 'content'")
        role = message.get("role")
        if role not in ROLES:
            raise DatasetError(f"{where}: message {number} has role {role!r}; use one of {', '.join(ROLES)}")
        if role == "system" and number != 1:
            raise DatasetError(f"{where}: message {number} is a system message; only the first message may be one")
        content = _text(message, "content", f"{where}, message {number}")
        messages.append({"role": role, "content": content})
    turns = [m["role"] for m in messages if m["role"] != "system"]
    if not turns or turns[0] != "user":
        raise DatasetError(f"{where}: the first message after any system message must be from the user")
    for previous, current in zip(turns, turns[1:]):
        if previous == current:
            raise DatasetError(f"{where}: two {current} messages in a row; user and assistant must alternate")
    if turns[-1] != "assistant":
        raise DatasetError(f"{where}: the last message must be the assistant's answer (the text the adapter learns)")
    return tuple(messages)


def _normalise(record: object, fmt: str | None, where: str, system: str | None) -> Example:
    if not isinstance(record, dict):
        raise DatasetError(f"{where} is not a JSON object")
    found = _format_of(record)
    if found is None:
        raise DatasetError(
            f"{where} has none of the known fields: use 'prompt'/'completion', 'messages', or "
            f"'instruction'/'input'/'output'"
        )
    if found != fmt:
        raise DatasetError(f"{where} is in the {found} format but the file started in the {fmt} format: use one format per file")
    if fmt == "messages":
        messages = _messages(record, where)
    elif fmt == "alpaca":
        instruction = _text(record, "instruction", where)
        extra = _text(record, "input", where, required=False)
        user = f"{instruction.strip()}\n\n{extra.strip()}" if extra.strip() else instruction.strip()
        messages = ({"role": "user", "content": user}, {"role": "assistant", "content": _text(record, "output", where)})
    else:
        messages = (
            {"role": "user", "content": _text(record, "prompt", where)},
            {"role": "assistant", "content": _text(record, "completion", where)},
        )
    if system and messages[0]["role"] != "system":
        messages = ({"role": "system", "content": system},) + tuple(messages)
    return Example(tuple(messages), where)


def _read_text(file: Path, shown: str) -> str:
    try:
        return file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DatasetError(f"{shown} is not UTF-8 text (byte {exc.start}): save it as UTF-8") from None


def _parse(text: str, where: str):
    """One JSON value; DatasetError naming `where` for bad JSON and for nesting deep enough to crash the parser."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        position = f"column {exc.colno}" if exc.lineno == 1 else f"line {exc.lineno}, column {exc.colno}"
        raise DatasetError(f"{where} is not JSON: {exc.msg} ({position})") from None
    except RecursionError:
        raise DatasetError(f"{where} is nested too deeply: an example is a flat object of text fields") from None


def _json_records(file: Path, text: str, shown: str) -> list[tuple[str, object]]:
    suffix = file.suffix.lower()
    if suffix == ".json" or (suffix != ".jsonl" and text.lstrip().startswith("[")):
        data = _parse(text, shown)
        if not isinstance(data, list):
            raise DatasetError(f"{shown} must hold a JSON list of examples (or be JSONL, one example per line)")
        return [(f"item {i} of {shown}", record) for i, record in enumerate(data, start=1)]
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            records.append((f"line {number} of {shown}", _parse(line, f"line {number} of {shown}")))
    return records


def _csv_records(text: str, columns: Sequence[str], shown: str) -> list[tuple[str, object]]:
    reader = csv.DictReader(io.StringIO(text))
    try:
        header = reader.fieldnames or []
        missing = [c for c in columns if c not in header]
        if missing:
            raise DatasetError(
                f"{shown} has no column {missing[0]!r} (its header: {', '.join(header) or 'empty'}): "
                f"name the prompt and completion columns with --columns PROMPT,COMPLETION"
            )
        prompt, completion = columns
        records = []
        for row in reader:
            where = f"line {reader.line_num} of {shown}"
            if None in row:
                raise DatasetError(f"{where} has more cells than the header")
            records.append((where, {"prompt": row.get(prompt), "completion": row.get(completion)}))
    except csv.Error as exc:  # a NUL byte, a cell over the csv module's size limit
        raise DatasetError(f"line {reader.line_num} of {shown} is not readable CSV: {exc}") from None
    return records


def load_examples(
    path: str | Path,
    columns: Sequence[str] = ("prompt", "completion"),
    system: str | None = DEFAULT_SYSTEM,
    *,
    shown_as: str | None = None,
    max_examples: int | None = None,
) -> tuple[list[Example], str]:
    """Read a training file; return (examples, format name). DatasetError names the bad line.

    `columns` names the prompt and completion columns of a CSV file. `system` (by default the
    one the compare columns use, so an adapter is trained in the frame it is served in) is
    prepended to every example that has no system message of its own; "" or None adds none. `shown_as` is the
    file's name in messages (an upload's own name, not the server's copy); `max_examples`
    refuses a file holding more examples than that.
    """
    file = Path(path).expanduser()
    shown = shown_as or file.name
    if not file.is_file():
        raise DatasetError(f"training file {shown_as or path} does not exist: pass a .jsonl, .json or .csv file of examples")
    text = _read_text(file, shown)
    is_csv = file.suffix.lower() == ".csv"
    records = _csv_records(text, columns, shown) if is_csv else _json_records(file, text, shown)
    if not records:
        raise DatasetError(f"{shown} holds no examples")
    if max_examples is not None and len(records) > max_examples:
        raise DatasetError(
            f"{shown} holds {len(records):,} examples, over this server's limit of {max_examples:,} per file: "
            f"a few hundred teach a format; use fewer (the server's setting is --max-examples)"
        )
    # The first record sets the format; an unrecognisable first record fails its own checks.
    first = records[0][1]
    fmt = "prompt-completion" if is_csv else (_format_of(first) if isinstance(first, dict) else None)
    examples = [_normalise(record, fmt, where, system) for where, record in records]
    return examples, "csv" if is_csv else fmt


def preview(examples: Sequence[Example], chat_prompt, count: int = 3) -> list[dict]:
    """The first examples as the model will see them: {"where", "prompt", "answer"}.

    `chat_prompt` renders messages with the model's chat template (Engine.chat_prompt).
    """
    return [{"where": e.where, "prompt": chat_prompt(e.prompt_messages), "answer": e.answer} for e in examples[:count]]


IGNORE = -100  # the label PyTorch's cross-entropy skips: no loss on prompt tokens


@dataclass(frozen=True)
class TokenizedExample:
    """Model inputs for one example: loss only on the answer and the end-of-turn token."""

    input_ids: list[int]
    labels: list[int]
    truncated: bool


def tokenize_example(example: Example, chat_prompt, tokenizer, max_length: int, end_ids: Sequence[int]) -> TokenizedExample | None:
    """Prompt (chat template applied) then answer then `end_ids`; labels mask the prompt.

    Only the final answer is learned; earlier turns are context. Longer than `max_length`:
    cut at the end (flagged `truncated`); None when nothing of the answer would remain.
    The prompt and the answer are tokenised apart so the boundary is exact whatever the
    template does at it.
    """
    prompt_ids = prompt_token_ids(tokenizer, chat_prompt(example.prompt_messages))
    answer_ids = tokenizer(example.answer, add_special_tokens=False)["input_ids"] + list(end_ids)
    input_ids = prompt_ids + answer_ids
    labels = [IGNORE] * len(prompt_ids) + answer_ids
    truncated = len(input_ids) > max_length
    if len(prompt_ids) >= max_length:
        return None
    return TokenizedExample(input_ids[:max_length], labels[:max_length], truncated)


def padding_fraction(lengths: Sequence[int], batch_size: int, group_by_length: bool) -> float:
    """Share of padding tokens when `lengths` are batched in order, or sorted by length first."""
    order = sorted(lengths, reverse=True) if group_by_length else list(lengths)
    padded = sum(max(order[i : i + batch_size]) * len(order[i : i + batch_size]) for i in range(0, len(order), batch_size))
    return 1 - sum(lengths) / padded if padded else 0.0
