"""Accessibility: every control of the window and its dialogs has a name a screen reader
can speak, a result that is ready is announced, and the panels are reached from the
keyboard."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QObject
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QAccessibleEvent,
    QAction,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.gui.conftest import Messages, idle
from tests.gui.test_window import select, set_text
from writer_app.core.documents.export import ExportFormat, PaperSize
from writer_app.core.documents.recovery import RecoveryStore
from writer_app.core.errors import EngineCrashedError
from writer_app.core.requests import RewriteStyle
from writer_app.core.sources.catalog import Catalog, CatalogModel
from writer_app.testing.fake_engine import FakeEngine
from writer_app.ui.common import accessibility
from writer_app.ui.compose.templates_dialog import TemplatesDialog
from writer_app.ui.document.export import ExportDialog
from writer_app.ui.document.recovery_dialog import RecoveryDialog
from writer_app.ui.main_window import MainWindow
from writer_app.ui.model.dialogs import DownloadRow
from writer_app.ui.settings_dialog import SettingsDialog

CONTROLS = (QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox, QAbstractSlider,
            QAbstractItemView, QTextEdit, QPlainTextEdit, QTabBar, QProgressBar)
"""The widgets a writer operates or reads a value from."""


def _inner(widget: QWidget) -> bool:
    """A part of another control that a screen reader hears as that control: the field of
    a spin box or a combo box and the list it pops up, a table's headers, a scroll bar,
    Qt's own title and scroll buttons."""
    parent = widget.parentWidget()
    return (isinstance(widget, QScrollBar) or widget.objectName().startswith("qt_")
            or isinstance(parent, QAbstractSpinBox | QComboBox | QTabBar | QScrollBar)
            or (isinstance(widget, QHeaderView) and isinstance(parent, QAbstractItemView))
            or (parent is not None
                and parent.metaObject().className() == "QComboBoxPrivateContainer"))


def spoken_names(widget: QWidget) -> list[str]:
    """What a screen reader says a control is called; for a tab bar, what it says each
    tab is called (Qt names the bar after its current tab)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    if interface is None:
        return [""]
    if isinstance(widget, QTabBar):
        return [interface.child(index).text(QAccessible.Text.Name)
                for index in range(widget.count())]
    return [interface.text(QAccessible.Text.Name)]


def unnamed(root: QWidget) -> list[str]:
    """The controls under ``root`` whose spoken name is empty, or only symbols or digits
    (◀, ✕, 42 %)."""
    found = []
    for widget in (root, *root.findChildren(QWidget)):
        if not isinstance(widget, CONTROLS) or _inner(widget):
            continue
        for name in spoken_names(widget):
            if not re.search(r"[^\W\d_]", name):
                found.append(f"{type(widget).__name__} {widget.objectName()!r} in "
                             f"{type(widget.parentWidget()).__name__}: {name!r}")
    return found


def _catalog() -> Catalog:
    return Catalog((CatalogModel("tiny-chat", "Tiny Chat (test)", "test/tiny", "Q8_0", 0.0001,
                                 1000, 0.1, "Apache-2.0", ("English", "Chinese"), "A test.",
                                 file_hint="tiny.gguf"),), "tiny-chat")


def _dialogs(window: MainWindow, tmp_path: Path) -> Iterator[QDialog]:
    yield SettingsDialog(window.preferences.settings, window)
    yield window.compose_from_brief()
    yield TemplatesDialog(tmp_path / "data", window)
    yield window.models.show_welcome(_catalog())
    yield window.models.open_model_manager(_catalog())
    yield window.models.open_servers()
    adapters = window.models.adapters.open_dialog()
    if adapters is not None:
        yield adapters
    yield ExportDialog(tmp_path / "draft.docx", PaperSize.A4, window)
    (tmp_path / "recovery").mkdir()
    (tmp_path / "recovery" / "a.json").write_text(
        '{"key": "a", "path": "/docs/story.txt", "encoding": "utf-8", "newline": "\\n", '
        '"pid": 4194307, "session": "old", "started": 1.0, "saved_at": 1795000001.0, '
        '"text": "short"}', encoding="utf-8")
    yield RecoveryDialog(RecoveryStore(tmp_path / "recovery").orphans(), window)
    yield window.provenance.show_report()
    yield window.menu_bar.show_shortcuts()


def test_every_control_has_a_spoken_name(fake_window: MainWindow, qtbot: QtBot,
                                         tmp_path: Path) -> None:
    window = fake_window
    window.find_bar.show()
    found = {"MainWindow": unnamed(window),
             "DownloadRow": unnamed(DownloadRow(window.downloads, model=_catalog().models[0],
                                                parent=window))}
    for dialog in _dialogs(window, tmp_path):
        found[type(dialog).__name__] = unnamed(dialog)
        dialog.close()
    missing = {where: names for where, names in found.items() if names}
    assert not missing, "\n".join(f"{where}:\n  " + "\n  ".join(names)
                                  for where, names in missing.items())


def test_the_panels_keep_their_names_with_results_and_drafts(fake_window: MainWindow,
                                                             qtbot: QtBot) -> None:
    """Drafts, earlier results and the History's draft tabs come with results."""
    window = fake_window
    window.preferences.change(window.preferences.settings.replace(
        continue_drafts=2, rewrite_drafts=2))
    set_text(window, "It rained all day.")
    window.assistant.continue_writing()
    idle(qtbot, window)
    window.assistant.continue_panel.retry_requested.emit()
    idle(qtbot, window)
    select(window, 0, len("It rained all day."))
    window.assistant.rewrite(style=RewriteStyle.CASUAL)
    idle(qtbot, window)
    window.history.dock.show()
    assert len(window.assistant.continue_panel.drafts) == 2
    assert spoken_names(window.assistant.continue_panel.drafts.view(1)) == ["Draft 2"]
    back = window.assistant.continue_panel.back_button
    assert spoken_names(back) == ["Previous result"]
    assert QAccessible.queryAccessibleInterface(back).text(QAccessible.Text.Description) == (
        "The result before this one (this is 2 of 2)")
    assert window.history.panel.drafts_bar.count() == 2
    assert unnamed(window) == []


