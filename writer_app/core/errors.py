"""The one family of errors a person can act on; each message is a sentence for them.

Anything that is not a ``WriterError`` is a bug: it is logged with its traceback.
"""

from __future__ import annotations

import logging

from writer_app.core.i18n import QT_TRANSLATE_NOOP, message, message_of

log = logging.getLogger(__name__)


class WriterError(Exception):
    """An error whose message is shown to the user as it is."""


class ModelFileError(WriterError):
    """The model file is missing, empty, not a GGUF file, or damaged."""


class ModelLoadError(WriterError):
    """llama.cpp could not load the model; the message carries its reason."""


class GenerationError(WriterError):
    """A request could not be completed."""


class EngineCrashedError(GenerationError):
    """The engine process died while working on a request."""


NO_MODEL_LOADED = message(QT_TRANSLATE_NOOP(
    "core", "No model is loaded yet: open a GGUF model file or download one first."))
"""Why a request or an adapter change is refused before any model is loaded."""


def describe_failure(exc: Exception, what: str) -> str:
    """The sentence to show for ``exc``: its own for a ``WriterError``, else ``what``.

    Anything that is not a ``WriterError`` is a bug: it is logged with its traceback.
    """
    if isinstance(exc, WriterError):
        return message_of(exc)
    log.error("%s", what, exc_info=exc)
    return f"{what}: {exc!r}"
