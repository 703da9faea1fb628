"""The saved document index: readers, incremental updates, atomic writes, clear refusals."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from conftest import SAMPLE_DOCS
from studio.config import RetrievalConfig
from studio.knowledge.documents import read_folder
from studio.errors import DocumentError
from studio.knowledge.index import CURRENT, DocumentIndex, choose_plan


class HashEmbedder:
    """A deterministic stand-in embedder: same text, same unit vector; counts what it embeds."""

    def __init__(self, name: str = "hash-embedder", dim: int = 32):
        self.name, self.dim, self.embedded = name, dim, 0

    def encode(self, texts, batch_size: int = 64):
        self.embedded += len(texts)
        rows = []
        for text in texts:
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
            vector = np.random.default_rng(seed).standard_normal(self.dim)
            rows.append(vector / np.linalg.norm(vector))
        return np.asarray(rows, dtype="float32").reshape(len(texts), self.dim)


class Counting:
    """Wraps an embedder (keeping its name and dimension) and counts the texts it embeds."""

    def __init__(self, inner):
        self.inner, self.name, self.dim, self.embedded = inner, inner.name, inner.dim, 0

    def encode(self, texts, batch_size: int = 64):
        self.embedded += len(texts)
        return self.inner.encode(texts, batch_size)


def make_pdf(path: Path, lines: list[str]) -> Path:
    """A minimal one-page PDF whose text layer holds `lines` (written by hand: no PDF writer needed)."""
    text_ops = " ".join(f"({line}) Tj 0 -16 Td" for line in lines)
    stream = f"BT /F1 12 Tf 72 720 Td {text_ops} ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


@pytest.fixture
def docs(tmp_path) -> Path:
    folder = tmp_path / "docs"
    shutil.copytree(SAMPLE_DOCS, folder)
    return folder


def build(folder: Path, embedder, out: Path | None = None, config: RetrievalConfig = RetrievalConfig()):
    current = DocumentIndex.load(out, embedder=embedder) if out and (out / CURRENT).exists() else DocumentIndex.empty(embedder, config)
    index, report = current.updated(read_folder(folder)[0], config)
    if out:
        index.save(out)
    return index, report


# -- readers ---------------------------------------------------------------------------------


def test_pdf_and_html_documents_are_read_as_text_with_their_headings(tmp_path):
    make_pdf(tmp_path / "prices.pdf", ["Enterprise plan", "The Enterprise plan costs 49 euros per user."])
    (tmp_path / "faq.html").write_text(
        "<html><head><style>p{}</style><script>var hidden = 1;</script></head><body>"
        "<h1>FAQ</h1><h2>Exports</h2><p>Exports run <b>every night</b> at 02:00.</p></body></html>",
        encoding="utf-8",
    )
    documents = {d.source: d for d in read_folder(tmp_path)[0]}
    assert "The Enterprise plan costs 49 euros per user." in documents["prices.pdf"].text
    assert "hidden" not in documents["faq.html"].text
    from studio.knowledge.documents import chunk_document

    (chunk,) = chunk_document(documents["faq.html"], 500, 50)
    assert chunk.headings == ("FAQ", "Exports") and chunk.text == "Exports run every night at 02:00."


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda d: make_pdf(d / "scan.pdf", []), r"scan.pdf has no text layer .*OCR"),
        (lambda d: (d / "broken.pdf").write_bytes(b"%PDF-1.4 garbage"), r"broken.pdf cannot be read as a PDF"),
        (lambda d: (d / "big.md").write_text("x" * 2_000_000), r"big.md is 1.9 MB, over the 1 MB limit .*--max-file-mb"),
        (lambda d: (d / "latin1.txt").write_bytes("café".encode("latin-1")), r"latin1.txt is not UTF-8 text"),
    ],
)
def test_unreadable_documents_are_named_with_the_fix(tmp_path, make, message):
    (tmp_path / "ok.md").write_text("fine", encoding="utf-8")
    make(tmp_path)
    with pytest.raises(DocumentError, match=message):
        read_folder(tmp_path, max_file_mb=1)


def test_encrypted_pdf_is_refused(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret")
    with open(tmp_path / "locked.pdf", "wb") as f:
        writer.write(f)
    with pytest.raises(DocumentError, match="locked.pdf is an encrypted PDF"):
        read_folder(tmp_path)


# -- building, searching, updating -------------------------------------------------------------


def test_saved_index_finds_the_passage_and_reloads_identically(docs, tmp_path, embedder):
    out = tmp_path / "index"
    index, report = build(docs, embedder, out)
    assert report.summary() == "0 changed, 4 added, 0 removed, 0 unchanged"
    assert report.embedded_chunks == report.total_chunks == len(index) > 4
    loaded = DocumentIndex.load(out, embedder=embedder)
    question = "When is the support chat open on Saturdays?"
    hits = loaded.search(question, 3)
    assert hits[0].source == "support.md" and "10:00 to 14:00" in hits[0].text
    assert [h.chunk_id for h in hits] == [h.chunk_id for h in index.search(question, 3)]
    assert hits[0].score >= hits[1].score >= hits[2].score
    manifest = json.loads((out / (out / CURRENT).read_text().strip() / "manifest.json").read_text())
    assert manifest["embedder"] == embedder.name and manifest["dimension"] == 384
    assert manifest["index"]["kind"] == "exact"


def test_chunk_ids_are_stable_across_runs(docs, tmp_path):
    first, _ = build(docs, HashEmbedder(), tmp_path / "a")
    second, _ = build(docs, HashEmbedder(), tmp_path / "b")
    assert [c.chunk_id for c in first.chunks] == [c.chunk_id for c in second.chunks]


def test_reindexing_embeds_only_what_changed_and_search_follows(docs, tmp_path, embedder):
    out = tmp_path / "index"
    build(docs, embedder, out)
    text = (docs / "pricing.md").read_text().replace("11.50 euros per user per month", "13.90 euros per user per month")
    (docs / "pricing.md").write_text(text)
    (docs / "security.txt").unlink()
    (docs / "mobile.md").write_text("# Mobile\n\nThe Android app supports offline sketches since version 4.2.\n")

    counting = Counting(embedder)
    index, report = build(docs, counting, out)
    assert report.summary() == "1 changed, 1 added, 1 removed, 2 unchanged"
    assert (report.changed, report.added, report.removed) == (["pricing.md"], ["mobile.md"], ["security.txt"])
    pricing_and_mobile = [c for c in index.chunks if c.source in ("pricing.md", "mobile.md")]
    assert counting.embedded == report.embedded_chunks == len(pricing_and_mobile)

    hits = DocumentIndex.load(out, embedder=embedder).search("How much is the Pro plan per month?", 1)
    assert "13.90 euros" in hits[0].text
    assert not any(h.source == "security.txt" for h in index.search("Where are the data centres?", 10))
    assert index.search("offline sketches on Android", 1)[0].source == "mobile.md"


def test_unchanged_folder_is_a_no_op_that_embeds_nothing(docs, tmp_path):
    build(docs, HashEmbedder(), tmp_path / "index")
    embedder = HashEmbedder()
    _, report = build(docs, embedder, tmp_path / "index")
    assert report.summary() == "0 changed, 0 added, 0 removed, 4 unchanged" and embedder.embedded == 0


def test_new_chunk_settings_re_embed_everything_and_say_so(docs, tmp_path):
    embedder = HashEmbedder()
    build(docs, embedder, tmp_path / "index")
    _, report = build(docs, embedder, tmp_path / "index", RetrievalConfig(chunk_size=200, overlap=20))
    assert len(report.changed) == 4 and "chunk settings changed" in report.notes[0]


def test_large_index_switches_to_ivf_and_records_it(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(60):
        (folder / f"doc{i:03d}.md").write_text("\n\n".join(f"Fact {i}-{j}: item {i * 100 + j} costs {j} euros." for j in range(50)))
    config = RetrievalConfig(exact_max=500, chunk_size=60, overlap=0)
    index, report = build(folder, HashEmbedder(dim=16), tmp_path / "index", config)
    assert report.kind == "ivf" and len(index) == 3000
    plan = index.manifest["index"]
    assert plan["kind"] == "ivf" and 0 < plan["nprobe"] <= plan["nlist"]
    loaded = DocumentIndex.load(tmp_path / "index", embedder=HashEmbedder(dim=16))
    assert loaded.faiss.nprobe == plan["nprobe"]
    # A chunk's own text is its nearest neighbour (cosine 1), also through the approximate index.
    found = sum(loaded.search(c.embed_text, 1)[0].chunk_id == c.chunk_id for c in loaded.chunks[::100])
    assert found >= 28  # of 30


def test_choose_plan_is_exact_when_small_and_bounded_when_large():
    assert choose_plan(1000, 50_000).kind == "exact"
    plan = choose_plan(1_000_000, 50_000)
    assert plan.kind == "ivf" and plan.nlist == 4096 and plan.nprobe == 64
    assert choose_plan(100, 10).nlist * 39 <= 100


# -- nothing half-written ------------------------------------------------------------------------


def test_a_crash_while_writing_leaves_the_previous_index_usable(docs, tmp_path, monkeypatch):
    import studio.knowledge.index as index_module

    out = tmp_path / "index"
    before, _ = build(docs, HashEmbedder(), out)
    (docs / "support.md").write_text("# Support\n\nChat is closed for good.\n")

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(index_module, "_write_chunks", crash)
    with pytest.raises(OSError, match="disk full"):
        build(docs, HashEmbedder(), out)
    monkeypatch.undo()
    after = DocumentIndex.load(out, embedder=HashEmbedder())
    assert [c.text for c in after.chunks] == [c.text for c in before.chunks]
    assert sorted(p.name for p in out.iterdir()) == sorted([CURRENT, (out / CURRENT).read_text().strip()])


def test_a_crash_before_the_switch_keeps_the_old_version_live(docs, tmp_path, monkeypatch):
    import os

    out = tmp_path / "index"
    build(docs, HashEmbedder(), out)
    live = (out / CURRENT).read_text()
    (docs / "new.md").write_text("new document")
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(OSError("power cut")))
    with pytest.raises(OSError, match="power cut"):
        build(docs, HashEmbedder(), out)
    monkeypatch.undo()
    assert (out / CURRENT).read_text() == live
    assert "new.md" not in DocumentIndex.load(out, embedder=HashEmbedder()).digests
    build(docs, HashEmbedder(), out)  # the next run works and clears the orphaned version
    assert len([p for p in out.iterdir() if p.name.startswith("v-")]) == 1


def test_out_folder_with_other_files_is_never_written_into(docs, tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    with pytest.raises(DocumentError, match=r"not a studio index \(notes.txt\), so it was left as it was: pass --out a new or empty folder"):
        build(docs, HashEmbedder(), out)
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


# -- refusals --------------------------------------------------------------------------------------


def _version(out: Path) -> Path:
    return out / (out / CURRENT).read_text().strip()


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda v: (v / "faiss.index").unlink(), "damaged"),
        (lambda v: (v / "manifest.json").write_text("{not json"), "damaged .*manifest unreadable"),
        (lambda v: np.save(v / "ids.npy", np.arange(3)), "damaged .*disagree on the number of chunks"),
        (lambda v: (v / "chunks.sqlite").write_bytes(b"garbage" * 100), "damaged"),
    ],
)
def test_damaged_index_says_how_to_rebuild(docs, tmp_path, damage, message):
    out = tmp_path / "index"
    build(docs, HashEmbedder(), out)
    damage(_version(out))
    with pytest.raises(DocumentError, match=message + ".*--rebuild"):
        DocumentIndex.load(out, embedder=HashEmbedder())


def test_index_from_another_embedder_is_refused(docs, tmp_path):
    out = tmp_path / "index"
    build(docs, HashEmbedder("hash-a", 32), out)
    with pytest.raises(DocumentError, match="built with embedder 'hash-a', not 'hash-b'"):
        DocumentIndex.load(out, embedder=HashEmbedder("hash-b", 32))
    with pytest.raises(DocumentError, match="holds 32-d vectors but embedder 'hash-a' makes 8-d"):
        DocumentIndex.load(out, embedder=HashEmbedder("hash-a", 8))


def test_missing_or_foreign_index_folders_are_named(tmp_path):
    with pytest.raises(DocumentError, match="does not exist: build it with `studio index"):
        DocumentIndex.load(tmp_path / "nope")
    with pytest.raises(DocumentError, match="is not a studio index"):
        DocumentIndex.load(tmp_path)


def test_empty_query_is_refused(docs):
    index, _ = build(docs, HashEmbedder())
    with pytest.raises(DocumentError, match="query is empty"):
        index.search("   ", 3)