def test_names_are_said_in_the_interface_language(chinese: None,
                                                  fake_window: MainWindow) -> None:
    assert spoken_names(fake_window.assistant.continue_panel.back_button) == ["上一个结果"]
    assert spoken_names(fake_window.find_bar.find_field) == ["查找"]
    assert unnamed(fake_window) == []


# Announcements ----------------------------------------------------------------------------

Heard = list[tuple[str, QObject]]


@pytest.fixture
def heard(monkeypatch: pytest.MonkeyPatch) -> Heard:
    """The announcements the app sends to a screen reader, and the object each is from.

    PySide6 cannot install a handler for Qt's accessibility updates, so the one function
    every update goes through keeps the announcement events it is given."""
    events: Heard = []

    def update(event: QAccessibleEvent) -> None:
        if isinstance(event, QAccessibleAnnouncementEvent):
            assert event.type() is QAccessible.Event.Announcement
            events.append((event.message(), event.object()))

    monkeypatch.setattr(QAccessible, "updateAccessibility", staticmethod(update))
    return events


def test_a_continue_into_the_text_is_announced_once_it_is_in(
        fake_window: MainWindow, qtbot: QtBot, heard: Heard) -> None:
    set_text(fake_window, "Start. ")
    fake_window.assistant.continue_writing()
    idle(qtbot, fake_window)
    assert heard == [("The continuation is in the document.", fake_window.editor)]


def test_a_summary_and_a_rewrite_are_announced_from_their_panels(
        fake_window: MainWindow, qtbot: QtBot, heard: Heard) -> None:
    assistant = fake_window.assistant
    set_text(fake_window, "It rained all day. The roads flooded.")
    assistant.summarize()
    idle(qtbot, fake_window)
    select(fake_window, 0, len("It rained all day."))
    assistant.rewrite(style=RewriteStyle.CASUAL)
    idle(qtbot, fake_window)
    assert heard == [
        ("The summary is ready in the Assistant panel.", assistant.summary_panel),
        ("The rewrite is ready for review in the Assistant panel.", assistant.rewrite_panel)]


def test_a_result_cut_at_the_maximum_length_says_so(
        fake_window: MainWindow, qtbot: QtBot, heard: Heard) -> None:
    settings = fake_window.preferences.settings
    fake_window.preferences.change(settings.replace(
        sampling=dataclasses.replace(settings.sampling, max_tokens=2)))
    set_text(fake_window, "Start. ")
    fake_window.assistant.continue_writing()
    idle(qtbot, fake_window)
    [(text, _)] = heard
    assert text.startswith("The continuation is in the document. Stopped at the maximum")


