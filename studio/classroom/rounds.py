"""Predict, then reveal: the class's question of the moment, the learners' predictions and the tally.

Shared: one `Classroom` per process, over the store, so a restarted server has every vote it
acknowledged. The instructor opens a question (free text, or a scenario's item with its checks);
the columns answer it once, at once, and the answers stay hidden; each learner predicts which
column will get it right (or whether the question is about knowledge or skill); the instructor
watches the tally and reveals. Pure functions turn a question and its votes into the tally.

A learner votes under a name. One name counts once per question (a second vote replaces the
first), and one learner counts once too: voting under another name moves their vote. While the
server runs, a name belongs to the first learner who voted with it, so a classmate cannot
overwrite it; after a restart it belongs to whoever voted under it on the current question.
Names count with case, spacing, compatibility forms and look-alike letters folded (`name_key`).
"""

from __future__ import annotations

import hmac
import logging
import threading
import time
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass

from ..errors import StudioError
from .store import Store

log = logging.getLogger("studio")

KIND_CHOICES = ("knowledge", "skill")  # a prediction of what the question is about
MAX_NAME_CHARS = 40


@dataclass(frozen=True)
class ClassQuestion:
    """The question of the moment as the store holds it."""

    id: int
    question: str
    scenario: str | None
    item: str | None
    kind: str | None  # the item's kind; None for a free question
    choices: tuple[str, ...]  # the columns' labels, then knowledge and skill
    revealed: bool
    outcome: dict | None  # {"columns": [column dict + "right"], "checked": bool, "verdict": str}; None while answering

    @classmethod
    def from_row(cls, row: dict) -> "ClassQuestion":
        return cls(
            row["id"], row["question"], row["scenario"], row["item"], row["kind"], tuple(row["choices"]),
            row["revealed_at"] is not None, row["outcome"],
        )

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(c for c in self.choices if c not in KIND_CHOICES)

    def right(self, prediction: str) -> bool | None:
        """Whether `prediction` came true; None when nothing can say (no checks, not answered yet)."""
        if prediction in KIND_CHOICES:
            return None if self.kind is None else prediction == self.kind
        if not self.outcome or not self.outcome.get("checked"):
            return None
        column = next((c for c in self.outcome["columns"] if c.get("column") == prediction), None)
        return None if column is None else column.get("right")


# Letters of other scripts drawn like Latin ones (Cyrillic, Greek), folded to the Latin letter in a
# name's key so that "Аna" (Cyrillic А) cannot pose as "Ana". A short table rather than Unicode's
# confusables data (UTS #39): names in a class are typed, and these are the look-alikes a keyboard
# layout gives; NFKC already folds full-width and other compatibility forms.
_CAPITAL_LOOK_ALIKES = str.maketrans({
    **dict(zip("АВСЕНІЈКМОРЅТХУ", "ABCEHIJKMOPSTXY")),  # Cyrillic
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX")),  # Greek
})
_SMALL_LOOK_ALIKES = str.maketrans({
    **dict(zip("авсеёһіјкмнорѕтухԁԛԝϲ", "abceehijkmhopstyxdqwc")),  # Cyrillic
    **dict(zip("αβεικνορτυχ", "abeikvoptux")),  # Greek
})


def name_key(shown: str) -> str:
    """The key a name counts under: compatibility forms, case and look-alike letters folded."""
    folded = unicodedata.normalize("NFKC", shown).translate(_CAPITAL_LOOK_ALIKES).casefold()
    return " ".join(folded.translate(_SMALL_LOOK_ALIKES).split())


def clean_name(raw) -> tuple[str, str]:
    """(the name as shown, the key it counts under: `name_key`); StudioError for a non-name."""
    if not isinstance(raw, str):
        raise StudioError("give your name (a few letters) to vote")
    shown = " ".join(unicodedata.normalize("NFC", raw).split())
    if not shown:
        raise StudioError("give your name (a few letters) to vote")
    if len(shown) > MAX_NAME_CHARS:
        raise StudioError(f"the name is {len(shown)} characters, over {MAX_NAME_CHARS}: shorten it")
    if any(unicodedata.category(ch).startswith("C") for ch in shown):
        raise StudioError("the name holds control characters: use letters, digits and spaces")
    return shown, name_key(shown)


