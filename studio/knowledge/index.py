"""A document index a user can trust: built once, updated incrementally, never half-written.

Layout of an index folder:

    <index>/CURRENT            names the live version folder (replaced atomically)
    <index>/v-<stamp>/         one complete version:
        manifest.json          embedder, dimension, chunk settings, index kind, counts
        chunks.sqlite          documents (source, sha256) and chunks (id, chunk id, text, headings)
        vectors.npy, ids.npy   the normalised embeddings and their FAISS ids (rows in id order)
        faiss.index            the search structure (exact, or IVF above a size threshold)

An update writes a whole new version beside the old one and then swaps CURRENT, so a crash
at any point leaves the previous version in place and usable. Only documents whose bytes
changed are re-embedded. FAISS ids are never reused, so a chunk id and its vector stay paired.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import sqlite3
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from .. import __version__
from ..config import RetrievalConfig
from ..errors import DocumentError
from .documents import Chunk, Document, chunk_document
from .retrieval import Embedder, Hit, bm25_tokens, reciprocal_rank_fusion

FORMAT = 1
CURRENT = "CURRENT"
_VERSION = re.compile(r"^v-\d{8}-\d{6}-[0-9a-f]{6}$")  # what save() names a version folder
_COUNT = {"type": "integer", "minimum": 0}
# What load() reads from a manifest: one that does not fit is a damaged index, said in one line.
MANIFEST_SCHEMA = {
    "type": "object",
    "required": ["format", "embedder", "dimension", "chunk_size", "overlap", "index", "next_id"],
    "properties": {
        "format": {"type": "integer"},
        "embedder": {"type": "string", "minLength": 1},
        "dimension": {"type": "integer", "minimum": 1},
        "chunk_size": {"type": "integer", "minimum": 1},
        "overlap": _COUNT,
        "exact_max": {"type": "integer", "minimum": 1},
        "next_id": _COUNT,
        "chunks": _COUNT,
        "index": {
            "type": "object",
            "required": ["kind", "nlist", "nprobe"],
            "properties": {"kind": {"enum": ["exact", "ivf"]}, "nlist": _COUNT, "nprobe": _COUNT},
        },
    },
}


@dataclass(frozen=True)
class IndexPlan:
    """Which FAISS structure to use, chosen by size and recorded in the manifest."""

    kind: str  # "exact" (flat inner product) or "ivf" (inverted lists, approximate)
    nlist: int = 0  # IVF: number of clusters
    nprobe: int = 0  # IVF: clusters searched per query; more = better recall, slower


def choose_plan(vectors: int, exact_max: int) -> IndexPlan:
    """Exact search up to `exact_max` vectors (fast enough, perfect recall), IVF above it."""
    if vectors <= exact_max:
        return IndexPlan("exact")
    # ~4 sqrt(N) clusters (FAISS's guidance), as a power of two, with >= 39 vectors each to train.
    nlist = 2 ** round(math.log2(4 * math.sqrt(vectors)))
    nlist = int(max(1, min(65536, nlist, vectors // 39)))
    # nlist/64 lists per query: at 1M vectors (4096 lists) p50 ~3 ms on 2 cores with recall@10
    # >= 0.95 on clustered data (benchmarks/retrieval.py); nlist/32 crossed 5 ms.
    return IndexPlan("ivf", nlist=nlist, nprobe=min(nlist, max(16, nlist // 64)))


def build_faiss(vectors, ids, plan: IndexPlan, seed: int = 0):
    """A FAISS inner-product index over normalised `vectors` with the given int64 `ids`."""
    import faiss
    import numpy as np

    dim = vectors.shape[1]
    if plan.kind == "exact":
        index = faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
    else:
        quantizer = faiss.IndexFlatIP(dim)
        index = faiss.IndexIVFFlat(quantizer, dim, plan.nlist, faiss.METRIC_INNER_PRODUCT)
        # k-means wants ~40-250 points per cluster; a seeded sample keeps builds reproducible.
        sample = min(len(vectors), plan.nlist * 64)
        rows = np.random.default_rng(seed).choice(len(vectors), size=sample, replace=False)
        index.train(np.ascontiguousarray(vectors[np.sort(rows)]))
        index.nprobe = plan.nprobe
    if len(vectors):
        index.add_with_ids(np.ascontiguousarray(vectors, dtype="float32"), np.ascontiguousarray(ids, dtype="int64"))
    return index


@dataclass
class UpdateReport:
    """What an index run did, for the user: which documents, how many chunks, how long."""

    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    embedded_chunks: int = 0
    total_chunks: int = 0
    kind: str = "exact"
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{len(self.changed)} changed, {len(self.added)} added, {len(self.removed)} removed, "
            f"{len(self.unchanged)} unchanged"
        )

    def to_dict(self) -> dict:
        return {
            "changed": self.changed,
            "added": self.added,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "embedded_chunks": self.embedded_chunks,
            "total_chunks": self.total_chunks,
            "index": self.kind,
            "seconds": round(self.seconds, 3),
            "notes": self.notes,
        }


def _damaged(folder: Path, why: str) -> DocumentError:
    return DocumentError(
        f"index at {folder} is damaged ({why}): rebuild it with `studio index <docs folder> --out {folder} --rebuild`"
    )


class DocumentIndex:
    """Chunks, their vectors and a FAISS index over them; in memory, or loaded from a folder."""

    def __init__(self, chunks: list[Chunk], ids, vectors, faiss_index, embedder: Embedder | None, manifest: dict, digests: dict[str, str]):
        self.chunks = chunks  # in id order, one per row of `vectors`
        self.ids = ids  # int64, ascending
        self.vectors = vectors
        self.faiss = faiss_index
        self.embedder = embedder
        self.manifest = manifest
        self.digests = digests  # source -> sha256 of the document's bytes
        self._bm25 = None

    # -- building ------------------------------------------------------------------------

    @classmethod
    def build(cls, documents: Sequence[Document], embedder: Embedder, config: RetrievalConfig = RetrievalConfig()) -> "DocumentIndex":
        """A new in-memory index over `documents` (nothing written)."""
        index, _report = cls.empty(embedder, config).updated(documents, config)
        return index

    @classmethod
    def empty(cls, embedder: Embedder, config: RetrievalConfig = RetrievalConfig()) -> "DocumentIndex":
        """An index with no documents yet; `updated()` fills it."""
        import numpy as np

        manifest = {
            "format": FORMAT,
            "studio": __version__,
            "embedder": embedder.name,
            "dimension": embedder.dim,
            "chunk_size": config.chunk_size,
            "overlap": config.overlap,
            "exact_max": config.exact_max,
            "index": {"kind": "exact", "nlist": 0, "nprobe": 0},
            "next_id": 0,
        }
        vectors = np.zeros((0, embedder.dim), dtype="float32")
        ids = np.zeros(0, dtype="int64")
        return cls([], ids, vectors, build_faiss(vectors, ids, IndexPlan("exact")), embedder, manifest, {})

    def updated(self, documents: Sequence[Document], config: RetrievalConfig) -> tuple["DocumentIndex", UpdateReport]:
        """A new index with `documents` as the whole corpus: only changed or new ones are embedded.

        `self` is left as it was, so a failed save loses nothing.
        """
        import faiss
        import numpy as np

        start = time.perf_counter()
        report = UpdateReport()
        resettle = (config.chunk_size, config.overlap) != (self.manifest["chunk_size"], self.manifest["overlap"])
        if resettle and self.chunks:
            report.notes.append(
                f"chunk settings changed ({self.manifest['chunk_size']}/{self.manifest['overlap']} -> "
                f"{config.chunk_size}/{config.overlap}): every document is re-chunked and re-embedded"
            )
        wanted = {d.source: d for d in documents}
        for source in sorted(set(self.digests) | set(wanted)):
            if source not in wanted:
                report.removed.append(source)
            elif source not in self.digests:
                report.added.append(source)
            elif resettle or self.digests[source] != wanted[source].digest or not wanted[source].digest:
                report.changed.append(source)
            else:
                report.unchanged.append(source)
        dropped = set(report.removed) | set(report.changed)
        keep = np.array([c.source not in dropped for c in self.chunks], dtype=bool)
        new_chunks = [c for s in report.added + report.changed for c in chunk_document(wanted[s], config.chunk_size, config.overlap)]
        new_vectors = self.embedder.encode([c.embed_text for c in new_chunks]) if new_chunks else np.zeros((0, self.embedder.dim), "float32")
        next_id = int(self.manifest["next_id"])
        new_ids = np.arange(next_id, next_id + len(new_chunks), dtype="int64")

        chunks = [c for c, k in zip(self.chunks, keep) if k] + new_chunks
        ids = np.concatenate([self.ids[keep], new_ids])
        vectors = np.concatenate([self.vectors[keep], new_vectors]) if len(chunks) else new_vectors
        plan = choose_plan(len(chunks), config.exact_max)
        old_plan = IndexPlan(**self.manifest["index"])
        if plan.kind == old_plan.kind and (plan.kind == "exact" or len(chunks) <= 4 * len(self.chunks)):
            faiss_index, plan = faiss.clone_index(self.faiss), old_plan  # edit a copy: no retraining
            if (~keep).any():
                faiss_index.remove_ids(np.ascontiguousarray(self.ids[~keep]))
            if len(new_ids):
                faiss_index.add_with_ids(new_vectors, new_ids)
            if plan.kind == "ivf":
                faiss_index.nprobe = plan.nprobe
        else:
            faiss_index = build_faiss(vectors, ids, plan)
        manifest = dict(self.manifest)
        manifest.update(
            chunk_size=config.chunk_size,
            overlap=config.overlap,
            exact_max=config.exact_max,
            index={"kind": plan.kind, "nlist": plan.nlist, "nprobe": plan.nprobe},
            next_id=next_id + len(new_chunks),
            chunks=len(chunks),
            documents=len(wanted),
            studio=__version__,
        )
        digests = {s: d.digest for s, d in wanted.items()}
        report.embedded_chunks, report.total_chunks, report.kind = len(new_chunks), len(chunks), plan.kind
        report.seconds = time.perf_counter() - start
        return DocumentIndex(chunks, ids, vectors, faiss_index, self.embedder, manifest, digests), report

    # -- whole documents -------------------------------------------------------------------

    def documents(self) -> list[tuple[str, str]]:
        """Every document as (name, text), by name, put back together from its chunks.

        For the `stuffed` column, which pastes documents whole. Chunks keep each section's
        heading path, so the headings are written back once per section, and the words two
        chunks of one long paragraph share (the overlap) once.
        """
        if getattr(self, "_documents", None) is None:
            by_source: dict[str, list[Chunk]] = {}
            for chunk in self.chunks:
                by_source.setdefault(chunk.source, []).append(chunk)
            self._documents = [(source, join_chunks(by_source[source])) for source in sorted(by_source)]
        return self._documents

    # -- searching -----------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.chunks)

    def _chunk_rows(self, ids) -> list[int]:
        import numpy as np

        return np.searchsorted(self.ids, ids).tolist()

    def _bm25_index(self):
        if self._bm25 is None:
            from rank_bm25 import BM25Okapi

            self._bm25 = BM25Okapi([bm25_tokens(c.embed_text) or ["\u2205"] for c in self.chunks])
        return self._bm25

    def chunk(self, chunk_id: str):
        """The chunk of a hit (its body and heading path), by id."""
        if getattr(self, "_by_id", None) is None:
            self._by_id = {c.chunk_id: c for c in self.chunks}
        return self._by_id[chunk_id]

    def focus(self, query: str, hits: list[Hit], keep: int, window: int = 1) -> list[Hit]:
        """`hits` cut down to their `keep` units closest to `query`, with neighbours (`focus.focus_hits`)."""
        from .focus import focus_hits

        return focus_hits(query, hits, self.chunk, self.embedder, keep, window)

    def search(self, query: str, k: int, hybrid: bool = False) -> list[Hit]:
        """The `k` passages closest to `query`, best first.

        Dense search ranks by cosine similarity; `hybrid` fuses it with BM25 keyword ranking
        (reciprocal rank fusion). A hit's score is always its cosine similarity to the query.
        """
        import numpy as np

        if not query or not query.strip():
            raise DocumentError("the search query is empty: type a question")
        if k <= 0 or not self.chunks:
            return []
        query_vector = self.embedder.encode([query])
        pool = min(len(self.chunks), max(k * 4, 20) if hybrid else k)
        _scores, found = self.faiss.search(query_vector, pool)
        dense = [int(i) for i in found[0] if i >= 0]
        ranked = dense
        if hybrid:
            lexical_scores = self._bm25_index().get_scores(bm25_tokens(query))
            lexical_rows = np.argsort(-lexical_scores, kind="stable")[:pool]
            lexical = [int(self.ids[r]) for r in lexical_rows if lexical_scores[r] > 0]
            ranked = reciprocal_rank_fusion([dense, lexical])
        rows = self._chunk_rows(ranked[:k])
        cosine = (self.vectors[rows] @ query_vector[0]).tolist() if rows else []
        return [
            Hit(self.chunks[r].source, self.chunks[r].embed_text, round(float(s), 4), self.chunks[r].chunk_id)
            for r, s in zip(rows, cosine)
        ]

    # -- disk ----------------------------------------------------------------------------

    def save(self, folder: str | Path) -> Path:
        """Write this index as the new live version of `folder`, atomically; return the version folder."""
        import faiss
        import numpy as np

        root = Path(folder).expanduser()
        if root.exists() and not root.is_dir():
            raise DocumentError(f"{folder} is a file: pass --out a folder for the index")
        foreign = _foreign_entries(root) if root.is_dir() else []
        if foreign:
            raise DocumentError(
                f"{folder} already holds files that are not a studio index ({', '.join(foreign[:5])}), so it was "
                f"left as it was: pass --out a new or empty folder"
            )
        created = not root.exists()
        root.mkdir(parents=True, exist_ok=True)
        try:
            staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=root))
        except BaseException:
            if created:
                shutil.rmtree(root, ignore_errors=True)
            raise
        try:
            np.save(staging / "vectors.npy", np.ascontiguousarray(self.vectors, dtype="float32"))
            np.save(staging / "ids.npy", np.ascontiguousarray(self.ids, dtype="int64"))
            faiss.write_index(self.faiss, str(staging / "faiss.index"))
            _write_chunks(staging / "chunks.sqlite", self.chunks, self.ids, self.digests)
            # The manifest last: a version folder without one is never taken for complete.
            (staging / "manifest.json").write_text(json.dumps(self.manifest, indent=2), encoding="utf-8")
            for path in staging.iterdir():
                _fsync(path)
            version = root / f"v-{time.strftime('%Y%m%d-%H%M%S')}-{os.urandom(3).hex()}"
            os.chmod(staging, 0o755)  # mkdtemp makes it private; an index is as readable as its documents
            os.rename(staging, version)
            pointer = root / f".{CURRENT}.tmp"
            pointer.write_text(version.name + "\n", encoding="utf-8")
            _fsync(pointer)
            os.replace(pointer, root / CURRENT)  # the switch: atomic on POSIX
            _fsync(root)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            if created:  # a first save that failed leaves no empty folder behind
                shutil.rmtree(root, ignore_errors=True)
            raise
        for stale in root.iterdir():  # earlier versions and crashed runs' leftovers, by the names save() gives
            if stale.is_dir() and not stale.is_symlink() and stale != version and (
                _VERSION.match(stale.name) or stale.name.startswith(".staging-")
            ):
                shutil.rmtree(stale, ignore_errors=True)
        return version

    @classmethod
    def load(cls, folder: str | Path, embedder: Embedder | None = None, embedder_name: str | None = None) -> "DocumentIndex":
        """Open the live version of an index folder.

        The embedder recorded in the manifest is loaded unless `embedder` is given; asking
        for a different one (`embedder_name`, or an embedder of another dimension) is refused.
        """
        import faiss
        import numpy as np
        from jsonschema import Draft202012Validator

        root = check_index_folder(folder)
        version = _live_version(root)
        try:
            manifest = json.loads((version / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError) as exc:  # ValueError: bad JSON or bad UTF-8
            raise _damaged(root, f"manifest unreadable: {version.name}/manifest.json, {type(exc).__name__}") from None
        problems = sorted(Draft202012Validator(MANIFEST_SCHEMA).iter_errors(manifest), key=lambda e: list(e.path))
        if problems:
            where = "/".join(str(p) for p in problems[0].path)
            raise _damaged(root, f"{version.name}/manifest.json: {where + ': ' if where else ''}{problems[0].message}")
        if manifest.get("format") != FORMAT:
            raise _damaged(root, f"format {manifest.get('format')!r}, this studio reads format {FORMAT}")
        wanted = embedder.name if embedder is not None else embedder_name
        if wanted and wanted != manifest["embedder"]:
            raise DocumentError(
                f"index at {folder} was built with embedder {manifest['embedder']!r}, not {wanted!r}: "
                f"search it with --embedder {manifest['embedder']}, or build a new index for the other embedder"
            )
        try:
            # Memory-mapped: FAISS holds its own copy for search; these pages are read only
            # for hybrid scores and updates, so an opened index costs one copy of RAM, not two.
            vectors = np.load(version / "vectors.npy", mmap_mode="r")
            ids = np.load(version / "ids.npy")
            faiss_index = faiss.read_index(str(version / "faiss.index"))
            chunks, digests = _read_chunks(version / "chunks.sqlite")
        except (OSError, ValueError, RuntimeError, RecursionError, TypeError, sqlite3.Error) as exc:
            raise _damaged(root, f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}") from None
        if ids.ndim != 1 or ids.dtype != np.int64 or (len(ids) and (ids[0] < 0 or bool((np.diff(ids) <= 0).any()))):
            raise _damaged(root, f"{version.name}/ids.npy is not an ascending list of 64-bit chunk ids")
        if len(ids) and int(ids[-1]) >= manifest["next_id"]:
            raise _damaged(root, f"{version.name}/ids.npy holds ids the manifest's next_id has not reached")
        counts = {len(chunks), len(ids), vectors.shape[0], int(faiss_index.ntotal), int(manifest.get("chunks", len(chunks)))}
        if len(counts) != 1:
            raise _damaged(root, f"its parts disagree on the number of chunks: {sorted(counts)}")
        if vectors.ndim != 2 or vectors.dtype != np.float32 or vectors.shape[1] != manifest["dimension"] or faiss_index.d != manifest["dimension"]:
            raise _damaged(root, "vector dimension does not match the manifest")
        if manifest["index"]["kind"] == "ivf":
            faiss_index.nprobe = manifest["index"]["nprobe"]
        if embedder is None:
            embedder = Embedder.load(manifest["embedder"])
        if embedder.dim != manifest["dimension"]:
            raise DocumentError(
                f"index at {folder} holds {manifest['dimension']}-d vectors but embedder {embedder.name!r} makes "
                f"{embedder.dim}-d ones: use the index's embedder {manifest['embedder']!r}"
            )
        return cls(chunks, ids, vectors, faiss_index, embedder, manifest, digests)


def join_chunks(chunks: Sequence[Chunk]) -> str:
    """One document's text from its chunks (in any order): headings once per section, overlaps once."""
    ordered = sorted(chunks, key=lambda c: int(c.chunk_id.rpartition("#")[2] or 0))
    parts: list[str] = []
    headings: tuple[str, ...] = ()
    previous: list[str] = []
    for chunk in ordered:
        words = chunk.text.split()
        if chunk.headings != headings:
            shared = 0
            while shared < len(chunk.headings) and shared < len(headings) and chunk.headings[shared] == headings[shared]:
                shared += 1
            parts += [f"{'#' * (depth + 1)} {title}" for depth, title in enumerate(chunk.headings) if depth >= shared]
            headings, previous = chunk.headings, []
        # A long paragraph's windows share their edge words: drop the repeat.
        overlap = next((n for n in range(min(len(previous), len(words), 60), 0, -1) if previous[-n:] == words[:n] and n >= 3), 0)
        parts.append(" ".join(words[overlap:]) if overlap else chunk.text)
        previous = words
    return "\n\n".join(p for p in parts if p.strip())


