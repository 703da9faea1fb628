"""The app's document edits: incremental, by name, and safe on a saved index with its own settings."""

from __future__ import annotations

import pytest

from conftest import SAMPLE_DOCS
from studio.config import load_config
from studio.errors import StudioError
from studio.classroom.workspace import Workspace


def test_adding_to_a_saved_index_keeps_its_documents_and_chunk_settings(embedder_dir, tmp_path):
    from studio.cli import main

    assert main(["index", str(SAMPLE_DOCS), "--out", str(tmp_path / "index"), "--embedder", embedder_dir, "--chunk-size", "300"]) == 0
    workspace = Workspace(load_config({"embedder": embedder_dir}, env={}), index_dir=tmp_path / "index")
    before = dict(workspace.document_chunks(workspace.solo))
    note = tmp_path / "parking.md"
    note.write_text("# Parking\n\nVisitors park in the Zephyr lot.\n")
    report = workspace.add_documents([note], workspace.solo)
    assert report.added == ["parking.md"] and report.changed == [] and len(report.unchanged) == len(before)
    after = dict(workspace.document_chunks(workspace.solo))
    assert {k: v for k, v in after.items() if k != "parking.md"} == before  # nothing re-chunked at 800
    report = workspace.remove_document("pricing.md", workspace.solo)
    assert report.removed == ["pricing.md"] and "pricing.md" not in dict(workspace.document_chunks(workspace.solo))
    with pytest.raises(StudioError, match="no indexed document is named 'nope.md'"):
        workspace.remove_document("nope.md", workspace.solo)


def test_an_app_without_documents_can_start_a_corpus(embedder_dir, tmp_path):
    workspace = Workspace(load_config({"embedder": embedder_dir}, env={}))
    assert not workspace.has_documents and workspace.document_chunks(workspace.solo) == []
    note = tmp_path / "a.txt"
    note.write_text("The office cat is called Miso.")
    workspace.add_documents([note], workspace.solo)
    assert not workspace.has_documents  # the class still has none: the documents are this learner's
    assert workspace.learner_has_documents(workspace.solo)
    assert workspace.search("What is the cat called?", 1, learner=workspace.solo)[0].source == "a.txt"
