"""Provenance in the window: every character the assistant puts in is marked as the
model's, marks follow typing, Undo, Redo, cut and paste, survive saving and reopening
(re-found in a file changed outside), and the status bar's share is that of the marked
characters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QGuiApplication, QHelpEvent, QTextCharFormat
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from tests.gui.conftest import WindowFactory, idle
from tests.gui.test_compose_dialog import _dialog as compose_dialog
from tests.gui.test_drafts_gui import (
    FIRST,
    SECOND,
    THIRD,
    alternatives_menu_at,
    click_draft,
    continue_from_start,
)
from tests.gui.test_window import select, set_text
from writer_app.core.documents.provenance import Origin, Source, Span, share_of
from writer_app.core.paths import AppPaths
from writer_app.core.requests import RewriteStyle
from writer_app.core.settings import Settings
from writer_app.core.sources.names import display_name
from writer_app.core.text.units import count_no_spaces
from writer_app.testing.fake_engine import FakeEngine
from writer_app.ui.common.provenance import CLIP_FORMAT, insert_from_model
from writer_app.ui.editor.text_editor import Marks
from writer_app.ui.main_window import MainWindow


def spans_text(window: MainWindow) -> list[str]:
    """The texts of the spans marked as the model's."""
    text = window.editor.document().toRawText()
    return [text[span.start:span.end] for span in window.provenance.tracker.spans]


def model_name(window: MainWindow) -> str:
    """The model's name as the status bar shows it."""
    model = window.service.model
    assert model is not None
    return display_name(model.path, model.name)


def sources(window: MainWindow) -> list[Source]:
    return [span.origin.source for span in window.provenance.tracker.spans]


def continue_at_end(qtbot: QtBot, window: MainWindow, fake: FakeEngine,
                    chunks: list[str]) -> str:
    fake.chunks = chunks
    window.assistant.continue_writing()
    idle(qtbot, window)
    return "".join(chunks)


def shown_share(qtbot: QtBot, window: MainWindow) -> str:
    qtbot.waitUntil(lambda: not window.provenance._timer.isActive())
    return window.provenance.share_button.text()


