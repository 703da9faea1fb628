"""The one error type core code raises for users.

Its message is the whole story a user needs: what was wrong, where, and what to do.
The CLI prints it as one line and exits non-zero; the UI shows it with `gr.Error`.
"""


class StudioError(Exception):
    """A problem the user can fix; the message says how."""


class ConfigError(StudioError):
    """A setting (flag or environment variable) has a bad value."""


class AdapterError(StudioError):
    """An adapter folder cannot be served by the loaded base model."""


class DocumentError(StudioError):
    """A documents folder or file cannot be read or indexed."""


class ModelLoadError(StudioError):
    """The base model or embedder cannot be loaded."""
