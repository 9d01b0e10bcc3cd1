"""Model ▸ Models… ▸ Get models: the search field names the source in use, as it is
when the dialog opens and after another source is chosen in it."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests.gui.conftest import WindowFactory
from writer_app.core.settings import SOURCE_MIRROR, SOURCE_MODELSCOPE, Settings
from writer_app.testing.fake_engine import FakeEngine


def test_the_search_hint_names_the_source_in_use(qtbot: QtBot, make_window: WindowFactory,
                                                 unreachable_hub: str) -> None:
    window = make_window(FakeEngine(), Settings(
        work_offline=True, mirror_endpoint=unreachable_hub,
        modelscope_endpoint=unreachable_hub))
    manager = window.models.open_model_manager()
    field = manager.search_field
    assert "the Hugging Face Hub" in field.placeholderText()

    manager.offline.source_chosen.emit(SOURCE_MODELSCOPE)  # as its button does
    assert window.downloads.hub.modelscope
    assert "ModelScope" in field.placeholderText()
    assert "Hugging Face" not in field.placeholderText()
    assert "Hugging Face" not in field.accessibleName()

    manager.offline.source_chosen.emit(SOURCE_MIRROR)
    host = unreachable_hub.removeprefix("http://")
    assert f"the mirror {host}" in field.placeholderText()
    assert host in field.accessibleName()
    manager.reject()


def test_a_dialog_opened_on_modelscope_says_so(make_window: WindowFactory,
                                               unreachable_hub: str) -> None:
    window = make_window(FakeEngine(), Settings(model_source=SOURCE_MODELSCOPE,
                                                modelscope_endpoint=unreachable_hub))
    manager = window.models.open_model_manager()
    assert "repository name on ModelScope" in manager.search_field.placeholderText()
    manager.reject()
