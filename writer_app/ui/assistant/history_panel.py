"""The History panel: the assistant's earlier results for this document, to use again.

A list of results (newest first: what was asked, when, the passage it read, when it was last
inserted), the chosen result in full with a tab for each of its drafts, and Insert again /
Copy / Compare with current text (of the draft shown) / Clear history. The panel only shows
and asks; ``HistoryController`` does the work.

A draft of hundreds of thousands of characters is shown cut, with Show All on demand: Qt
lays a long text out when it is set, and a draft with few spaces kept the window frozen
for seconds to minutes each time the document opened or another result was chosen.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, QSize, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabBar,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.documents.history import HistoryEntry
from writer_app.core.requests import RewriteStyle
from writer_app.ui.common.core_text import translated
from writer_app.ui.common.diff_view import diff_html
from writer_app.ui.common.quantities import moment_text

_EXCERPT = 80
_STYLE_LABELS = frozenset(style.label for style in RewriteStyle)
SHOWN_CHARACTERS = 10_000
"""The characters of a draft the panel shows until the writer asks for all of them."""


def _excerpt(text: str, *, end: bool = False) -> str:
    """``text`` on one line, cut to its first (or last) characters."""
    # Only the end that is shown is flattened: a result can be a whole book.
    room = _EXCERPT * 8
    flat = " ".join((text[-room:] if end else text[:room]).split())
    if len(flat) <= _EXCERPT:
        return flat
    return "…" + flat[1 - _EXCERPT:] if end else flat[:_EXCERPT - 1] + "…"


class HistoryPanel(QWidget):
    """Lists a document's results; its signals carry the chosen ``HistoryEntry`` and the
    number of the draft shown (from 0)."""

    insert_requested = Signal(object, int)
    copy_requested = Signal(object, int)
    compare_requested = Signal(object, int)
    clear_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entries: list[HistoryEntry] = []
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Results"))
        self.setFocusProxy(self.list)
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.setAlternatingRowColors(True)
        self.list.currentRowChanged.connect(self._on_list_current_row_changed)
        self.passage_label = QLabel(self)
        self.passage_label.setWordWrap(True)
        self.passage_label.setTextFormat(Qt.TextFormat.PlainText)
        self.drafts_bar = QTabBar(self)
        self.drafts_bar.setExpanding(False)
        self.drafts_bar.setDrawBase(False)
        # Many drafts scroll rather than widen the panel.
        self.drafts_bar.setUsesScrollButtons(True)
        self.drafts_bar.setElideMode(Qt.TextElideMode.ElideNone)
        self.drafts_bar.currentChanged.connect(self._on_drafts_bar_current_changed)
        self.view = QTextBrowser(self)
        self.view.setAccessibleName(self.tr("The chosen result"))
        self.show_all_button = QPushButton(self.tr("Show All"), self)
        self.show_all_button.clicked.connect(self._on_show_all_button_clicked)
        self.empty_label = QLabel(self.tr(
            "Results of Continue, Summarize and Rewrite appear here, for this document "
            "only. They are kept on this computer, never beside your file."), self)
        self.empty_label.setWordWrap(True)
        self.insert_button = self._button(self.tr("Insert Again"))
        self.copy_button = self._button(self.tr("Copy"))
        self.compare_button = self._button(self.tr("Compare with Current Text"))
        self.compare_button.setToolTip(self.tr(
            "Show how this result differs from the selection, or from the passage it was "
            "made from when nothing is selected"))
        self.clear_button = QPushButton(self.tr("Clear History"), self)
        self.clear_button.setToolTip(self.tr("Forget this document's results"))
        self.clear_button.clicked.connect(self.clear_requested)
        self._buttons = buttons = QHBoxLayout()
        for button in (self.insert_button, self.copy_button, self.compare_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        self._layout = layout = QVBoxLayout(self)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.list, 2)
        layout.addWidget(self.passage_label)
        layout.addWidget(self.drafts_bar)
        layout.addWidget(self.view, 3)
        layout.addWidget(self.show_all_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(buttons)
        self.show_entries([])

    def sizeHint(self) -> QSize:
        """As wide as the buttons, whichever result is shown: the dock follows this hint
        until the writer drags its edge, and a result with wider draft tabs widened it,
        moving the buttons under the pointer (a click meant for Compare hit Copy)."""
        margins = self.contentsMargins() + self._layout.contentsMargins()
        return QSize(self._buttons.sizeHint().width() + margins.left() + margins.right(),
                     super().sizeHint().height())

    def _button(self, label: str) -> QPushButton:
        button = QPushButton(label, self)
        button.clicked.connect(self._on_entry_button_clicked)
        return button

    @Slot()
    def _on_entry_button_clicked(self) -> None:
        entry = self.current()
        button = self.sender()
        if entry is None or not isinstance(button, QPushButton):
            return
        draft = self.current_draft()
        if button is self.insert_button:
            self.insert_requested.emit(entry, draft)
        elif button is self.copy_button:
            self.copy_requested.emit(entry, draft)
        else:
            self.compare_requested.emit(entry, draft)

    def show_entries(self, entries: list[HistoryEntry], *, keep_choice: bool = False) -> None:
        """Show ``entries`` (newest first) and choose the newest, or keep the chosen one."""
        chosen = self.current() if keep_choice else None
        self._entries = list(entries)
        self.list.clear()
        for entry in self._entries:
            item = QListWidgetItem(self._describe(entry), self.list)
            item.setToolTip(entry.text[:1000])
        empty = not self._entries
        self.empty_label.setVisible(empty)
        self.clear_button.setEnabled(not empty)
        if empty:
            self._on_list_current_row_changed(-1)
        else:
            ids = [entry.id for entry in self._entries]
            self.list.setCurrentRow(ids.index(chosen.id) if chosen and chosen.id in ids else 0)

    def entries(self) -> list[HistoryEntry]:
        return list(self._entries)

    def current(self) -> HistoryEntry | None:
        row = self.list.currentRow()
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def current_draft(self) -> int:
        """The number (from 0) of the chosen result's draft shown."""
        return max(0, self.drafts_bar.currentIndex())

    def show_draft(self, index: int) -> None:
        """Show draft ``index`` of the chosen result."""
        self.drafts_bar.setCurrentIndex(index)

    def _action_name(self, entry: HistoryEntry) -> str:
        names = {"continue": self.tr("Continue"), "summarize": self.tr("Summary"),
                 "rewrite": self.tr("Rewrite")}
        name = names.get(entry.action, entry.action)
        # A style is kept by its English name; the writer's own instruction as written.
        asked = translated(entry.label) if entry.label in _STYLE_LABELS else entry.label
        return self.tr("{action}: {asked}").format(action=name, asked=asked) \
            if entry.label else name

    def _describe(self, entry: HistoryEntry) -> str:
        when = moment_text(entry.created)
        heading = self.tr("{action} · {time}").format(action=self._action_name(entry),
                                                       time=when)
        if len(entry.drafts) > 1:
            heading = self.tr("{heading} · %n drafts", "", len(entry.drafts)).format(
                heading=heading)
        if entry.insertions:
            heading = self.tr("{heading} · inserted {time}").format(
                heading=heading, time=moment_text(entry.insertions[-1].at))
        return f"{heading}\n{_excerpt(entry.text)}"

    @Slot(int)
    def _on_list_current_row_changed(self, _row: int) -> None:
        entry = self.current()
        for button in (self.insert_button, self.copy_button, self.compare_button):
            button.setEnabled(entry is not None)
        self.drafts_bar.blockSignals(True)
        while self.drafts_bar.count():
            self.drafts_bar.removeTab(0)
        for number in range(1, len(entry.drafts) + 1 if entry else 0):
            inserted = entry.inserted_at(number - 1) if entry is not None else None
            # When it went in is the tab's tip: the tabs stay short.
            index = self.drafts_bar.addTab(
                self.tr("Draft {number} · inserted").format(number=number)
                if inserted is not None else self.tr("Draft {number}").format(number=number))
            if inserted is not None:
                self.drafts_bar.setTabToolTip(index, self.tr("Inserted {time}").format(
                    time=moment_text(inserted)))
        self.drafts_bar.setCurrentIndex((entry.used_draft or 0) if entry else -1)
        self.drafts_bar.blockSignals(False)
        self.drafts_bar.setVisible(entry is not None and len(entry.drafts) > 1)
        self._on_drafts_bar_current_changed(self.current_draft())

    @Slot(int)
    def _on_drafts_bar_current_changed(self, index: int) -> None:
        """Show the draft in full (after a comparison, too)."""
        entry = self.current()
        self.show_all_button.hide()
        if entry is None:
            self.passage_label.clear()
            self.view.clear()
            return
        # A continuation goes on from the end of its passage, so that is the part to show.
        self.passage_label.setText(self.tr("From: {passage}").format(
            passage=_excerpt(entry.passage, end=entry.action == "continue")))
        text = entry.draft(index)
        if len(text) <= SHOWN_CHARACTERS:
            self.view.setPlainText(text)
            return
        self.view.setPlainText(text[:SHOWN_CHARACTERS] + "…")
        self.show_all_button.setText(self.tr("Show All ({count} characters)").format(
            count=QLocale().toString(len(text))))
        self.show_all_button.show()

    @Slot()
    def _on_show_all_button_clicked(self) -> None:
        entry = self.current()
        if entry is not None:
            self.show_all_button.hide()
            self.view.setPlainText(entry.draft(self.current_draft()))

    def show_comparison(self, current: str, text: str, *, selection: bool) -> None:
        """A draft's ``text`` against ``current`` (the selection, or else the passage it was
        made from): what it removes and what it adds."""
        self.passage_label.setText(
            self.tr("Compared with the selection: struck out is what this result removes.")
            if selection else self.tr(
                "Compared with the passage it was made from: struck out is what this result "
                "removes."))
        self.show_all_button.hide()
        self.view.setHtml(diff_html(current, text, self.palette()))
