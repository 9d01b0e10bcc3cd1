"""The Settings dialog: writing, engine, hardware, Hub and language pages."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QLocale, Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.models.cpu import default_threads
from writer_app.core.models.fit import Machine
from writer_app.core.models.flash import MEASURED_DRAFTS, FlashChoice, FlashFigure, FlashReason
from writer_app.core.models.hardware import AUTO_LAYERS
from writer_app.core.models.load_settings import FlashAttention, KvCacheType
from writer_app.core.paths import AppPaths
from writer_app.core.protocol import BackendInfo, ModelInfo
from writer_app.core.requests import MAX_DRAFTS, ContinueLength, ContinueMode, SamplingSettings
from writer_app.core.settings import SOURCE_HUB, SOURCE_MIRROR, SOURCE_MODELSCOPE, Settings
from writer_app.core.sources.catalog import Catalog, load_catalog
from writer_app.core.sources.drafts import DraftOffer, draft_offer
from writer_app.core.sources.names import display_name
from writer_app.core.spelling import (
    SPELLING_AUTO,
    SPELLING_OFF,
    Dictionaries,
    default_language,
    load_dictionaries,
)
from writer_app.core.text.units import CountRule
from writer_app.ui.common.core_text import translated
from writer_app.ui.common.language import LANGUAGES
from writer_app.ui.common.quantities import data_size, memory_text, placement_text
from writer_app.ui.editor.spelling import language_name


def _double(value: float, low: float, high: float, step: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setDecimals(2)
    box.setValue(value)
    return box


def _integer(value: int, low: int, high: int, special: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    if special:
        box.setSpecialValueText(special)
    return box


def _choice(items: list[tuple[str, str]]) -> QComboBox:
    box = QComboBox()
    for label, value in items:
        box.addItem(label, value)
    return box


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _form_page() -> tuple[QWidget, QFormLayout]:
    """A page for a form, with a stretch below it: the spare height goes below the rows,
    not into the wrapped labels' rows, and those keep the height of their lines."""
    page = QWidget()
    form = QFormLayout()
    outer = QVBoxLayout(page)
    outer.addLayout(form)
    outer.addStretch(1)
    return page, form


