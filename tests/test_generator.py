"""The generator seam: the lesson runs on any registered backend; the local model is one of them."""

from __future__ import annotations

import pytest

from studio.lesson.columns import parse_columns
from studio.config import load_config
from studio.errors import ConfigError
from studio.model.generator import Generator, backend_names, register_backend
from studio.classroom.workspace import Workspace


def test_the_local_model_is_a_generator(engine_with_adapter):
    assert isinstance(engine_with_adapter[0], Generator)
    assert "local" in backend_names()


def test_a_registered_backend_serves_every_column_through_the_seam(tiny_model, tiny_adapter):
    """A backend is a loader by name: here one that records each batch before the local model answers it."""
    from studio.model.engine import Engine

    batches = []

    class Recording(Engine):
        def generate(self, requests, gen):
            batches.append([r.adapter for r in requests])
            return super().generate(requests, gen)

        def running_batch(self):
            batch = super().running_batch()
            admit = batch.admit

            def recorded(requests, *args, **kwargs):
                batches.append([r.adapter for r in requests])
                return admit(requests, *args, **kwargs)

            batch.admit = recorded
            return batch

    register_backend("recording", Recording.load)
    config = load_config({"model": str(tiny_model), "backend": "recording", "max_new_tokens": 4}, env={})
    workspace = Workspace(config, adapter=tiny_adapter)
    comparison = workspace.compare("Is anyone there?", parse_columns("base,lora", "columns"), learner=workspace.solo)
    assert isinstance(workspace.engine(), Recording) and batches == [[None, "tiny-adapter"]]
    assert [c.label for c in comparison.columns] == ["base", "lora"]


def test_an_unknown_backend_is_one_line_naming_the_setting(tiny_model):
    workspace = Workspace(load_config({"model": str(tiny_model), "backend": "vllm-somewhere"}, env={}))
    with pytest.raises(ConfigError, match="backend 'vllm-somewhere' is not known: set flag --backend or environment variable STUDIO_BACKEND to one of .*local"):
        workspace.engine()
