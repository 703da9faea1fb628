"""Silence library chatter (progress bars, deprecation notices) for people at a terminal."""

from __future__ import annotations

import logging
import os
import warnings


def quiet_libraries() -> None:
    """Call before loading models: the CLI's output is the studio's, not its libraries'."""
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", category=UserWarning)
    for name in ("bitsandbytes", "transformers", "peft", "sentence_transformers", "accelerate", "httpx", "kernels"):
        logging.getLogger(name).setLevel(logging.ERROR)
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
    except ImportError:
        pass
