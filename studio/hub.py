"""Where weights come from: a local folder, the local Hub cache, or the Hub itself.

Checked before loading so that an unreachable Hub gives one clear line at once, instead of
the libraries' half-minute of retries followed by a traceback.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from urllib.parse import urlparse

from .errors import AdapterError, ModelLoadError, StudioError


def looks_like_path(name: str) -> bool:
    """True when `name` is meant as a folder rather than a Hub id ('org/model')."""
    return name.startswith(("/", "./", "../", "~", ".\\")) or Path(name).expanduser().exists()


def hub_reachable(timeout: float = 3.0) -> bool:
    """Whether the Hugging Face Hub answers on its HTTPS port (respects HF_HUB_OFFLINE, HF_ENDPOINT)."""
    if os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}:
        return False
    host = urlparse(os.environ.get("HF_ENDPOINT", "https://huggingface.co")).hostname or "huggingface.co"
    try:
        with socket.create_connection((host, 443), timeout=timeout):
            return True
    except OSError:
        return False


def cached_snapshot(repo_id: str) -> str | None:
    """The local folder of a Hub repo already in the cache, or None."""
    try:
        from huggingface_hub import snapshot_download

        return snapshot_download(repo_id, local_files_only=True)
    except Exception:  # not cached, or not a valid repo id: both mean "not here"
        return None


def resolve_source(name: str, what: str, setting: str) -> str:
    """Turn a model name into something `from_pretrained` can load without hanging.

    Returns a local folder (given, or the cache's copy) or the Hub id when the Hub answers.
    Raises ModelLoadError naming `setting` when none of these works.
    """
    if looks_like_path(name):
        folder = Path(name).expanduser()
        if not folder.is_dir():
            raise ModelLoadError(f"{what} folder {name} does not exist: set {setting} to a folder or a Hub id")
        if not (folder / "config.json").is_file() and not (folder / "modules.json").is_file():
            raise ModelLoadError(
                f"{what} folder {name} holds no config.json: set {setting} to a folder saved with save_pretrained"
            )
        return str(folder)
    if hub_reachable():
        return name
    cached = cached_snapshot(name)
    if cached:
        return cached
    raise ModelLoadError(
        f"cannot reach the Hugging Face Hub to download {what} {name!r} and it is not in the local cache: "
        f"set {setting} to a local folder holding it (on a connected machine: "
        f"`hf download {name} --local-dir <folder>`, then copy the folder here)"
    )


def download_adapter(repo_id: str) -> str:
    """A Hub adapter repo's local folder: the cached copy, or downloaded (safetensors and JSON only)."""
    cached = cached_snapshot(repo_id)
    if cached:
        return cached
    if not hub_reachable():
        raise AdapterError(
            f"{repo_id!r} is neither a local folder nor a trained adapter's name, and the Hugging Face Hub "
            f"cannot be reached to download it as a Hub repo: pass a local adapter folder, or a name from "
            f"`studio adapters`"
        )
    from huggingface_hub import snapshot_download

    try:
        return snapshot_download(repo_id, allow_patterns=["*.json", "*.safetensors", "*.md"])
    except Exception as exc:  # the hub client raises many error types (not found, gated, network)
        raise AdapterError(f"cannot download adapter {repo_id!r} from the Hub: {str(exc).splitlines()[0]}") from None


def check_can_push(repo_id: str, later: str) -> str:
    """The Hub token, or StudioError when pushing to `repo_id` cannot work from here.

    `later` ends each message: what the user can do instead (it differs before and after training).
    """
    from huggingface_hub import get_token

    token = get_token()
    if not token:
        raise StudioError(f"pushing to {repo_id} needs a Hugging Face token: run `hf auth login` or set HF_TOKEN; {later}")
    if not hub_reachable():
        raise StudioError(f"the Hugging Face Hub cannot be reached from here to push to {repo_id}; {later}")
    return token


def push_folder(folder: str | Path, repo_id: str) -> str:
    """Upload an adapter folder to a Hub model repo (created if needed); return the repo's URL."""
    from huggingface_hub import HfApi

    token = check_can_push(repo_id, f"the adapter is saved locally: run `studio adapters push NAME {repo_id}` where both work")
    api = HfApi(token=token)
    try:
        url = api.create_repo(repo_id, repo_type="model", exist_ok=True)
        api.upload_folder(folder_path=str(folder), repo_id=repo_id, commit_message="Upload LoRA adapter from Tune-or-Retrieve Studio")
    except Exception as exc:  # permission, name or network errors from the hub client
        raise StudioError(f"pushing to {repo_id} failed: {str(exc).splitlines()[0]}") from None
    return str(url)
