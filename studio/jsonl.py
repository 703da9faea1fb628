"""JSON Lines files read one way: every non-blank line an object, a bad line named by its number.

Used by the packs' evaluation items and retrieval question files (training examples have their
own reader, which also takes JSON lists and CSV).
"""

from __future__ import annotations

import json
from pathlib import Path

from .errors import StudioError


def read_jsonl(path: Path, shown: str, error: type[StudioError] = StudioError) -> list[tuple[int, dict]]:
    """(line number, object) for every non-blank line of `path`; `error` names the first bad line
    of `shown` (the file as the user knows it): not UTF-8, not JSON, too deeply nested, not an object."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise error(f"{shown} is not UTF-8 text (byte {exc.start}): save it as UTF-8") from None
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise error(f"line {number} of {shown} is not JSON: {exc.msg} (column {exc.colno})") from None
        except RecursionError:
            raise error(f"line {number} of {shown} is nested too deeply to read") from None
        if not isinstance(record, dict):
            raise error(f"line {number} of {shown} is not a JSON object")
        rows.append((number, record))
    return rows
