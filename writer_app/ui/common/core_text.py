"""The core's messages in the interface's language (see ``writer_app.core.i18n``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from writer_app.core.i18n import CONTEXT, Message


def translated(text: str) -> str:
    """``text`` translated: a core ``Message`` by its template, with its values translated
    too where they are messages themselves; any other text by itself, or as it is."""
    if not isinstance(text, Message):
        return QCoreApplication.translate(CONTEXT, text)
    values = {key: translated(value) if isinstance(value, Message) else value
              for key, value in text.values.items()}
    template = QCoreApplication.translate(CONTEXT, text.template)
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        # A translation that names a placeholder wrongly must not hide the message.
        return str(text)
