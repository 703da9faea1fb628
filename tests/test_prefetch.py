"""`studio prefetch`: what a class needs is on local disk and loads from there, or one clear line."""

from __future__ import annotations

import json

from test_cli import assert_one_clear_line, run_cli


def test_a_local_model_and_embedder_are_checked_by_loading_them_offline(capsys, tiny_model, embedder_dir):
    code, out, err = run_cli(capsys, "prefetch", "--model", str(tiny_model), "--embedder", embedder_dir, "--json")
    assert code == 0, err
    model, embedder = (json.loads(line) for line in out.splitlines())
    assert (model["what"], model["folder"], model["downloaded"]) == ("model", str(tiny_model), False)
    assert model["bytes"] > sum(p.stat().st_size for p in tiny_model.glob("*.safetensors")) > 0
    assert model["load_seconds"] > 0 and model["note"] == "fp32 on cpu"
    assert embedder["what"] == "embedder" and embedder["folder"] == embedder_dir and embedder["bytes"] > 50_000_000
    code, out, _ = run_cli(capsys, "prefetch", "--model", str(tiny_model), "--embedder", embedder_dir)
    assert code == 0 and out.splitlines()[0].startswith(f"model {tiny_model} (tiny, local folder): already on this machine, ")
    assert "loads from disk in" in out.splitlines()[1]


def test_an_unreachable_model_is_one_line(capsys, tmp_path):
    # The suite runs with the Hub switched off (HF_HUB_OFFLINE=1): an id not in the cache cannot be fetched.
    code, out, err = run_cli(capsys, "prefetch", "--model", "someone/not-cached-anywhere")
    assert_one_clear_line(code, err, "cannot reach the Hugging Face Hub to download model 'someone/not-cached-anywhere'", "--model")
    assert out == ""
    code, _, err = run_cli(capsys, "prefetch", "--model", str(tmp_path / "missing"))
    assert_one_clear_line(code, err, "missing does not exist")


def test_a_hub_id_is_downloaded_without_pickles_then_loaded_from_disk(capsys, tiny_model, embedder_dir, monkeypatch):
    import huggingface_hub

    import studio.prepare.prefetch as prefetch

    asked = []
    monkeypatch.setattr(prefetch, "hub_reachable", lambda: True)
    monkeypatch.setattr("studio.model.sources.hub_reachable", lambda: True)
    monkeypatch.setattr(huggingface_hub, "snapshot_download", lambda repo, **kw: asked.append((repo, kw)) or str(tiny_model))
    code, out, err = run_cli(capsys, "prefetch", "--model", "org/tiny", "--embedder", embedder_dir, "--json")
    assert code == 0, err
    model = json.loads(out.splitlines()[0])
    assert (model["name"], model["folder"], model["downloaded"]) == ("org/tiny", str(tiny_model), True)
    assert asked == [("org/tiny", {"allow_patterns": prefetch.FILES})]
    assert "*.safetensors" in prefetch.FILES and not any(p.endswith((".bin", ".pt", ".pth")) for p in prefetch.FILES)
