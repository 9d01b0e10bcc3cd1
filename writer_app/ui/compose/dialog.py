"""File ▸ New from Brief…: the brief's form, the outline to edit, then the draft.

Step 1 streams an outline into an editor the writer can change. Step 2 opens a new
document and writes the draft into it section by section, with the section in progress
and Stop; a stop keeps what was written. The writer watches the draft grow, so for this
step the dialog steps aside: it hides, and a compact strip docked at the bottom of the
window (``strip``) shows the progress, Stop and Close. After the draft, the strip lists the
keywords the document does not use (again after every change, Undo included), each with an
action that works it into the nearest paragraph, if the model's rewrite really does. The
work itself is ``core.compose`` run by ``qt.plan_runners.ComposeRunner``; this dialog only
wires it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer, Slot
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.documents.provenance import Source
from writer_app.core.plans.compose import (
    Brief,
    ComposePlan,
    ComposeResult,
    OutlineProblem,
    WorkIn,
    check_work_in,
    missing_keywords,
    parse_keywords,
    parse_outline,
)
from writer_app.core.plans.templates import (
    LANGUAGES,
    MAX_LENGTH,
    MAX_SECTIONS,
    Template,
    load_library,
    user_dir,
)
from writer_app.core.requests import SamplingSettings
from writer_app.core.text.positions import utf16_position
from writer_app.qt.engine_service import EngineService
from writer_app.qt.plan_runners import ComposeRunner
from writer_app.ui.common.accessibility import announce
from writer_app.ui.common.core_text import translated
from writer_app.ui.common.language import interface_language
from writer_app.ui.common.provenance import insert_from_model
from writer_app.ui.common.streaming import ComposingTextEdit, StreamInserter
from writer_app.ui.compose.templates_dialog import TemplatesDialog

OpenDraft = Callable[[], "ComposingTextEdit | None"]
"""Opens a new, empty document for the draft; None if the writer kept the old one."""
DockStrip = Callable[[QWidget], None]
"""Puts the draft's progress strip at the bottom of the window the draft is written in."""


def _button_row(left: QWidget, *right: QWidget) -> QHBoxLayout:
    """``left`` at the left edge, ``right`` at the right one."""
    row = QHBoxLayout()
    row.addWidget(left)
    row.addStretch()
    for widget in right:
        row.addWidget(widget)
    return row


