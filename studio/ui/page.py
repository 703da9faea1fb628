"""What every tab of the app uses: the guard around handlers, the caller's own session, uploads,
downloads, ZeroGPU slices and the class's adapter choices (`Page`, one per app).

A handler is `@guarded` where it is defined: a StudioError reaches the learner as one `gr.Error`
line in the core's own words and the server log as one line; anything else is logged with its
traceback and shown without internals. On a ZeroGPU Space the model's handlers run inside
`spaces.GPU` (`gpu`).
"""

from __future__ import annotations

import atexit
import functools
import html
import inspect
import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import gradio as gr

from ..classroom.rounds import TokenGuard
from ..classroom.workspace import Workspace
from ..errors import StudioError
from ..lesson.columns import KINDS
from ..lesson.scenarios import scenario_ids

log = logging.getLogger("studio.app")

# ZeroGPU: the GPU is attached per call, for at most the duration a call asks for, and what a
# call takes counts against the visitor's daily quota; a call that asks for less waits less.
ZERO_GPU_SECONDS = (15, 300)  # the shortest and longest duration one call asks for
ZERO_GPU_NOTE = (
    "<sub>**This Space runs on ZeroGPU.** Each question, training or evaluation borrows a GPU for its estimated "
    "time, taken from **your own daily quota** (per Hugging Face account, or per network for visitors who are not "
    "signed in; at the time of writing a few minutes a day, more for PRO accounts, refilled a day after first use): "
    "sign in to get more, keep trainings short (Steps), and ask with fewer new tokens. A training longer than "
    f"{ZERO_GPU_SECONDS[1] // 60} minutes stops at that limit.</sub>"
)


def on_zero_gpu() -> bool:
    """Whether this process serves a ZeroGPU Space (the platform sets SPACES_ZERO_GPU)."""
    return os.environ.get("SPACES_ZERO_GPU", "").lower() in ("1", "true", "yes")


def gpu(fn, estimate=None):
    """Run `fn` on a ZeroGPU slice when the `spaces` package is there; unchanged elsewhere.

    `estimate(**arguments)` gives the seconds a call needs, from the handler's own arguments
    (spaces.GPU calls a `duration` function with them); the default is spaces' own 60 s.
    """
    try:
        import spaces
    except ImportError:
        return fn
    if estimate is None:
        return spaces.GPU(fn)
    signature = inspect.signature(fn)
    low, high = ZERO_GPU_SECONDS

    def duration(*args, **kwargs) -> int:
        try:
            seconds = estimate(**signature.bind_partial(*args, **kwargs).arguments)
        except Exception:  # an estimate must never stop the call itself
            return 60
        return int(min(max(seconds, low), high))

    return spaces.GPU(duration=duration)(fn)


def compare_seconds(max_new_tokens=128, **_) -> float:
    """A question: loading the rows, then new tokens at about 20 a second per batch on a GPU."""
    try:
        return 10 + float(max_new_tokens) / 20
    except (TypeError, ValueError):
        return 60


