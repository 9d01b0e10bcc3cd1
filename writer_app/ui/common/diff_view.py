"""A rewrite's changes drawn as HTML: insertions and deletions marked in colours that suit
a light or a dark palette, in one column or side by side."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QPalette

from writer_app.core.text.diff import Change, Span, inline_diff, word_diff


def diff_html(original: str, rewritten: str, palette: QPalette) -> str:
    """The rewrite as HTML: insertions underlined in green, deletions struck in red."""
    return _spans_html(inline_diff(original, rewritten), palette)


def side_by_side_html(original: str, rewritten: str, palette: QPalette) -> str:
    """The original with its deletions beside the rewrite with its insertions."""
    spans = word_diff(original, rewritten)
    left = _spans_html([s for s in spans if s.change is not Change.INSERTED], palette)
    right = _spans_html([s for s in spans if s.change is not Change.DELETED], palette)
    original = html.escape(QCoreApplication.translate("RewritePanel", "Original"))
    rewrite = html.escape(QCoreApplication.translate("RewritePanel", "Rewrite"))
    return ('<table width="100%" cellspacing="0" cellpadding="4"><tr>'
            f'<th width="50%" align="left">{original}</th>'
            f'<th width="50%" align="left">{rewrite}</th></tr>'
            f'<tr><td valign="top">{left}</td><td valign="top">{right}</td></tr></table>')


def _colours(palette: QPalette) -> tuple[str, str]:
    """Backgrounds for inserted and deleted text that suit a light or a dark palette."""
    if palette.color(QPalette.ColorRole.Base).lightness() < 128:
        return "#1f5f2a", "#6b1f24"
    return "#d5f5dc", "#fbd9dc"


def _spans_html(spans: list[Span], palette: QPalette) -> str:
    """Spans as HTML; the marking covers a change's words, not the spaces around them."""
    inserted, deleted = _colours(palette)
    styles = {
        Change.INSERTED: f"background:{inserted};text-decoration:underline",
        Change.DELETED: f"background:{deleted};text-decoration:line-through",
    }
    out = []
    for span in spans:
        words = span.text.strip()
        if span.change is Change.SAME or not words:
            out.append(_escaped(span.text))
            continue
        start = span.text.index(words)
        out.append(_escaped(span.text[:start]))
        out.append(f'<span style="{styles[span.change]}">{_escaped(words)}</span>')
        out.append(_escaped(span.text[start + len(words):]))
    return "".join(out)


def _escaped(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")
