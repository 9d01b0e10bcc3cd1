"""The kinds of marks over the text are kept apart: showing one kind leaves the others."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QTextEdit
from pytestqt.qtbot import QtBot

from writer_app.ui.editor.text_editor import Marks, WriterTextEdit


def _mark(editor: WriterTextEdit, start: int, end: int) -> QTextEdit.ExtraSelection:
    selection = QTextEdit.ExtraSelection()
    selection.cursor = QTextCursor(editor.document())
    selection.cursor.setPosition(start)
    selection.cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    return selection


def test_each_kind_replaces_only_its_own_marks(qtbot: QtBot) -> None:
    editor = WriterTextEdit()
    qtbot.addWidget(editor)
    editor.setPlainText("one two three")
    editor.set_marks(Marks.UNCERTAIN, [_mark(editor, 0, 3)])
    editor.set_marks(Marks.SPELLING, [_mark(editor, 4, 7), _mark(editor, 8, 13)])
    # Painted in the kinds' order: spelling under the uncertain words.
    assert [s.cursor.selectedText() for s in editor.extraSelections()] == ["two", "three", "one"]
    editor.set_marks(Marks.SPELLING, [])
    assert [s.cursor.selectedText() for s in editor.extraSelections()] == ["one"]
    assert [s.cursor.selectedText() for s in editor.marks(Marks.UNCERTAIN)] == ["one"]
