"""Markdown's marks, shown in the editor: headings, emphasis, lists, quotes, code, links.

The text stays the writer's text: ``MarkdownHighlighter`` only formats it, line by line
(``QSyntaxHighlighter``, which after an edit formats the changed lines again, and the
lines after them only while their state changes: the inside of a fenced code block or of
an HTML comment). The marks themselves (``#``, ``**``, ``>``, backticks, a link's address)
are drawn in the palette's dimmed text colour and the text they mark is set off (bold,
bigger, italic, monospaced, the link colour), so both read well in light and in dark.

Its formats live in the lines' layouts, under the marks other features lay over the text
with ``WriterTextEdit.set_marks``; neither touches the other. Formatting is no edit: it
changes no text, no undo step and no modified flag. Switched on, it formats the whole text
once on the next turn of the event loop (Qt then says ``contentsChanged`` once, nothing
more); switched off, or given a new palette, it tells the document's listeners nothing,
where Qt would say that the whole text had changed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QEvent, QObject, QTimer, Slot
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QPalette,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextFormat,
)
from PySide6.QtWidgets import QPlainTextEdit

from writer_app.core.text.markdown import (
    AUTOLINK,
    FENCE_OPENING,
    INLINE_CODE,
    LIST_MARKER,
    QUOTE_MARKS,
    THEMATIC_BREAK,
)
from writer_app.core.text.positions import utf16_length

# Block states: none, inside an HTML comment, inside a fenced code block (the fence's
# length and character are kept so that only a matching fence closes it), or a line of
# text that the next line underlines as a heading ("Title" over "=====").
_PLAIN = -1
_COMMENT = 1
_FENCE = 16
_TILDE = 1
_SETEXT_HEADING = 1 << 24

_FENCE_LINE = re.compile(rf"{FENCE_OPENING}(.*)$")
_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+(#+)[ \t]*)?$")
# A single "-" under a line is taken for a list item being begun, not an underline: the
# line above would grow into a heading and back at each key.
_UNDERLINE = re.compile(r" {0,3}(=+|-{2,})[ \t]*$")
_RULE = re.compile(rf"(?:{THEMATIC_BREAK}| {{0,3}}(?:=+|-+)[ \t]*)$")
_QUOTE = re.compile(QUOTE_MARKS)
_LIST = re.compile(rf"{LIST_MARKER}(?=[ \t]|$)")
_CODE = re.compile(INLINE_CODE)
_LINK = re.compile(r"(!?\[)([^\]]*)(\]\([^)]*\))")
_AUTOLINK = re.compile(AUTOLINK)
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
# Each pattern begins with its mark, which the regular expression engine scans for fast;
# what must not come before the mark is looked at once it is found.
_EMPHASIS = re.compile(r"(\*)(?<![*\\]\*)(?=[^\s*])(.+?)(?<=[^\s*\\])\*(?!\*)"
                       r"|(_)(?<![\w\\]_)(?=[^\s_])(.+?)(?<=[^\s_\\])_(?!\w)")
_STRIKE = re.compile(r"(~~)(?=\S)(.+?)(?<=\S)~~")
_COMMENT_START = re.compile(r"<!--")
_COMMENT_END = re.compile(r"-->")
# Characters Qt counts as two positions (UTF-16), where Python counts one.
_WIDE = re.compile("[\U00010000-\U0010ffff]")
# A line with none of these characters has no marks: most lines of prose.
_ANY_MARK = re.compile(r"[#>*_`\[<~=+\-]|^\s*\d")
# How much bigger a heading is, by level (Qt's steps: 2 is 1.5 times, 1 is 1.2 times);
# a size relative to the editor's font follows its zoom without formatting again.
_HEADING_SIZES = {1: 2, 2: 1, 3: 0}


class MarkdownHighlighter(QSyntaxHighlighter):
    """Formats ``editor``'s text as Markdown while ``set_active(True)``."""

    def __init__(self, editor: QPlainTextEdit) -> None:
        super().__init__(editor)
        self._editor = editor
        self._formats: dict[str, QTextCharFormat] = {}
        self._wide_text = ""
        # Lines whose heading the line under them made or unmade: formatted again after
        # this round (Qt formats a changed line and those after it, never one before).
        self._above: set[int] = set()
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self._on_later_timeout)
        self._update_formats()
        editor.installEventFilter(self)

    def is_active(self) -> bool:
        return self.document() is not None

    def pending(self) -> bool:
        """Whether a line is still to be formatted again (a heading that the line under
        it made or unmade)."""
        return self._later.isActive()

    def set_active(self, active: bool) -> None:
        """Format the editor's text as Markdown (in a moment), or stop and take the
        formats away."""
        if active == self.is_active():
            return
        document = self._editor.document()
        # Taking the formats away would tell the document's listeners that its whole text
        # changed; it did not.
        blocked = document.blockSignals(True)
        try:
            self.setDocument(document if active else None)
        finally:
            document.blockSignals(blocked)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._editor and event.type() == QEvent.Type.PaletteChange:
            self._update_formats()
            self._quietly(self.rehighlight)
        return False

    def _quietly(self, format_again: Callable[[], None]) -> None:
        """Format again without telling the document's listeners of a change."""
        document = self.document()
        if document is None:
            return
        blocked = document.blockSignals(True)
        try:
            format_again()
        finally:
            document.blockSignals(blocked)

    @Slot()
    def _on_later_timeout(self) -> None:
        numbers, self._above = sorted(self._above), set()
        document = self.document()
        for number in numbers if document is not None else ():
            block = document.findBlockByNumber(number)
            if block.isValid():
                self._quietly(partial(self.rehighlightBlock, block))

    def _update_formats(self) -> None:
        palette = self._editor.palette()
        text = palette.color(QPalette.ColorRole.Text)
        base = palette.color(QPalette.ColorRole.Base)
        mark = _format(foreground=_mix(text, base, 0.55))
        code = _format(foreground=text, background=_mix(text, base, 0.08))
        code.setFontFamilies([QFontDatabase.systemFont(
            QFontDatabase.SystemFont.FixedFont).family()])
        code.setFontFixedPitch(True)
        link = _format(foreground=palette.color(QPalette.ColorRole.Link))
        link.setFontUnderline(True)
        self._formats = {
            "mark": mark,
            "list": _format(foreground=mark.foreground().color(), bold=True),
            "code": code,
            "link": link,
            "quote": _format(foreground=quote_colour(palette), italic=True),
            "strong": _format(bold=True),
            "emphasis": _format(italic=True),
            "strike": _format(strike=True),
        }
        for level in range(1, 7):
            heading = _format(bold=True)
            heading.setProperty(QTextFormat.Property.FontSizeAdjustment,
                                _HEADING_SIZES.get(level, 0))
            self._formats[f"h{level}"] = heading

    def highlightBlock(self, text: str) -> None:
        state = self.previousBlockState()
        above_is_heading = state == _SETEXT_HEADING
        if above_is_heading:
            state = _PLAIN
        self.setCurrentBlockState(_PLAIN)
        self._wide_text = text if _WIDE.search(text) else ""
        if state >= _FENCE:
            self._code_line(text, state)
            return
        underline = (_UNDERLINE.match(text) is not None and state == _PLAIN
                     and _is_paragraph(self.currentBlock().previous().text()))
        if underline != above_is_heading:
            self._above.add(self.currentBlock().blockNumber() - 1)
            self._later.start()
        if underline:
            self._apply(0, len(text), "mark")
            return
        fence = _FENCE_LINE.match(text)
        if fence and not (fence[1][0] == "`" and "`" in fence[2]):
            self._apply(0, len(text), "mark")
            self.setCurrentBlockState(
                _FENCE + 2 * len(fence[1]) + (_TILDE if fence[1][0] == "~" else 0))
            return
        start = 0
        if state == _COMMENT:
            start = self._comment(text, 0, inside=True)
            if start < 0:
                return
        if start == 0:
            below = self.currentBlock().next()
            under = _UNDERLINE.match(below.text()) if below.isValid() else None
            if under and _is_paragraph(text):
                self._apply(0, len(text), "h1" if under[1][0] == "=" else "h2")
                self.setCurrentBlockState(_SETEXT_HEADING)
        if not _ANY_MARK.search(text, start):
            return
        if start == 0 and self.currentBlockState() == _PLAIN:
            start = self._line_marks(text)
        self._inline_marks(text, start)

    def _code_line(self, text: str, state: int) -> None:
        """A line inside a fenced code block: code, or the fence that closes it."""
        length, tilde = divmod(state - _FENCE, 2)
        fence = _FENCE_LINE.match(text)
        if (fence and not fence[2].strip() and len(fence[1]) >= length
                and (fence[1][0] == "~") == bool(tilde)):
            self._apply(0, len(text), "mark")
            return
        self._apply(0, len(text), "code")
        self.setCurrentBlockState(state)

    def _line_marks(self, text: str) -> int:
        """Marks that begin a line: a heading, a rule, quotes, a list item. Returns where
        the line's text begins."""
        if _RULE.match(text):
            self._apply(0, len(text), "mark")
            return len(text)
        heading = _HEADING.match(text)
        if heading:
            self._apply(0, len(text), f"h{len(heading[1])}")
            self._apply(0, heading.end(1), "mark")
            if heading[3]:
                self._apply(heading.start(3), len(heading[3]), "mark")
            return heading.end(1)
        start = 0
        quote = _QUOTE.match(text)
        if quote:
            self._apply(0, len(text), "quote")
            self._apply(0, quote.end(), "mark")
            start = quote.end()
        item = _LIST.match(text, start)
        if item:
            self._apply(start, item.end() - start, "list")
            start = item.end()
        return start

    def _inline_marks(self, text: str, start: int) -> None:
        """Code spans, links, emphasis and comments within a line, from ``start``."""
        taken: list[tuple[int, int]] = []
        # A pattern whose mark is not in the line is not looked for.
        code = "`" in text
        for found in _CODE.finditer(text, start) if code else ():
            self._apply(found.start(), found.end() - found.start(), "code")
            self._apply(found.start(), len(found[1]), "mark")
            self._apply(found.end() - len(found[1]), len(found[1]), "mark")
            taken.append(found.span())

        def free(found: re.Match[str]) -> bool:
            return not any(begin < found.end() and found.start() < end
                           for begin, end in taken)

        for found in _LINK.finditer(text, start) if "[" in text else ():
            if free(found):
                self._apply(found.start(2), len(found[2]), "link")
                self._apply(found.start(), len(found[1]), "mark")
                self._apply(found.start(3), len(found[3]), "mark")
        angle = "<" in text
        for found in _AUTOLINK.finditer(text, start) if angle else ():
            if free(found):
                self._apply(found.start(), found.end() - found.start(), "link")
        emphasis = "*" in text or "_" in text
        for pattern, kind, wanted in ((_STRONG, "strong", emphasis),
                                      (_STRIKE, "strike", "~~" in text)):
            for found in pattern.finditer(text, start) if wanted else ():
                if free(found):
                    self._apply(found.start(2), len(found[2]), kind)
                    self._apply(found.start(), len(found[1]), "mark")
                    self._apply(found.end() - len(found[1]), len(found[1]), "mark")
        for found in _EMPHASIS.finditer(text, start) if emphasis else ():
            if free(found):
                inner = 2 if found[2] is not None else 4
                self._apply(found.start(inner), len(found[inner]), "emphasis")
                self._apply(found.start(), 1, "mark")
                self._apply(found.end() - 1, 1, "mark")
        comment = _COMMENT_START.search(text, start) if angle else None
        if comment:
            self._comment(text, comment.start(), inside=False)

    def _comment(self, text: str, start: int, *, inside: bool) -> int:
        """Dim an HTML comment from ``start`` (its ``<!--``, or the line's start when one
        goes on from the line before); where it ends, or -1 when it goes on."""
        end = _COMMENT_END.search(text, start if inside else start + 4)
        if end is None:
            self._apply(start, len(text) - start, "mark")
            self.setCurrentBlockState(_COMMENT)
            return -1
        self._apply(start, end.end() - start, "mark")
        return end.end()

    def _apply(self, start: int, length: int, kind: str) -> None:
        """Lay the format of ``kind`` over what the characters already have."""
        if length <= 0:
            return
        if self._wide_text:
            end = utf16_length(self._wide_text[:start + length])
            start = utf16_length(self._wide_text[:start])
            length = end - start
        under = self.format(start)
        if under.isEmpty():  # most marks, in plain prose
            self.setFormat(start, length, self._formats[kind])
            return
        merged = QTextCharFormat(under)
        merged.merge(self._formats[kind])
        self.setFormat(start, length, merged)


