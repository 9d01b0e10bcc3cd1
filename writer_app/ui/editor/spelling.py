"""Spelling as you type: a red wavy underline under the misspelled words in view, and the
context menu's suggestions, Add to Dictionary and Ignore.

Words are checked where the writer looks: the blocks in the viewport, a moment after the
text, the scroll position or the editor's size changed, so a 500-page document costs no
more than the page in view. Each block's misspelled words are remembered by its text, so
scrolling back or an edit in another paragraph checks nothing again. The word being typed
at the cursor is left alone until the writer moves on from it. The underline is one kind of
the editor's marks (``Marks.SPELLING``), drawn over the text and never part of it; the
checking itself is ``core/spelling.py``'s.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QObject, QPoint, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QColor, QPalette, QTextBlock, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QMenu

from writer_app.core.errors import WriterError
from writer_app.core.i18n import message_of
from writer_app.core.settings import Settings
from writer_app.core.spelling import SpellChecker, spelling_language
from writer_app.core.text.positions import utf16_position
from writer_app.qt.messages import MessageBridge
from writer_app.qt.preferences import Preferences
from writer_app.ui.common.core_text import translated
from writer_app.ui.editor.text_editor import Marks, WriterTextEdit

# Long enough to take a burst of keys or scroll steps as one, short enough to feel at once.
_DELAY_MS = 60
# Blocks remembered by their text; dropped whole past this many (a 500-page book has about
# 15,000 paragraphs).
_MAX_BLOCKS = 50_000
# The underline's red on a light page and on a dark one, where the first is too deep.
_RED_ON_LIGHT = QColor(0xD0, 0x20, 0x20)
_RED_ON_DARK = QColor(0xFF, 0x60, 0x60)


def language_name(tag: str) -> str:
    """A dictionary's tag ("en_GB") as the writer reads it: "English (United Kingdom)"
    in the interface's language for English, the language's own name for the others."""
    english = {
        "en_US": QCoreApplication.translate("Spelling", "English (United States)"),
        "en_GB": QCoreApplication.translate("Spelling", "English (United Kingdom)"),
        "en_AU": QCoreApplication.translate("Spelling", "English (Australia)"),
        "en_CA": QCoreApplication.translate("Spelling", "English (Canada)"),
        "en_IN": QCoreApplication.translate("Spelling", "English (India)"),
        "en_NZ": QCoreApplication.translate("Spelling", "English (New Zealand)"),
        "en_ZA": QCoreApplication.translate("Spelling", "English (South Africa)"),
    }
    if tag in english:
        return english[tag]
    locale = QLocale(tag)
    if locale.language() == QLocale.Language.C:
        return tag
    name = locale.nativeLanguageName()
    return f"{name} ({locale.nativeTerritoryName()})" if "_" in tag else name


def underline_colour(palette: QPalette) -> QColor:
    """Red that reads on the page's colour, light or dark."""
    return _RED_ON_DARK if palette.color(QPalette.ColorRole.Base).lightness() < 128 \
        else _RED_ON_LIGHT