def test_a_continuation_is_the_models_and_the_status_bar_shows_its_share(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    set_text(fake_window, "I began.")
    streamed = continue_at_end(qtbot, fake_window, fake, [" The tide", " turned."])
    assert spans_text(fake_window) == [streamed]
    [span] = fake_window.provenance.tracker.spans
    assert span.origin.source is Source.CONTINUE
    assert span.origin.model == model_name(fake_window)
    expected = round(100 * count_no_spaces(streamed) / count_no_spaces("I began." + streamed))
    assert shown_share(qtbot, fake_window) == f"AI-written: {expected} %"


def test_typing_inside_a_generated_sentence_makes_those_words_the_writers(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    set_text(fake_window, "I began.")
    continue_at_end(qtbot, fake_window, fake, [" The tide turned."])
    cursor = fake_window.editor.textCursor()
    cursor.setPosition(len("I began. The"))
    fake_window.editor.setTextCursor(cursor)
    qtbot.keyClicks(fake_window.editor, " slow")
    assert fake_window.editor.toPlainText() == "I began. The slow tide turned."
    assert spans_text(fake_window) == [" The", " tide turned."]


def test_undo_and_redo_give_the_marks_back_exactly(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    set_text(fake_window, "I began.")
    continue_at_end(qtbot, fake_window, fake, [" The tide turned."])
    marked = fake_window.provenance.tracker.spans
    select(fake_window, len("I began. The "), len("I began. The tide"))
    qtbot.keyClicks(fake_window.editor, "sea")
    typed = fake_window.provenance.tracker.spans
    assert spans_text(fake_window) == [" The ", " turned."]
    fake_window.editor.undo()
    assert fake_window.editor.toPlainText() == "I began. The tide turned."
    assert fake_window.provenance.tracker.spans == marked
    fake_window.editor.redo()
    assert fake_window.editor.toPlainText() == "I began. The sea turned."
    assert fake_window.provenance.tracker.spans == typed
    fake_window.editor.undo()
    fake_window.editor.undo()
    assert fake_window.editor.toPlainText() == "I began."
    assert fake_window.provenance.tracker.spans == ()
    fake_window.editor.redo()
    assert fake_window.provenance.tracker.spans == marked


def test_an_insertion_holds_until_undone_and_an_edit_after_the_undo_drops_it(
        fake_window: MainWindow) -> None:
    tracker = fake_window.provenance.tracker
    editor = fake_window.editor
    set_text(fake_window, "I began.")
    insert_from_model(editor.textCursor(), " The tide turned.", Source.CONTINUE)
    point = tracker.undo_point()
    assert tracker.holds(point)
    editor.insertPlainText(" Later words.")
    assert tracker.holds(point), "an edit after it keeps it"
    editor.undo()
    editor.undo()
    assert editor.toPlainText() == "I began."
    assert not tracker.holds(point)
    editor.redo()
    assert tracker.holds(point)
    editor.undo()
    # An edit of one step where the insertion was: Redo can no longer bring it back.
    editor.insertPlainText(" Mine.")
    assert not editor.document().isRedoAvailable()
    assert not tracker.holds(point)
    editor.insertPlainText(" And more of my own.")
    assert not tracker.holds(point)


def test_an_accepted_rewrite_is_the_models(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    fake.chunks = ["A calmer sentence."]
    text = "Mine. A loud sentence. Mine."
    set_text(fake_window, text)
    select(fake_window, len("Mine. "), len("Mine. A loud sentence."))
    fake_window.assistant.rewrite(style=RewriteStyle.CASUAL)
    qtbot.waitUntil(fake_window.assistant.rewrite_panel.accept_button.isEnabled)
    fake_window.assistant.rewrite_panel.accept_button.click()
    assert fake_window.editor.toPlainText() == "Mine. A calmer sentence. Mine."
    assert spans_text(fake_window) == ["A calmer sentence."]
    assert sources(fake_window) == [Source.REWRITE]


def test_an_inserted_summary_is_the_models(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    fake.chunks = ["In short: rain."]
    set_text(fake_window, "It rained all day. ")
    fake_window.assistant.summarize()
    qtbot.waitUntil(lambda: fake_window.assistant.summary_panel.text == "In short: rain.",
                    timeout=10_000)
    idle(qtbot, fake_window)
    fake_window.assistant.summary_panel.insert_requested.emit("In short: rain.")
    assert spans_text(fake_window) == ["In short: rain."]
    assert sources(fake_window) == [Source.SUMMARY]


def test_a_suggestion_taken_with_tab_is_the_models(
        qtbot: QtBot, fake_window: MainWindow) -> None:
    set_text(fake_window, "The boats")
    assert fake_window.editor.show_ghost_text(" rocked.")
    qtbot.keyClick(fake_window.editor, Qt.Key.Key_Tab)
    assert fake_window.editor.toPlainText() == "The boats rocked."
    assert spans_text(fake_window) == [" rocked."]
    assert sources(fake_window) == [Source.SUGGESTION]


def test_a_cut_passage_pasted_elsewhere_keeps_its_marks_but_not_in_the_plain_text(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    set_text(fake_window, "Start.")
    continue_at_end(qtbot, fake_window, fake, [" Model words."])
    select(fake_window, len("Start."), len("Start. Model words."))
    fake_window.editor.cut()
    assert fake_window.provenance.tracker.spans == ()
    clipboard = QGuiApplication.clipboard()
    assert clipboard.text() == " Model words."
    assert clipboard.mimeData().hasFormat(CLIP_FORMAT)
    cursor = fake_window.editor.textCursor()
    cursor.setPosition(0)
    fake_window.editor.setTextCursor(cursor)
    fake_window.editor.paste()
    assert fake_window.editor.toPlainText() == " Model words.Start."
    assert spans_text(fake_window) == [" Model words."]
    fake_window.editor.undo()
    assert fake_window.provenance.tracker.spans == ()


def test_plain_text_from_elsewhere_is_the_writers(qtbot: QtBot, fake_window: MainWindow) -> None:
    QGuiApplication.clipboard().setText("pasted")
    set_text(fake_window, "Mine ")
    fake_window.editor.paste()
    assert fake_window.editor.toPlainText() == "Mine pasted"
    assert fake_window.provenance.tracker.spans == ()


def test_the_marks_survive_save_and_reopen_and_never_enter_the_file(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine, tmp_path: Path) -> None:
    set_text(fake_window, "I began.")
    streamed = continue_at_end(qtbot, fake_window, fake, [" The tide turned."])
    marked = fake_window.provenance.tracker.spans
    folder = tmp_path / "writing"
    folder.mkdir()
    path = folder / "story.txt"
    fake_window.documents.name_new(path)
    assert fake_window.documents.save()
    assert path.read_text(encoding="utf-8") == "I began." + streamed
    assert list(folder.iterdir()) == [path]
    kept = list(AppPaths.default().provenance_dir.glob("*.json"))
    assert len(kept) == 1
    fake_window.documents.new_document()
    assert fake_window.provenance.tracker.spans == ()
    assert fake_window.documents.open_path(path, ask=False)
    assert fake_window.provenance.tracker.spans == marked
    assert shown_share(qtbot, fake_window) != "AI-written: 0 %"


def test_a_file_changed_outside_is_re_matched_and_the_rest_dropped(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine, tmp_path: Path) -> None:
    set_text(fake_window, "I began.")
    continue_at_end(qtbot, fake_window, fake, [" The tide turned."])
    cursor = fake_window.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    fake_window.editor.setTextCursor(cursor)
    continue_at_end(qtbot, fake_window, fake, [" Gulls rose over the harbour wall."])
    path = tmp_path / "story.txt"
    fake_window.documents.name_new(path)
    assert fake_window.documents.save()
    fake_window.documents.new_document()
    path.write_text("A new first line.\nI began. The tide turned. Something else entirely.",
                    encoding="utf-8")
    assert fake_window.documents.open_path(path, ask=False)
    assert spans_text(fake_window) == [" The tide turned."]
    status = fake_window.status_bar.full_message  # shortened to fit a small window
    assert "changed outside writer-app" in status and "1 of its" in status


def test_a_document_the_writer_typed_alone_shows_0_and_gets_no_label(
        qtbot: QtBot, fake_window: MainWindow) -> None:
    qtbot.keyClicks(fake_window.editor, "All of this is mine.")
    assert shown_share(qtbot, fake_window) == "AI-written: 0 %"
    assert fake_window.provenance.label() is None


def test_the_share_in_the_status_bar_is_that_of_the_marked_characters_and_the_selection(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    set_text(fake_window, "Mine, all mine.")
    continue_at_end(qtbot, fake_window, fake, [" Then the model's own long sentence."])
    tracker = fake_window.provenance.tracker
    share = share_of(tracker.spans, tracker.units)
    assert share.ai == sum(count_no_spaces(text) for text in spans_text(fake_window))
    assert shown_share(qtbot, fake_window) == f"AI-written: {share.percent} %"
    select(fake_window, 0, len("Mine, all mine."))
    assert shown_share(qtbot, fake_window) == "Selection AI-written: 0 %"
    label = fake_window.provenance.label()
    assert label is not None and label.share == share
    assert label.models == (model_name(fake_window),)
    assert label.content_id == fake_window.provenance.content_id


def test_labels_turned_off_in_settings_leave_the_metadata_unlabelled(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    continue_at_end(qtbot, fake_window, fake, ["Model text."])
    assert fake_window.provenance.implicit_labels
    fake_window.preferences.change(fake_window.preferences.settings.replace(
        label_ai_content=False))
    assert not fake_window.provenance.implicit_labels
    # The explicit line stays one check box away: the label itself is still known.
    assert fake_window.provenance.label() is not None


def test_a_passage_can_be_marked_as_own_writing_or_as_ai_written(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    set_text(fake_window, "Mine. ")
    continue_at_end(qtbot, fake_window, fake, ["The model's."])
    select(fake_window, len("Mine. "), len("Mine. The model's."))
    fake_window.provenance.action_mark_own.trigger()
    assert fake_window.provenance.tracker.spans == ()
    select(fake_window, 0, len("Mine."))
    fake_window.provenance.action_mark_ai.trigger()
    assert spans_text(fake_window) == ["Mine."]
    assert sources(fake_window) == [Source.MARKED]


def test_the_tint_shows_the_models_text_when_asked_and_is_kept(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    set_text(fake_window, "Mine.")
    continue_at_end(qtbot, fake_window, fake, [" The model's."])
    editor = fake_window.editor
    qtbot.waitUntil(lambda: not fake_window.provenance._timer.isActive())
    assert editor.marks(Marks.PROVENANCE) == []
    fake_window.provenance.action_show.trigger()
    [tint] = editor.marks(Marks.PROVENANCE)
    assert tint.cursor.selectedText() == " The model's."
    assert fake_window.preferences.settings.show_ai_text
    fake_window.provenance.action_show.trigger()
    assert editor.marks(Marks.PROVENANCE) == []


def test_the_report_lists_each_passage_and_copies_them(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    set_text(fake_window, "Mine.")
    streamed = continue_at_end(qtbot, fake_window, fake, [" The model's passage."])
    dialog = fake_window.provenance.show_report()
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text() == streamed.strip()
    assert dialog.table.item(0, 1).text() == "Continue Writing"
    assert dialog.table.item(0, 2).text() == model_name(fake_window)
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert streamed in copied and "%" in copied
    dialog.close()


def test_the_store_is_written_only_when_saved(
        qtbot: QtBot, make_window: WindowFactory, tmp_path: Path) -> None:
    window = make_window(FakeEngine(), Settings())
    window.provenance.tracker.mark(0, 0, Origin(Source.MARKED))
    set_text(window, "abc")
    window.provenance.tracker.mark(0, 3, Origin(Source.MARKED))
    assert window.provenance.tracker.spans == (Span(0, 3, Origin(Source.MARKED)),)
    assert not AppPaths.default().provenance_dir.exists()
    window.documents.name_new(tmp_path / "a.txt")
    assert window.documents.save()
    [kept] = AppPaths.default().provenance_dir.glob("*.json")
    data = json.loads(kept.read_text(encoding="utf-8"))
    assert [item["text"] for item in data["spans"]] == ["abc"]


def test_the_count_kept_as_the_text_changes_is_that_of_the_whole_text(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    set_text(fake_window, "天气 😀 ok")
    continue_at_end(qtbot, fake_window, fake, [" 我们去散步吧。 Then 😀 more."])
    editor = fake_window.editor
    select(fake_window, 1, 6)
    qtbot.keyClicks(editor, "x y")
    editor.undo()
    editor.redo()
    select(fake_window, 0, 4)
    editor.cut()
    editor.paste()
    editor.paste()
    tracker = fake_window.provenance.tracker
    assert tracker.counted == count_no_spaces(editor.document().toRawText())
    assert fake_window.provenance.share() == share_of(tracker.spans, tracker.units)


def test_a_suggestion_or_a_format_change_over_the_models_text_leaves_its_marks(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    set_text(fake_window, "Mine.")
    continue_at_end(qtbot, fake_window, fake, [" The model's sentence."])
    marked = fake_window.provenance.tracker.spans
    cursor = fake_window.editor.textCursor()
    cursor.setPosition(len("Mine. The"))
    fake_window.editor.setTextCursor(cursor)
    assert fake_window.editor.show_ghost_text(" grey words")
    fake_window.editor.dismiss_ghost_text()
    assert fake_window.provenance.tracker.spans == marked
    # Qt reports a change of format as the text removed and added again.
    select(fake_window, 0, len("Mine. The model's"))
    changes: list[tuple[int, int, int]] = []
    fake_window.editor.document().contentsChange.connect(
        lambda *change: changes.append(change))
    fake_window.editor.textCursor().mergeCharFormat(QTextCharFormat())
    assert changes and changes[0][1] == changes[0][2] > 0
    assert fake_window.provenance.tracker.spans == marked


def test_a_streamed_continuation_is_one_passage(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    fake.delay_s = 0.02
    set_text(fake_window, "Start.")
    streamed = continue_at_end(qtbot, fake_window, fake,
                               [f" word{index}" for index in range(30)])
    assert spans_text(fake_window) == [streamed]


def test_the_writer_hears_of_a_file_changed_outside_once(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine, tmp_path: Path) -> None:
    set_text(fake_window, "I began.")
    continue_at_end(qtbot, fake_window, fake, [" The tide turned."])
    path = tmp_path / "story.txt"
    fake_window.documents.name_new(path)
    assert fake_window.documents.save()
    fake_window.documents.new_document()
    path.write_text("I began. The tide turned back.", encoding="utf-8")
    assert fake_window.documents.open_path(path, ask=False)
    assert "changed outside" in fake_window.statusBar().currentMessage()
    fake_window.documents.new_document()
    fake_window.statusBar().clearMessage()
    assert fake_window.documents.open_path(path, ask=False)
    assert "changed outside" not in fake_window.statusBar().currentMessage()
    assert spans_text(fake_window) == [" The tide turned"]


def test_a_draft_from_a_brief_and_a_keyword_worked_in_are_the_models(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    dialog = compose_dialog(qtbot, fake_window, fake)
    fake.chunks = ["Solar panels turn light into power for homes and shops on every "
                   "street of the city."]
    qtbot.mouseClick(dialog.write_draft_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.work_in_button.isVisible, timeout=10_000)
    assert set(sources(fake_window)) == {Source.BRIEF}
    assert fake_window.provenance.share().percent == 100
    worked_in = "Solar panels feed the grid with power for homes and shops in the city."
    fake.chunks = [worked_in]
    qtbot.mouseClick(dialog.work_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: worked_in in fake_window.editor.toPlainText(), timeout=10_000)
    assert worked_in in "".join(spans_text(fake_window))
    assert fake_window.provenance.share().percent == 100
    dialog.close()


def test_a_chosen_continue_draft_and_a_draft_inserted_from_the_history_are_the_models(
        qtbot: QtBot, fake_window: MainWindow) -> None:
    continue_from_start(qtbot, fake_window, continue_drafts=3)
    click_draft(qtbot, fake_window, 1)
    assert spans_text(fake_window) == [SECOND]
    assert sources(fake_window) == [Source.DRAFT]
    set_text(fake_window, "Again: ")
    entry = fake_window.history.entries()[0]
    fake_window.history.panel.insert_requested.emit(entry, 2)
    assert fake_window.editor.toPlainText().endswith(THIRD.strip())
    [span] = fake_window.provenance.tracker.spans
    assert span.origin.source is Source.HISTORY and span.origin.entry == entry.id


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")
def test_a_word_alternative_is_the_models(qtbot: QtBot, fake_window: MainWindow) -> None:
    continue_from_start(qtbot, fake_window, record_alternatives=True)
    written = "Start. " + FIRST
    fake_window.provenance.tracker.mark(0, len(written), None)
    actions = alternatives_menu_at(qtbot, fake_window, written.index("kept") + 1)
    actions[1].trigger()
    assert sources(fake_window) == [Source.ALTERNATIVE]
    assert spans_text(fake_window) == [actions[1].data()]


# A tooltip asks the platform to raise it; offscreen says it cannot.
@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_hovering_the_tinted_text_says_by_which_model_and_action(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    set_text(fake_window, "Mine.")
    continue_at_end(qtbot, fake_window, fake, [" The model's words go on here."])
    fake_window.provenance.action_show.trigger()
    editor = fake_window.editor
    cursor = editor.textCursor()
    cursor.setPosition(len("Mine. The mo"))
    point = editor.cursorRect(cursor).center()
    event = QHelpEvent(QEvent.Type.ToolTip, point, editor.viewport().mapToGlobal(point))
    QApplication.sendEvent(editor.viewport(), event)
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text().startswith(f"AI-written: Continue Writing, {model_name(fake_window)}, ")
    QToolTip.hideText()


def test_typing_elsewhere_during_a_stream_keeps_the_marks_on_the_streamed_text(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    fake.chunks = [f" word{index}" for index in range(20)]
    fake.delay_s = 0.02
    streamed = "".join(fake.chunks)
    set_text(fake_window, "Start. End.", cursor=6)
    fake_window.assistant.continue_writing()
    seen = fake_window.editor.toPlainText()
    qtbot.waitUntil(lambda: fake_window.editor.toPlainText() != seen)
    cursor = fake_window.editor.textCursor()
    cursor.setPosition(0)
    fake_window.editor.setTextCursor(cursor)
    qtbot.keyClicks(fake_window.editor, "Title: ")
    idle(qtbot, fake_window)
    assert fake_window.editor.toPlainText() == "Title: Start." + streamed + " End."
    assert spans_text(fake_window) == [streamed]
    fake_window.editor.undo()
    fake_window.editor.undo()
    assert fake_window.editor.toPlainText() == "Start. End."
    assert fake_window.provenance.tracker.spans == ()


def test_the_share_follows_the_text_while_it_streams(
        qtbot: QtBot, fake_window: MainWindow, fake: FakeEngine) -> None:
    fake.chunks = [" First words.", " More words."]
    fake.hold()
    set_text(fake_window, "Mine.")
    fake_window.assistant.continue_writing()
    qtbot.waitUntil(lambda: fake_window.provenance.share_button.text() != "AI-written: 0 %")
    assert fake_window.assistant.is_busy()
    fake.release()
    idle(qtbot, fake_window)


def test_the_tint_covers_the_lines_shown_only_and_follows_the_scroll(
        qtbot: QtBot, fake_window: MainWindow) -> None:
    line = "A line of the model's text.\n"
    set_text(fake_window, line * 2000, cursor=0)
    tracker = fake_window.provenance.tracker
    for index in range(2000):
        tracker.mark(index * len(line), index * len(line) + 10, Origin(Source.MARKED))
    fake_window.provenance.action_show.trigger()
    editor = fake_window.editor
    shown = editor.marks(Marks.PROVENANCE)
    assert 0 < len(shown) < 200
    assert shown[0].cursor.selectionStart() == 0
    editor.verticalScrollBar().setValue(editor.verticalScrollBar().maximum())
    scrolled = editor.marks(Marks.PROVENANCE)
    assert 0 < len(scrolled) < 200
    assert scrolled[-1].cursor.selectionStart() == 1999 * len(line)
