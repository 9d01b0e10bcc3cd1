"""English plurals: the source texts are English, and their catalogue gives "%n" its forms."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import interface_language


@pytest.mark.parametrize("setting", ["en", "C", "fr"])
def test_one_token_and_two_tokens_read_as_english(qapp: QApplication, tmp_path: Path,
                                                  setting: str) -> None:
    """English, the C locale and a language without a catalogue of its own alike."""
    def notes_line(count: int) -> str:
        return QCoreApplication.translate("NotesPanel", "Notes: about %n token(s).", "",
                                          count)

    with interface_language(qapp, setting, tmp_path):
        assert notes_line(1) == "Notes: about 1 token."
        assert notes_line(2) == "Notes: about 2 tokens."
