"""The faint underline under the words of a continuation the model was unsure of.

Off by default, and then it costs nothing: no probabilities are asked for on its account,
the document's edits are not watched and nothing is drawn. When on, the continuation that
last went in (streamed, or a chosen draft) has its low-confidence words (see
``core/writing/confidence.py``) underlined with the editor's extra selections, which are drawn over
the text and are never part of the document, its undo stack or the saved file.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Slot
from PySide6.QtGui import QAction, QColor, QPalette, QTextCharFormat, QTextCursor

from writer_app.core.settings import Settings
from writer_app.core.writing.confidence import ConfidenceMarks, low_confidence
from writer_app.qt.preferences import Preferences
from writer_app.ui.assistant.word_alternatives import WordAlternatives
from writer_app.ui.common.theme import mixed_colour
from writer_app.ui.editor.text_editor import Marks, WriterTextEdit

# How much of the highlight colour shows through the page: enough to be seen, faint
# enough not to pull the eye while reading.
_STRENGTH = 0.55


def underline_colour(palette: QPalette) -> QColor:
    """The highlight colour mixed into the page's, so it reads on light and dark pages."""
    return mixed_colour(palette.color(QPalette.ColorRole.Highlight),
                        palette.color(QPalette.ColorRole.Base), _STRENGTH)


class UncertainWords(QObject):
    """Underlines the last continuation's uncertain words while its ``action`` is checked."""

    def __init__(self, editor: WriterTextEdit, alternatives: WordAlternatives,
                 preferences: Preferences, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._editor = editor
        self._alternatives = alternatives
        self._preferences = preferences
        self._settings = preferences.settings
        self._marks = ConfidenceMarks()
        self._watching = False
        self.action = QAction(self.tr("&Underline Uncertain Words"), self)
        self.action.setCheckable(True)
        self.action.setStatusTip(self.tr(
            "After Continue Writing, underline the words the model was least sure of: "
            "Alt+Click one to see the other words it considered"))
        self.action.toggled.connect(self._on_action_toggled)
        alternatives.kept.connect(self._on_alternatives_kept)
        preferences.changed.connect(self.apply_settings)
        editor.installEventFilter(self)
        self.apply_settings(self._settings)

    def marks(self) -> ConfidenceMarks:
        """The words underlined now."""
        return self._marks

    @Slot(object)
    def apply_settings(self, settings: Settings) -> None:
        self._settings = settings
        self.action.setChecked(settings.underline_uncertain)

    @Slot(bool)
    def _on_action_toggled(self, checked: bool) -> None:
        if checked != self._settings.underline_uncertain:
            self._preferences.change(self._settings.replace(underline_uncertain=checked))
        if checked:
            self._on_alternatives_kept()
        else:
            self._show(ConfidenceMarks())

    @Slot()
    def _on_alternatives_kept(self) -> None:
        recorded = self._alternatives.recorded
        at = self._alternatives.position()
        if not self.action.isChecked() or recorded is None or at is None:
            self._show(ConfidenceMarks())
            return
        self._show(ConfidenceMarks(low_confidence(recorded, at)))

    def _show(self, marks: ConfidenceMarks) -> None:
        if not len(marks) and not self._watching:
            return  # nothing was drawn, nothing to take away
        self._marks = marks
        watch = bool(len(marks))
        if watch != self._watching:
            document = self._editor.document()
            if watch:
                document.contentsChange.connect(self._on_document_contents_change)
            else:
                document.contentsChange.disconnect(self._on_document_contents_change)
            self._watching = watch
        self._paint()

    @Slot(int, int, int)
    def _on_document_contents_change(self, position: int, removed: int, added: int) -> None:
        self._marks.edited(position, removed, added)
        self._marks.keep_matching(self._read)
        if not len(self._marks):
            self._show(self._marks)
        else:
            self._paint()

    def _read(self, start: int, end: int) -> str:
        cursor = self._cursor(start, end)
        return cursor.selectedText()

    def _cursor(self, start: int, end: int) -> QTextCursor:
        cursor = QTextCursor(self._editor.document())
        last = self._editor.document().characterCount() - 1
        cursor.setPosition(min(start, last))
        cursor.setPosition(min(end, last), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def _paint(self) -> None:
        style = QTextCharFormat()
        style.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
        style.setUnderlineColor(underline_colour(self._editor.palette()))
        self._editor.set_marks(Marks.UNCERTAIN,
                               [(mark.start, mark.end) for mark in self._marks], style)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.PaletteChange and len(self._marks):
            self._paint()
        return False
