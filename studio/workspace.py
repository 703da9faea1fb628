"""A workspace: what a comparison needs (model, adapter, documents), checked early, loaded once.

The CLI and the app both go through it, so both validate the same way and both serve every
column from one engine. Cheap checks (folders exist, adapter is safetensors, documents are
readable) run at construction; the model and the embedder load on first use, once.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path
from typing import Iterator, Sequence

from .adapters import AdapterFolder, inspect_adapter_folder, resolve_adapter
from .compare import CompareOptions, Comparison, Mode, compare, stream_compare
from .config import StudioConfig
from .documents import Document, read_folder
from .engine import Engine
from .errors import StudioError
from .index import check_index_folder
from .prompts import DEFAULT_SYSTEM


class Workspace:
    """One base model with at most one adapter and one source of passages, ready to compare.

    Passages come from a documents folder (`docs`, indexed in memory) or from a saved index
    folder (`index_dir`, made by `studio index`), not both.
    """

    def __init__(
        self,
        config: StudioConfig,
        docs: str | Path | None = None,
        adapter: str | Path | None = None,
        index_dir: str | Path | None = None,
        explicit_embedder: str | None = None,
    ):
        if docs and index_dir:
            raise StudioError("pass either --docs (index a folder now) or --index (a saved index), not both")
        self.config = config
        self.docs = docs
        self.index_dir = index_dir
        self.explicit_embedder = explicit_embedder  # a saved index otherwise uses the embedder it was built with
        self.adapter_folder: AdapterFolder | None = (
            inspect_adapter_folder(resolve_adapter(str(adapter), config.paths.adapters)) if adapter else None
        )
        self.documents: list[Document] | None = None
        self.skipped: list[str] = []
        if docs:
            self.documents, self.skipped = read_folder(docs, max_file_mb=config.retrieval.max_file_mb)
        if index_dir:
            check_index_folder(index_dir)
        self._engine: Engine | None = None
        self._adapter_name: str | None = None
        self._index = None
        self._loading = threading.Lock()

    @property
    def has_documents(self) -> bool:
        return self.documents is not None or self.index_dir is not None

    @property
    def modes(self) -> tuple[Mode, ...]:
        """The modes this workspace can serve, in display order."""
        return tuple(
            m
            for m in Mode
            if (not m.uses_retrieval or self.has_documents) and (not m.uses_adapter or self.adapter_folder)
        )

    def check_sources(self) -> None:
        """Fail now, not at the first question, when the model or embedder cannot be found."""
        from .config import ModelConfig, setting_name
        from .hub import resolve_source

        resolve_source(self.config.model.model, "model", setting_name(ModelConfig, "model"))
        if self.documents is not None:
            from .retrieval import resolve_embedder

            resolve_embedder(self.config.retrieval.embedder)

    @property
    def loaded(self) -> bool:
        """Whether the model is in memory already (the first question pays for loading)."""
        return self._engine is not None

    def engine(self) -> Engine:
        """The one engine, loaded on first use with the adapter attached."""
        with self._loading:
            if self._engine is None:
                engine = Engine.load(self.config.model)
                if self.adapter_folder:
                    self._adapter_name = engine.add_adapter(self.adapter_folder.path)
                self._engine = engine
            return self._engine

    def index(self):
        """The passages' index, built or opened on first use; None without documents."""
        if not self.has_documents:
            return None
        with self._loading:
            if self._index is None:
                from .index import DocumentIndex
                from .retrieval import Embedder

                if self.index_dir is not None:
                    self._index = DocumentIndex.load(self.index_dir, embedder_name=self.explicit_embedder)
                else:
                    embedder = Embedder.load(self.config.retrieval.embedder)
                    self._index = DocumentIndex.build(self.documents, embedder, self.config.retrieval)
            return self._index

    def options(
        self, modes: Sequence[Mode], top_k: int | None = None, max_new_tokens: int | None = None, system: str | None = None
    ) -> CompareOptions:
        """The comparison's options: per-call values over the workspace's settings; loads what `modes` need."""
        generation = self.config.generation
        if max_new_tokens is not None:
            generation = replace(generation, max_new_tokens=int(max_new_tokens))
        return CompareOptions(
            adapter=self._adapter_name if any(m.uses_adapter for m in modes) else None,
            index=self.index() if any(m.uses_retrieval for m in modes) else None,
            top_k=self.config.retrieval.top_k if top_k is None else int(top_k),
            hybrid=self.config.retrieval.hybrid,
            generation=generation,
            system=DEFAULT_SYSTEM if system is None else (system or None),
        )

    def compare(self, question: str, modes: Sequence[Mode], **per_call) -> Comparison:
        """One comparison, all columns at once (`per_call`: top_k, max_new_tokens, system)."""
        engine = self.engine()
        return compare(engine, question, modes, self.options(modes, **per_call))

    def stream(self, question: str, modes: Sequence[Mode], **per_call) -> Iterator[Comparison]:
        """The comparison as it grows, every column's partial text in each update."""
        engine = self.engine()
        yield from stream_compare(engine, question, modes, self.options(modes, **per_call))

    def describe(self) -> str:
        """One line for logs and the app header: model, adapter, documents."""
        parts = [f"model {self.config.model.model}"]
        if self.adapter_folder:
            parts.append(f"adapter {self.adapter_folder.name}")
        if self.documents is not None:
            parts.append(f"{len(self.documents)} documents from {self.docs}")
        if self.index_dir is not None:
            parts.append(f"index {self.index_dir}")
        return ", ".join(parts)
