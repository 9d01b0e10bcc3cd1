"""Document goals: how long the writer means each document to be, in the writer's count
(words, and 字 in Chinese: ``TextCounts.count``).

Like the notes and the history, goals are kept in the app's data folder under the
document's history key (``history.key_for_path`` or ``history.unsaved_key``), never in
the writer's file; ``move()`` hands an unsaved document's goal to its file when it is
saved. All goals share one small file, written atomically and read as untrusted: a file
that cannot be used is set aside and reported, and no document has a goal.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from writer_app.core.documents.files import DocumentError, write_atomic
from writer_app.core.i18n import QT_TRANSLATE_NOOP, Message, message, message_of
from writer_app.core.untrusted import UntrustedError, read_json_object, set_aside, whole

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
MAX_GOAL = 10_000_000
"""The longest goal: ten million words or 字 (a shelf of novels)."""
MAX_DOCUMENTS = 1000
MAX_FILE_BYTES = MAX_DOCUMENTS * 64 + 1024
"""A key of 32 to 40 characters and a number a document, and the rest."""


class GoalStore:
    """Each document's goal, in ``path`` (one JSON file). Reading never raises; a failed
    write is logged and returned as a message for the writer."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._goals: dict[str, int] | None = None
        self.problem: Message | None = None
        """Why the goals could not be read, once, for the writer."""

    def goal(self, key: str) -> int:
        """The document's goal, or 0 when it has none."""
        return self._read().get(key, 0)

    def set_goal(self, key: str, goal: int) -> Message | None:
        """Keep ``goal`` for the document (0 removes it); what went wrong, or None."""
        goals = dict(self._read())
        goals.pop(key, None)
        if goal > 0:
            goals[key] = min(goal, MAX_GOAL)
        # The latest goals are kept: a dict keeps its keys in the order they were set.
        goals = dict(list(goals.items())[-MAX_DOCUMENTS:])
        return self._write(goals)

    def move(self, old: str, new: str) -> None:
        """Give ``old``'s goal to ``new`` (an unsaved document saved, or renamed)."""
        goal = self.goal(old)
        if old != new and goal:
            self._goals = {key: value for key, value in self._read().items() if key != old}
            self.set_goal(new, goal)

    def _read(self) -> dict[str, int]:
        if self._goals is not None:
            return self._goals
        self._goals = {}
        try:
            data = read_json_object(self._path, MAX_FILE_BYTES)
            goals = data.get("goals")
            if not isinstance(goals, dict):
                raise UntrustedError(message(QT_TRANSLATE_NOOP(
                    "core", "it does not hold a list of goals")))
            self._goals = {str(key): whole(goals, key, 1, MAX_GOAL) for key in goals}
        except FileNotFoundError:
            pass
        except UntrustedError as exc:
            aside = set_aside(self._path)
            self.problem = message(QT_TRANSLATE_NOOP(
                "core", "The documents' goals could not be read ({reason}), so no document "
                "has a goal now. The damaged file is kept as {name} in the app's data "
                "folder."), reason=message_of(exc), name=aside.name)
        return self._goals

    def _write(self, goals: dict[str, int]) -> Message | None:
        encoded = json.dumps({"version": SCHEMA_VERSION, "goals": goals}).encode("utf-8")
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self._path, encoded)
        except (OSError, DocumentError) as exc:
            log.warning("the goals could not be written: %s", exc)
            return message(QT_TRANSLATE_NOOP(
                "core", "The goal could not be saved ({reason}). Check that the disk has "
                "room."), reason=str(exc))
        self._goals = goals
        return None
