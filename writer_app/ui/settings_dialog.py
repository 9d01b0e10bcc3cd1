"""The Settings dialog: sampling, length, stop sequences and engine options."""

from __future__ import annotations

import os

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.actions import SamplingSettings
from writer_app.core.settings import Settings


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


class SettingsDialog(QDialog):
    """Edits a copy of the settings; ``result_settings()`` gives the edited copy."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self._settings = settings
        self.temperature = _double(0, 0, 2, 0.05)
        self.top_p = _double(0, 0, 1, 0.01)
        self.top_k = _integer(0, 0, 1000, "off")
        self.min_p = _double(0, 0, 1, 0.01)
        self.repeat_penalty = _double(0, 0.5, 2, 0.05)
        self.seed = _integer(0, -1, 2**31 - 1, "random")
        self.max_tokens = _integer(0, 1, 32768)
        self.stop = QLineEdit()
        self.stop.setPlaceholderText(r"e.g. \n\n, THE END  (comma separated; \n is a newline)")
        self.n_ctx = _integer(0, 256, 262144)
        self.n_ctx.setSingleStep(1024)
        self.threads = _integer(0, 0, os.cpu_count() or 64, "automatic")
        self.gpu_layers = _integer(0, -1, 999, "all")

        sampling = QGroupBox("Writing")
        form = QFormLayout(sampling)
        form.addRow("Temperature:", self.temperature)
        form.addRow("Top-p:", self.top_p)
        form.addRow("Top-k:", self.top_k)
        form.addRow("Min-p:", self.min_p)
        form.addRow("Repeat penalty:", self.repeat_penalty)
        form.addRow("Seed:", self.seed)
        form.addRow("Maximum length (tokens):", self.max_tokens)
        form.addRow("Stop sequences:", self.stop)
        engine = QGroupBox("Engine (applies when the model is next loaded)")
        form = QFormLayout(engine)
        form.addRow("Context size (tokens):", self.n_ctx)
        form.addRow("Threads:", self.threads)
        form.addRow("GPU layers:", self.gpu_layers)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        restore = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        restore.clicked.connect(self.restore_defaults)
        layout = QVBoxLayout(self)
        layout.addWidget(sampling)
        layout.addWidget(engine)
        layout.addWidget(buttons)
        self._show(settings)

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
        self.n_ctx.setValue(settings.n_ctx)
        self.threads.setValue(settings.threads)
        self.gpu_layers.setValue(settings.gpu_layers)

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
        return self._settings.replace(
            sampling=sampling, n_ctx=self.n_ctx.value(), threads=self.threads.value(),
            gpu_layers=self.gpu_layers.value(),
        )
