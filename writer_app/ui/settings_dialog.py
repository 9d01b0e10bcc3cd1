"""The Settings dialog: sampling, length, stop sequences and engine options."""

from __future__ import annotations

import os

from PySide6.QtWidgets import (
    QCheckBox,
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

    def __init__(self, settings: Settings, parent: QWidget | None = None,
                 token: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self._settings = settings
        self.endpoint = QLineEdit()
        self.endpoint.setPlaceholderText("https://huggingface.co (or HF_ENDPOINT)")
        self.proxy = QLineEdit()
        self.proxy.setPlaceholderText("e.g. http://proxy.example:8080 (empty: system)")
        self.token_field = QLineEdit(token)
        self.token_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_field.setPlaceholderText("only for gated or private models")
        self.offline = QCheckBox("Work offline (no downloads, no Hub search)")
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

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        restore = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        restore.clicked.connect(self.restore_defaults)
        layout = QVBoxLayout(self)
        layout.addWidget(self._writing_group())
        layout.addWidget(self._engine_group())
        layout.addWidget(self._hub_group())
        layout.addWidget(buttons)
        self._show(settings)

    def _writing_group(self) -> QGroupBox:
        group = QGroupBox("Writing")
        form = QFormLayout(group)
        form.addRow("Temperature:", self.temperature)
        form.addRow("Top-p:", self.top_p)
        form.addRow("Top-k:", self.top_k)
        form.addRow("Min-p:", self.min_p)
        form.addRow("Repeat penalty:", self.repeat_penalty)
        form.addRow("Seed:", self.seed)
        form.addRow("Maximum length (tokens):", self.max_tokens)
        form.addRow("Stop sequences:", self.stop)
        return group

    def _engine_group(self) -> QGroupBox:
        group = QGroupBox("Engine (applies when the model is next loaded)")
        form = QFormLayout(group)
        form.addRow("Context size (tokens):", self.n_ctx)
        form.addRow("Threads:", self.threads)
        form.addRow("GPU layers:", self.gpu_layers)
        return group

    def _hub_group(self) -> QGroupBox:
        group = QGroupBox("Hugging Face Hub (downloads only; writing never uses the network)")
        form = QFormLayout(group)
        form.addRow("Mirror endpoint:", self.endpoint)
        form.addRow("Proxy:", self.proxy)
        form.addRow("Access token:", self.token_field)
        form.addRow(self.offline)
        return group

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
        self.endpoint.setText(settings.hub_endpoint)
        self.proxy.setText(settings.hub_proxy)
        self.offline.setChecked(settings.work_offline)

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
            gpu_layers=self.gpu_layers.value(), hub_endpoint=self.endpoint.text().strip(),
            hub_proxy=self.proxy.text().strip(), work_offline=self.offline.isChecked(),
        )

    def token(self) -> str:
        """The access token as typed (kept apart from the settings file)."""
        return self.token_field.text().strip()
