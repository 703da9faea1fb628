"""One learner's own state, apart from what the class shares.

A class shares one app: the model, the embedder, the class's documents and the adapter
registry live once in the `Workspace`. Everything a learner makes or chooses lives in their
`LearnerSession`: their documents on top of the class's (their own copy of the index, made on
their first change, so nobody else sees it), the adapter their LoRA columns use, and their
training run. The app finds a learner's session by an id that only their page holds (a
`gr.State`, never part of the API), so one learner cannot see, cancel, replace or delete what
is another's. The CLI is one learner.
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from dataclasses import dataclass, field


@dataclass
class TrainingJob:
    """A learner's running (or waiting) training: what it is called, and how to stop it."""

    name: str
    cancel: threading.Event = field(default_factory=threading.Event)


@dataclass
class LearnerSession:
    """What is one learner's; the Workspace holds what the class shares."""

    id: str
    index: object | None = None  # their DocumentIndex (class documents + their own); None: the class's as it is
    adapter: str | None = None  # the loaded adapter their LoRA columns use; None: the class's default
    training: TrainingJob | None = None

    @property
    def owner(self) -> str:
        """What an adapter card records of who trained it: a hash, so the id itself never leaves the server."""
        return learner_owner(self.id)


def learner_owner(learner_id: str) -> str:
    return hashlib.sha256(f"studio-learner:{learner_id}".encode()).hexdigest()[:16]


def new_learner_id() -> str:
    """A fresh, unguessable learner id (the app keeps it in the learner's page state)."""
    return uuid.uuid4().hex


class Learners:
    """Every learner's session by id: get-or-create, and forget when their page closes."""

    def __init__(self):
        self._sessions: dict[str, LearnerSession] = {}
        self._lock = threading.Lock()

    def get(self, learner_id: str) -> LearnerSession:
        with self._lock:
            session = self._sessions.get(learner_id)
            if session is None:
                session = self._sessions[learner_id] = LearnerSession(learner_id)
            return session

    def end(self, learner_id: str) -> None:
        """Forget a learner's session (their page closed); a training they started runs to its end."""
        with self._lock:
            self._sessions.pop(learner_id, None)

    def __len__(self) -> int:
        return len(self._sessions)
