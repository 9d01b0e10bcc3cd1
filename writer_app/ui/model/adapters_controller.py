"""AdaptersController: the LoRA adapters of the model in use, checked, applied, remembered.

Adapters are remembered per model file in the settings, on or off with their scale, and
what is remembered is what the engine accepted: a change the engine refuses is undone in
the dialog, with the reason. Switching an adapter on or off or changing its scale does not
load the model again (the engine sets them on its context); loading a model applies its
switched-on adapters, leaving out, with a warning, any that no longer fit or exist.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from writer_app.core.errors import ModelFileError
from writer_app.core.i18n import message_of
from writer_app.core.models.adapters import (
    Adapter,
    AdapterError,
    SavedAdapter,
    check_adapter,
    enabled,
    saved_for,
    with_saved,
)
from writer_app.core.models.gguf_header import inspect_gguf
from writer_app.core.protocol import ModelInfo
from writer_app.core.sources.names import display_name
from writer_app.qt.engine_service import EngineService, LoadJob
from writer_app.qt.messages import Level, MessageBridge
from writer_app.qt.preferences import Preferences
from writer_app.ui.common.core_text import translated
from writer_app.ui.model.adapters_dialog import AdaptersDialog


class AdaptersController(QObject):
    """Model ▸ Adapters…, and the adapters each model is loaded with."""

    def __init__(self, window: QWidget, service: EngineService, *,
                 preferences: Preferences, messages: MessageBridge) -> None:
        super().__init__(window)
        self._window = window
        self._service = service
        self._preferences = preferences
        self._messages = messages
        self._dialog: AdaptersDialog | None = None
        self._jobs: dict[LoadJob, tuple[SavedAdapter, ...]] = {}
        self._latest: LoadJob | None = None
        self.action = QAction(self.tr("&Adapters…"), self)
        self.action.setStatusTip(self.tr("Add LoRA adapters to the model, switch them on or "
                                         "off, and set how strongly each one applies"))
        self.action.triggered.connect(self.open_dialog)
        self.action.setEnabled(False)

    def update_action(self, loading: bool) -> None:
        """Adapters can be changed while a local model is loaded and nothing loads."""
        usable = self._service.engine.capabilities.adapters
        self.action.setEnabled(usable and not loading and self._service.model is not None)
        if not usable:
            self.action.setStatusTip(self.tr("A server's model takes no adapters from "
                                             "writer-app; use a local model for adapters"))

    def for_load(self, model_path: Path) -> tuple[Adapter, ...]:
        """The switched-on adapters of ``model_path`` that fit it; the others are switched
        off, and the writer is told why."""
        saved = saved_for(self._preferences.settings.adapters, str(model_path))
        if not any(adapter.enabled for adapter in saved):
            return ()
        try:
            base = inspect_gguf(model_path)
        except ModelFileError:
            return ()  # the load itself reports what is wrong with the model
        kept, refused = [], []
        for adapter in saved:
            try:
                if adapter.enabled:
                    check_adapter(adapter.path, base)
                kept.append(adapter)
            except AdapterError as exc:
                refused.append(translated(message_of(exc)))
                kept.append(dataclasses.replace(adapter, enabled=False))
        if refused:
            self._remember(str(model_path), tuple(kept))
            self._messages.alert(Level.WARNING, self.tr("Adapters switched off"),
                                 "\n\n".join(refused))
        return enabled(kept)

    def loaded(self, info: ModelInfo) -> None:
        """A model has loaded: adapters that were to be on but are not (llama.cpp refused
        one, and the model says why in its notice) are remembered as off."""
        saved = saved_for(self._preferences.settings.adapters, info.path)
        applied = {adapter.path for adapter in info.adapters}
        if any(adapter.enabled and adapter.path not in applied for adapter in saved):
            self._remember(info.path, tuple(dataclasses.replace(
                adapter, enabled=adapter.enabled and adapter.path in applied)
                for adapter in saved))

    def label(self, model: str, info: ModelInfo) -> str:
        """The model's label with the number of adapters that change it (a scale of 0
        changes nothing)."""
        count = sum(1 for adapter in info.adapters if adapter.scale != 0)
        if count == 0:
            return model
        return self.tr("{model} + %n adapters", "", count).format(model=model)

    @Slot()
    def open_dialog(self) -> AdaptersDialog | None:
        model = self._service.model
        if model is None:
            return None
        if self._dialog is not None:
            self._dialog.raise_()
            return self._dialog
        dialog = AdaptersDialog(display_name(model.path, model.name),
                                saved_for(self._preferences.settings.adapters, model.path),
                                self._window)
        dialog.file_chosen.connect(self._on_dialog_file_chosen)
        dialog.adapters_changed.connect(self._on_dialog_adapters_changed)
        dialog.finished.connect(self._on_dialog_finished)
        self._dialog = dialog
        dialog.open()
        return dialog

    def _remember(self, model: str, adapters: tuple[SavedAdapter, ...]) -> None:
        settings = self._preferences.settings
        self._preferences.change(settings.replace(
            adapters=with_saved(settings.adapters, model, adapters)))

    @Slot(Path)
    def _on_dialog_file_chosen(self, path: Path) -> None:
        model, dialog = self._service.model, self._dialog
        if model is None or dialog is None:
            return
        if any(Path(adapter.path) == path for adapter in dialog.adapters()):
            dialog.show_error(self.tr("{name} is already in the list.").format(name=path.name))
            return
        try:
            check_adapter(path, inspect_gguf(model.path))
        except (AdapterError, ModelFileError) as exc:
            dialog.show_error(translated(message_of(exc)))
            return
        self._apply((*dialog.adapters(), SavedAdapter(model.path, str(path))))

    @Slot(object)
    def _on_dialog_adapters_changed(self, adapters: tuple[SavedAdapter, ...]) -> None:
        self._apply(adapters)

    def _apply(self, adapters: tuple[SavedAdapter, ...]) -> None:
        # Earlier changes still in flight are not abandoned: the engine applies them in
        # turn, and each one is remembered when it has been applied.
        job = self._service.set_adapters(enabled(adapters))
        self._jobs[job] = adapters
        self._latest = job
        job.loaded.connect(self._on_job_loaded)
        job.failed.connect(self._on_job_failed)
        if self._dialog is not None:
            self._dialog.show_status(self.tr("Applying the adapters…"))

    def _finished_job(self) -> tuple[tuple[SavedAdapter, ...], bool]:
        """The adapters of the job that just ended, and whether it was the latest."""
        job = self.sender()
        adapters = self._jobs.pop(job, ()) if isinstance(job, LoadJob) else ()
        return adapters, job is self._latest

    @Slot(object)
    def _on_job_loaded(self, info: ModelInfo) -> None:
        adapters, latest = self._finished_job()
        self._remember(info.path, adapters)
        if self._dialog is not None and latest:
            if self._dialog.adapters() != adapters:
                self._dialog.show_adapters(adapters)
            self._dialog.show_status(self.tr("Applied: {model}").format(
                model=self.label(display_name(info.path, info.name), info)))

    @Slot(object)
    def _on_job_failed(self, message: str) -> None:
        _, latest = self._finished_job()
        model = self._service.model
        applied = saved_for(self._preferences.settings.adapters, model.path) if model else ()
        if not latest:
            return
        if self._dialog is None:
            self._messages.alert(Level.ERROR, self.tr("The adapters could not be applied"),
                                 translated(message))
            return
        self._dialog.show_adapters(applied)
        self._dialog.show_error(translated(message))

    @Slot(int)
    def _on_dialog_finished(self, _result: int) -> None:
        self._dialog = None
