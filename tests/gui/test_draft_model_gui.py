"""The draft model in Settings: offered where the catalog pairs it with the model in use and
the two fit in memory, off otherwise; once on, the model loads with it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.gui.conftest import WindowFactory, load
from writer_app.core.models.fit import Machine
from writer_app.core.paths import AppPaths
from writer_app.core.settings import Settings
from writer_app.testing.fake_engine import FakeEngine
from writer_app.ui.settings_dialog import SettingsDialog

GIB = 2**30
ROOMY = Machine(ram_total=64 * GIB, ram_available=48 * GIB)
SMALL = Machine(ram_total=4 * GIB, ram_available=2 * GIB)


def _qwen3_4b(folder: Path) -> Path:
    """Where a download of the catalog's Qwen3 4B lands (the file itself is not read)."""
    return folder / "ggml-org--Qwen3-4B-GGUF" / "Qwen3-4B-Q4_K_M.gguf"


def test_the_draft_model_is_offered_for_a_catalog_pair_that_fits(
        qtbot: QtBot, tmp_path: Path) -> None:
    dialog = SettingsDialog(Settings(model_path=str(_qwen3_4b(tmp_path))), machine=ROOMY)
    qtbot.addWidget(dialog)
    assert dialog.draft_model.isEnabled()
    assert not dialog.draft_model.isChecked()
    assert "Qwen3 0.6B" in dialog.draft_model.text()
    assert "downloaded" in dialog.draft_note.text()
    dialog.draft_model.setChecked(True)
    assert dialog.result_settings().draft_model


@pytest.mark.parametrize(("model", "machine", "reason"), [
    ("gemma-3-4b-it-Q4_K_M.gguf", ROOMY, "The catalog has no draft model for this model"),
    ("", ROOMY, "The catalog has no draft model for this model"),
    ("Qwen3-4B-Q4_K_M.gguf", SMALL, "more than this computer has free"),
])
def test_the_draft_model_is_off_without_a_pair_or_the_memory(
        qtbot: QtBot, tmp_path: Path, model: str, machine: Machine, reason: str) -> None:
    settings = Settings(model_path=str(tmp_path / model) if model else "", draft_model=True)
    dialog = SettingsDialog(settings, machine=machine)
    qtbot.addWidget(dialog)
    assert not dialog.draft_model.isEnabled()
    assert not dialog.draft_model.isChecked()
    assert reason in dialog.draft_note.text()
    # The choice is kept for a model that has a draft.
    assert dialog.result_settings().draft_model


def test_the_model_loads_with_its_downloaded_draft_model(
        make_window: WindowFactory, qtbot: QtBot, tiny_model: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Machine, "current", classmethod(lambda cls, vram_free=0: ROOMY))
    models_dir = AppPaths.default().models_dir
    target = _qwen3_4b(models_dir)
    draft = models_dir / "ggml-org--Qwen3-0.6B-GGUF" / "Qwen3-0.6B-Q8_0.gguf"
    for path in (target, draft):
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(tiny_model, path)
    fake = FakeEngine()
    window = make_window(fake, Settings(rewrite_drafts=1, draft_model=True))
    load(qtbot, window, target)
    assert fake.loads[-1].draft_model_path == str(draft)
    assert "Draft model: Qwen3-0.6B-Q8_0.gguf" in window.models.model_label.toolTip()

    window.preferences.change(window.preferences.settings.replace(draft_model=False))
    window.models.reload()
    qtbot.waitUntil(lambda: len(fake.loads) == 2)
    assert fake.loads[-1].draft_model_path == ""
    qtbot.waitUntil(lambda: "Draft model" not in window.models.model_label.toolTip())
