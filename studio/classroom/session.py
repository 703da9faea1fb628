"""One learner's own state, apart from what the class shares.

A class shares one app: the model, the embedder, the class's documents and the adapter
registry live once in the `Workspace`. Everything a learner makes or chooses lives in their
`LearnerSession`: their documents on top of the class's (their own copy of the index, made on
their first change, so nobody else sees it), the adapter their LoRA columns use, and their
training run. The app finds a learner's session by their Gradio session (an id only their page
or Client holds, never returned by an endpoint), and a browser page also keeps a learner key
in its local storage so that a reload finds the same session, running training included. One
learner cannot see, cancel, replace or delete what is another's. The CLI is one learner.
"""

from __future__ import annotations

import hashlib
import queue
import re
import threading
import time
import uuid
from dataclasses import dataclass, field


@dataclass
class TrainingJob:
    """A learner's training: what it is called, how to stop it, and where it is (for a page that reloads)."""

    name: str
    cancel: threading.Event = field(default_factory=threading.Event)
    progress: object | None = None  # the latest TrainingProgress
    finished: threading.Event = field(default_factory=threading.Event)
    outcome: str = ""  # the final status line, once finished
    result: tuple | None = None  # (card, folder) once trained
    error: BaseException | None = None  # why it ended without an adapter (refused, cancelled, failed)
    # Every TrainingProgress as it comes, then None at the end: what the page that started it shows.
    updates: queue.Queue = field(default_factory=queue.Queue, repr=False, compare=False)


@dataclass
class LearnerSession:
    """What is one learner's; the Workspace holds what the class shares."""

    id: str
    index: object | None = None  # their DocumentIndex (class documents + their own); None: the class's as it is
    adapter: str | None = None  # the loaded adapter their LoRA columns use; None: the class's default
    training: TrainingJob | None = None
    examples: tuple = ()  # the Examples of the training file they last checked or trained on: their fewshot columns'
    last_seen: float = field(default_factory=time.monotonic)
    # Their uploads and removals one at a time (each builds on the last); nobody else waits on it.
    documents_lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @property
    def owner(self) -> str:
        """What an adapter card records of who trained it: a hash, so the id itself never leaves the server."""
        return learner_owner(self.id)


def learner_owner(learner_id: str) -> str:
    return hashlib.sha256(f"studio-learner:{learner_id}".encode()).hexdigest()[:16]


def new_learner_id() -> str:
    """A fresh, unguessable learner key (a browser keeps it, so a reloaded page is the same learner)."""
    return uuid.uuid4().hex


_KEY = re.compile(r"^[0-9a-f]{32}$")


class TrainingLine:
    """The class's trainings take the model one at a time, in the order they were asked for.

    Shared: one per workspace. A training waits for its turn here; cancelling it while it waits
    takes it out of the line, and the ones behind move up.
    """

    def __init__(self):
        self._line: list[TrainingJob] = []
        self._changed = threading.Condition()

    def wait_turn(self, job: TrainingJob) -> bool:
        """Block until `job` is first in line; False (and out of the line) if it was cancelled meanwhile."""
        with self._changed:
            self._line.append(job)
            while self._line[0] is not job:
                if job.cancel.is_set():
                    self._line.remove(job)
                    self._changed.notify_all()
                    return False
                self._changed.wait(0.2)
            return True

    def done(self, job: TrainingJob) -> None:
        with self._changed:
            if job in self._line:
                self._line.remove(job)
            self._changed.notify_all()

    def ahead_of(self, job: TrainingJob) -> int:
        """How many trainings run or wait before `job` (0: it runs, or it is not in line)."""
        with self._changed:
            return self._line.index(job) if job in self._line else 0

    def running(self) -> TrainingJob | None:
        with self._changed:
            return self._line[0] if self._line else None


class Learners:
    """Every learner's session. A request names its Gradio session; a page that stored a learner
    key in the browser (`attach`) gets that learner's session back after a reload. A session
    nobody has used for `idle_seconds`, with no training running, is forgotten; beyond
    `max_sessions` (each may hold its own copy of an index), the least recently seen one with no
    training running is forgotten first, so the sessions a server holds stay bounded."""

    def __init__(self, idle_seconds: float = 4 * 3600, max_sessions: int = 200):
        self._sessions: dict[str, LearnerSession] = {}  # by learner id: "s:<gradio session>" or "k:<browser key>"
        self._keys: dict[str, str] = {}  # Gradio session -> learner id, for pages that attached a key
        self._lock = threading.Lock()
        self.idle_seconds = idle_seconds
        self.max_sessions = max_sessions

    def __len__(self) -> int:
        with self._lock:
            return len(self._sessions)

    def _session(self, learner_id: str) -> LearnerSession:
        session = self._sessions.get(learner_id)
        if session is None:
            if len(self._sessions) >= self.max_sessions:
                self._sweep()
                self._make_room()
            session = self._sessions[learner_id] = LearnerSession(learner_id)
        session.last_seen = time.monotonic()
        return session

    def _make_room(self) -> None:
        """Forget the least recently seen sessions with no training running until one more fits."""
        idle = sorted((s for s in self._sessions.values() if s.training is None), key=lambda s: s.last_seen)
        while len(self._sessions) >= self.max_sessions and idle:
            forgotten = idle.pop(0)
            del self._sessions[forgotten.id]
            for gradio_session in [g for g, learner_id in self._keys.items() if learner_id == forgotten.id]:
                del self._keys[gradio_session]
        if len(self._sessions) >= self.max_sessions:
            from ..errors import StudioError

            raise StudioError(
                f"this server holds {len(self._sessions)} learners' sessions, each training: try again when one ends "
                f"(or start the server with a higher --max-learners)"
            )

    def get(self, gradio_session: str) -> LearnerSession:
        """The learner a request belongs to (a Client, or a page without a stored key, is its own)."""
        with self._lock:
            return self._session(self._keys.get(gradio_session, f"s:{gradio_session}"))

    def attach(self, gradio_session: str, key: str) -> LearnerSession:
        """A page's learner key (from its browser): this Gradio session serves that learner from now on."""
        if not isinstance(key, str) or not _KEY.match(key):
            raise ValueError("a learner key is 32 hex digits")  # the app makes them: anything else is not one
        with self._lock:
            self._keys[gradio_session] = f"k:{key}"
            self._sweep()
            return self._session(f"k:{key}")

    def end(self, gradio_session: str) -> None:
        """A page closed or reloaded: forget its Gradio session. The learner's own session stays a while
        (a reload attaches to it again); a training they started runs to its end."""
        with self._lock:
            learner_id = self._keys.pop(gradio_session, None) or f"s:{gradio_session}"
            session = self._sessions.get(learner_id)
            if learner_id.startswith("s:") and session is not None and session.training is None:
                del self._sessions[learner_id]  # a page without a key cannot come back
            self._sweep()

    def _sweep(self) -> None:
        now, bound = time.monotonic(), set(self._keys.values())
        for learner_id, session in list(self._sessions.items()):
            if learner_id not in bound and session.training is None and now - session.last_seen > self.idle_seconds:
                del self._sessions[learner_id]