def tally(question: ClassQuestion, votes: list[dict]) -> dict:
    """How many predicted each choice and, once the answers are checked, whether it came true."""
    counts = {choice: 0 for choice in question.choices}
    for vote in votes:
        counts[vote["prediction"]] = counts.get(vote["prediction"], 0) + 1
    rows = []
    for choice, count in counts.items():
        came_true = question.right(choice)
        rows.append({"choice": choice, "votes": count, "came_true": came_true, "right": count if came_true else (0 if came_true is False else None)})
    right = [r["right"] for r in rows if r["right"] is not None]
    outcome = question.outcome or {}
    return {
        "question_id": question.id,
        "question": question.question,
        "scenario": question.scenario,
        "item": question.item,
        "kind": question.kind,
        "revealed": question.revealed,
        "votes": len(votes),
        "right": sum(right) if right else None,
        "choices": rows,
        "verdict": outcome.get("verdict", ""),  # for the instructor: the answers before the class sees them
        "columns": outcome.get("columns", []),
    }


def check_token(expected: str | None, given) -> None:
    """StudioError unless `given` is the instructor's token (and the server has one)."""
    if not expected:
        raise StudioError("the instructor's controls are off on this server: start it with STUDIO_INSTRUCTOR_TOKEN set")
    if not isinstance(given, str) or not hmac.compare_digest(given.encode(), expected.encode()):
        raise StudioError("that is not the instructor token: check it (set by STUDIO_INSTRUCTOR_TOKEN on the server)")


WRONG_TOKEN_PAUSE = 0.4  # seconds each wrong guess holds the one guessing line: at most 2.5 guesses a second


class TokenGuard:
    """The instructor token's one check, shared by every class control and event (the server's).

    A wrong token is logged and answered only after a pause, one wrong guess at a time across the
    whole server, so guessing from every endpoint and page together runs at a few tries a second;
    the right token never waits in that line. A blank one is no guess (the instructor's page
    before they type it): refused at once, and `quiet` callers are not logged for it.
    """

    def __init__(self, expected: str | None, pause: float = WRONG_TOKEN_PAUSE):
        self.expected = expected
        self.pause = pause
        self._guessing = threading.Lock()
        self.refused = 0  # wrong tokens since start, for the log and tests

    def check(self, given, where: str, quiet_when_blank: bool = False) -> None:
        """StudioError unless `given` is the token; `where` names the control in the log line."""
        try:
            check_token(self.expected, given)
            return
        except StudioError as exc:
            refusal = exc
        blank = not isinstance(given, str) or not given.strip()
        if self.expected and not (blank and quiet_when_blank):
            with self._guessing:
                self.refused += 1
                log.warning("a wrong instructor token on %s (%d since start)", where, self.refused)
                time.sleep(self.pause)
        raise refusal


