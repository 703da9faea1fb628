"""Documents in, chunks out: reading a folder and cutting it into passages.

Chunking is pure and structure-first: markdown headings split sections, blank lines split
paragraphs, and only a paragraph longer than the size limit is cut by words, with overlap.
Each chunk keeps its file and heading path, so a passage shown to a user (and to the
model) says where it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .errors import DocumentError

TEXT_SUFFIXES = (".md", ".markdown", ".txt")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


@dataclass(frozen=True)
class Document:
    """One readable file: its path relative to the folder, and its text."""

    source: str
    text: str


@dataclass(frozen=True)
class Chunk:
    """A passage of a document, with where it came from."""

    chunk_id: str  # "<source>#<n>": stable while the document and chunk settings are unchanged
    source: str
    headings: tuple[str, ...]
    text: str

    @property
    def embed_text(self) -> str:
        """What the embedder sees: the heading path gives a short paragraph its topic."""
        return (" > ".join(self.headings) + "\n" + self.text) if self.headings else self.text


def read_folder(folder: str | Path, suffixes: Iterable[str] = TEXT_SUFFIXES) -> tuple[list[Document], list[str]]:
    """Read every text document under `folder` (recursively, sorted).

    Returns (documents, skipped) where `skipped` lists files of other types.
    Raises DocumentError for a missing or empty folder, a folder with nothing readable,
    or a file that is not UTF-8 (naming the file).
    """
    root = Path(folder).expanduser()
    if not root.exists():
        raise DocumentError(f"documents folder {folder} does not exist: pass --docs a folder of .md or .txt files")
    if not root.is_dir():
        raise DocumentError(f"{folder} is a file: pass --docs the folder that holds it")
    suffixes = tuple(s.lower() for s in suffixes)
    files = sorted(p for p in root.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts))
    if not files:
        raise DocumentError(f"documents folder {folder} is empty: add .md or .txt files to it")
    documents, skipped = [], []
    for path in files:
        rel = path.relative_to(root).as_posix()
        if path.suffix.lower() not in suffixes:
            skipped.append(rel)
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise DocumentError(
                f"{path} is not UTF-8 text (byte {exc.start} cannot be decoded): save it as UTF-8 or remove it"
            ) from None
        if text.strip():
            documents.append(Document(source=rel, text=text))
    if not documents:
        kinds = ", ".join(suffixes)
        raise DocumentError(
            f"documents folder {folder} has no readable documents ({kinds}); skipped: {', '.join(skipped) or 'only empty files'}"
        )
    return documents, skipped


def split_sections(text: str) -> list[tuple[tuple[str, ...], str]]:
    """Split markdown into (heading path, body) sections; text before any heading has no path."""
    sections: list[tuple[tuple[str, ...], list[str]]] = [((), [])]
    path: list[tuple[int, str]] = []
    in_fence = False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
        match = None if in_fence else _HEADING.match(line)
        if match:
            level = len(match.group(1))
            path = [(lvl, title) for lvl, title in path if lvl < level] + [(level, match.group(2))]
            sections.append((tuple(title for _, title in path), []))
        else:
            sections[-1][1].append(line)
    return [(heads, "\n".join(body).strip()) for heads, body in sections if "\n".join(body).strip()]


def split_words(text: str, size: int, overlap: int) -> list[str]:
    """Cut text longer than `size` characters into windows at word boundaries, `overlap` shared."""
    words = text.split()
    pieces, start = [], 0
    while start < len(words):
        end, length = start, 0
        while end < len(words) and (length + len(words[end]) + (1 if end > start else 0) <= size or end == start):
            length += len(words[end]) + (1 if end > start else 0)
            end += 1
        pieces.append(" ".join(words[start:end]))
        if end >= len(words):
            break
        # Step back over about `overlap` characters of words, always moving forward.
        back, kept = end, 0
        while back > start + 1 and kept + len(words[back - 1]) + 1 <= overlap:
            back -= 1
            kept += len(words[back]) + 1
        start = back
    return pieces


def chunk_document(doc: Document, size: int, overlap: int) -> list[Chunk]:
    """Chunks of one document: paragraphs packed up to `size` characters within a section."""
    chunks: list[Chunk] = []

    def emit(headings: tuple[str, ...], text: str) -> None:
        chunks.append(Chunk(f"{doc.source}#{len(chunks)}", doc.source, headings, text))

    for headings, body in split_sections(doc.text):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
        current = ""
        for para in paragraphs:
            if len(para) > size:
                if current:
                    emit(headings, current)
                    current = ""
                for piece in split_words(para, size, overlap):
                    emit(headings, piece)
            elif current and len(current) + 2 + len(para) > size:
                emit(headings, current)
                current = para
            else:
                current = f"{current}\n\n{para}" if current else para
        if current:
            emit(headings, current)
    return chunks


def chunk_documents(documents: Iterable[Document], size: int, overlap: int) -> list[Chunk]:
    """All chunks of all documents, in document order."""
    return [chunk for doc in documents for chunk in chunk_document(doc, size, overlap)]
