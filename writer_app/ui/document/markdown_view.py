"""A Markdown document, seen as Markdown: its marks highlighted, and View ▸ Preview.

``MarkdownView`` follows the document's kind (``DocumentController.markdown``): for a
Markdown document it switches the editor's highlighter on and offers the preview, a
read-only ``QTextBrowser`` beside the editor rendered by Qt's own Markdown reader; for
plain text it switches both off (the action stays, disabled, with the writer's choice).

The preview follows edits on a timer, not on each key: it waits a moment after a change,
longer for a long document (a 500-page one takes about a quarter of a second to render
and lay out, bench/markdown.py), so that rendering takes a small share of the time while
the writer types on; a document still being opened waits until it is whole. The preview
scrolls with the editor, in proportion, and uses the editor's font (with its CJK
fallback). A link opens in the system's browser only when it is clicked, and only a web
or mail link.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QDesktopServices,
    QKeySequence,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QTextBrowser, QWidget

from writer_app.core.settings import Settings
from writer_app.qt.preferences import Preferences
from writer_app.ui.document.controller import DocumentController
from writer_app.ui.editor.markdown_highlighter import MarkdownHighlighter, quote_colour
from writer_app.ui.editor.text_editor import DOCUMENT_MARGIN, SIDE_MARGIN, WriterTextEdit

RENDER_DELAY_MS = 300
"""The shortest wait after an edit before the preview renders again."""
_RENDER_SHARE = 5
"""The wait is at least this many times as long as the last render took."""
_CHARACTERS_PER_MS = 500
"""And it grows by a millisecond for each 500 characters (2.5 s for 500 pages): laying the
rendered text out, after the render, takes longer than the render itself."""
_LINK_SCHEMES = frozenset({"http", "https", "mailto"})


class MarkdownView(QObject):
    """The highlighter and the preview of one window's document; ``action_preview`` is
    View ▸ Preview and ``preview`` the widget the window places beside the editor."""

    rendered = Signal()
    """The preview shows the text as it is now."""

    def __init__(self, editor: WriterTextEdit, documents: DocumentController,
                 preferences: Preferences, parent: QWidget) -> None:
        super().__init__(parent)
        self._editor = editor
        self._documents = documents
        self._preferences = preferences
        self._wanted = preferences.settings.markdown_preview
        self.highlighter = MarkdownHighlighter(editor)
        self.preview = QTextBrowser(parent)
        self.preview.setObjectName("markdown-preview")
        self.preview.setAccessibleName(self.tr("Preview"))
        self.preview.setOpenLinks(False)
        self.preview.setOpenExternalLinks(False)
        self.preview.anchorClicked.connect(self._on_preview_anchor_clicked)
        self.preview.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RENDER_DELAY_MS)
        self._timer.timeout.connect(self.render)
        self.action_preview = QAction(self.tr("&Preview"), self)
        self.action_preview.setCheckable(True)
        self.action_preview.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.action_preview.setStatusTip(self.tr(
            "Show the Markdown document rendered beside its text"))
        self.action_preview.setChecked(self._wanted)
        self.action_preview.toggled.connect(self._on_action_preview_toggled)
        editor.document().contentsChanged.connect(self._on_document_contents_changed)
        editor.verticalScrollBar().valueChanged.connect(self._on_editor_scrolled)
        self.preview.verticalScrollBar().rangeChanged.connect(self._on_preview_range_changed)
        editor.installEventFilter(self)
        documents.file_changed.connect(self._on_documents_file_changed)
        preferences.changed.connect(self._on_preferences_changed)
        self._match_font()
        self._on_documents_file_changed()

    def is_previewing(self) -> bool:
        """Whether the preview is shown (a Markdown document, and Preview is on)."""
        return self._documents.markdown and self._wanted

    @Slot()
    def render(self) -> None:
        """Render the document's text into the preview now (if it is shown)."""
        self._timer.stop()
        if not self.is_previewing():
            return
        if self._documents.is_loading():
            self._timer.start()
            return
        started = time.perf_counter()
        # Read into a document of its own, then shown: a QTextBrowser laying the text out
        # as it is read takes about three times as long.
        document = QTextDocument(self.preview)
        document.setUndoRedoEnabled(False)
        document.setDefaultFont(self.preview.font())
        document.setDocumentMargin(DOCUMENT_MARGIN + SIDE_MARGIN)
        text = self._documents.text()
        document.setMarkdown(text)
        self._set_off_quotes(document)
        shown = self.preview.document()
        # The browser deletes its first document itself, not those it was given.
        ours = shown.parent() is self.preview
        self.preview.setDocument(document)
        if ours:
            shown.deleteLater()
        took_ms = (time.perf_counter() - started) * 1000
        self._timer.setInterval(max(RENDER_DELAY_MS + len(text) // _CHARACTERS_PER_MS,
                                    int(took_ms * _RENDER_SHARE)))
        self._sync_scroll()
        self.rendered.emit()

    def _set_off_quotes(self, document: QTextDocument) -> None:
        """Quotes in italics and a softer colour, as the editor shows them: Qt only
        indents them, which reads like the list item before."""
        quote = QTextCharFormat()
        quote.setFontItalic(True)
        quote.setForeground(quote_colour(self.preview.palette()))
        block = document.begin()
        while block.isValid():
            if block.blockFormat().hasProperty(QTextFormat.Property.BlockQuoteLevel):
                cursor = QTextCursor(block)
                cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock,
                                    QTextCursor.MoveMode.KeepAnchor)
                cursor.mergeCharFormat(quote)
            block = block.next()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The type first: the editor's every event comes here, and only two matter.
        kind = event.type()
        if kind == QEvent.Type.FontChange and watched is self._editor:
            self._match_font()
        elif kind == QEvent.Type.PaletteChange and watched is self._editor:
            self.render()  # the quotes' colour
        return False

    def _match_font(self) -> None:
        # The editor's font already carries its CJK fallback (EditorViewController).
        self.preview.setFont(self._editor.font())

    def _update(self) -> None:
        markdown = self._documents.markdown
        self.highlighter.set_active(markdown)
        self.action_preview.setEnabled(markdown)
        path = self._documents.path
        # Images named relative to the document are found beside it.
        self.preview.setSearchPaths([str(path.parent)] if path is not None else [])
        showing = self.is_previewing()
        if showing and not self.preview.isVisible():
            self.render()
        self.preview.setVisible(showing)
        if not showing:
            self._timer.stop()
            self.preview.clear()

    def _sync_scroll(self) -> None:
        """Scroll the preview to the same share of its length as the editor's."""
        source = self._editor.verticalScrollBar()
        target = self.preview.verticalScrollBar()
        share = source.value() / source.maximum() if source.maximum() > 0 else 0.0
        target.setValue(round(share * target.maximum()))

    @Slot()
    def _on_documents_file_changed(self) -> None:
        self._update()

    @Slot(object)
    def _on_preferences_changed(self, settings: Settings) -> None:
        if settings.markdown_preview != self._wanted:
            self._wanted = settings.markdown_preview
            self.action_preview.setChecked(self._wanted)
            self._update()

    @Slot(bool)
    def _on_action_preview_toggled(self, checked: bool) -> None:
        if checked != self._wanted:
            self._preferences.change(self._preferences.settings.replace(
                markdown_preview=checked))

    @Slot()
    def _on_document_contents_changed(self) -> None:
        if self.is_previewing() and not self._timer.isActive():
            self._timer.start()

    @Slot(int)
    def _on_editor_scrolled(self, _value: int) -> None:
        if self.is_previewing():
            self._sync_scroll()

    @Slot(int, int)
    def _on_preview_range_changed(self, _minimum: int, _maximum: int) -> None:
        if self.is_previewing():
            self._sync_scroll()

    @Slot(QUrl)
    def _on_preview_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme().lower() in _LINK_SCHEMES:
            QDesktopServices.openUrl(url)

