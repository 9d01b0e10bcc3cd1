"""FindBar: find and replace under the editor, with match case, whole words and regular
expressions, a match count, and every match highlighted.

Finding, Replace and Replace All use one rule: the pattern ``core.text.search`` compiles,
run on the document's plain text. The matches are found again when the text to find or
an option changes, and, coalesced, a moment after the document changes, so typing in a
long document never waits for a search. Only the matches in sight are highlighted
(``Marks.FOUND``), however many there are; the current one is the editor's selection.
"""

from __future__ import annotations

import bisect
import re
import time
from collections.abc import Iterator

from PySide6.QtCore import QEvent, QObject, QTimer, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from writer_app.core.i18n import message_of
from writer_app.core.text.positions import utf16_length
from writer_app.core.text.search import (
    SearchError,
    SearchOptions,
    chunked_matches,
    compile_search,
    match_at,
    replacement,
)
from writer_app.ui.common.accessibility import name_clear_button
from writer_app.ui.common.core_text import translated
from writer_app.ui.common.quantities import number
from writer_app.ui.common.theme import mixed_colour, status_colours
from writer_app.ui.editor.text_editor import Marks, WriterTextEdit

_REFIND_MS = 150
# Documents up to this many characters are searched at once (in tens of milliseconds);
# larger ones a slice at a time, so that typing never waits for a search.
_SEARCH_AT_ONCE = 1 << 20
_LINES_AT_ONCE = 512
_SLICE_S = 0.008
# The page shows through the highlight of the matches, so their text stays readable.
_HIGHLIGHT_STRENGTH = 0.35


