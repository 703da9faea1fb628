"""Documents in, chunks out: reading a folder and cutting it into passages.

Chunking is pure and structure-first: markdown headings split sections, blank lines split
paragraphs, and only a paragraph longer than the size limit is cut by words, with overlap.
Each chunk keeps its file and heading path, so a passage shown to a user (and to the
model) says where it came from.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterable

from ..errors import DocumentError

TEXT_SUFFIXES = (".md", ".markdown", ".txt")
PDF_SUFFIXES = (".pdf",)
HTML_SUFFIXES = (".html", ".htm")
READABLE_SUFFIXES = TEXT_SUFFIXES + PDF_SUFFIXES + HTML_SUFFIXES
DEFAULT_MAX_FILE_MB = 20.0
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


@dataclass(frozen=True)
class Document:
    """One readable file: its path relative to the folder, and its text."""

    source: str
    text: str
    digest: str = ""  # sha256 of the file's bytes: what "changed" means when re-indexing


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


class _VisibleText(HTMLParser):
    """HTML to markdown-like text: visible text only, headings kept as '#' lines for chunking."""

    _HIDDEN = {"script", "style", "noscript", "template", "head", "svg"}
    _BREAKS = {"p", "div", "li", "br", "tr", "section", "article", "blockquote", "pre", "table", "ul", "ol", "dd", "dt"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self._HIDDEN:
            self._hidden += 1
        elif re.fullmatch(r"h[1-6]", tag):
            self.parts.append("\n\n" + "#" * int(tag[1]) + " ")
        elif tag in self._BREAKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif re.fullmatch(r"h[1-6]", tag) or tag in self._BREAKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(re.sub(r"\s+", " ", data))

    def text(self) -> str:
        joined = "".join(self.parts)
        lines = [line.strip() for line in joined.split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_to_text(markup: str) -> str:
    """The visible text of an HTML page, headings as markdown '#' lines."""
    parser = _VisibleText()
    parser.feed(markup)
    parser.close()
    return parser.text()


def _decode(shown: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"{shown} is not UTF-8 text (byte {exc.start} cannot be decoded): save it as UTF-8 or remove it"
        ) from None


def _pdf_text(data: bytes, shown: str) -> str:
    """The text layer of a PDF, page by page (pypdf, a maintained pure-Python reader)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise DocumentError(f"{shown} is an encrypted PDF: save an unprotected copy and index that")
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, OSError, RecursionError, TypeError, AttributeError) as exc:
        # pypdf meets malformed files with a spread of error types; all mean "not a readable PDF"
        raise DocumentError(f"{shown} cannot be read as a PDF ({type(exc).__name__}): re-export it or remove it") from None
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text:
        raise DocumentError(
            f"{shown} has no text layer (a scanned PDF?): run OCR on it (for example with ocrmypdf) and index the result"
        )
    return text


def check_source_name(source: str, where: str) -> str:
    """A document's name as the index stores it: valid UTF-8 text (DocumentError otherwise)."""
    try:
        source.encode("utf-8")
    except UnicodeEncodeError:
        raise DocumentError(
            f"a file name in {where} is not valid UTF-8 ({ascii(source)}): rename the file and index again"
        ) from None
    return source


def read_document(path: Path, source: str, max_file_mb: float = DEFAULT_MAX_FILE_MB) -> Document:
    """Read one file of a readable type into a Document; DocumentError names the file (as `source`) and the fix.

    `source` is the document's name as a user knows it (its path in the folder, an upload's
    own name); messages use it, never the path the server read it from.
    """
    size = path.stat().st_size
    if size > max_file_mb * 1024 * 1024:
        raise DocumentError(
            f"{source} is {size / 2**20:.1f} MB, over the {max_file_mb:g} MB limit per file: "
            f"split it, or raise the limit with --max-file-mb"
        )
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        text = _pdf_text(data, source)
    elif suffix in HTML_SUFFIXES:
        text = html_to_text(_decode(source, data))
    else:
        text = _decode(source, data)
    return Document(source=source, text=text, digest=hashlib.sha256(data).hexdigest())


def read_folder(
    folder: str | Path, suffixes: Iterable[str] = READABLE_SUFFIXES, max_file_mb: float = DEFAULT_MAX_FILE_MB
) -> tuple[list[Document], list[str]]:
    """Read every readable document under `folder` (recursively, sorted; hidden files ignored).

    Returns (documents, skipped) where `skipped` lists files of other types.
    Raises DocumentError for a missing or empty folder, a folder with nothing readable,
    or a file that cannot be read (naming the file and what to do).
    """
    root = Path(folder).expanduser()
    kinds = ", ".join(sorted(set(suffixes)))
    if not root.exists():
        raise DocumentError(f"documents folder {folder} does not exist: pass a folder of {kinds} files")
    if not root.is_dir():
        raise DocumentError(f"{folder} is a file: pass the folder that holds it")
    suffixes = tuple(s.lower() for s in suffixes)
    files = sorted(p for p in root.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts))
    if not files:
        raise DocumentError(f"documents folder {folder} is empty: add {kinds} files to it")
    documents, skipped = [], []
    for path in files:
        rel = check_source_name(path.relative_to(root).as_posix(), str(folder))
        if path.suffix.lower() not in suffixes:
            skipped.append(rel)
            continue
        document = read_document(path, rel, max_file_mb)
        if document.text.strip():
            documents.append(document)
    if not documents:
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