class Classroom:
    """The class's rounds of predict-then-reveal, kept in the store."""

    # Names claimed while the server runs, at most this many (the least recently used go first):
    # a forgotten claim is rebuilt from the store's votes on the current question, so a name
    # that voted on it stays its voter's; an idle name is free again.
    MAX_CLAIMS = 4096

    def __init__(self, store: Store, max_claims: int = MAX_CLAIMS):
        self.store = store
        self.max_claims = max_claims
        self._claims: OrderedDict[str, str] = OrderedDict()  # name key -> learner owner, least recently used first
        self._name_of: dict[str, str] = {}  # learner owner -> the name key they vote under (one each)
        self._lock = threading.Lock()

    def current(self) -> ClassQuestion | None:
        row = self.store.class_question()
        return ClassQuestion.from_row(row) if row else None

    def open(self, question: str, columns: tuple[str, ...], scenario: str | None = None, item: str | None = None, kind: str | None = None) -> ClassQuestion:
        """A new question of the moment (its answers come with `answered`); earlier votes stay with their questions."""
        choices = [*dict.fromkeys(columns), *KIND_CHOICES]
        qid = self.store.open_class_question(question, scenario, item, kind, choices)
        return ClassQuestion.from_row(self.store.class_question(qid))

    def answered(self, question: ClassQuestion, outcome: dict) -> ClassQuestion:
        self.store.set_outcome(question.id, outcome)
        return ClassQuestion.from_row(self.store.class_question(question.id))

    def reveal(self) -> ClassQuestion:
        question = self._open_question()
        self.store.reveal(question.id)
        return ClassQuestion.from_row(self.store.class_question(question.id))

    def vote(self, learner: str, name, prediction) -> tuple[ClassQuestion, str, bool]:
        """Record `learner`'s prediction under `name`: (the question, the prediction as counted, whether it replaced one)."""
        shown, key = clean_name(name)
        question = self._open_question()
        if question.revealed:
            raise StudioError("the answers to this question are revealed, so predictions are closed: wait for the next question")
        chosen = next((c for c in question.choices if isinstance(prediction, str) and c.casefold() == prediction.strip().casefold()), None)
        if chosen is None:
            raise StudioError(f"{str(prediction)[:40]!r} is not a choice for this question: predict one of {', '.join(question.choices)}")
        with self._lock:
            if key not in self._claims:  # after a restart: the name's vote on this question is its claim
                voted = next((v["learner"] for v in self.store.votes(question.id) if v["name"] == key), None)
                self._claims[key] = voted or learner
            owner = self._claims[key]
            if owner != learner:
                raise StudioError(f"the name {shown!r} is already voting from another page: vote under another name (add an initial)")
            old = self._name_of.get(learner)
            if old not in (None, key) and self._claims.get(old) == learner:  # a learner who renames themself frees the old name
                del self._claims[old]
            self._name_of[learner] = key
            self._claims.move_to_end(key)
            while len(self._claims) > self.max_claims:
                forgotten, who = self._claims.popitem(last=False)
                if self._name_of.get(who) == forgotten:
                    del self._name_of[who]
            replaced = self.store.vote(question.id, key, shown, learner, chosen)
        return question, chosen, replaced

    def tally(self) -> dict:
        question = self.current()
        if question is None:
            return {"question_id": None, "question": "", "scenario": None, "item": None, "kind": None, "revealed": False,
                    "votes": 0, "right": None, "choices": [], "verdict": "", "columns": []}
        return tally(question, self.store.votes(question.id))

    def round(self, learner: str) -> dict:
        """The class question as one learner sees it: its choices, their own prediction, and the
        columns' answers with the verdict only once revealed."""
        question = self.current()
        if question is None:
            return {"question_id": None, "question": "", "choices": [], "revealed": False, "your_prediction": None}
        vote = self.store.vote_of(question.id, learner)
        view = {
            "question_id": question.id, "question": question.question, "scenario": question.scenario,
            "choices": list(question.choices), "revealed": question.revealed,
            "your_prediction": vote["prediction"] if vote else None, "your_name": vote["shown_name"] if vote else None,
        }
        if question.revealed and question.outcome:
            view |= {
                "kind": question.kind, "verdict": question.outcome["verdict"], "columns": question.outcome["columns"],
                "came_true": question.right(vote["prediction"]) if vote else None,
                "expected": question.outcome.get("expected"),  # a scenario item's right answer, as its pack gives it
            }
        return view

    def _open_question(self) -> ClassQuestion:
        question = self.current()
        if question is None:
            raise StudioError("no class question is open yet: wait for the instructor to set one")
        return question

    def history(self) -> tuple[list[dict], list[dict]]:
        """Every class question's tally (with its verdict once revealed), and each voter's count of
        predictions and of those that came true: the instructor's class summary."""
        questions, voters = [], {}
        for row in self.store.class_questions():
            question = ClassQuestion.from_row(row)
            votes = self.store.votes(question.id)
            summary = tally(question, votes)
            if not question.revealed:
                summary["verdict"] = ""
            questions.append(summary)
            for vote in votes:  # by learner, not by name: a name freed and taken again is two people
                voter = voters.setdefault(vote["learner"], {"name": vote["shown_name"], "votes": 0, "right": 0})
                voter["name"] = vote["shown_name"]  # their latest name
                voter["votes"] += 1
                voter["right"] += bool(question.revealed and question.right(vote["prediction"]))
        rows = sorted(voters.values(), key=lambda v: v["name"].casefold())
        seen: dict[str, int] = {}
        for row in rows:  # two learners under one name (at different times) stay two rows
            key = name_key(row["name"])
            seen[key] = seen.get(key, 0) + 1
            if seen[key] > 1:
                row["name"] = f"{row['name']} ({seen[key]})"
        return questions, rows
