"""The window never loses or silently changes the writer's text: the adversarial cases."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Sequence
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from tests.gui.conftest import Messages, WindowFactory
from writer_app.core.paths import AppPaths
from writer_app.testing.fake_engine import FakeEngine
from writer_app.ui.common import message_boxes
from writer_app.ui.common.places import documents_folder
from writer_app.ui.document import controller as document_controller
from writer_app.ui.main_window import MainWindow


class Questions:
    """Questions the window asked, answered from a queue (or with a default)."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, Sequence[str]]] = []
        self.answers: list[str] = []
        self.default = ""

    def __call__(self, _parent: object, title: str, text: str, choices: Sequence[str]) -> str:
        self.asked.append((f"{title}: {text}", choices))
        return self.answers.pop(0) if self.answers else self.default

    def texts(self) -> str:
        return "\n".join(text for text, _ in self.asked)


@pytest.fixture
def questions(monkeypatch: pytest.MonkeyPatch) -> Questions:
    asked = Questions()
    monkeypatch.setattr(message_boxes, "ask", asked)
    return asked


def _left_by_a_crash(app_home: Path, text: str, path: Path | None = None) -> Path:
    """A recovery record ``dead.json`` of a session that is gone; returns its folder."""
    folder = app_home / "state" / "recovery"
    folder.mkdir(parents=True)
    (folder / "dead.json").write_text(json.dumps({
        "key": "dead", "path": str(path or ""), "text": text, "encoding": "utf-8",
        "newline": "\n", "saved_at": 1795000000.0, "pid": 2**22 + 5}), encoding="utf-8")
    return folder


BIG_TEXT = "a line of the big file\n" * 60_000
"""Over a million characters: opened a slice at a time."""


def _big_file(folder: Path) -> Path:
    path = folder / "big.txt"
    path.write_text(BIG_TEXT, encoding="utf-8")
    return path


def _end(window: MainWindow) -> None:
    cursor = window.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    window.editor.setTextCursor(cursor)


def test_restoring_while_a_large_file_loads_keeps_the_restored_text(
        qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, app_home: Path) -> None:
    big = _big_file(tmp_path)
    notes = tmp_path / "notes.txt"
    notes.write_text("old\n", encoding="utf-8")
    _left_by_a_crash(app_home, "The restored paragraph.\n", notes)
    window = make_window(FakeEngine())
    dialog = window.documents.offer_recovery()
    assert dialog is not None
    assert window.documents.open_path(big, ask=False) and window.documents.is_loading()
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: not window.documents.is_loading(), timeout=60_000)
    # The large file went in a slice per turn of the event loop: one more turn would have
    # brought the next slice, had its loading gone on.
    with qtbot.waitCallback() as turned:
        QTimer.singleShot(0, turned)
    assert window.editor.toPlainText() == "The restored paragraph.\n"
    assert window.isWindowModified() and window.documents.path == notes
    window.documents.autosave()
    [record] = window.documents.recovery.folder.glob("*.json")
    assert "The restored paragraph." in record.read_text(encoding="utf-8")
    assert window.documents.save()
    assert notes.read_text(encoding="utf-8") == "The restored paragraph.\n"


def test_autosave_happens_while_typing_never_pauses(qtbot: QtBot,
                                                   make_window: WindowFactory) -> None:
    window = make_window(FakeEngine())
    typed: list[int] = []

    def type_one() -> None:
        window.editor.insertPlainText("a")
        typed.append(len(list(window.documents.recovery.folder.glob("*.json"))))

    typist = QTimer()
    typist.setInterval(50)  # faster than the autosave delay: it never runs out
    typist.timeout.connect(type_one)
    typist.start()
    qtbot.waitUntil(lambda: 1 in typed, timeout=20_000)
    qtbot.waitUntil(lambda: typed[-1] == 1 and len(typed) > typed.index(1) + 3)
    typist.stop()
    assert window.documents.recovery.folder.glob("*.json")


