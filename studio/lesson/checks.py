"""Checks that decide whether an answer is right: pure functions, each with a reason.

A check is a dict from a scenario's eval.jsonl (`{"type": "fact", "value": "4.99 euros"}`);
`run_check` returns a CheckResult whose `reason` is what the report shows next to the item
("states 4.99 eur", "no JSON object in the answer", "heading 'Rule' is missing").

Facts are compared after normalising numbers, currency, percent signs, case and punctuation,
so "€4.99", "4,99 EUR" and "4.99 euros" are one fact, and so are "99.95%" and "99.95 percent",
"Mondays" and "Monday"; citation markers ("[1]") are not part of a fact. JSON records are
validated with the `jsonschema` package rather than hand-written rules.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

CHECK_TYPES = ("fact", "any_of", "regex", "json_schema", "sections", "length")


@dataclass(frozen=True)
class CheckResult:
    """One check on one answer: passed or not, why, and which kind of score it counts for."""

    type: str
    passed: bool
    reason: str
    kind: str  # "knowledge" or "skill"

    def to_dict(self) -> dict:
        return {"type": self.type, "passed": self.passed, "reason": self.reason, "kind": self.kind}


# -- facts -----------------------------------------------------------------------------------

_CURRENCY = {
    "€": "eur", "eur": "eur", "euro": "eur", "euros": "eur",
    "$": "usd", "usd": "usd", "dollar": "usd", "dollars": "usd",
    "£": "gbp", "gbp": "gbp", "pound": "gbp", "pounds": "gbp",
}  # fmt: skip
_PERCENT = {"%": "percent", "pct": "percent", "percent": "percent"}
_WORDS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
_NUMBER_WORDS = {word: str(n) for n, word in enumerate(_WORDS)} | {
    "thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "ninety": "90", "hundred": "100",
}  # fmt: skip
# "runs on Mondays and Fridays" states "Monday and Friday".
_PLURALS = {f"{day}s": day for day in "monday tuesday wednesday thursday friday saturday sunday".split()}
_NUMBER = r"\d{1,3}(?:[.,\u202f\u00a0 ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_TOKEN = re.compile(rf"({_NUMBER})|([€$£%])|([^\W_]+)", re.UNICODE)
_CITATION = re.compile(r"\[\d+(?:\s*[,;\u2013-]\s*\d+)*\]")  # "[1]", "[2, 3]": where a fact came from, not part of it


def _canonical_number(raw: str) -> str:
    """'1.299,00', '1,299.00' and '1299' -> '1299'; '4,99' -> '4.99'; '12' -> '12'."""
    text = re.sub(r"[\u202f\u00a0 ]", "", raw)
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        text = text.replace(thousands, "").replace(decimal, ".")
    elif text.count(",") == 1 and len(text.split(",")[1]) != 3:
        text = text.replace(",", ".")  # a decimal comma: "4,99"
    elif text.count(".") == 1 and len(text.split(".")[1]) != 3:
        pass  # a decimal point: "4.99"
    else:
        text = text.replace(",", "").replace(".", "")  # thousands separators: "1,299" or "1.299.000"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.lstrip("0") or "0"


def fact_tokens(text: str) -> list[str]:
    """Lowercased words and canonical numbers ("seven" is "7"); a currency before its number moves
    after it; citation markers ("[1]") are left out."""
    tokens: list[str] = []
    numbers: set[int] = set()  # positions of numbers in `tokens`
    for number, sign, word in _TOKEN.findall(_CITATION.sub(" ", text.lower())):
        if number:
            tokens.append(_canonical_number(number))
            numbers.add(len(tokens) - 1)
            # "€ 4.99" -> "4.99 eur"; but "300 euros 12" keeps "300 eur": that currency is taken.
            if len(tokens) >= 2 and tokens[-2] in _CURRENCY.values() and len(tokens) - 3 not in numbers:
                tokens[-2], tokens[-1] = tokens[-1], tokens[-2]
                numbers = (numbers - {len(tokens) - 1}) | {len(tokens) - 2}
        else:
            token = sign or word
            if token == "cent" and tokens and tokens[-1] == "per":  # "per cent" is "percent"
                tokens[-1] = "percent"
                continue
            tokens.append(_NUMBER_WORDS.get(token) or _PERCENT.get(token) or _PLURALS.get(token) or _CURRENCY.get(token, token))
    return tokens


def states_fact(answer: str, fact: str) -> bool:
    """Whether the answer contains the fact's tokens, in order, side by side."""
    want, have = fact_tokens(fact), fact_tokens(answer)
    if not want:
        return False
    return any(have[i : i + len(want)] == want for i in range(len(have) - len(want) + 1))


# -- structure -------------------------------------------------------------------------------


def extract_json_object(answer: str) -> tuple[object | None, str]:
    """The JSON object an answer holds (code fences and text around it allowed), or a reason."""
    text = re.sub(r"```(?:json)?", "", answer)
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end <= start:
        return None, "no JSON object in the answer"
    try:
        return json.loads(text[start : end + 1]), ""
    except json.JSONDecodeError as exc:
        return None, f"not valid JSON: {exc.msg} at character {exc.pos}"


