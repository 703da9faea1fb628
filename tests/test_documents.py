"""Reading a folder of documents and chunking it by structure."""

from __future__ import annotations

import pytest

from studio.knowledge.documents import Document, chunk_document, read_folder, split_words
from studio.errors import DocumentError

HANDBOOK = """Intro line before any heading.

# Pricing

## Pro

The Pro plan costs 11.50 euros.

Second paragraph about Pro.

## Team

The Team plan costs 19 euros.

```
# not a heading inside a code fence
```
"""


def test_chunks_keep_their_heading_path_and_source():
    chunks = chunk_document(Document("handbook.md", HANDBOOK), size=200, overlap=20)
    by_heading = {c.headings: c.text for c in chunks}
    assert by_heading[()] == "Intro line before any heading."
    assert by_heading[("Pricing", "Pro")] == "The Pro plan costs 11.50 euros.\n\nSecond paragraph about Pro."
    assert "# not a heading inside a code fence" in by_heading[("Pricing", "Team")]
    assert all(c.source == "handbook.md" for c in chunks)
    assert [c.chunk_id for c in chunks] == [f"handbook.md#{i}" for i in range(len(chunks))]
    assert chunks[1].embed_text.startswith("Pricing > Pro\n")


def test_chunk_ids_are_stable_across_runs():
    doc = Document("a.md", HANDBOOK)
    assert chunk_document(doc, 200, 20) == chunk_document(doc, 200, 20)


def test_a_long_paragraph_is_cut_under_the_size_with_overlap():
    words = [f"word{i:03d}" for i in range(200)]
    pieces = split_words(" ".join(words), size=100, overlap=30)
    assert all(len(p) <= 100 for p in pieces)
    assert " ".join(pieces[-1].split()[-3:]) == " ".join(words[-3:])
    for left, right in zip(pieces, pieces[1:]):
        shared = set(left.split()) & set(right.split())
        assert 1 <= len(shared) <= 4  # about 30 characters of 8-character words
    assert {w for p in pieces for w in p.split()} == set(words)


def test_paragraphs_pack_up_to_the_size_limit():
    text = "\n\n".join(f"Paragraph {i} " + "x" * 40 for i in range(10))
    chunks = chunk_document(Document("p.txt", text), size=120, overlap=10)
    assert all(len(c.text) <= 120 for c in chunks)
    assert len(chunks) == 5  # two ~52-character paragraphs per chunk


def test_read_folder_reads_text_and_lists_what_it_skipped(tmp_path):
    (tmp_path / "a.md").write_text("# A\nalpha", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("beta", encoding="utf-8")
    (tmp_path / "c.png").write_bytes(b"\x89PNG")
    (tmp_path / ".hidden.md").write_text("secret", encoding="utf-8")
    documents, skipped = read_folder(tmp_path)
    assert [d.source for d in documents] == ["a.md", "sub/b.txt"]
    assert skipped == ["c.png"]


@pytest.mark.parametrize(
    "setup, message",
    [
        (lambda d: None, "is empty"),
        (lambda d: (d / "x.png").write_bytes(b"1"), "no readable documents.*skipped: x.png"),
        (lambda d: (d / "bad.md").write_bytes(b"caf\xe9"), r"bad.md is not UTF-8 text \(byte 3"),
    ],
)
def test_bad_folders_get_a_clear_error(tmp_path, setup, message):
    setup(tmp_path)
    with pytest.raises(DocumentError, match=message):
        read_folder(tmp_path)


def test_missing_folder_says_what_to_pass(tmp_path):
    with pytest.raises(DocumentError, match="does not exist: pass a folder of .*.pdf"):
        read_folder(tmp_path / "nope")
