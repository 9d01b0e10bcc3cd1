"""Settings ▸ Engine ▸ Flash attention: what automatic came to here, and on or off by hand."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from writer_app.core.models.flash import (
    FlashChoice,
    FlashFigure,
    FlashMeasurement,
    FlashRates,
    FlashReason,
)
from writer_app.core.models.hardware import LayerPlan
from writer_app.core.models.load_settings import FlashAttention
from writer_app.core.protocol import ModelInfo
from writer_app.core.settings import Settings
from writer_app.ui.settings_dialog import SettingsDialog

MEASURED = FlashMeasurement(on=FlashRates(400, 80), off=FlashRates(300, 90), depth=900,
                            steps=8, seconds=1.6)


def model(choice: FlashChoice | None) -> ModelInfo:
    return ModelInfo(path="/models/tiny.gguf", name="Tiny", architecture="llama",
                     quantization="Q8_0", parameter_count=1, n_ctx=4096, n_ctx_train=4096,
                     has_chat_template=True, backend="CPU", gpu_layers=0, load_seconds=1.0,
                     layer_plan=LayerPlan(0, 3, ""), flash_attention=choice)


def automatic_label(qtbot: QtBot, choice: FlashChoice | None) -> str:
    dialog = SettingsDialog(Settings(), model=model(choice))
    qtbot.addWidget(dialog)
    return dialog.flash_attention.itemText(0)


@pytest.mark.parametrize(("choice", "label"), [
    (FlashChoice(FlashAttention.AUTO, False, FlashReason.MEASURED, MEASURED,
                 FlashFigure.WRITING, 0.125, False),
     "automatic (off: writes 12 % faster here)"),
    (FlashChoice(FlashAttention.AUTO, True, FlashReason.STORED, MEASURED,
                 FlashFigure.READING, 0.333, True),
     "automatic (on: reads 33 % faster here)"),
    (FlashChoice(FlashAttention.AUTO, False, FlashReason.STORED, MEASURED,
                 FlashFigure.TIE, 0.0, False),
     "automatic (off: on and off are as fast here)"),
    # Set on by hand: the label still says what automatic would do.
    (FlashChoice(FlashAttention.ON, True, FlashReason.SET, MEASURED,
                 FlashFigure.WRITING, 0.125, False),
     "automatic (off: writes 12 % faster here)"),
    (FlashChoice(FlashAttention.OFF, False, FlashReason.SET), "automatic (not measured yet)"),
    (FlashChoice(FlashAttention.AUTO, True, FlashReason.NEEDED, automatic=True),
     "automatic (on: the memory cache needs it)"),
    (FlashChoice(FlashAttention.AUTO, False, FlashReason.DEFAULT, automatic=False),
     "automatic (off: it could not be measured)"),
    (FlashChoice(FlashAttention.AUTO, False, FlashReason.STORED,
                 FlashMeasurement(on=FlashRates(0, 2), off=FlashRates(0, 2), depth=0,
                                  steps=0, seconds=0.2), automatic=False),
     "automatic (off: the model is too slow here to measure in a second or two)"),
    (None, "automatic (measured when a model loads)"),
])
def test_automatic_says_what_it_came_to_here(qtbot: QtBot, choice: FlashChoice | None,
                                             label: str) -> None:
    assert automatic_label(qtbot, choice) == label


def test_on_or_off_by_hand_is_kept_and_reaches_the_engine(qtbot: QtBot) -> None:
    dialog = SettingsDialog(Settings(flash_attention=FlashAttention.OFF))
    qtbot.addWidget(dialog)
    assert dialog.flash_attention.currentText() == "off"
    kept = dialog.result_settings()
    assert kept.load_settings("model.gguf").flash_attention is FlashAttention.OFF
    dialog.flash_attention.setCurrentIndex(dialog.flash_attention.findText("on"))
    assert dialog.result_settings().flash_attention is FlashAttention.ON
    dialog.restore_defaults()
    assert dialog.result_settings().flash_attention is FlashAttention.AUTO


def test_the_writing_page_says_what_several_drafts_cost_here(qtbot: QtBot) -> None:
    """The figure of the setting in use (here off's), from the measurement at the load."""
    measured = FlashMeasurement(on=FlashRates(400, 80, 2.96), off=FlashRates(300, 90, 2.18),
                                depth=900, steps=8, seconds=1.6)
    dialog = SettingsDialog(Settings(), model=model(FlashChoice(
        FlashAttention.AUTO, False, FlashReason.STORED, measured, FlashFigure.WRITING, 0.125,
        False)))
    qtbot.addWidget(dialog)
    assert dialog.drafts_cost.text() == "Here, 3 drafts take about 2.2 times as long as one."
    assert dialog.drafts_cost.parent() is not None


@pytest.mark.parametrize("choice", [
    None, FlashChoice(FlashAttention.OFF, False, FlashReason.SET),
    FlashChoice(FlashAttention.AUTO, False, FlashReason.STORED, MEASURED)])
def test_without_a_measurement_of_drafts_nothing_is_said(qtbot: QtBot,
                                                         choice: FlashChoice | None) -> None:
    dialog = SettingsDialog(Settings(), model=model(choice))
    qtbot.addWidget(dialog)
    assert dialog.drafts_cost.text() == ""
    assert dialog.drafts_cost.parent() is None