def _is_paragraph(text: str) -> bool:
    """Whether a line is plain text, which a line of = or - under it makes a heading."""
    return bool(text.strip()) and not any(
        pattern.match(text) for pattern in (_HEADING, _QUOTE, _LIST, _RULE, _FENCE_LINE))


def quote_colour(palette: QPalette) -> QColor:
    """The text colour of a quote: softer than the text, as readable in light and dark."""
    return _mix(palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base),
                0.8)


def _format(*, foreground: QColor | None = None, background: QColor | None = None,
            bold: bool = False, italic: bool = False, strike: bool = False) -> QTextCharFormat:
    result = QTextCharFormat()
    if foreground is not None:
        result.setForeground(foreground)
    if background is not None:
        result.setBackground(background)
    if bold:
        result.setFontWeight(QFont.Weight.Bold)
    if italic:
        result.setFontItalic(True)
    if strike:
        result.setFontStrikeOut(True)
    return result


def _mix(colour: QColor, other: QColor, share: float) -> QColor:
    """``share`` of ``colour`` and the rest of ``other``."""
    return QColor.fromRgbF(*(share * a + (1 - share) * b for a, b in (
        (colour.redF(), other.redF()), (colour.greenF(), other.greenF()),
        (colour.blueF(), other.blueF()))))