class SettingsDialog(QDialog):
    """Edits a copy of the settings; ``result_settings()`` gives the edited copy.

    ``backend`` (what the engine found) and ``model`` (what is loaded) fill the Hardware
    page; without them it says the engine has not answered yet. ``dictionaries`` are the
    spelling dictionaries to choose from (by default, Enchant's). ``models_dir`` is the
    default models folder, where downloads go unless another folder is chosen. The draft
    model is offered from ``catalog`` where it fits in ``machine``'s memory (by default,
    the catalog shipped and this computer).
    """

    def __init__(self, settings: Settings, parent: QWidget | None = None,
                 token: str = "", *, backend: BackendInfo | None = None,
                 model: ModelInfo | None = None,
                 dictionaries: Dictionaries | None = None,
                 models_dir: Path | None = None, catalog: Catalog | None = None,
                 machine: Machine | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self._settings = settings
        self._models_dir = models_dir or AppPaths.default().models_dir
        self._make_spelling_fields(dictionaries or load_dictionaries(), settings)
        self._make_download_fields(token)
        self.temperature = _double(0, 0, 2, 0.05)
        self.top_p = _double(0, 0, 1, 0.01)
        self.top_k = _integer(0, 0, 1000, self.tr("off"))
        self.min_p = _double(0, 0, 1, 0.01)
        self.repeat_penalty = _double(0, 0.5, 2, 0.05)
        self.seed = _integer(0, -1, 2**31 - 1, self.tr("random"))
        self.max_tokens = _integer(0, 1, 32768)
        self.stop = QLineEdit()
        self.continue_length = _choice([(translated(length.label), length.value)
                                        for length in ContinueLength])
        self.continue_mode = _choice([(self._mode_label(mode), mode.value)
                                      for mode in ContinueMode])
        self.language = _choice([(self.tr("System"), ""), *LANGUAGES])
        self.continue_mode.setToolTip(self.tr(
            "Completion: the model goes on from the document's last words, as a base model "
            "does.\nChat: the model's chat template, with its answer started by the "
            "document's last words.\nAutomatic: whichever of the two works better for "
            "the model."))
        self._build_choice_fields(model)
        self.suggestion_pause = _integer(0, 100, 10_000)
        self.suggestion_pause.setSuffix(self.tr(" ms"))
        self.suggestion_pause.setSingleStep(100)
        self.suggestion_pause.setToolTip(self.tr(
            "How long you pause typing before an inline suggestion is asked for "
            "(Assist ▸ Inline Suggestions)."))
        self.stop.setPlaceholderText(
            self.tr(r"e.g. \n\n, THE END  (comma separated; \n is a newline)"))
        self.n_ctx = _integer(0, 256, 262144)
        self.n_ctx.setSingleStep(1024)
        self.threads = _integer(0, 0, os.cpu_count() or 64, self.tr("automatic ({count})").format(
            count=default_threads()))
        self.threads.setToolTip(self.tr(
            "Automatic: one thread per performance core of this computer, for generating and "
            "for reading the prompt."))
        self.kv_cache = _choice([
            (self.tr("f16: full quality"), KvCacheType.F16.value),
            (self.tr("q8_0: about half the memory"), KvCacheType.Q8_0.value),
            (self.tr("q4_0: about a quarter of the memory, lower quality"),
             KvCacheType.Q4_0.value)])
        self.kv_cache.setToolTip(self.tr(
            "How the model's memory of the text it has read (the KV cache) is stored. A "
            "smaller cache lets a long context fit in less memory; the model may write a "
            "little worse."))
        self.flash_attention = self._flash_field(model)
        self._make_draft_fields(settings, model, catalog or load_catalog(),
                                machine or Machine.current())
        self.gpu_layers = _integer(0, AUTO_LAYERS, 999, self.tr("auto"))
        self.gpu_layers.setToolTip(self.tr("auto: as many layers as fit in the GPU's free "
                                           "memory.\n0: the CPU only. A number: that many "
                                           "layers."))

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        restore = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        restore.clicked.connect(self.restore_defaults)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._writing_page(), self.tr("Writing"))
        self.tabs.addTab(self._engine_page(), self.tr("Engine"))
        self.tabs.addTab(self._hardware_page(backend, model), self.tr("Hardware"))
        self.tabs.addTab(self._hub_page(), self.tr("Hub"))
        self.tabs.addTab(self._general_page(), self.tr("General"))
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self._show(settings)

    def _flash_automatic(self, choice: FlashChoice | None) -> str:
        """'automatic (off: writes 12 % faster here)': what automatic comes to for the
        loaded model, and why."""
        if choice is None:
            return self.tr("automatic (measured when a model loads)")
        if choice.automatic is None:
            return self.tr("automatic (not measured yet)")
        if choice.reason is FlashReason.NEEDED:
            why = self.tr("{state}: the memory cache needs it")
        elif choice.measurement is None:
            why = self.tr("{state}: it could not be measured")
        elif not choice.measurement.deep_enough:
            why = self.tr("{state}: the model is too slow here to measure in a second or two")
        elif choice.figure is FlashFigure.WRITING:
            why = self.tr("{state}: writes {percent} % faster here")
        elif choice.figure is FlashFigure.READING:
            why = self.tr("{state}: reads {percent} % faster here")
        else:
            why = self.tr("{state}: on and off are as fast here")
        state = self.tr("on") if choice.automatic else self.tr("off")
        return self.tr("automatic ({why})").format(
            why=why.format(state=state, percent=round(choice.gain * 100)))

    def _drafts_cost(self, choice: FlashChoice | None) -> str:
        """What several drafts cost with the loaded model here, as measured when it first
        loaded; empty where that was not measured."""
        cost = choice.drafts_cost() if choice is not None else 0.0
        if cost <= 0:
            return ""
        return self.tr("Here, {count} drafts take about {times} times as long as one.").format(
            count=MEASURED_DRAFTS, times=QLocale().toString(cost, "f", 1))

    def _build_choice_fields(self, model: ModelInfo | None) -> None:
        """How many drafts to write, what they cost here, and whether to keep the model's
        other words."""
        self.continue_drafts = _integer(1, 1, MAX_DRAFTS)
        self.continue_drafts.setToolTip(self.tr(
            "With more than one, the drafts appear in the assistant panel and the one you "
            "pick goes in at the cursor."))
        self.rewrite_drafts = _integer(3, 1, MAX_DRAFTS)
        self.rewrite_drafts.setToolTip(self.tr(
            "With more than one, you pick the draft to review from the assistant panel."))
        self.drafts_cost = _wrapped(self._drafts_cost(model.flash_attention if model else None))
        self.drafts_cost.setToolTip(self.tr(
            "Measured with this model on this computer when it first loaded: several drafts "
            "written together, against one."))
        self.record_alternatives = QCheckBox(self.tr("Record word alternatives"))
        self.record_alternatives.setToolTip(self.tr(
            "After Continue Writing, Alt+Click a written word to see the other words the "
            "model considered there, and pick one."))
        self.label_ai_content = QCheckBox(self.tr("Label AI-written content in exported files"))
        self.label_ai_content.setToolTip(self.tr(
            "When a document holds text a language model wrote, exported files and "
            "formatted copies say so in their metadata: the share, writer-app and the "
            "model, and a content number (as the Chinese labelling measures and "
            "GB 45438-2025 ask). Plain text files and saves are never changed."))
        self.underline_uncertain = QCheckBox(self.tr("Underline uncertain words"))
        self.underline_uncertain.setToolTip(self.tr(
            "After Continue Writing, underline faintly the words the model was least sure "
            "of. The underline is never part of your text."))
        self.reopen_documents = QCheckBox(self.tr("Reopen the last documents on start"))
        self.reopen_documents.setToolTip(self.tr(
            "writer-app starts with the documents that were open when it closed, each at "
            "its cursor. Files named when it starts are opened instead."))
        self.count_rule = _choice([
            (self.tr("Words, 字 and full-width punctuation (as Word and WPS count)"),
             CountRule.WITH_PUNCTUATION.value),
            (self.tr("Words and 字 only, without punctuation"),
             CountRule.WITHOUT_PUNCTUATION.value)])
        self.count_rule.setToolTip(self.tr(
            "What the word count in the status bar and the goals count. Each Chinese "
            "character and kana counts as one; Korean and other languages with spaces count "
            "words. Full-width punctuation is 。，、“”《》 and the like."))

    def _writing_page(self) -> QWidget:
        page, form = _form_page()
        form.addRow(self.tr("Continue length:"), self.continue_length)
        form.addRow(self.tr("Continue prompt:"), self.continue_mode)
        form.addRow(self.tr("Drafts for Continue:"), self.continue_drafts)
        form.addRow(self.tr("Drafts for Rewrite:"), self.rewrite_drafts)
        if self.drafts_cost.text():
            form.addRow("", self.drafts_cost)
        form.addRow("", self.record_alternatives)
        form.addRow("", self.underline_uncertain)
        form.addRow(self.tr("Word count:"), self.count_rule)
        form.addRow("", self.label_ai_content)
        form.addRow(self.tr("Pause before a suggestion:"), self.suggestion_pause)
        form.addRow(self.tr("Temperature:"), self.temperature)
        form.addRow(self.tr("Top-p:"), self.top_p)
        form.addRow(self.tr("Top-k:"), self.top_k)
        form.addRow(self.tr("Min-p:"), self.min_p)
        form.addRow(self.tr("Repeat penalty:"), self.repeat_penalty)
        form.addRow(self.tr("Seed:"), self.seed)
        form.addRow(self.tr("Maximum length (tokens):"), self.max_tokens)
        form.addRow(self.tr("Stop sequences:"), self.stop)
        return page

    def _general_page(self) -> QWidget:
        """The interface's language, the spelling dictionary, and what opens on start."""
        page, form = _form_page()
        form.addRow(self.tr("Language:"), self.language)
        form.addRow("", _wrapped(self.tr("The language applies when writer-app is next "
                                         "started. System: the language of this computer.")))
        form.addRow(self.tr("Spelling:"), self.spelling)
        form.addRow("", self.spelling_note)
        form.addRow("", self.reopen_documents)
        return page

    def _make_spelling_fields(self, dictionaries: Dictionaries, settings: Settings) -> None:
        """The spelling dictionary to check with, and a line that says what is missing
        when there is none."""
        self._dictionaries = dictionaries
        languages = dictionaries.languages()
        automatic = default_language(QLocale().name(), languages)
        self.spelling = _choice([
            (self.tr("Automatic: {language}").format(language=language_name(automatic))
             if automatic else self.tr("Automatic: none"), SPELLING_AUTO),
            (self.tr("Off"), SPELLING_OFF),
            *((language_name(tag), tag) for tag in languages)])
        chosen = settings.spelling_language
        if chosen not in (SPELLING_AUTO, SPELLING_OFF, *languages):
            self.spelling.addItem(self.tr("{language} (not installed)").format(
                language=language_name(chosen)), chosen)
        self.spelling_note = _wrapped("")
        self.spelling.currentIndexChanged.connect(self._on_spelling_current_index_changed)

    @Slot()
    def _on_spelling_current_index_changed(self) -> None:
        chosen = self.spelling.currentData()
        languages = self._dictionaries.languages()
        if self._dictionaries.problem:
            note = translated(self._dictionaries.problem)
        elif chosen == SPELLING_OFF:
            note = self.tr("Nothing is checked.")
        elif chosen == SPELLING_AUTO and not default_language(QLocale().name(), languages):
            note = self.tr("There is no dictionary for the interface's language or for "
                           "English: choose one of the others.")
        elif chosen not in (SPELLING_AUTO, *languages):
            note = self.tr("The {language} dictionary is not installed: install it (the "
                           "hunspell-{code} package on Debian and Ubuntu) or choose another.") \
                .format(language=language_name(chosen),
                        code=chosen.lower().replace("_", "-"))
        else:
            note = self.tr("Misspelled words are underlined in red: right-click one for "
                           "suggestions, Add to Dictionary and Ignore. Chinese is not "
                           "checked.")
        self.spelling_note.setText(note)

    def _mode_label(self, mode: ContinueMode) -> str:
        labels = {ContinueMode.AUTO: self.tr("Automatic"),
                  ContinueMode.COMPLETION: self.tr("Completion"),
                  ContinueMode.CHAT: self.tr("Chat")}
        return labels[mode]

    def _engine_page(self) -> QWidget:
        page, form = _form_page()
        form.addRow(_wrapped(self.tr("These apply when the model is next loaded.")))
        form.addRow(self.tr("Context size (tokens):"), self.n_ctx)
        form.addRow(self.tr("Threads:"), self.threads)
        form.addRow(self.tr("Memory cache:"), self.kv_cache)
        form.addRow(self.tr("Flash attention:"), self.flash_attention)
        form.addRow(self.tr("Draft model:"), self.draft_model)
        form.addRow("", self.draft_note)
        return page

    def _flash_field(self, model: ModelInfo | None) -> QComboBox:
        field = _choice([
            (self._flash_automatic(model.flash_attention if model else None),
             FlashAttention.AUTO.value),
            (self.tr("on"), FlashAttention.ON.value), (self.tr("off"), FlashAttention.OFF.value)])
        field.setToolTip(self.tr(
            "Flash attention is another way for llama.cpp to weigh the text it has read: "
            "faster on some computers and slower on others. Automatic measures both the "
            "first time a model runs here, with these threads and this memory cache (a "
            "second or two while it loads), and keeps the faster. A q8_0 or q4_0 memory "
            "cache needs it on."))
        return field

    def _make_draft_fields(self, settings: Settings, model: ModelInfo | None,
                           catalog: Catalog, machine: Machine) -> None:
        """Whether a small model of the same vocabulary drafts for the model in use: only
        where the catalog pairs them and the two fit in memory."""
        path = model.path if model is not None else settings.model_path
        self._draft_offer: DraftOffer = draft_offer(path, catalog, settings.n_ctx, machine)
        draft = self._draft_offer.draft
        self.draft_model = QCheckBox(
            self.tr("Let {draft} draft for this model").format(draft=draft.name) if draft
            else self.tr("Let a draft model draft for this model"))
        self.draft_model.setEnabled(self._draft_offer.offered)
        if self._draft_offer.offered and draft is not None:
            note = self.tr(
                "{draft} guesses the next words and the model in use checks them all in one "
                "step, so Continue writes faster; every word is still the model's own "
                "choice. It takes about {memory} more memory, and is downloaded ({size}) the "
                "first time.").format(draft=draft.name,
                                      memory=memory_text(self._draft_offer.memory),
                                      size=data_size(draft.size_bytes))
        else:
            note = translated(self._draft_offer.reason)
        self.draft_note = _wrapped(note)

    def _hardware_page(self, backend: BackendInfo | None, model: ModelInfo | None) -> QWidget:
        page, form = _form_page()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.addRow(self.tr("GPU layers:"), self.gpu_layers)
        gpu_reason = backend.hardware.gpu_unavailable_reason() if backend is not None else ""
        if model is None:
            self.placement = _wrapped(self.tr("No model is loaded."))
        else:
            plan = model.layer_plan
            name = display_name(model.path, model.name)
            placement = self.tr("{name}: {placement}.") if plan.reason == gpu_reason else \
                self.tr("{name}: {placement}. {why}")
            self.placement = _wrapped(placement.format(
                name=name, placement=placement_text(model), why=translated(plan.reason)))
        form.addRow(self.tr("Model:"), self.placement)
        if backend is None:
            form.addRow(_wrapped(self.tr("The engine has not reported its hardware yet.")))
            return page
        hardware = backend.hardware
        form.addRow(self.tr("GPU:"), _wrapped(translated(gpu_reason or hardware.summary())))
        self.devices = QTreeWidget()
        self.devices.setHeaderLabels([self.tr("Device"), self.tr("Backend"), self.tr("Type"),
                                      self.tr("Free memory"), self.tr("Memory")])
        self.devices.setRootIsDecorated(False)
        for device in hardware.devices:
            QTreeWidgetItem(self.devices, [
                device.description or device.name, device.backend, device.kind.name,
                memory_text(device.memory_free), memory_text(device.memory_total)])
        for column in range(self.devices.columnCount()):
            self.devices.resizeColumnToContents(column)
        rows = max(1, len(hardware.devices))
        self.devices.setFixedHeight(self.devices.header().sizeHint().height()
                                    + rows * self.devices.sizeHintForRow(0)
                                    + 2 * self.devices.frameWidth() + 4)
        form.addRow(self.devices)
        form.addRow(self.tr("CPU features:"),
                    _wrapped(" ".join(hardware.cpu_features) or self.tr("unknown")))
        form.addRow(self.tr("llama.cpp:"), _wrapped(
            self.tr("llama-cpp-python {version}, backends: {backends}").format(
                version=backend.llama_cpp_python,
                backends=", ".join(hardware.backends) or self.tr("none"))))
        return page

    def _make_download_fields(self, token: str) -> None:
        self.source = _choice([(self.tr("Hugging Face Hub"), SOURCE_HUB),
                               (self.tr("A Hub mirror"), SOURCE_MIRROR),
                               (self.tr("ModelScope (魔搭)"), SOURCE_MODELSCOPE)])
        self.mirror = QLineEdit()
        self.mirror.setPlaceholderText(Settings().mirror_endpoint)
        self.endpoint = QLineEdit()
        self.endpoint.setPlaceholderText(self.tr("https://huggingface.co (or HF_ENDPOINT)"))
        self.proxy = QLineEdit()
        self.proxy.setPlaceholderText(
            self.tr("e.g. http://proxy.example:8080 (empty: system)"))
        self.token_field = QLineEdit(token)
        self.token_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_field.setPlaceholderText(self.tr("only for gated or private models"))
        self.offline = QCheckBox(self.tr("Work offline (no downloads, no Hub search)"))
        self.download_folder = QLineEdit()
        self.download_folder.setAccessibleName(self.tr("Download folder"))
        self.download_folder.setReadOnly(True)  # a folder picked with Choose…, always whole
        self.download_folder.setPlaceholderText(self.tr("the models folder: {folder}").format(
            folder=self._models_dir))
        self.download_folder.setToolTip(self.tr(
            "New downloads go here. Models downloaded before stay where they are and are "
            "still listed in Model ▸ Models…; an incomplete download resumes where it is."))
        self.choose_folder_button = QPushButton(self.tr("Choose…"))
        self.default_folder_button = QPushButton(self.tr("Default"))
        self.choose_folder_button.clicked.connect(self._on_choose_folder_button_clicked)
        self.default_folder_button.clicked.connect(self.download_folder.clear)
        self.other_apps = QCheckBox(self.tr(
            "List the models LM Studio and Ollama keep on this computer"))

    def _hub_page(self) -> QWidget:
        page, form = _form_page()
        form.addRow(_wrapped(self.tr("Used for downloads only; writing never uses the "
                                     "network.")))
        form.addRow(self.tr("Models from:"), self.source)
        form.addRow(self.tr("Mirror address:"), self.mirror)
        form.addRow(self.tr("Hub address:"), self.endpoint)
        form.addRow(self.tr("Proxy:"), self.proxy)
        form.addRow(self.tr("Access token:"), self.token_field)
        form.addRow(self.offline)
        folder = QHBoxLayout()
        folder.addWidget(self.download_folder, 1)
        folder.addWidget(self.choose_folder_button)
        folder.addWidget(self.default_folder_button)
        form.addRow(self.tr("Download folder:"), folder)
        form.addRow(self.other_apps)
        self.source.currentIndexChanged.connect(self._on_source_current_index_changed)
        return page

    @Slot()
    def _on_choose_folder_button_clicked(self) -> None:
        start = self.download_folder.text().strip() or str(self._models_dir)
        name = QFileDialog.getExistingDirectory(self, self.tr("Download Folder"), start)
        if name:
            self.download_folder.setText(name)

    @Slot()
    def _on_source_current_index_changed(self) -> None:
        """Only the address of the source in use can be edited, so the page never shows
        a mirror's address beside the Hub as the source."""
        source = self.source.currentData()
        self.mirror.setEnabled(source == SOURCE_MIRROR)
        self.endpoint.setEnabled(source == SOURCE_HUB)

    def _show(self, settings: Settings) -> None:
        sampling = settings.sampling
        self.temperature.setValue(sampling.temperature)
        self.top_p.setValue(sampling.top_p)
        self.top_k.setValue(sampling.top_k)
        self.min_p.setValue(sampling.min_p)
        self.repeat_penalty.setValue(sampling.repeat_penalty)
        self.seed.setValue(sampling.seed)
        self.max_tokens.setValue(sampling.max_tokens)
        self.stop.setText(", ".join(s.replace("\n", r"\n") for s in sampling.stop))
        self.continue_length.setCurrentIndex(
            self.continue_length.findData(settings.continue_length.value))
        self.continue_mode.setCurrentIndex(
            self.continue_mode.findData(settings.continue_mode.value))
        self.suggestion_pause.setValue(settings.suggestion_pause_ms)
        self.continue_drafts.setValue(settings.continue_drafts)
        self.rewrite_drafts.setValue(settings.rewrite_drafts)
        self.record_alternatives.setChecked(settings.record_alternatives)
        self.underline_uncertain.setChecked(settings.underline_uncertain)
        self.reopen_documents.setChecked(settings.reopen_documents)
        self.count_rule.setCurrentIndex(self.count_rule.findData(settings.count_rule.value))
        self.label_ai_content.setChecked(settings.label_ai_content)
        self.n_ctx.setValue(settings.n_ctx)
        self.threads.setValue(settings.threads)
        self.kv_cache.setCurrentIndex(self.kv_cache.findData(settings.kv_cache.value))
        self.flash_attention.setCurrentIndex(
            self.flash_attention.findData(settings.flash_attention.value))
        self.draft_model.setChecked(settings.draft_model and self._draft_offer.offered)
        self.gpu_layers.setValue(settings.gpu_layers)
        self.endpoint.setText(settings.hub_endpoint)
        self.source.setCurrentIndex(max(0, self.source.findData(settings.model_source)))
        self.mirror.setText(settings.mirror_endpoint)
        self._on_source_current_index_changed()
        self.proxy.setText(settings.hub_proxy)
        self.offline.setChecked(settings.work_offline)
        self.download_folder.setText(settings.download_folder)
        self.other_apps.setChecked(settings.find_other_apps_models)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.spelling.setCurrentIndex(max(0, self.spelling.findData(settings.spelling_language)))
        self._on_spelling_current_index_changed()

    def restore_defaults(self) -> None:
        """Show the default values (the model and recent files are kept)."""
        self._show(Settings())

    def result_settings(self) -> Settings:
        stops = tuple(s.strip().replace(r"\n", "\n") for s in self.stop.text().split(","))
        sampling = SamplingSettings(
            temperature=self.temperature.value(), top_p=self.top_p.value(),
            top_k=self.top_k.value(), min_p=self.min_p.value(),
            repeat_penalty=self.repeat_penalty.value(), seed=self.seed.value(),
            max_tokens=self.max_tokens.value(), stop=tuple(s for s in stops if s),
        )
        return self._settings.with_download_folder(
            self.download_folder.text().strip(), self._models_dir).replace(
            sampling=sampling, n_ctx=self.n_ctx.value(), threads=self.threads.value(),
            gpu_layers=self.gpu_layers.value(), hub_endpoint=self.endpoint.text().strip(),
            model_source=self.source.currentData(),
            mirror_endpoint=self.mirror.text().strip() or Settings().mirror_endpoint,
            continue_length=ContinueLength(self.continue_length.currentData()),
            continue_mode=ContinueMode(self.continue_mode.currentData()),
            suggestion_pause_ms=self.suggestion_pause.value(),
            continue_drafts=self.continue_drafts.value(),
            rewrite_drafts=self.rewrite_drafts.value(),
            record_alternatives=self.record_alternatives.isChecked(),
            kv_cache=KvCacheType(self.kv_cache.currentData()),
            flash_attention=FlashAttention(self.flash_attention.currentData()),
            # Kept as it was where this model has no draft: it applies to the next one.
            draft_model=(self.draft_model.isChecked() if self._draft_offer.offered
                         else self._settings.draft_model),
            underline_uncertain=self.underline_uncertain.isChecked(),
            reopen_documents=self.reopen_documents.isChecked(),
            count_rule=CountRule(self.count_rule.currentData()),
            label_ai_content=self.label_ai_content.isChecked(),
            hub_proxy=self.proxy.text().strip(), work_offline=self.offline.isChecked(),
            language=self.language.currentData(),
            spelling_language=self.spelling.currentData(),
            find_other_apps_models=self.other_apps.isChecked(),
        )

    def token(self) -> str:
        """The access token as typed (kept apart from the settings file)."""
        return self.token_field.text().strip()
