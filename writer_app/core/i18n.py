"""Messages of the Qt-free core that the interface shows in the writer's language.

The core cannot call Qt's ``tr()``. It marks a message with ``QT_TRANSLATE_NOOP``, which
pyside6-lupdate reads like Qt's own macro (the context names the catalogue, ``"core"``),
and builds it with ``message()``: the result is an ordinary ``str`` in English (logs, the
CLI and tests see the English sentence) that also carries its template and values, so the
interface can look the template up in the translation and fill the values in afterwards
(``writer_app.ui.common.core_text.translated``).
"""

from __future__ import annotations

from typing import Any

CONTEXT = "core"


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:
    """Mark ``source`` for translation in ``context``; returns it unchanged."""
    return source


class Message(str):
    """An English sentence that remembers the template and values it was made from."""

    template: str
    values: dict[str, Any]

    def __new__(cls, template: str, values: dict[str, Any]) -> Message:
        made = super().__new__(cls, template.format(**values) if values else template)
        made.template = template
        made.values = values
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        # Errors cross the pipe to the app pickled; the template must survive the trip.
        return (Message, (self.template, self.values))


def message(template: str, **values: Any) -> Message:
    """``template`` (marked with ``QT_TRANSLATE_NOOP("core", ...)``) filled with ``values``."""
    return Message(template, values)


def message_of(exc: BaseException) -> str:
    """The message an error was raised with, keeping its template if it has one."""
    first = exc.args[0] if len(exc.args) == 1 else None
    return first if isinstance(first, Message) else str(exc)