def test_nbsp_and_unicode_separators_survive_an_edited_save(
        qtbot: QtBot, make_window: WindowFactory, tmp_path: Path) -> None:
    original = "Prix\u00a0: 10\u00a0€ ; « citation »\u2028ligne\u2029paragraphe\nfin"
    path = tmp_path / "fr.txt"
    path.write_bytes(original.encode())
    window = make_window(FakeEngine())
    assert window.documents.open_path(path, ask=False)
    _end(window)
    window.editor.insertPlainText("!")
    assert window.documents.save()
    assert path.read_bytes() == (original + "!").encode()
    window.editor.insertPlainText("?")
    window.documents.autosave()
    [record] = window.documents.recovery.folder.glob("*.json")
    assert json.loads(record.read_text(encoding="utf-8"))["text"] == original + "!?"


def test_a_paragraph_separator_stays_in_place_through_enter_backspace_and_undo(
        make_window: WindowFactory, tmp_path: Path) -> None:
    path = tmp_path / "sep.txt"
    path.write_bytes("ab\u2029cd\nef".encode())
    window = make_window(FakeEngine())
    assert window.documents.open_path(path, ask=False)
    cursor = window.editor.textCursor()
    cursor.setPosition(1)
    window.editor.setTextCursor(cursor)
    window.editor.insertPlainText("\n")  # Enter inside the block before the separator
    assert window.documents.text() == "a\nb\u2029cd\nef"
    window.editor.undo()
    assert window.documents.text() == "ab\u2029cd\nef"
    cursor.setPosition(3)
    cursor.deletePreviousChar()  # joins "ab" and "cd": the separator itself goes
    assert window.documents.text() == "abcd\nef"
    window.editor.undo()
    assert window.documents.text() == "ab\u2029cd\nef"
    cursor.setPosition(1)
    cursor.setPosition(7, QTextCursor.MoveMode.KeepAnchor)
    cursor.insertText("X\nY")  # a selection across both separators replaced
    assert window.documents.text() == "aX\nYf"