def _heading_pattern(heading: str) -> re.Pattern:
    # "Issue:", "## Issue", "**Issue:**" or "ISSUE -" at the start of a line.
    return re.compile(rf"^[ \t]*(?:#+[ \t]*)?(?:\*\*)?{re.escape(heading)}(?:\*\*)?[ \t]*(?::|-|\n|$)", re.I | re.M)


def _schema(check: Mapping, pack: Path | None) -> dict:
    schema = check.get("schema")
    if isinstance(schema, dict):
        return schema
    if pack is None:
        raise ValueError("a json_schema check naming a schema file needs the pack's folder")
    return json.loads((pack / str(schema)).read_text(encoding="utf-8"))


# -- the dispatcher --------------------------------------------------------------------------


def run_check(check: Mapping, answer: str, item_kind: str, pack: Path | None = None) -> CheckResult:
    """Apply one check to one answer. `pack` is the scenario folder (for schema files)."""
    kind = check.get("kind", item_kind)
    ctype = check["type"]

    def result(passed: bool, reason: str) -> CheckResult:
        return CheckResult(ctype, passed, reason, kind)

    if ctype == "fact":
        value = check["value"]
        return result(True, f"states {value}") if states_fact(answer, value) else result(False, f"does not state {value}")
    if ctype == "any_of":
        found = [v for v in check["values"] if states_fact(answer, v)]
        if found:
            return result(True, f"states {found[0]}")
        return result(False, f"states none of: {', '.join(check['values'])}")
    if ctype == "regex":
        if re.search(check["pattern"], answer):
            return result(True, "matches the expected pattern")
        return result(False, f"does not match /{check['pattern']}/")
    if ctype == "json_schema":
        from jsonschema import Draft202012Validator

        record, why = extract_json_object(answer)
        if record is None:
            return result(False, why)
        errors = sorted(Draft202012Validator(_schema(check, pack)).iter_errors(record), key=lambda e: list(e.path))
        if errors:
            where = "/".join(str(p) for p in errors[0].path)
            return result(False, f"JSON does not fit the schema{f' at {where}' if where else ''}: {errors[0].message}")
        for field, expected in (check.get("fields") or {}).items():
            if record.get(field) != expected:
                return result(False, f"field {field!r} is {record.get(field)!r}, expected {expected!r}")
        return result(True, "valid JSON record" + (" with the right " + ", ".join(check["fields"]) if check.get("fields") else ""))
    if ctype == "sections":
        position = 0
        for heading in check["headings"]:
            match = _heading_pattern(heading).search(answer, position)
            if match is None:
                elsewhere = _heading_pattern(heading).search(answer)
                if elsewhere:
                    return result(False, f"heading {heading!r} is out of order")
                return result(False, f"heading {heading!r} is missing")
            position = match.end()
        return result(True, "has " + ", ".join(check["headings"]) + " in order")
    if ctype == "length":
        words = len(answer.split())
        low, high = check.get("min_words"), check.get("max_words")
        if low is not None and words < low:
            return result(False, f"{words} words, fewer than {low}")
        if high is not None and words > high:
            return result(False, f"{words} words, more than {high}")
        return result(True, f"{words} words")
    raise ValueError(f"unknown check type {ctype!r}")  # scenarios.validate_check refuses these first


def check_problem(check: object) -> str | None:
    """What is wrong with a check's definition, or None: used when a pack is loaded."""
    if not isinstance(check, dict):
        return "a check must be an object with a 'type'"
    ctype = check.get("type")
    if ctype not in CHECK_TYPES:
        return f"check type {ctype!r} is unknown; use one of {', '.join(CHECK_TYPES)}"
    if check.get("kind") not in (None, "knowledge", "skill"):
        return f"check kind {check.get('kind')!r} must be knowledge or skill"
    needs = {"fact": "value", "any_of": "values", "regex": "pattern", "json_schema": "schema", "sections": "headings"}
    if ctype in needs and not check.get(needs[ctype]):
        return f"a {ctype} check needs {needs[ctype]!r}"
    text = (str, int, float)
    if ctype == "fact" and (not isinstance(check["value"], text) or isinstance(check["value"], bool)):
        return "a fact check's 'value' must be text or a number"
    if ctype == "any_of" and (not isinstance(check["values"], list) or not all(isinstance(v, text) for v in check["values"])):
        return "an any_of check's 'values' must be a list of texts or numbers"
    if ctype == "sections" and (not isinstance(check["headings"], list) or not all(isinstance(h, str) for h in check["headings"])):
        return "a sections check's 'headings' must be a list of texts"
    if ctype == "json_schema":
        if not isinstance(check["schema"], (dict, str)):
            return "a json_schema check's 'schema' must be a schema object or a file name in the pack"
        if not isinstance(check.get("fields") or {}, dict):
            return "a json_schema check's 'fields' must be an object of field: expected value"
    if ctype == "regex":
        if not isinstance(check["pattern"], str):
            return "a regex check's 'pattern' must be text"
        try:
            re.compile(check["pattern"])
        except re.error as exc:
            return f"pattern {check['pattern']!r} is not a regular expression: {exc}"
    if ctype == "length":
        bounds = [check.get("min_words"), check.get("max_words")]
        if bounds == [None, None]:
            return "a length check needs min_words or max_words"
        if any(b is not None and (not isinstance(b, int) or isinstance(b, bool) or b < 0) for b in bounds):
            return "a length check's min_words and max_words must be whole numbers, 0 or more"
    return None