def _foreign_entries(root: Path) -> list[str]:
    """What in `root` is not a studio index's: with any, the folder is not the studio's to write."""
    names = sorted(p.name for p in root.iterdir())
    if names and CURRENT not in names:
        return names
    ours = lambda n: n in (CURRENT, f".{CURRENT}.tmp") or _VERSION.match(n) or n.startswith(".staging-")  # noqa: E731
    return [n for n in names if not ours(n) or (root / n).is_symlink()]


def _live_version(root: Path) -> Path:
    """The version folder CURRENT names; a damaged index error when it names anything else."""
    try:
        name = (root / CURRENT).read_bytes().decode("utf-8").strip()
    except (OSError, UnicodeDecodeError):
        raise _damaged(root, f"{CURRENT} is not a version name") from None
    version = root / name
    # A version is a folder directly inside the index: CURRENT must not lead anywhere else.
    if not _VERSION.match(name) or version.is_symlink() or not version.is_dir():
        raise _damaged(root, f"{CURRENT} names {name[:80]!r}, which is not a version folder of this index")
    return version


def check_index_folder(folder: str | Path) -> Path:
    """The folder, if it holds a studio index; DocumentError saying how to make one otherwise."""
    root = Path(folder).expanduser()
    if not root.is_dir():
        raise DocumentError(f"index folder {folder} does not exist: build it with `studio index <docs folder> --out {folder}`")
    if not (root / CURRENT).is_file():
        raise DocumentError(
            f"{folder} is not a studio index (no {CURRENT} file): build one with `studio index <docs folder> --out {folder}`"
        )
    return root


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_chunks(path: Path, chunks: Sequence[Chunk], ids, digests: dict[str, str]) -> None:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE documents (source TEXT PRIMARY KEY, digest TEXT NOT NULL)")
        db.execute(
            "CREATE TABLE chunks (id INTEGER PRIMARY KEY, chunk_id TEXT NOT NULL, source TEXT NOT NULL, "
            "headings TEXT NOT NULL, text TEXT NOT NULL)"
        )
        db.executemany("INSERT INTO documents VALUES (?, ?)", sorted(digests.items()))
        db.executemany(
            "INSERT INTO chunks VALUES (?, ?, ?, ?, ?)",
            ((int(i), c.chunk_id, c.source, json.dumps(list(c.headings)), c.text) for i, c in zip(ids, chunks)),
        )
    # sqlite3's context manager commits but does not close.
    sqlite3.connect(path).close()


def _read_chunks(path: Path) -> tuple[list[Chunk], dict[str, str]]:
    if not path.is_file():
        raise OSError(f"{path.name} is missing")
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        digests = dict(db.execute("SELECT source, digest FROM documents"))
        rows = db.execute("SELECT chunk_id, source, headings, text FROM chunks ORDER BY id").fetchall()
    finally:
        db.close()
    return [Chunk(cid, source, tuple(json.loads(heads)), text) for cid, source, heads, text in rows], digests