def test_saving_over_a_file_changed_on_disk_asks_first(
        make_window: WindowFactory, tmp_path: Path, questions: Questions,
        monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "shared.txt"
    path.write_text("mine\n", encoding="utf-8")
    window = make_window(FakeEngine())
    assert window.documents.open_path(path, ask=False)
    _end(window)
    window.editor.insertPlainText("more")
    path.write_text("someone else's version\n", encoding="utf-8")
    compared: list[tuple[str, str]] = []
    monkeypatch.setattr(document_controller, "compare",
                        lambda _parent, _name, disk, ours: compared.append((disk, ours)))
    questions.answers = ["Compare…", "Cancel"]
    assert not window.documents.save()
    assert "changed on disk" in questions.texts()
    assert questions.asked[-1][1] == ["Overwrite", "Save As…", "Compare…", "Cancel"]
    assert compared == [("someone else's version\n", "mine\nmore")]
    assert path.read_text(encoding="utf-8") == "someone else's version\n"
    questions.answers = ["Overwrite"]
    assert window.documents.save()
    assert path.read_text(encoding="utf-8") == "mine\nmore"
    assert window.documents.save()  # our own save is not a change by someone else
    assert len(questions.asked) == 3


def test_an_unmodified_document_offers_to_reload_a_changed_file(
        qtbot: QtBot, make_window: WindowFactory, tmp_path: Path,
        questions: Questions) -> None:
    path = tmp_path / "watched.txt"
    path.write_text("first\n", encoding="utf-8")
    window = make_window(FakeEngine())
    assert window.documents.open_path(path, ask=False)
    questions.default = "Reload"
    tmp = tmp_path / "new.txt"
    tmp.write_text("second, from another program\n", encoding="utf-8")
    tmp.replace(path)  # as most editors save: a rename over the file
    qtbot.waitUntil(lambda: window.editor.toPlainText() == "second, from another program\n",
                    timeout=10_000)
    assert not window.isWindowModified()
    path.write_text("third\n", encoding="utf-8")  # still watched after the rename
    qtbot.waitUntil(lambda: window.editor.toPlainText() == "third\n", timeout=10_000)


def test_a_second_window_on_one_file_says_it_is_open_elsewhere(
        make_window: WindowFactory, tmp_path: Path, questions: Questions) -> None:
    path = tmp_path / "one.txt"
    path.write_text("text\n", encoding="utf-8")
    first = make_window(FakeEngine())
    second = make_window(FakeEngine())
    assert first.documents.open_path(path, ask=False)
    assert not questions.asked
    questions.answers = ["Cancel"]
    assert not second.documents.open_path(path, ask=False)
    assert "open in another writer-app window" in questions.texts()
    assert second.documents.path is None
    first.documents.new_document()
    assert second.documents.open_path(path, ask=False)
    assert len(questions.asked) == 1


def test_a_character_the_encoding_cannot_store_offers_utf8(
        make_window: WindowFactory, tmp_path: Path, questions: Questions) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Café crème, déjà vu. Ça m'a plu énormément.\n".encode("latin-1") * 5)
    window = make_window(FakeEngine())
    assert window.documents.open_path(path, ask=False)
    assert "UTF-8" not in window.format_label.text()
    _end(window)
    window.editor.insertPlainText("三")
    questions.answers = ["Save as UTF-8"]
    assert window.documents.save()
    assert path.read_text(encoding="utf-8").endswith("énormément.\n三")
    assert window.format_label.text() == "UTF-8 · LF"


def test_save_with_encoding_and_reopen_with_encoding(
        make_window: WindowFactory, tmp_path: Path, questions: Questions) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("naïve café\n", encoding="utf-8")
    window = make_window(FakeEngine())
    assert window.documents.open_path(path, ask=False)
    assert window.documents.reopen_with_encoding("latin-1")
    assert window.editor.toPlainText() == "naÃ¯ve cafÃ©\n"
    assert window.format_label.text() == "LATIN-1 · LF"
    assert window.documents.reopen_with_encoding("utf-8")
    assert window.editor.toPlainText() == "naïve café\n"
    assert window.documents.save_with_encoding("utf-16", path)
    assert path.read_bytes() == "naïve café\n".encode("utf-16")
    assert window.format_label.text() == "UTF-16 · LF"


def test_invalid_utf8_can_be_opened_with_the_bad_bytes_marked(
        make_window: WindowFactory, tmp_path: Path, questions: Questions) -> None:
    path = tmp_path / "broken.txt"
    path.write_bytes("déjà vu\n".encode() * 10 + b"bad \xff byte\n")
    window = make_window(FakeEngine())
    questions.answers = ["Cancel"]
    assert not window.documents.open_path(path, ask=False)
    assert "byte 104" in questions.texts()
    questions.answers = ["Open with replacements"]
    assert window.documents.open_path(path, ask=False)
    assert window.editor.toPlainText().endswith("bad \ufffd byte\n")
    assert window.isWindowModified()  # saving would change the file: it is not hidden


def test_a_twenty_megabyte_line_opens_cut_for_display_and_saves_whole(
        qtbot: QtBot, make_window: WindowFactory, tmp_path: Path) -> None:
    line = ("word " * 400_000).strip()  # 2 MB on one line
    path = tmp_path / "one-line.txt"
    path.write_text(line + "\nend\n", encoding="utf-8")
    window = make_window(FakeEngine())
    turns: list[bool] = []
    ticker = QTimer()
    ticker.setInterval(0)
    ticker.timeout.connect(lambda: turns.append(window.documents.is_loading()))
    ticker.start()
    assert window.documents.open_path(path, ask=False)
    qtbot.waitUntil(lambda: not window.documents.is_loading(), timeout=120_000)
    ticker.stop()
    assert turns.count(True) >= 3
    document = window.editor.document()
    assert document.blockCount() > 100
    assert max(document.findBlockByNumber(n).length() for n in range(document.blockCount())
               ) <= 10_001
    assert window.documents.text() == line + "\nend\n"
    _end(window)
    window.editor.insertPlainText("!")
    assert window.documents.save()
    assert path.read_text(encoding="utf-8") == line + "\nend\n!"


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_read_only_file_is_not_saved_over_without_asking(
        make_window: WindowFactory, tmp_path: Path, questions: Questions) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("keep\n", encoding="utf-8")
    path.chmod(0o444)
    window = make_window(FakeEngine())
    assert window.documents.open_path(path, ask=False)
    window.editor.insertPlainText("x")
    questions.answers = ["Cancel"]
    assert not window.documents.save()
    assert "read-only" in questions.texts()
    assert path.read_text(encoding="utf-8") == "keep\n"
    questions.answers = ["Overwrite"]
    assert window.documents.save()
    assert path.read_text(encoding="utf-8") == "xkeep\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


@pytest.mark.skipif(os.name != "posix", reason="hard links")
def test_saving_a_hard_linked_file_says_the_other_name_keeps_the_old_text(
        make_window: WindowFactory, tmp_path: Path, messages: Messages) -> None:
    path = tmp_path / "linked.txt"
    path.write_text("old\n", encoding="utf-8")
    os.link(path, tmp_path / "other-name.txt")
    window = make_window(FakeEngine())
    assert window.documents.open_path(path, ask=False)
    window.editor.insertPlainText("new ")
    assert window.documents.save()
    assert path.read_text(encoding="utf-8") == "new old\n"
    assert (tmp_path / "other-name.txt").read_text(encoding="utf-8") == "old\n"
    assert "other names" in messages.texts()


def test_restoring_over_unsaved_changes_asks_first(
        make_window: WindowFactory, app_home: Path, messages: Messages) -> None:
    folder = _left_by_a_crash(app_home, "older text")
    window = make_window(FakeEngine())
    dialog = window.documents.offer_recovery()
    assert dialog is not None
    window.editor.insertPlainText("typed while the dialog was open")
    messages.answer = message_boxes.SaveAnswer.CANCEL
    dialog.restore_button.click()
    assert "Save the changes" in messages.texts()
    assert window.editor.toPlainText() == "typed while the dialog was open"
    assert (folder / "dead.json").exists()  # still offered next time


def test_a_large_restored_text_keeps_its_record_until_it_is_whole(
        qtbot: QtBot, make_window: WindowFactory, app_home: Path) -> None:
    text = "a long restored draft, 草稿。\n" * 80_000
    folder = _left_by_a_crash(app_home, text)
    window = make_window(FakeEngine())
    dialog = window.documents.offer_recovery()
    assert dialog is not None
    dialog.restore_button.click()
    assert window.documents.is_loading()
    window.documents.autosave()
    assert (folder / "dead.json").exists()
    qtbot.waitUntil(lambda: not window.documents.is_loading(), timeout=60_000)
    assert not (folder / "dead.json").exists()
    assert [json.loads(f.read_text(encoding="utf-8"))["text"] for f in folder.glob("*.json")
            ] == [text]
    assert window.isWindowModified() and window.documents.text() == text


def test_opening_another_file_while_one_loads_does_not_offer_to_save_half_of_it(
        qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, messages: Messages) -> None:
    big = _big_file(tmp_path)
    small = tmp_path / "small.txt"
    small.write_text("small\n", encoding="utf-8")
    window = make_window(FakeEngine())
    assert window.documents.open_path(big, ask=False) and window.documents.is_loading()
    assert window.documents.open_path(small)
    assert messages.shown == []
    assert not window.documents.is_loading() and window.editor.toPlainText() == "small\n"
    assert big.read_text(encoding="utf-8") == BIG_TEXT


def test_a_deleted_file_is_not_offered_for_reload(
        qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, questions: Questions) -> None:
    path = tmp_path / "gone.txt"
    path.write_text("text\n", encoding="utf-8")
    window = make_window(FakeEngine())
    assert window.documents.open_path(path, ask=False)
    path.unlink()
    qtbot.waitUntil(lambda: "moved or deleted" in window.statusBar().currentMessage(),
                    timeout=10_000)
    assert questions.asked == []
    assert window.editor.toPlainText() == "text\n"


def test_text_pasted_from_the_web_keeps_its_no_break_spaces(
        make_window: WindowFactory, tmp_path: Path) -> None:
    from PySide6.QtCore import QMimeData
    from PySide6.QtWidgets import QApplication

    pasted = QMimeData()
    pasted.setHtml("<p>10&nbsp;€ la&nbsp;nuit</p>")
    pasted.setText("10\u00a0€ la\u00a0nuit\u2028suite")
    QApplication.clipboard().setMimeData(pasted)
    window = make_window(FakeEngine())
    window.editor.paste()
    path = tmp_path / "web.txt"
    assert window.documents.save_with_encoding("utf-8", path)
    assert path.read_text(encoding="utf-8") == "10\u00a0€ la\u00a0nuit\u2028suite"


def test_a_damaged_recovery_record_is_said_and_the_good_one_still_offered(
        make_window: WindowFactory, app_home: Path) -> None:
    folder = _left_by_a_crash(app_home, "Kept safe.")
    (folder / "broken.json").write_text('{"pid": "1234"' + "[" * 100_000, encoding="utf-8")
    window = make_window(FakeEngine())
    dialog = window.documents.offer_recovery()
    assert dialog is not None and dialog.list.count() == 1
    assert "could not be read" in window.statusBar().currentMessage()
    assert (folder / "broken.json.damaged").exists()
    dialog.reject()


def test_a_recovery_record_naming_a_path_no_system_takes_is_offered(
        make_window: WindowFactory, app_home: Path) -> None:
    # Showing the record's saved version raised: the name was too long to look up.
    _left_by_a_crash(app_home, "Kept safe.", Path("/" + "x" * 5000))
    window = make_window(FakeEngine())
    dialog = window.documents.offer_recovery()
    assert dialog is not None and dialog.list.count() == 1
    assert "Kept safe." in dialog.view.toPlainText()
    dialog.reject()


def test_a_document_open_on_another_computer_asks_first(
        make_window: WindowFactory, tmp_path: Path, questions: Questions) -> None:
    path = tmp_path / "shared.txt"
    path.write_text("text\n", encoding="utf-8")
    first = make_window(FakeEngine())
    assert first.documents.open_path(path, ask=False)
    [lock] = AppPaths.default().locks_dir.glob("*.lock")
    record = json.loads(lock.read_text(encoding="utf-8"))
    record.update(host="another-computer", session="theirs", owner="theirs", pid=2**22 + 9)
    first.documents.new_document()
    lock.write_text(json.dumps(record), encoding="utf-8")
    questions.answers = ["Cancel"]
    second = make_window(FakeEngine())
    assert not second.documents.open_path(path, ask=False)
    assert "another computer, another-computer" in questions.texts()


@pytest.mark.skipif(not hasattr(os, "statvfs"), reason="POSIX file systems")
def test_a_folder_on_a_read_only_disk_says_so_at_once_and_offers_save_as(
        make_window: WindowFactory, tmp_path: Path, questions: Questions,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # It asked "is read-only… Overwrite anyway?" and then failed. A read-only mount needs
    # privileges a test does not have, so the file system says so for this one folder.
    mounted = tmp_path / "cdrom"
    mounted.mkdir()
    path = mounted / "notes.txt"
    path.write_text("keep\n", encoding="utf-8")
    real = os.statvfs

    def statvfs(folder: os.PathLike[str]) -> os.statvfs_result:
        result = real(folder)
        if Path(folder) != mounted:
            return result
        fields = list(result)
        fields[8] |= os.ST_RDONLY  # f_flag
        return os.statvfs_result(fields)

    monkeypatch.setattr(os, "statvfs", statvfs)
    window = make_window(FakeEngine())
    assert window.documents.open_path(path, ask=False)
    window.editor.insertPlainText("x")
    questions.answers = ["Cancel"]
    assert not window.documents.save()
    [(text, choices)] = questions.asked
    assert "the folder" in text and "can only be read. Use Save As" in text
    assert list(choices) == ["Save As…", "Cancel"]
    elsewhere = tmp_path / "copy.txt"
    monkeypatch.setattr(document_controller.QFileDialog, "getSaveFileName",
                        lambda *args: (str(elsewhere), ""))
    questions.answers = ["Save As…"]
    assert window.documents.save()
    assert elsewhere.read_text(encoding="utf-8") == "xkeep\n"
    assert path.read_text(encoding="utf-8") == "keep\n"


def test_file_dialogs_start_beside_the_document_or_in_the_documents_folder(
        fake_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    monkeypatch.chdir(checkout)  # where the app was started from: never offered
    asked: list[str] = []

    def ask(_parent: object, _title: str, start: str, _filter: str) -> tuple[str, str]:
        asked.append(start)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", ask)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    fake_window.documents.open_document_dialog()
    fake_window.documents.save_as()
    assert asked[0] == str(documents_folder())
    assert Path(asked[1]).parent == documents_folder() != checkout
    story = tmp_path / "drafts" / "story.txt"
    story.parent.mkdir()
    story.write_text("Once.\n", encoding="utf-8")
    assert fake_window.documents.open_path(story, ask=False)
    fake_window.documents.open_document_dialog()
    fake_window.documents.save_as()
    assert asked[2] == str(story.parent) and asked[3] == str(story)
