"""The kinds of marks over the text are kept apart: showing one kind leaves the others."""

from __future__ import annotations

from PySide6.QtGui import QTextCharFormat
from pytestqt.qtbot import QtBot

from writer_app.ui.editor.text_editor import Marks, WriterTextEdit


def _shown(editor: WriterTextEdit) -> list[str]:
    return [selection.cursor.selectedText() for selection in editor.extraSelections()]


def test_each_kind_replaces_only_its_own_marks(qtbot: QtBot) -> None:
    editor = WriterTextEdit()
    qtbot.addWidget(editor)
    editor.setPlainText("one two three")
    style = QTextCharFormat()
    editor.set_marks(Marks.UNCERTAIN, [(0, 3)], style)
    editor.set_marks(Marks.SPELLING, [(4, 7), (8, 13)], style)
    # Painted in the kinds' order: spelling under the uncertain words.
    assert _shown(editor) == ["two", "three", "one"]
    editor.clear_marks(Marks.SPELLING)
    assert _shown(editor) == ["one"]
    assert [s.cursor.selectedText() for s in editor.marks(Marks.UNCERTAIN)] == ["one"]


def test_a_mark_past_the_end_of_the_text_stops_at_its_end(qtbot: QtBot) -> None:
    editor = WriterTextEdit()
    qtbot.addWidget(editor)
    editor.setPlainText("short")
    editor.set_marks(Marks.FOUND, [(2, 400)], QTextCharFormat())
    assert _shown(editor) == ["ort"]
