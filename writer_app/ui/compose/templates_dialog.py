"""The Templates dialog: list, duplicate, edit, import and export writing templates.

Built-in templates are read-only; Duplicate makes an editable copy in the writer's data
folder, which then replaces the built-in of the same name if it keeps that name. While a
template is edited, the preview shows the prompt it makes for a sample brief, and a
field that does not make a valid template is named under the form.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.i18n import message_of
from writer_app.core.plans.compose import Brief, ComposePlan
from writer_app.core.plans.templates import (
    LANGUAGES,
    MAX_LENGTH,
    MAX_SECTIONS,
    TEMPLATE_SUFFIX,
    Template,
    TemplateError,
    TemplateLibrary,
    free_name,
    load_library,
    read_template,
    save_user_template,
    template_from_data,
    template_to_toml,
    user_dir,
)
from writer_app.ui.common.core_text import translated
from writer_app.ui.common.language import interface_language
from writer_app.ui.common.places import documents_folder
from writer_app.ui.common.screen_fit import fit_to_screen

TEMPLATE_FILTER = "TOML (*.toml)"
SAMPLE_OUTLINE = "## {first}\n- {first}\n## {second}\n- {second}"
# The sample brief is written in the template's language, as a writer's brief would be,
# whatever the interface's language: topic, keyword and the two sample headings.
SAMPLE_BRIEFS = {
    "en": ("a sample topic", "keyword", "First", "Second"),
    "zh": ("示例主题", "关键词", "第一部分", "第二部分"),
}


class TemplatesDialog(QDialog):
    """The template library, with an editor and a live preview of the prompt."""

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Templates"))
        self._folder = user_dir(data_dir)
        self._library = TemplateLibrary({}, ())
        self._current: Template | None = None
        self._loading = False
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Templates"))
        self.list.currentRowChanged.connect(self._on_list_row_changed)
        duplicate = QPushButton(self.tr("&Duplicate"), self)
        duplicate.clicked.connect(self.duplicate)
        import_button = QPushButton(self.tr("&Import…"), self)
        import_button.clicked.connect(self.import_dialog)
        export = QPushButton(self.tr("E&xport…"), self)
        export.clicked.connect(self.export_dialog)
        self.delete_button = QPushButton(self.tr("De&lete"), self)
        self.delete_button.clicked.connect(self.delete)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list)
        for button in (duplicate, import_button, export, self.delete_button):
            left_layout.addWidget(button)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(self._build_editor())
        splitter.setStretchFactor(1, 3)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        close = QPushButton(self.tr("&Close"), self)
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        layout.addLayout(bottom)
        fit_to_screen(self, 1000, 780)
        self.reload()

    def _build_editor(self) -> QWidget:
        editor = QWidget(self)
        form = QFormLayout()
        self.name = QLineEdit(editor)
        self.title = QLineEdit(editor)
        self.language = QComboBox(editor)
        names = (self.tr("English"), self.tr("Chinese (Simplified)"))
        for code, name in zip(LANGUAGES, names, strict=True):
            self.language.addItem(name, code)
        self.description = QLineEdit(editor)
        self.default_length = QSpinBox(editor)
        self.default_length.setRange(10, MAX_LENGTH)
        self.default_tone = QLineEdit(editor)
        self.sections = QSpinBox(editor)
        self.sections.setRange(1, MAX_SECTIONS)
        self.example_length = QSpinBox(editor)
        self.example_length.setRange(10, MAX_LENGTH)
        self.headings = QCheckBox(self.tr("Each section starts with its heading"), editor)
        self.outline = QPlainTextEdit(editor)
        self.section = QPlainTextEdit(editor)
        for box in (self.outline, self.section):
            box.setMaximumHeight(90)
        form.addRow(self.tr("Name:"), self.name)
        form.addRow(self.tr("Title:"), self.title)
        form.addRow(self.tr("Language:"), self.language)
        form.addRow(self.tr("Description:"), self.description)
        self.default_length.setToolTip(self.tr(
            "The length the brief starts with when a writer chooses this template; they "
            "can change it there."))
        self.example_length.setToolTip(self.tr(
            "How long a finished piece of this genre usually is, for reference."))
        form.addRow(self.tr("Length of a new brief:"), self.default_length)
        form.addRow(self.tr("Default tone:"), self.default_tone)
        form.addRow(self.tr("Sections:"), self.sections)
        form.addRow(self.tr("Usual length of the genre:"), self.example_length)
        form.addRow("", self.headings)
        form.addRow(self.tr("Outline instructions:"), self.outline)
        form.addRow(self.tr("Section instructions:"), self.section)
        for line in (self.name, self.title, self.description, self.default_tone):
            line.textChanged.connect(self._on_form_changed)
        for spin in (self.default_length, self.sections, self.example_length):
            spin.valueChanged.connect(self._on_form_changed)
        for text in (self.outline, self.section):
            text.textChanged.connect(self._on_form_changed)
        self.language.currentIndexChanged.connect(self._on_form_changed)
        self.headings.toggled.connect(self._on_form_changed)
        self._build_preview(editor, form)
        return editor

    def _build_preview(self, editor: QWidget, form: QFormLayout) -> None:
        """Under the form: what is wrong with it, the prompt it makes, and Save."""
        self.problem = QLabel(editor)
        self.problem.setWordWrap(True)
        self.preview = QPlainTextEdit(editor)
        self.preview.setReadOnly(True)
        self.preview.setMinimumHeight(120)
        caption = QLabel(self.tr("Preview of the outline prompt for a sample brief:"), editor)
        caption.setBuddy(self.preview)
        self.save_button = QPushButton(self.tr("&Save"), editor)
        self.save_button.clicked.connect(self.save)
        layout = QVBoxLayout(editor)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(caption)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.save_button)

    # The list ------------------------------------------------------------------------

    def reload(self, select: str = "") -> None:
        """Read the library again and select the template called ``select`` (or the first)."""
        self._library = load_library(self._folder)
        templates = self.templates()
        self.list.blockSignals(True)
        self.list.clear()
        for template in templates:
            title = template.title_in(interface_language())
            label = title if template.builtin else self.tr("{title} (yours)").format(
                title=title)
            self.list.addItem(label)
        self.list.blockSignals(False)
        names = [t.name for t in templates]
        self.list.setCurrentRow(names.index(select) if select in names else 0)
        if self._library.problems:
            self.message.setText("\n".join(map(translated, self._library.problems)))

    def templates(self) -> list[Template]:
        return self._library.ordered(interface_language())

    @Slot(int)
    def _on_list_row_changed(self, row: int) -> None:
        templates = self.templates()
        if not 0 <= row < len(templates):
            return
        self._current = template = templates[row]
        self._loading = True
        self.name.setText(template.name)
        self.title.setText(template.title)
        self.language.setCurrentIndex(self.language.findData(template.language))
        self.description.setText(template.description)
        self.default_length.setValue(template.default_length)
        self.default_tone.setText(template.default_tone)
        self.sections.setValue(template.sections)
        self.example_length.setValue(template.example_length)
        self.headings.setChecked(template.headings)
        self.outline.setPlainText(template.outline)
        self.section.setPlainText(template.section)
        self._loading = False
        editable = not template.builtin
        for widget in (self.name, self.title, self.description, self.default_tone,
                       self.default_length, self.sections, self.example_length,
                       self.language, self.headings):
            widget.setEnabled(editable)
        for box in (self.outline, self.section):
            box.setReadOnly(not editable)
        self.save_button.setEnabled(editable)
        self.delete_button.setEnabled(editable)
        self.message.setText("" if editable else self.tr(
            "Built-in templates cannot be changed: duplicate one to make your own."))
        self._on_form_changed()

    # Editing ---------------------------------------------------------------------------

    def edited(self) -> Template:
        """The template as the form says; ``TemplateError`` names a bad field."""
        data = {
            "name": self.name.text(), "title": self.title.text(),
            "language": self.language.currentData(), "description": self.description.text(),
            "default_length": self.default_length.value(),
            "default_tone": self.default_tone.text(), "sections": self.sections.value(),
            "example_length": self.example_length.value(),
            "headings": self.headings.isChecked(), "outline": self.outline.toPlainText(),
            "section": self.section.toPlainText(),
            "fields": list(self._current.fields) if self._current else [],
        }
        source = self._current.source if self._current else None
        return template_from_data(data, source)

    @Slot()
    def _on_form_changed(self) -> None:
        if self._loading:
            return
        try:
            template = self.edited()
        except TemplateError as exc:
            self.problem.setText(self.tr("This is not a valid template yet: {problem}.").format(
                problem=translated(message_of(exc))))
            self.save_button.setEnabled(False)
            return
        self.problem.clear()
        self.save_button.setEnabled(self._current is not None and not self._current.builtin)
        topic, keyword, first, second = SAMPLE_BRIEFS.get(template.language,
                                                          SAMPLE_BRIEFS["en"])
        plan = ComposePlan(Brief(template, topic, (keyword,)))
        outline = plan.outline_request()
        plan.set_outline(SAMPLE_OUTLINE.format(first=first, second=second))
        section = plan.section_request(1, "…")
        self.preview.setPlainText(f"{outline.text}\n\n{outline.instruction}\n\n"
                                  f"――――\n\n{section.instruction}")

    @Slot()
    def save(self) -> None:
        try:
            template = self.edited()
        except TemplateError as exc:
            self.message.setText(translated(message_of(exc)))
            return
        old = self._current
        saved = save_user_template(template, self._folder)
        if old is not None and old.source is not None and not old.builtin \
                and old.source != saved.source:
            old.source.unlink(missing_ok=True)
        self.reload(saved.name)
        self.message.setText(self.tr("Saved “{title}”.").format(title=saved.title))

    @Slot()
    def duplicate(self) -> None:
        template = self._current
        if template is None:
            return
        copy = dataclasses.replace(template, name=free_name(self._library, template.name),
                                   title=self.tr("{title} (copy)").format(title=template.title))
        saved = save_user_template(copy, self._folder)
        self.reload(saved.name)

    @Slot()
    def delete(self) -> None:
        template = self._current
        if template is None or template.builtin or template.source is None:
            return
        template.source.unlink(missing_ok=True)
        self.reload()

    def import_file(self, path: Path) -> Template | None:
        """Copy a template file into the writer's folder; a bad one is explained."""
        try:
            template = read_template(path)
        except TemplateError as exc:
            self.message.setText(translated(message_of(exc)))
            return None
        save_user_template(template, self._folder)
        self.reload(template.name)
        self.message.setText(self.tr("Imported “{title}”.").format(title=template.title))
        return template

    def export_file(self, path: Path) -> None:
        """Write the selected template to ``path`` to keep or to share."""
        if self._current is None:
            return
        try:
            path.write_text(template_to_toml(self._current), encoding="utf-8")
        except OSError as exc:
            self.message.setText(self.tr("The template could not be written to {path} "
                                         "({reason}): choose another folder.").format(
                path=path, reason=exc.strerror or exc))
            return
        self.message.setText(self.tr("Exported “{title}” to {path}.").format(
            title=self._current.title, path=path))

    @Slot()
    def import_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import a Template"), str(documents_folder()), TEMPLATE_FILTER)
        if name:
            self.import_file(Path(name))

    @Slot()
    def export_dialog(self) -> None:
        if self._current is None:
            return
        start = documents_folder() / (self._current.name + TEMPLATE_SUFFIX)
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export the Template"), str(start),
                                              TEMPLATE_FILTER)
        if name:
            self.export_file(Path(name))