def test_a_run_that_fails_or_writes_nothing_announces_no_result(
        fake_window: MainWindow, fake: FakeEngine, qtbot: QtBot, heard: Heard,
        messages: Messages) -> None:
    fake.chunks = []
    set_text(fake_window, "Start. ")
    fake_window.assistant.continue_writing()
    idle(qtbot, fake_window)
    fake.chunks = ["More."]
    fake.fail_next = EngineCrashedError("The writing engine stopped unexpectedly.")
    fake_window.assistant.continue_writing()
    idle(qtbot, fake_window)
    assert "stopped unexpectedly" in messages.texts()
    assert heard == []


def test_an_export_is_announced_when_it_is_written(
        fake_window: MainWindow, qtbot: QtBot, tmp_path: Path, heard: Heard) -> None:
    set_text(fake_window, "A short text.")
    job = fake_window.export.export_to(tmp_path / "draft.txt", ExportFormat.TEXT)
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=10_000):
        pass
    assert heard == [(f"Exported to {tmp_path / 'draft.txt'}.", fake_window)]


def test_without_announcements_in_qt_nothing_is_sent(
        qtbot: QtBot, heard: Heard, monkeypatch: pytest.MonkeyPatch) -> None:
    label = QLabel("result")
    qtbot.addWidget(label)
    accessibility.announce(label, "Ready.")
    monkeypatch.delattr(QtGui, "QAccessibleAnnouncementEvent")
    accessibility.announce(label, "Ready again.")
    assert [text for text, _ in heard] == ["Ready."]


# The keyboard ------------------------------------------------------------------------------

def _active(qtbot: QtBot, window: MainWindow) -> MainWindow:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.editor.setFocus()
    qtbot.waitUntil(window.editor.hasFocus)
    return window


def _press(qtbot: QtBot, window: MainWindow, keys: str) -> None:
    """Press ``keys`` where the keys are now, as a writer would."""
    sequence = QKeySequence(keys)[0]
    qtbot.keyClick(QApplication.focusWidget() or window, sequence.key(),
                   sequence.keyboardModifiers())


def test_the_panes_keys_are_their_own(fake_window: MainWindow) -> None:
    keys = [key.toString() for action in fake_window.findChildren(QAction)
            for key in action.shortcuts() if not key.isEmpty()]
    for own in ("Ctrl+Shift+A", "Ctrl+Shift+H", "Ctrl+Shift+E"):
        assert keys.count(own) == 1, own


@pytest.mark.parametrize(("keys", "panel"), [
    ("Ctrl+Shift+A", "assistant"), ("Ctrl+Shift+H", "history"), ("Ctrl+Shift+E", "notes")])
def test_each_panel_s_key_shows_it_with_the_keys_in_it_and_hides_it_again(
        qtbot: QtBot, fake_window: MainWindow, keys: str, panel: str) -> None:
    window = _active(qtbot, fake_window)
    dock = getattr(window, panel).dock
    _press(qtbot, window, keys)
    qtbot.waitUntil(lambda: dock.isAncestorOf(QApplication.focusWidget()))
    assert dock.isVisible()
    _press(qtbot, window, keys)
    qtbot.waitUntil(window.editor.hasFocus)
    assert not dock.isVisible()


def test_the_assistant_s_key_enters_its_result_and_tab_reaches_the_buttons(
        qtbot: QtBot, fake_window: MainWindow) -> None:
    """From the text, the Assistant's key puts the keys in the summary just written; Tab
    goes from it to its buttons in the order they are seen; the key again goes back."""
    window = _active(qtbot, fake_window)
    set_text(window, "It rained all day. The roads flooded.")
    window.assistant.summarize()
    idle(qtbot, window)
    window.assistant.dock.hide()
    panel = window.assistant.summary_panel
    _press(qtbot, window, "Ctrl+Shift+A")
    qtbot.waitUntil(panel.view.hasFocus)
    reached = []
    for _ in range(6):
        reached.append(QApplication.focusWidget())
        _press(qtbot, window, "Tab")
    in_order = [panel.view, panel.retry_button, panel.insert_button, panel.copy_button]
    assert [widget for widget in reached if widget in in_order] == in_order
    _press(qtbot, window, "Ctrl+Shift+A")
    qtbot.waitUntil(window.editor.hasFocus)