def guarded(fn):
    """`fn` as a Gradio handler: StudioError -> one gr.Error line (and one log line); a bug ->
    its traceback in the log and a message without internals for the learner."""

    def failure(exc: Exception) -> gr.Error:
        if isinstance(exc, gr.Error):
            return exc
        if isinstance(exc, StudioError):
            line = " ".join(str(exc).split())  # one line, whatever the message held
            log.info("%s refused: %s", fn.__name__, line)
            # gr.Error renders HTML: a file or adapter name must show as text, never as markup
            return gr.Error(html.escape(line, quote=False), print_exception=False)
        log.error("%s failed unexpectedly", fn.__name__, exc_info=exc)
        return gr.Error(f"unexpected error ({type(exc).__name__}); the server log has the details", print_exception=False)

    if inspect.isgeneratorfunction(fn):

        @functools.wraps(fn)
        def stream(*args, **kwargs):
            try:
                yield from fn(*args, **kwargs)
            except Exception as exc:
                raise failure(exc) from None

        return stream

    @functools.wraps(fn)
    def call(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            raise failure(exc) from None

    return call


# Gradio stores an upload under the hash of its content, so two learners who upload the same
# file share one stored copy: deleting it once one request has read it would break the other's
# request. Uploads are removed by age instead (Gradio's delete_cache), and all at shutdown.
UPLOAD_KEEP_SECONDS = 600


def upload_of(file) -> tuple[Path, str]:
    """(server path, the file's own name) of an uploaded file; StudioError when it is gone."""
    path = Path(file if isinstance(file, str) else file.name)
    if not path.is_file():
        raise StudioError(f"the uploaded file {path.name} is no longer on the server (uploads are kept {UPLOAD_KEEP_SECONDS // 60} minutes): upload it again")
    return path, path.name


def whole_number(raw, what: str, high: int) -> int:
    """A count from a form that is no setting (items to score): a whole number from 0 to `high`."""
    try:
        value = float(raw)
    except (TypeError, ValueError):
        value = float("nan")
    if not (0 <= value <= high) or value != int(value):
        raise StudioError(f"{what} is {raw!r}: give a whole number from 0 to {high:,}")
    return int(value)


class Downloads:
    """A private folder for the adapter zips the app hands out; old ones go, all go at exit."""

    def __init__(self, keep_seconds: float = 3600):
        self.folder = Path(tempfile.mkdtemp(prefix="studio-downloads-"))
        self.keep_seconds = keep_seconds
        atexit.register(shutil.rmtree, self.folder, True)

    def _fresh(self) -> Path:
        """A new private folder for one download; downloads older than keep_seconds go."""
        now = time.time()
        for old in self.folder.iterdir():
            if now - old.stat().st_mtime > self.keep_seconds:
                shutil.rmtree(old, ignore_errors=True)
        return Path(tempfile.mkdtemp(dir=self.folder))

    def zip_of(self, folder: Path, name: str) -> str:
        return shutil.make_archive(str(self._fresh() / name), "zip", folder)

    def files_of(self, texts: dict[str, str]) -> list[str]:
        """Text files (name -> content) in one new private folder, in order."""
        folder = self._fresh()
        paths = []
        for name, content in texts.items():
            (folder / name).write_text(content, encoding="utf-8")
            paths.append(str(folder / name))
        return paths


def file_stem(name: str | None, fallback: str) -> str:
    """A learner's name as part of a download's file name: letters, digits and dashes."""
    stem = "-".join("".join(ch if ch.isalnum() else " " for ch in (name or "")).split())[:40]
    return stem or fallback


RIGHT_MARK = {True: " ✅", False: " ❌", None: ""}  # a column's answer, checked right or wrong (or not checked)


def html_lines(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


@dataclass
class Page:
    """The app's shared context, one per server: every tab's handlers reach the core through it."""

    workspace: Workspace
    downloads: Downloads = field(default_factory=Downloads)

    def __post_init__(self):
        self.config = self.workspace.config
        self.limits = self.config.server  # the public-server limits: question length, uploads, the token
        self.scenarios = scenario_ids()
        self.token_guard = TokenGuard(self.limits.instructor_token)  # every instructor control and event checks through it
        self.report_title = f"Tune-or-Retrieve Studio, model {self.workspace.model_source().label}"

    def mine(self, request: gr.Request | None):
        """The caller's own session, picked by their page's (or Client's) Gradio session: an id
        that only that page holds and that no endpoint returns, so nobody can name another's."""
        session = getattr(request, "session_hash", None)
        if not isinstance(session, str) or not session:
            raise StudioError("this request has no session: reload the page")
        return self.workspace.learners.get(session)

    def adapter_choices(self) -> list[str]:
        """The class's adapters (the shared registry), and the one the app started with."""
        from ..adapters import list_adapters

        names = [entry.name for entry in list_adapters(self.config.paths.adapters) if entry.card is not None or not entry.problem]
        folder = self.workspace.adapter_folder
        current = folder.name if folder else None
        return ([current] if current and current not in names else []) + names

    def column_choices(self) -> list[str]:
        """Every kind, then a lora:NAME and lora+rag:NAME column for each of the class's adapters."""
        named = [f"{kind.name}:{name}" for name in self.adapter_choices() for kind in KINDS.values() if kind.adapter]
        return [*KINDS, *named]

    def checked_question(self, text, what: str = "the question") -> str:
        """A question from a form or a Client: a non-empty string within this server's limit."""
        if not isinstance(text, str) or not text.strip():
            raise StudioError(f"{what} is empty: type a question")
        if len(text) > self.limits.max_question_chars:
            raise StudioError(
                f"{what} is {len(text):,} characters, over this server's limit of {self.limits.max_question_chars:,}: shorten it"
            )
        return text
