"""EditorViewController: the editor's font, its size, its line length, Focus Mode and
Typewriter Scrolling, kept in the settings."""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFontDialog

from writer_app.core.settings import FocusUnit
from writer_app.qt.fonts import with_cjk_fallback
from writer_app.qt.preferences import Preferences
from writer_app.ui.editor.focus import FocusMode
from writer_app.ui.editor.text_editor import WriterTextEdit

DEFAULT_FONT_SIZE = 13


class EditorViewController(QObject):
    """Zoom, the editor's font, Readable Line Length, Focus Mode and Typewriter
    Scrolling, as the View menu offers them."""

    def __init__(self, editor: WriterTextEdit, preferences: Preferences,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._editor = editor
        self._preferences = preferences
        settings = preferences.settings
        editor.set_readable_width(settings.readable_line_length)
        editor.set_typewriter_scrolling(settings.typewriter_scrolling)
        self.focus = FocusMode(editor, self)
        self.focus.set_focus(settings.focus_mode, settings.focus_unit)
        self._apply_font_size(settings.font_size or DEFAULT_FONT_SIZE)

    def _apply_font_size(self, size: int) -> None:
        font = QFont(self._editor.font())
        font.setPointSize(max(6, min(size, 72)))
        self._editor.setFont(with_cjk_fallback(font))

    @Slot()
    def zoom_in(self) -> None:
        self._zoom(self._editor.font().pointSize() + 1)

    @Slot()
    def zoom_out(self) -> None:
        self._zoom(self._editor.font().pointSize() - 1)

    @Slot()
    def zoom_reset(self) -> None:
        self._zoom(DEFAULT_FONT_SIZE)

    def _zoom(self, size: int) -> None:
        self._apply_font_size(size)
        self._change(font_size=self._editor.font().pointSize())

    @Slot(bool)
    def set_readable_width(self, on: bool) -> None:
        """Keep lines to about 75 characters, or let them take the window's width."""
        self._editor.set_readable_width(on)
        self._change(readable_line_length=on)

    @Slot(bool)
    def set_focus_mode(self, on: bool) -> None:
        """Dim all but the cursor's paragraph or sentence, or nothing."""
        self.focus.set_focus(on, self.focus.unit())
        self._change(focus_mode=on)

    def set_focus_unit(self, unit: FocusUnit) -> None:
        """What Focus Mode keeps bright: the paragraph or the sentence; it turns Focus
        Mode on, since choosing what to focus on is asking for it."""
        self.focus.set_focus(True, unit)
        self._change(focus_mode=True, focus_unit=unit)

    @Slot(bool)
    def set_typewriter_scrolling(self, on: bool) -> None:
        """Hold the cursor's line at the middle of the editor, or let it move."""
        self._editor.set_typewriter_scrolling(on)
        self._change(typewriter_scrolling=on)

    @Slot()
    def choose_font(self) -> None:
        accepted, font = QFontDialog.getFont(self._editor.font(), self._editor.window(),
                                             self.tr("Editor Font"))
        if accepted:
            self.set_font(font)

    def set_font(self, font: QFont) -> None:
        """The editor's font from now on (its size is kept in the settings)."""
        self._editor.setFont(with_cjk_fallback(font))
        self._change(font_size=font.pointSize())

    def _change(self, **fields: object) -> None:
        self._preferences.change(self._preferences.settings.replace(**fields))
