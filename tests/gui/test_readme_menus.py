"""Every menu path the README names exists in the real window, spelled as it is there."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from tests.gui.conftest import WindowFactory
from writer_app.testing.fake_engine import FakeEngine

README = Path(__file__).resolve().parents[2] / "README.md"
PATH = re.compile(r"\*\*([^*]+ ▸ [^*]+)\*\*")
# The Chinese section names the menus as the Chinese interface spells them.
CJK = re.compile(r"[\u4e00-\u9fff]")
# "&File" in English, "文件(&F)" in Chinese: the accelerator is not part of the name.
ACCELERATOR = re.compile(r"\(&\w\)|&")


def readme_paths(chinese: bool = False) -> list[list[str]]:
    text = README.read_text(encoding="utf-8")
    # A path outside bold would escape this check: every one is written **Menu ▸ Item**.
    assert "▸" not in PATH.sub("", text), "a menu path in README.md is not in bold"
    return [match.split(" ▸ ") for match in PATH.findall(text)
            if bool(CJK.search(match)) == chinese]


def _title(action: QAction) -> str:
    return ACCELERATOR.sub("", action.text())


def walk(actions: list[QAction], path: list[str]) -> bool:
    found = next((a for a in actions if _title(a) == path[0]), None)
    if found is None:
        return False
    if len(path) == 1:
        return True
    submenu = found.menu()
    return isinstance(submenu, QMenu) and walk(submenu.actions(), path[1:])


def test_every_menu_path_in_the_readme_exists(make_window: WindowFactory) -> None:
    window = make_window(FakeEngine())
    paths = readme_paths()
    assert len(paths) >= 5
    missing = [" ▸ ".join(p) for p in paths if not walk(window.menuBar().actions(), p)]
    assert not missing, f"README.md names menu items the window does not have: {missing}"


def test_every_chinese_menu_path_in_the_readme_exists(chinese: None,
                                                     make_window: WindowFactory) -> None:
    window = make_window(FakeEngine())
    paths = readme_paths(chinese=True)
    assert paths
    missing = [" ▸ ".join(p) for p in paths if not walk(window.menuBar().actions(), p)]
    assert not missing, f"README.md names menu items the window does not have: {missing}"