class FindBar(QWidget):
    """Find (Ctrl+F) and Find and Replace (Ctrl+H) under the editor; Esc closes it."""

    def __init__(self, editor: WriterTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editor = editor
        self._pattern: re.Pattern[str] | None = None
        self._text = ""
        self._found: list[tuple[int, int]] = []
        """The matches' editor positions, in order."""
        self._spans: list[tuple[int, int]] = []
        """The same matches as indices in ``_text``."""
        self._steps: Iterator[None] | None = None
        self._select_from: int | None = None
        self._stale = True
        self._status = ""
        self.find_field = QLineEdit(self)
        self.find_field.setPlaceholderText(self.tr("Find"))
        self.find_field.setAccessibleName(self.tr("Find"))
        self.setFocusProxy(self.find_field)
        self.find_field.setClearButtonEnabled(True)
        name_clear_button(self.find_field, self.tr("Clear the text to find"))
        self.replace_field = QLineEdit(self)
        self.replace_field.setPlaceholderText(self.tr("Replace with"))
        self.replace_field.setAccessibleName(self.tr("Replace with"))
        self.match_case = self._option(self.tr("Match &case"),
                                       self.tr("Tell capital letters from small ones"))
        self.whole_words = self._option(self.tr("&Whole words"), self.tr(
            "Only matches that are whole words (each Chinese character is a word)"))
        self.regex = self._option(self.tr("Re&gular expression"), self.tr(
            "The text to find is a Python regular expression; the replacement may use "
            "\\1 or \\g<name> for its groups"))
        self.count_label = QLabel(self)
        self.count_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("0000 of 0000"))
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self._replace_widgets: list[QWidget] = [
            self.replace_field, self._button(self.tr("&Replace"), self.replace_one),
            self._button(self.tr("Replace &All"), self.replace_all)]
        self._build_layout()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(_REFIND_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._search_timer = QTimer(self)
        self._search_timer.setInterval(0)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        self.find_field.textChanged.connect(self._on_find_field_text_changed)
        self.find_field.returnPressed.connect(self.find_next)
        self.replace_field.returnPressed.connect(self.replace_one)
        for child in self.findChildren(QWidget):
            child.installEventFilter(self)
        editor.document().contentsChanged.connect(self._on_document_contents_changed)
        editor.cursorPositionChanged.connect(self._show_count)
        editor.verticalScrollBar().valueChanged.connect(self._highlight)

    def _option(self, label: str, tip: str) -> QCheckBox:
        box = QCheckBox(label, self)
        box.setToolTip(tip)
        box.toggled.connect(self._on_option_toggled)
        return box

    def _button(self, label: str, slot: object) -> QPushButton:
        button = QPushButton(label, self)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def _build_layout(self) -> None:
        layout = QGridLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setVerticalSpacing(4)
        layout.addWidget(self.find_field, 0, 0)
        layout.addWidget(self.count_label, 0, 1)
        layout.addWidget(self._button(self.tr("&Previous"), self.find_previous), 0, 2)
        layout.addWidget(self._button(self.tr("&Next"), self.find_next), 0, 3)
        layout.addWidget(self.match_case, 0, 4)
        layout.addWidget(self.whole_words, 0, 5)
        layout.addWidget(self.regex, 0, 6)
        close = self._button(self.tr("Close"), self.close_bar)
        close.setToolTip(self.tr("Close the find bar (Esc)"))
        layout.addWidget(close, 0, 7)
        layout.addWidget(self.error_label, 1, 0, 1, 8)
        for column, widget in enumerate(self._replace_widgets):
            layout.addWidget(widget, 2, 0 if column == 0 else column + 1)
        layout.setColumnStretch(0, 1)

    # Opening and closing ---------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Esc in the bar closes it. It is taken before the window's shortcuts see it:
        Esc is also Stop, and two shortcuts on one key would both do nothing."""
        if event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) \
                and isinstance(event, QKeyEvent) \
                and event.matches(QKeySequence.StandardKey.Cancel):
            event.accept()
            if event.type() == QEvent.Type.KeyPress:
                self.close_bar()
            return True
        return super().eventFilter(watched, event)

    def options(self) -> SearchOptions:
        return SearchOptions(match_case=self.match_case.isChecked(),
                             whole_words=self.whole_words.isChecked(),
                             regex=self.regex.isChecked())

    @Slot()
    def open(self) -> None:
        """Show the bar to find, with the selected text (one line of it) to find."""
        self._open(replacing=False)

    @Slot()
    def open_replace(self) -> None:
        """Show the bar to find and replace."""
        self._open(replacing=True)

    def _open(self, replacing: bool) -> None:
        selected = self._editor.textCursor().selectedText()
        if selected and "\u2029" not in selected and selected != self.find_field.text():
            self.find_field.setText(re.escape(selected) if self.regex.isChecked() else selected)
        for widget in self._replace_widgets:
            widget.setVisible(replacing)
        self.show()
        self._refind()
        self.find_field.setFocus()
        self.find_field.selectAll()

    @Slot()
    def close_bar(self) -> None:
        """Hide the bar and its highlights; the writer goes on typing where the match is."""
        self._timer.stop()
        self.hide()
        self._editor.clear_marks(Marks.FOUND)
        self._editor.setFocus()

    # Finding ---------------------------------------------------------------------------

    def match_count(self) -> int:
        """How many matches the document has now (0 for a pattern that is not valid)."""
        self._refresh()
        return len(self._found)

    def status(self) -> str:
        """The count, or what went wrong, as the bar shows it."""
        return self._status

    @Slot()
    def find_next(self) -> bool:
        """Select the next match after the cursor, from the top after the last one."""
        return self._go(forward=True)

    @Slot()
    def find_previous(self) -> bool:
        """Select the match before the cursor, from the bottom before the first one."""
        return self._go(forward=False)

    def _go(self, forward: bool) -> bool:
        if not self.find_field.text():
            self.open()
            return False
        self._refresh()
        if not self._found:
            return False
        cursor = self._editor.textCursor()
        if forward:
            index = bisect.bisect_left(self._found, (cursor.selectionEnd(), -1))
            wrapped = index >= len(self._found)
            index = 0 if wrapped else index
        else:
            index = bisect.bisect_left(self._found, (cursor.selectionStart(), -1)) - 1
            wrapped = index < 0
            index = len(self._found) - 1 if wrapped else index
        self._select(index)
        if wrapped and len(self._found) > 1:
            self._set_status(self.tr("{count} — from the top") if forward
                             else self.tr("{count} — from the bottom"), count=self._count_text())
        return True

    def _select(self, index: int) -> None:
        start, end = self._found[index]
        cursor = self._editor.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self._editor.setTextCursor(cursor)
        self._editor.ensureCursorVisible()
        self._show_count()

    def _current_index(self) -> int | None:
        cursor = self._editor.textCursor()
        if not cursor.hasSelection():
            return None
        span = (cursor.selectionStart(), cursor.selectionEnd())
        index = bisect.bisect_left(self._found, span)
        return index if index < len(self._found) and self._found[index] == span else None

    # Replacing -------------------------------------------------------------------------

    @Slot()
    def replace_one(self) -> bool:
        """Replace the selected match, if the selection is one, and go to the next; True
        when something was replaced."""
        self._refresh()
        pattern = self._pattern
        cursor = self._editor.textCursor()
        replaced = False
        if pattern is not None and cursor.hasSelection():
            start, end = self._indices(cursor.selectionStart(), cursor.selectionEnd())
            match = match_at(pattern, self._text, start, end)
            if match is not None:
                text = self._replacement(match)
                if text is None:
                    return False
                cursor.insertText(text)
                self._editor.setTextCursor(cursor)
                replaced = True
                self._refresh()
        self.find_next()
        return replaced

    @Slot()
    def replace_all(self) -> int:
        """Replace every match, as one step of Undo; how many were replaced."""
        self._refresh()
        pattern = self._pattern
        if pattern is None:
            return 0
        found = [match_at(pattern, self._text, start, end) for start, end in self._spans]
        texts = [self._replacement(match) if match is not None else None for match in found]
        if None in texts:
            return 0
        document = self._editor.document()
        cursor = QTextCursor(document)
        cursor.beginEditBlock()
        for (start, end), text in zip(reversed(self._found), reversed(texts), strict=True):
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(text or "")
        cursor.endEditBlock()
        self._refresh()
        self._set_status(self.tr("Replaced {count}"), count=number(len(found)))
        return len(found)

    def _replacement(self, match: re.Match[str]) -> str | None:
        try:
            return replacement(match, self.replace_field.text(), self.options())
        except SearchError as exc:
            self._show_error(translated(message_of(exc)))
            return None

    # Keeping the matches true ----------------------------------------------------------

    @Slot(str)
    def _on_find_field_text_changed(self, _text: str) -> None:
        self._stale = True
        if self.isVisible():
            self._refind(select_from=self._editor.textCursor().selectionStart())

    @Slot(bool)
    def _on_option_toggled(self, _on: bool) -> None:
        self._stale = True
        self._refind()

    @Slot()
    def _on_document_contents_changed(self) -> None:
        self._stale = True
        if self.isVisible() and not self._timer.isActive():
            self._timer.start()

    @Slot()
    def _on_timer_timeout(self) -> None:
        self._refind()

    def _refind(self, select_from: int | None = None) -> None:
        """Find the matches again (if anything changed), and with ``select_from``, select
        the first at or after it once they are found, as the writer types what to find."""
        self._select_from = select_from
        self._refresh(wait=False)
        if self._steps is None:
            self._searched()

    def _searched(self) -> None:
        if self._select_from is not None and self._found:
            index = bisect.bisect_left(self._found, (self._select_from, -1))
            self._select(index if index < len(self._found) else 0)
        self._select_from = None
        self._highlight()
        self._show_count()

    def _refresh(self, wait: bool = True) -> None:
        """Find the matches again if anything changed. A large document is searched a
        slice at a time between the events of the window, unless the writer waits for it
        (``wait``: Find Next, Replace)."""
        if self._stale:
            self._stale = False
            self._start_search()
        if self._steps is not None and wait:
            for _ in self._steps:
                pass

    def _start_search(self) -> None:
        self._search_timer.stop()
        self._steps = None
        self._pattern, self._found, self._spans, self._text = None, [], [], ""
        self.error_label.hide()
        needle = self.find_field.text()
        if not needle:
            self._highlight()
            self._show_count()
            return
        try:
            self._pattern = compile_search(needle, self.options())
        except SearchError as exc:
            self._show_error(translated(message_of(exc)))
            return
        self._steps = self._search(self._pattern)
        if self._editor.document().characterCount() <= _SEARCH_AT_ONCE:
            for _ in self._steps:
                pass
        else:
            self._set_status(self.tr("Searching…"))
            self._search_timer.start()

    @Slot()
    def _on_search_timer_timeout(self) -> None:
        deadline = time.perf_counter() + _SLICE_S
        steps = self._steps
        while steps is not None and steps is self._steps and time.perf_counter() < deadline:
            next(steps, None)

    def _search(self, pattern: re.Pattern[str]) -> Iterator[None]:
        """The search, in steps of a few milliseconds each: the text, block by block;
        the matches, a chunk at a time (``chunked_matches``); their editor positions."""
        pieces: list[str] = []
        lines: list[str] = []
        block = self._editor.document().begin()
        while block.isValid():
            lines.append(block.text())
            block = block.next()
            if len(lines) == _LINES_AT_ONCE:
                pieces.append("\n".join(lines))
                lines = []
                yield
        pieces.append("\n".join(lines))
        text = "\n".join(pieces)
        yield
        found: list[tuple[int, int]] = []
        spans: list[tuple[int, int]] = []
        done = position = 0
        for chunk in chunked_matches(pattern, text):
            for start, end in chunk:
                position += utf16_length(text[done:start])
                first = position
                position += utf16_length(text[start:end])
                done = end
                found.append((first, position))
            spans += chunk
            yield
        self._text, self._spans, self._found = text, spans, found
        self._steps = None
        self._search_timer.stop()
        self._searched()

    def _indices(self, start: int, end: int) -> tuple[int, int]:
        """The indices in the plain text of two document positions."""
        if len(self._text) == self._editor.document().characterCount() - 1:
            return start, end
        cursor = QTextCursor(self._editor.document())
        cursor.setPosition(start, QTextCursor.MoveMode.KeepAnchor)
        before = len(cursor.selectedText())
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        return before, len(cursor.selectedText())

    def _show_error(self, text: str) -> None:
        _good, bad = status_colours(self)
        self.error_label.setStyleSheet(f"color: {bad}")
        self.error_label.setText(text)
        self.error_label.show()
        self._set_status(self.tr("Not valid"))

    def _count_text(self) -> str:
        current = self._current_index()
        if current is not None:
            return self.tr("{current} of {total}").format(current=number(current + 1),
                                                          total=number(len(self._found)))
        if len(self._found) == 1:
            return self.tr("1 match")
        return self.tr("{count} matches").format(count=number(len(self._found)))

    @Slot()
    def _show_count(self) -> None:
        if not self.isVisible() or self._pattern is None:
            if self.error_label.isHidden():
                self._set_status("")
            return
        if self._steps is not None:
            self._set_status(self.tr("Searching…"))
            return
        if not self._found:
            self._set_status(self.tr("No matches"))
            return
        self._set_status("{count}", count=self._count_text())

    def _set_status(self, template: str, **values: str) -> None:
        self._status = template.format(**values)
        self.count_label.setText(self._status)

    # Highlights ------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._editor.marks(Marks.FOUND):
            # The tint is mixed from the palette: a light one on a dark page would glare.
            self._editor.clear_marks(Marks.FOUND)
            self._highlight()

    @Slot()
    def _highlight(self) -> None:
        """Highlight the matches in sight (and a screen's worth on either side)."""
        if not self.isVisible() or not self._found:
            if self._editor.marks(Marks.FOUND):
                self._editor.clear_marks(Marks.FOUND)
            return
        viewport = self._editor.viewport().rect()
        top = self._editor.cursorForPosition(viewport.topLeft()).position()
        bottom = self._editor.cursorForPosition(viewport.bottomRight()).position()
        reach = max(bottom - top, 2000)
        first = bisect.bisect_left(self._found, (top - reach, -1))
        last = bisect.bisect_right(self._found, (bottom + reach, -1))
        shown = self._found[first:last]
        if [(s.cursor.selectionStart(), s.cursor.selectionEnd())
                for s in self._editor.marks(Marks.FOUND)] == shown:
            return
        palette = self._editor.palette()
        tint = QTextCharFormat()
        tint.setBackground(mixed_colour(palette.color(QPalette.ColorRole.Highlight),
                                        palette.color(QPalette.ColorRole.Base),
                                        _HIGHLIGHT_STRENGTH))
        self._editor.set_marks(Marks.FOUND, shown, tint)
