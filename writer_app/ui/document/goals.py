"""GoalController: the selection's count, the document's goal, and the words written since
writer-app started, in the status bar.

All three count by the writer's rule (``Counting``: a Markdown document without its marks,
under ``Settings.count_rule``), as the document's count beside them does. The goal is kept
per document in the app's data folder (``GoalStore``), under the same key as the
document's notes and history. "Since start" is the change in each document's count from
its first count in this run of the app, added up over the documents opened; text deleted
counts against it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtWidgets import QInputDialog, QLabel, QMainWindow, QProgressBar, QToolButton

from writer_app.core.documents.goals import MAX_GOAL, GoalStore
from writer_app.core.settings import Settings
from writer_app.core.text.units import Counting, TextCounts
from writer_app.qt.messages import MessageBridge
from writer_app.qt.preferences import Preferences
from writer_app.ui.common.actions import new_action
from writer_app.ui.common.core_text import translated
from writer_app.ui.common.quantities import number
from writer_app.ui.document.controller import DocumentController
from writer_app.ui.document.large_text import LARGE_TEXT
from writer_app.ui.document.status import DocumentStatusController
from writer_app.ui.editor.text_editor import WriterTextEdit

_SELECTION_MS = 100


class GoalController(QObject):
    """The selection label, the goal button with its bar, and Edit ▸ Set Goal…."""

    def __init__(self, window: QMainWindow, editor: WriterTextEdit, *, store: GoalStore,
                 status: DocumentStatusController, documents: DocumentController,
                 preferences: Preferences, messages: MessageBridge) -> None:
        super().__init__(window)
        self._window = window
        self._editor = editor
        self._store = store
        self._documents = documents
        self._messages = messages
        self._rule = preferences.settings.count_rule
        self._counts: TextCounts | None = None
        self._first: dict[str, int] = {}
        self._latest: dict[str, int] = {}
        self.selection_label = QLabel(window)
        self.selection_label.setContentsMargins(0, 0, self.selection_label.fontMetrics()
                                                .horizontalAdvance("  "), 0)
        self.selection_label.hide()
        self.goal_button = QToolButton(window)
        self.goal_button.setAutoRaise(True)
        self.goal_button.clicked.connect(self.ask_goal)
        self.goal_bar = QProgressBar(window)
        self.goal_bar.setAccessibleName(self.tr("Progress toward the goal"))
        self.goal_bar.setTextVisible(False)
        self.goal_bar.setFixedWidth(self.goal_bar.fontMetrics().horizontalAdvance("0" * 8))
        self.goal_bar.setMaximumHeight(self.goal_bar.fontMetrics().height() // 2 + 2)
        self.goal_bar.hide()
        self.action_set_goal = new_action(
            self, self.tr("Set &Goal…"), self.ask_goal,
            tip=self.tr("How long this document should be, in words (字 in Chinese)"))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(_SELECTION_MS)
        self._timer.timeout.connect(self._count_selection)
        editor.selectionChanged.connect(self._on_editor_selection_changed)
        status.counted.connect(self._on_status_counted)
        documents.data_key_changed.connect(self._on_documents_data_key_changed)
        preferences.changed.connect(self._on_preferences_changed)
        self._show_goal()
        # The store reads its file when first asked (just now): only then can it tell.
        if store.problem is not None:
            messages.warning(translated(store.problem))

    @property
    def _key(self) -> str:
        return self._documents.data_key

    def goal(self) -> int:
        """The document's goal (0 for none)."""
        return self._store.goal(self._key)

    def set_goal(self, goal: int) -> None:
        """Keep ``goal`` as the document's goal (0 for none) and show its progress."""
        problem = self._store.set_goal(self._key, goal)
        if problem is not None:
            self._messages.error(translated(problem))
        self._show_goal()

    def since_start(self) -> int:
        """The words (and 字) written since the app started, over all documents opened."""
        return sum(self._latest[key] - first for key, first in self._first.items())

    @Slot()
    def ask_goal(self) -> None:
        """Ask the writer for the document's goal (0 for none)."""
        current = self.goal() or (self._counts.count(self._rule) if self._counts else 0)
        goal, accepted = QInputDialog.getInt(
            self._window, self.tr("Set Goal"),
            self.tr("How long should this document be, in words (each Chinese character "
                    "counts as one)? 0 for no goal."),
            self.goal() or max(1000, current), 0, MAX_GOAL, 100)
        if accepted:
            self.set_goal(goal)

    # Keeping the counts true ----------------------------------------------------------

    @Slot(object)
    def _on_status_counted(self, counts: TextCounts) -> None:
        self._counts = counts
        count = counts.count(self._rule)
        self._first.setdefault(self._key, count)
        self._latest[self._key] = count
        self._show_goal()

    @Slot()
    def _on_editor_selection_changed(self) -> None:
        if not self._timer.isActive():
            self._timer.start()

    @Slot()
    def _count_selection(self) -> None:
        cursor = self._editor.textCursor()
        size = cursor.selectionEnd() - cursor.selectionStart()
        if not size:
            self.selection_label.hide()
            return
        if size > LARGE_TEXT:
            # Counting words in so much would hold up the window: characters say enough.
            self.selection_label.setText(self.tr("Selected: {characters} characters").format(
                characters=number(size)))
        else:
            # Qt's selection ends its paragraphs with U+2029; Markdown's marks start lines.
            words = Counting(self._documents.markdown, self._rule).count(
                cursor.selectedText().replace("\u2029", "\n"))
            self.selection_label.setText(
                self.tr("Selected: 1 word") if words == 1 else
                self.tr("Selected: {words} words").format(words=number(words)))
        self.selection_label.show()

    @Slot(object)
    def _on_preferences_changed(self, settings: Settings) -> None:
        if settings.count_rule is self._rule:
            return
        self._rule = settings.count_rule
        # Counts made under the old rule say nothing about words written under the new.
        self._first.clear()
        self._latest.clear()
        if self._counts is not None:
            self._on_status_counted(self._counts)
        self._count_selection()

    @Slot(str, str, bool)
    def _on_documents_data_key_changed(self, old: str, new: str, moved: bool) -> None:
        """Another document has its own goal; the same one saved under a name keeps its
        goal and what was written in it."""
        if not moved:
            self._counts = None
        else:
            self._store.move(old, new)
            if old in self._first:
                self._first[new] = self._first.pop(old)
                self._latest[new] = self._latest.pop(old)
        self._show_goal()

    # Showing -------------------------------------------------------------------------

    def _show_goal(self) -> None:
        goal = self.goal()
        count = self._counts.count(self._rule) if self._counts else 0
        since = self.since_start()
        since_text = self.tr("{sign}{count} words since you started writer-app").format(
            sign="+" if since >= 0 else "−", count=number(abs(since)))
        if not goal:
            self.goal_button.setText(self.tr("{sign}{count} since start").format(
                sign="+" if since >= 0 else "−", count=number(abs(since))))
            self.goal_button.setToolTip(self.tr(
                "{since}.\nClick to set a goal for this document.").format(since=since_text))
            self.goal_bar.hide()
            return
        self.goal_button.setText(self.tr("{count} / {goal} words").format(
            count=number(count), goal=number(goal)))
        self.goal_button.setToolTip(self.tr(
            "{share:.0%} of this document's goal.\n{since}.\nClick to change the goal.").format(
                share=count / goal, since=since_text))
        self.goal_bar.setRange(0, goal)
        self.goal_bar.setValue(min(count, goal))
        self.goal_bar.setToolTip(self.goal_button.toolTip())
        self.goal_bar.show()