class ComposeDialog(QDialog):
    """The brief, the outline and the draft's progress, one step at a time."""

    def __init__(self, service: EngineService, data_dir: Path, sampling: SamplingSettings,
                 open_draft: OpenDraft, parent: QWidget | None = None, *,
                 dock_strip: DockStrip) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New from Brief"))
        self._service = service
        self._data_dir = data_dir
        self._sampling = sampling
        self._open_draft = open_draft
        self._dock_strip = dock_strip
        self._runner: ComposeRunner | None = None
        self._inserter: StreamInserter | None = None
        self._editor: ComposingTextEdit | None = None
        self._result: ComposeResult | None = None
        self._keyword = ""
        self._work_text = ""
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._build_brief_page())
        self.pages.addWidget(self._build_outline_page())
        self.strip = self._build_draft_strip()
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.resize(640, 560)
        self.reload_templates()

    # Pages -------------------------------------------------------------------------

    def _build_brief_page(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout()
        self.template_box = QComboBox(page)
        self.template_box.currentIndexChanged.connect(self._on_template_box_changed)
        self.description = QLabel(page)
        self.description.setWordWrap(True)
        self.topic = QLineEdit(page)
        self.topic.setPlaceholderText(self.tr("What the text is about"))
        self.keywords = QLineEdit(page)
        self.keywords.setPlaceholderText(self.tr("Words the text must use, separated by commas"))
        self.audience = QLineEdit(page)
        self.audience.setPlaceholderText(self.tr("Who will read it"))
        self.tone = QLineEdit(page)
        self.length = QSpinBox(page)
        self.length.setRange(10, MAX_LENGTH)
        self.length.setSingleStep(50)
        self.sections = QSpinBox(page)
        self.sections.setRange(1, MAX_SECTIONS)
        self.language = QComboBox(page)
        names = (self.tr("English"), self.tr("Chinese (Simplified)"))
        for code, name in zip(LANGUAGES, names, strict=True):
            self.language.addItem(name, code)
        self.language.currentIndexChanged.connect(self._on_language_changed)
        form.addRow(self.tr("&Genre:"), self.template_box)
        form.addRow("", self.description)
        form.addRow(self.tr("&Topic:"), self.topic)
        form.addRow(self.tr("&Keywords:"), self.keywords)
        form.addRow(self.tr("&Audience:"), self.audience)
        form.addRow(self.tr("T&one:"), self.tone)
        self.length_label = QLabel(page)
        self.length_label.setBuddy(self.length)
        form.addRow(self.length_label, self.length)
        form.addRow(self.tr("&Sections:"), self.sections)
        form.addRow(self.tr("&Language:"), self.language)
        self.brief_message = QLabel(page)
        self.brief_message.setWordWrap(True)
        templates = QPushButton(self.tr("T&emplates…"), page)
        templates.clicked.connect(self.open_templates)
        self.write_outline_button = QPushButton(self.tr("Write &Outline"), page)
        self.write_outline_button.setDefault(True)
        self.write_outline_button.clicked.connect(self.write_outline)
        # close(), not reject(): closing stops a stream and gives the document back.
        self.cancel_button = QPushButton(self.tr("Cancel"), page)
        self.cancel_button.clicked.connect(self.close)
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(self.tr("Step 1 of 3: the brief"), page))
        layout.addLayout(form)
        layout.addWidget(self.brief_message)
        layout.addStretch()
        layout.addLayout(_button_row(templates, self.cancel_button, self.write_outline_button))
        return page

    def _build_outline_page(self) -> QWidget:
        page = QWidget(self)
        self.outline = QPlainTextEdit(page)
        self.outline.setAccessibleName(self.tr("Outline"))
        self.outline.textChanged.connect(self._on_outline_text_changed)
        self.outline_status = QLabel(page)
        self.outline_status.setWordWrap(True)
        back = QPushButton(self.tr("&Back"), page)
        back.clicked.connect(self._on_back_clicked)
        self.outline_stop = QPushButton(self.tr("S&top"), page)
        self.outline_stop.clicked.connect(self.stop)
        self.outline_again = QPushButton(self.tr("Write Outline &Again"), page)
        self.outline_again.clicked.connect(self.write_outline)
        self.write_draft_button = QPushButton(self.tr("Write &Draft"), page)
        self.write_draft_button.clicked.connect(self.write_draft)
        buttons = QHBoxLayout()
        for button in (back, self.outline_stop, self.outline_again):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(self.write_draft_button)
        layout = QVBoxLayout(page)
        label = QLabel(self.tr("Step 2 of 3: the outline. Change it as you like: one heading "
                               "per line, with what the section covers below it."), page)
        label.setWordWrap(True)
        layout.addWidget(label)
        layout.addWidget(self.outline)
        layout.addWidget(self.outline_status)
        layout.addLayout(buttons)
        return page

    def _build_draft_strip(self) -> QFrame:
        """Step 3: one line (what is being written, progress, Stop, Close), and the keywords
        the draft never used once it is written."""
        strip = QFrame(self)
        strip.setObjectName("compose-strip")
        strip.setFrameShape(QFrame.Shape.StyledPanel)
        strip.hide()
        title = QLabel(self.tr("<b>New from Brief</b>"), strip)
        self.draft_status = QLabel(strip)
        self.draft_status.setWordWrap(True)
        self.progress = QProgressBar(strip)
        self.progress.setAccessibleName(self.tr("Progress of the draft"))
        self.progress.setMaximumWidth(180)
        self.progress.setTextVisible(False)  # the label beside it says which section
        self.missing = QListWidget(strip)
        self.missing.setAccessibleName(self.tr("Keywords the draft does not use"))
        self.missing.setFlow(QListView.Flow.LeftToRight)
        self.missing.setWrapping(True)
        self.missing.setSpacing(2)
        self.missing.setMaximumHeight(self.fontMetrics().height() * 3)
        self.missing.hide()
        self.work_in_button = QPushButton(self.tr("&Work It In"), strip)
        self.work_in_button.setToolTip(self.tr("Rewrite the paragraph nearest to the keyword "
                                               "so that it uses it"))
        self.work_in_button.clicked.connect(self.work_in)
        self.work_in_button.hide()
        self.draft_stop = QPushButton(self.tr("S&top"), strip)
        self.draft_stop.clicked.connect(self.stop)
        close = QPushButton(self.tr("&Close"), strip)
        close.clicked.connect(self.close)
        line = QHBoxLayout()
        line.addWidget(title)
        line.addWidget(self.draft_status, 1)
        line.addWidget(self.progress)
        line.addWidget(self.draft_stop)
        line.addWidget(close)
        keywords = QHBoxLayout()
        keywords.addWidget(self.missing, 1)
        keywords.addWidget(self.work_in_button)
        layout = QVBoxLayout(strip)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addLayout(line)
        layout.addLayout(keywords)
        return strip

    # The brief -----------------------------------------------------------------------

    def reload_templates(self) -> None:
        """Fill the genre list from the template library, keeping the current choice."""
        library = load_library(user_dir(self._data_dir))
        current = self.template_box.currentData()
        self.template_box.blockSignals(True)
        self.template_box.clear()
        for template in library.ordered(interface_language()):
            self.template_box.addItem(template.title_in(interface_language()), template)
        self.template_box.blockSignals(False)
        names = [self.template_box.itemData(i).name for i in range(self.template_box.count())]
        if isinstance(current, Template) and current.name in names:
            self.template_box.setCurrentIndex(names.index(current.name))
        else:
            wanted = "zh-wechat-article" if interface_language() == "zh" else "article"
            self.template_box.setCurrentIndex(names.index(wanted) if wanted in names else 0)
        self._on_template_box_changed()
        self.brief_message.setText("\n".join(map(translated, library.problems)))

    def template(self) -> Template:
        return self.template_box.currentData()  # type: ignore[no-any-return]

    @Slot()
    def _on_template_box_changed(self) -> None:
        template = self.template_box.currentData()
        if not isinstance(template, Template):
            return
        self.description.setText(template.description_in(interface_language()))
        self.tone.setPlaceholderText(template.default_tone)
        self.length.setValue(template.default_length)
        self.sections.setValue(template.sections)
        self.language.setCurrentIndex(self.language.findData(template.language))
        self._on_language_changed()

    @Slot()
    def _on_language_changed(self) -> None:
        chinese = self.language.currentData() == "zh"
        self.length_label.setText(self.tr("L&ength (characters):") if chinese
                                  else self.tr("L&ength (words):"))

    def brief(self) -> Brief:
        """The brief as the form says; ``ValueError`` when something is missing."""
        return Brief(self.template(), self.topic.text(), parse_keywords(self.keywords.text()),
                     self.audience.text(), self.tone.text(), self.length.value(),
                     self.sections.value(), self.language.currentData())

    @Slot()
    def open_templates(self) -> TemplatesDialog:
        dialog = TemplatesDialog(self._data_dir, self)
        dialog.finished.connect(self._on_templates_dialog_finished)
        dialog.open()
        return dialog

    @Slot(int)
    def _on_templates_dialog_finished(self, _result: int) -> None:
        self.reload_templates()

    # Steps -------------------------------------------------------------------------

    def _new_runner(self, brief: Brief) -> ComposeRunner:
        if self._runner is not None:
            self._runner.stop()
            self._runner.deleteLater()
        runner = ComposeRunner(self._service, ComposePlan(brief, self._sampling), self)
        runner.outline_received.connect(self._on_runner_outline_received)
        runner.outline_finished.connect(self._on_runner_outline_finished)
        runner.section_started.connect(self._on_runner_section_started)
        runner.draft_received.connect(self._on_runner_draft_received)
        runner.draft_finished.connect(self._on_runner_draft_finished)
        runner.worked_in.connect(self._on_runner_worked_in)
        runner.work_in_stopped.connect(self._on_runner_work_in_stopped)
        runner.failed.connect(self._on_runner_failed)
        self._runner = runner
        return runner

    @Slot()
    def write_outline(self) -> None:
        if not self.topic.text().strip():
            self.brief_message.setText(self.tr("Say what the text is about: fill in the topic."))
            self.topic.setFocus()
            return
        runner = self._new_runner(self.brief())
        self.outline.clear()
        self.outline_status.setText(self.tr("Writing the outline…"))
        self._set_outline_busy(True)
        self.pages.setCurrentIndex(1)
        runner.write_outline()

    def _set_outline_busy(self, busy: bool) -> None:
        self.outline_stop.setEnabled(busy)
        self.outline_again.setEnabled(not busy)
        self.write_draft_button.setEnabled(not busy)
        self.outline.setReadOnly(busy)

    @Slot(str)
    def _on_runner_outline_received(self, text: str) -> None:
        cursor = QTextCursor(self.outline.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(text)

    @Slot(str, bool)
    def _on_runner_outline_finished(self, text: str, stopped: bool) -> None:
        self._set_outline_busy(False)
        if stopped:
            self.outline_status.setText(self.tr("Stopped. Finish the outline yourself, or "
                                                "write it again."))
        elif self._runner is not None:
            self.outline.setPlainText(self._runner.plan.clean_outline(text))
            announce(self.outline, self.tr(
                "The outline is ready: edit it if you like, then write the draft."))

    @Slot()
    def _on_outline_text_changed(self) -> None:
        """Say how many sections the outline has, as the writer edits it."""
        if self.outline.isReadOnly() or self._runner is None:
            return
        text = self.outline.toPlainText()
        count = len(parse_outline(text))
        asked = self._runner.plan.brief.sections
        if not count:
            self.outline_status.setText(self.tr(
                "No sections could be read from this outline: write one heading per line, "
                "or write the outline again."))
        elif count == asked and \
                self._runner.plan.outline_problem(text) is OutlineProblem.LANGUAGE:
            self.outline_status.setText(self.tr(
                "The outline is not in the language of the brief. Edit it or write it "
                "again."))
        elif count == asked:
            self.outline_status.setText(self.tr(
                "The outline has %n section(s). Edit it, then write the draft.", "", count))
        else:
            self.outline_status.setText(self.tr(
                "The outline has %n section(s); you asked for {asked}. Edit it or write it "
                "again.", "", count).format(asked=asked))

    @Slot()
    def _on_back_clicked(self) -> None:
        self.stop()
        self.pages.setCurrentIndex(0)

    @Slot()
    def write_draft(self) -> None:
        runner = self._runner
        if runner is None:
            return
        if not parse_outline(self.outline.toPlainText()):
            self.outline_status.setText(self.tr("The outline has no sections: write one "
                                                "heading per line."))
            return
        editor = self._open_draft()
        if editor is None:
            self.outline_status.setText(self.tr("The draft needs a new document: save or "
                                                "discard the open one first."))
            return
        if editor is not self._editor:
            editor.textChanged.connect(self._on_editor_text_changed)
        self._editor = editor
        self._result = None
        self._inserter = StreamInserter(editor, 0, self, Source.BRIEF)
        self._inserter.interrupted.connect(self.stop)
        self.missing.clear()
        self.missing.hide()
        self.work_in_button.hide()
        self.draft_stop.setEnabled(True)
        self.draft_status.setText(self.tr("Writing the draft…"))
        self._dock_strip(self.strip)
        self.strip.show()
        self.hide()
        runner.write_draft(self.outline.toPlainText())

    @Slot(int, int, str)
    def _on_runner_section_started(self, index: int, count: int, heading: str) -> None:
        self.progress.setRange(0, count)
        self.progress.setValue(index - 1)
        self.draft_status.setText(self.tr("Section {index} of {count}: {heading}").format(
            index=index, count=count, heading=heading))

    @Slot(str)
    def _on_runner_draft_received(self, text: str) -> None:
        if self._inserter is not None and text:
            self._inserter.add(text)

    @Slot(object)
    def _on_runner_draft_finished(self, result: ComposeResult) -> None:
        self._result = result
        self.draft_stop.setEnabled(False)
        self._finish_insertion()
        if result.stopped:
            self.draft_status.setText(self.tr("Stopped. What was written so far is in the "
                                              "document."))
            return
        self.progress.setValue(self.progress.maximum())
        self._show_missing(result.missing)
        announce(self.draft_status, self.draft_status.text())

    def _show_missing(self, missing: tuple[str, ...]) -> None:
        """List the keywords the draft does not use, keeping the one chosen if still there."""
        chosen = self.missing.currentItem()
        keep = chosen.text() if chosen is not None else ""
        self.missing.clear()
        self.missing.addItems(list(missing))
        self.missing.setCurrentRow(missing.index(keep) if keep in missing else 0)
        self.missing.setVisible(bool(missing))
        self.work_in_button.setVisible(bool(missing))
        if missing:
            self.draft_status.setText(self.tr("The draft is written. It never uses these "
                                              "keywords: choose one to work it in."))
        else:
            self.draft_status.setText(self.tr("The draft is written and uses every keyword."))

    @Slot()
    def _on_editor_text_changed(self) -> None:
        """The keyword list follows the document: an edit, an undo or a redo may add or
        take out a keyword."""
        result, editor = self._result, self._editor
        if result is None or result.stopped or editor is None or self._runner is None:
            return
        missing = missing_keywords(self._runner.plan.brief.keywords, editor.toPlainText())
        listed = tuple(self.missing.item(row).text() for row in range(self.missing.count()))
        if missing != listed:
            self._show_missing(missing)

    @Slot()
    def _finish_insertion(self) -> None:
        """Close the insertion as one undo step, once no input method is composing."""
        if self._inserter is not None and not self._inserter.finish():
            QTimer.singleShot(100, self._finish_insertion)

    @Slot()
    def work_in(self) -> None:
        item = self.missing.currentItem()
        if item is None or self._runner is None or self._editor is None:
            return
        self._keyword = item.text()
        self._work_text = self._editor.toPlainText()
        self.work_in_button.setEnabled(False)
        self.draft_stop.setEnabled(True)
        self.draft_status.setText(self.tr("Working “{keyword}” into the draft…").format(
            keyword=self._keyword))
        try:
            self._runner.work_in(self._work_text, self._keyword)
        except ValueError:
            self.work_in_button.setEnabled(True)
            self.draft_stop.setEnabled(False)
            self.draft_status.setText(self.tr("The draft has no paragraph to work the "
                                              "keyword into."))

    @Slot(int, int, str)
    def _on_runner_worked_in(self, start: int, end: int, text: str) -> None:
        self.work_in_button.setEnabled(True)
        self.draft_stop.setEnabled(False)
        editor = self._editor
        if editor is None or editor.toPlainText() != self._work_text:
            self.draft_status.setText(self.tr("The document changed while the paragraph was "
                                              "being rewritten: choose Work It In again."))
            return
        verdict = check_work_in(self._work_text[start:end], text, self._keyword)
        if verdict is WorkIn.MISSING:
            self.draft_status.setText(self.tr(
                "The model did not use “{keyword}” in its rewrite, so nothing was changed. "
                "Choose Work It In again, or add the word yourself.").format(
                    keyword=self._keyword))
            return
        if verdict is WorkIn.TOO_SHORT:
            self.draft_status.setText(self.tr(
                "The rewrite would shorten the paragraph to less than half its length, so "
                "nothing was changed. Choose Work It In again, or add “{keyword}” "
                "yourself.").format(keyword=self._keyword))
            return
        cursor = QTextCursor(editor.document())
        cursor.setPosition(utf16_position(self._work_text, start))
        cursor.setPosition(utf16_position(self._work_text, end), QTextCursor.MoveMode.KeepAnchor)
        insert_from_model(cursor, text, Source.BRIEF)
        self.draft_status.setText(self.tr("“{keyword}” is worked in; Undo takes it out "
                                          "again.").format(keyword=self._keyword))

    @Slot()
    def _on_runner_work_in_stopped(self) -> None:
        self.work_in_button.setEnabled(True)
        self.draft_stop.setEnabled(False)
        self.draft_status.setText(self.tr("Stopped: nothing was changed."))

    @Slot(object)
    def _on_runner_failed(self, message: str) -> None:
        self._set_outline_busy(False)
        self.draft_stop.setEnabled(False)
        self.work_in_button.setEnabled(True)
        self._finish_insertion()
        label = self.draft_status if self.strip.isVisible() else self.outline_status
        label.setText(translated(message))

    @Slot()
    def stop(self) -> None:
        if self._runner is not None:
            self._runner.stop()

    def _undock(self) -> None:
        """Take the strip out of the window: the composing is over, and the keyword list
        stops following the editor (it may hold another document next)."""
        self.strip.hide()
        self.strip.setParent(self)
        if self._editor is not None:
            self._editor.textChanged.disconnect(self._on_editor_text_changed)
            self._editor = None

    def done(self, result: int) -> None:
        self.stop()
        self._undock()
        super().done(result)

    def closeEvent(self, event: object) -> None:
        self.stop()
        self._undock()
        super().closeEvent(event)  # type: ignore[arg-type]