class SpellingController(QObject):
    """Underlines the misspelled words in view and offers their corrections."""

    underlined = Signal()
    """The words in view were checked and their underlines drawn (or taken away)."""

    def __init__(self, editor: WriterTextEdit, checker: SpellChecker,
                 preferences: Preferences, messages: MessageBridge,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._editor = editor
        self.checker = checker
        self._preferences = preferences
        self._messages = messages
        self._blocks: dict[str, list[tuple[int, int]]] = {}
        self._typing_at: int | None = None
        self._target: tuple[int, int, str] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(_DELAY_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        editor.document().contentsChange.connect(self._on_document_contents_change)
        editor.verticalScrollBar().valueChanged.connect(self._on_editor_view_changed)
        editor.typed.connect(self._on_editor_typed)
        editor.cursorPositionChanged.connect(self._on_editor_cursor_position_changed)
        editor.installEventFilter(self)
        preferences.changed.connect(self.apply_settings)
        self.apply_settings(preferences.settings)

    @Slot(object)
    def apply_settings(self, settings: Settings) -> None:
        """Check in the language the settings choose (none when they choose Off, or a
        dictionary that is not installed)."""
        language = spelling_language(settings.spelling_language, QLocale().name(),
                                     self.checker.dictionaries.languages())
        if language != self.checker.language:
            self.checker.set_language(language)
            self._blocks.clear()
            self.refresh()

    def refresh(self) -> None:
        """Check the words in view again, at the next turn of the event loop."""
        self._timer.start(0)

    # Underlines -----------------------------------------------------------------------

    @Slot(int, int, int)
    def _on_document_contents_change(self, _position: int, _removed: int, _added: int) -> None:
        self._timer.start()

    @Slot()
    def _on_editor_view_changed(self) -> None:
        self._timer.start()

    @Slot()
    def _on_editor_typed(self) -> None:
        self._typing_at = self._editor.textCursor().position()

    @Slot()
    def _on_editor_cursor_position_changed(self) -> None:
        # Leaving the word being typed (a click, an arrow key) lets it be underlined.
        if self._typing_at is not None and \
                self._editor.textCursor().position() != self._typing_at:
            self._typing_at = None
            self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.FontChange,
                            QEvent.Type.PaletteChange, QEvent.Type.Show):
            self._timer.start()
        return False

    @Slot()
    def _on_timer_timeout(self) -> None:
        if not self.checker.language:
            if self._editor.marks(Marks.SPELLING):
                self._editor.clear_marks(Marks.SPELLING)
            self.underlined.emit()
            return
        style = QTextCharFormat()
        style.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
        style.setUnderlineColor(underline_colour(self._editor.palette()))
        ranges = []
        for block in self._visible_blocks():
            at = block.position()
            ranges += [(at + start, at + end) for start, end in self._misspelled(block)
                       if at + end != self._typing_at]
        self._editor.set_marks(Marks.SPELLING, ranges, style)
        self.underlined.emit()

    def _visible_blocks(self) -> list[QTextBlock]:
        # By the blocks' geometry: cursorForPosition() counts an input method's composing
        # text as the document's and gives positions past its end.
        editor = self._editor
        bottom = editor.viewport().rect().bottom()
        offset = editor.contentOffset()
        block = editor.firstVisibleBlock()
        shown = []
        while block.isValid() and editor.blockBoundingGeometry(block).translated(
                offset).top() <= bottom:
            if block.isVisible():
                shown.append(block)
            block = block.next()
        return shown

    def _misspelled(self, block: QTextBlock) -> list[tuple[int, int]]:
        """Where the misspelled words of ``block`` are, in Qt's positions within it."""
        text = block.text()
        found = self._blocks.get(text)
        if found is None:
            found = [(utf16_position(text, start), utf16_position(text, end))
                     for start, end in self.checker.misspelled(text)]
            if len(self._blocks) >= _MAX_BLOCKS:
                self._blocks.clear()
            self._blocks[text] = found
        return found

    # The context menu -----------------------------------------------------------------

    def add_to_menu(self, menu: QMenu, position: QPoint) -> None:
        """Put the corrections of the misspelled word at ``position`` (in the editor's
        viewport) at the top of ``menu``, with Add to Dictionary and Ignore; nothing when
        the word there is spelled right."""
        self._target = self._word_at(position)
        if self._target is None:
            return
        word = self._target[2]
        # Everything goes in above the menu's first item (an empty menu gets a separator
        # to stand for it, which a menu does not show at its end).
        first = menu.actions()[0] if menu.actions() else menu.addSeparator()
        suggestions = self.checker.suggest(word)
        for suggestion in suggestions:
            action = QAction(suggestion, menu)
            font = action.font()
            font.setBold(True)
            action.setFont(font)
            action.setData(suggestion)
            action.triggered.connect(self._on_suggestion_triggered)
            menu.insertAction(first, action)
        if not suggestions:
            none = QAction(self.tr("No Suggestions"), menu)
            none.setEnabled(False)
            menu.insertAction(first, none)
        menu.insertSeparator(first)
        add = QAction(self.tr("Add to Dictionary"), menu)
        add.setStatusTip(self.tr("Keep this word in your own word list, for every document"))
        add.triggered.connect(self._on_add_triggered)
        ignore = QAction(self.tr("Ignore"), menu)
        ignore.setStatusTip(self.tr(
            "Let this word pass in every document until writer-app closes"))
        ignore.triggered.connect(self._on_ignore_triggered)
        menu.insertActions(first, [add, ignore])
        menu.insertSeparator(first)

    def _word_at(self, position: QPoint) -> tuple[int, int, str] | None:
        if not self.checker.language:
            return None
        cursor = self._editor.cursorForPosition(position)
        block = cursor.block()
        at = cursor.positionInBlock()
        for start, end in self._misspelled(block):
            if start <= at <= end:
                found = QTextCursor(block)
                found.setPosition(block.position() + start)
                found.setPosition(block.position() + end, QTextCursor.MoveMode.KeepAnchor)
                return block.position() + start, block.position() + end, found.selectedText()
        return None

    @Slot()
    def _on_suggestion_triggered(self) -> None:
        action = self.sender()
        if self._target is None or not isinstance(action, QAction):
            return
        start, end, word = self._target
        cursor = QTextCursor(self._editor.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        if cursor.selectedText() != word:
            return  # the text changed under the menu
        cursor.beginEditBlock()
        cursor.insertText(action.data())
        cursor.endEditBlock()

    @Slot()
    def _on_add_triggered(self) -> None:
        if self._target is None:
            return
        try:
            self.checker.add(self._target[2])
        except WriterError as exc:
            self._messages.error(translated(message_of(exc)))
        self._blocks.clear()
        self.refresh()

    @Slot()
    def _on_ignore_triggered(self) -> None:
        if self._target is None:
            return
        self.checker.ignore(self._target[2])
        self._blocks.clear()
        self.refresh()
