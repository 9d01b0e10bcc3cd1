"""Take the README's screenshots of the real window (run under Xvfb: see docs/README).

    xvfb-run -s "-screen 0 1280x800x24" .venv/bin/python docs/screenshots.py docs/images

It generates the tiny test model, opens a short English and Chinese draft, and captures
the window with a rewrite under review (rewrite-review.png), the first-start dialog
(welcome.png), the Hardware page of Settings (hardware.png) and its Writing page, which
says what several drafts cost here (writing-settings.png), Model ▸ Adapters… with
generated adapters (adapters.png), the model manager
mid-download from a local Hub-like server (model-manager.png), New from Brief with a
brief filled in (compose-brief.png) and its draft being written (compose-draft.png), the
Notes pane with its budget line (notes.png), File ▸ Export… (export.png), a Markdown
document beside View ▸ Preview (markdown-preview.png), the Servers dialog and the status
bar while drafting on llama-cpp-python's server on 127.0.0.1 (servers-*.png,
server-status-bar.png), and a misspelled word right-clicked (spelling.png). The tiny
model has random weights, so its words are nonsense: the pictures show the interface, not
a real model (``--model FILE`` takes them with a GGUF of
your own instead; ``--only notes,compose-draft`` takes only the pictures named).

``--language zh_CN`` takes them in that language (compile the catalogues first:
``python packaging/translations.py release``) and ``--dark`` in the dark colour scheme;
either adds its name to the files' names (``rewrite-review-zh_CN.png``,
``rewrite-review-dark.png``).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from writer_app.core.documents.export import ExportFormat
from writer_app.core.paths import AppPaths
from writer_app.core.requests import SamplingSettings
from writer_app.core.settings import Settings, SettingsStore
from writer_app.core.sources.catalog import resources_dir
from writer_app.core.sources.hub import HubSettings
from writer_app.engine.client import EngineClient
from writer_app.qt.engine_service import EngineService
from writer_app.qt.fonts import with_cjk_fallback
from writer_app.testing.hub_server import Faults, HubServer
from writer_app.testing.openai_server import BrokenServer, BrokenState, LlamaCppPythonServer
from writer_app.testing.tiny_adapter import TinyAdapterSpec, write_tiny_adapter
from writer_app.testing.tiny_model import write_tiny_model
from writer_app.ui.common.language import install_translations
from writer_app.ui.common.theme import ColorSchemeFollower
from writer_app.ui.editor.text_editor import Marks
from writer_app.ui.main_window import MainWindow
from writer_app.ui.model.dialogs import DownloadRow
from writer_app.ui.model.servers_dialog import ServersDialog
from writer_app.ui.settings_dialog import SettingsDialog

DRAFT = """# The river at night

The river was quiet that night, and the lights of the city shook on the water. \
She walked along the embankment, counting the bridges, thinking of the letter \
she had not yet sent.

夜晚的城市很安静，雨一直下。她沿着河岸慢慢地走，想着那封还没有寄出的信。

Tomorrow she would write again.
"""
# Misspellings for the spelling picture: Chinese is never checked, English words in it are.
SPELLING = {"en": ("The river was quiet that nihgt, and the lights of the city shook on the "
                   "water. She walked along the embankment, counting the bridges, thinking "
                   "of the leter she had not yet sent."),
            "zh": ("那天夜里河面很安静。她在信里写了一句 The river was quiet that nihgt，"
                   "想着那封还没有寄出的 leter。")}
# The Chinese pictures show a Chinese document with Chinese notes.
ZH_DRAFT = """# 雨夜的河

那天夜里河面很安静，城市的灯光在水上摇晃。玛拉沿着河岸慢慢地走，数着一座座桥，想着那封还没有寄出的信。

明天她会再写一封。
"""
# A Markdown document with each kind of mark, for View ▸ Preview.
MARKDOWN = {"en": """# Walking by the river

Notes for the **third chapter**, kept in *Markdown*.

## What she carries

- the letter she has not sent
- a ferry timetable from `1998`
- her father's old [river map](https://example.com/river-map)

> The river is never named; the city is always "the city".

## The route

1. Down the embankment to the first bridge
2. Across, and back along the far side

```
bridges = 7  # she counts them every night
```
""", "zh": """# 沿河散步

第三章的**笔记**，用 *Markdown* 写成。

## 她随身带着

- 那封还没有寄出的信
- 一张 `1998` 年的渡船时刻表
- 父亲留下的[河道图](https://example.com/river-map)

> 河不写名字，城市一律叫“这座城市”。

## 路线

1. 沿着河堤走到第一座桥
2. 过桥，再从对岸走回来

```
bridges = 7  # 她每晚都数一遍
```
"""}
NOTES = {"en": ("Style: short sentences, past tense, British spelling.\n"
                "Mara: the narrator, a ferry pilot of forty who never smiles.\n"
                "Setting: the river is never named; the city is always \"the city\".\n"
                "Avoid: \"suddenly\", \"very\", exclamation marks."),
         "zh": ("文风：短句，过去时，不用感叹号。\n"
                "玛拉：叙述者，四十岁的渡船驾驶员，从不微笑。\n"
                "地点：河不写名字，城市一律叫“这座城市”。\n"
                "避免：“突然”“非常”。")}


def wait_until(condition: Callable[[], bool], timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition() and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.01)


# The language and colour scheme of this run, added to each file's name.
VARIANT = {"suffix": ""}


def grab(path: Path) -> None:
    path = path.with_name(path.stem + VARIANT["suffix"] + path.suffix)
    for _ in range(20):
        QCoreApplication.processEvents()
        time.sleep(0.02)
    screen = QApplication.primaryScreen()
    screen.grabWindow(0).save(str(path))
    print("wrote", path)


def shoot_rewrite(window: MainWindow, out: Path) -> None:
    document = window.editor.document()
    start = document.toPlainText().index("She walked")
    end = document.toPlainText().index("sent.") + len("sent.")
    cursor = QTextCursor(document)
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    window.editor.setTextCursor(cursor)
    window.assistant.rewrite_actions[1].trigger()
    wait_until(window.assistant.rewrite_panel.accept_button.isEnabled)
    grab(out / "rewrite-review.png")


def shoot_history(window: MainWindow, out: Path) -> None:
    """The rewrite accepted, then a Continue: both are in the document's History panel."""
    window.assistant.rewrite_panel.accept_button.click()
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    window.assistant.continue_writing()
    wait_until(lambda: not window.assistant.is_busy())
    window.history.dock.show()
    grab(out / "history.png")
    window.history.dock.hide()


def shoot_welcome(window: MainWindow, out: Path) -> None:
    window.assistant.rewrite_panel.reject_button.click()
    welcome = window.models.show_welcome()
    welcome.move(200, 80)
    grab(out / "welcome.png")
    welcome.reject()


def shoot_settings(window: MainWindow, service: EngineService, page: int, picture: Path) -> None:
    """A page of Model ▸ Settings… for the loaded model."""
    wait_until(lambda: window.models.backend is not None)
    dialog = SettingsDialog(window.preferences.settings, window, backend=window.models.backend,
                            model=service.model)
    dialog.tabs.setCurrentIndex(page)
    dialog.show()
    dialog.move(260, 40)
    grab(picture)
    dialog.reject()


def shoot_adapters(window: MainWindow, work: Path, out: Path) -> None:
    """Model ▸ Adapters… with two adapters on, and one made for another size refused."""
    dialog = window.models.adapters.open_dialog()
    assert dialog is not None
    for count, name in enumerate(("legal-contracts-lora.gguf", "plain-english-lora.gguf"), 1):
        dialog.file_chosen.emit(write_tiny_adapter(work / name, TinyAdapterSpec(seed=count)))
        wait_until(lambda count=count: len(dialog.adapters()) == count)
    dialog.scale_box(1).setValue(0.6)
    wait_until(lambda: "2 adapters" in dialog.status_label.text())
    dialog.file_chosen.emit(write_tiny_adapter(work / "news-style-7b-lora.gguf",
                                               TinyAdapterSpec(n_embd=32)))
    dialog.move(300, 140)
    grab(out / "adapters.png")
    dialog.reject()


def shoot_manager(window: MainWindow, model: Path, out: Path) -> None:
    with HubServer() as hub:
        payload = model.read_bytes() * 40
        hub.state.add("Qwen/Qwen2.5-1.5B-Instruct-GGUF",
                      {"qwen2.5-1.5b-instruct-q4_k_m.gguf": payload,
                       "qwen2.5-1.5b-instruct-q8_0.gguf": payload + payload}, 1234)
        hub.state.faults["Qwen/Qwen2.5-1.5B-Instruct-GGUF/qwen2.5-1.5b-instruct-q4_k_m.gguf"] = \
            Faults(throttle_s=0.01)
        window.downloads.hub = HubSettings(endpoint=hub.endpoint)
        manager = window.models.open_model_manager()
        manager.move(120, 60)
        manager.tabs.setCurrentIndex(1)
        manager.search_field.setText("qwen2.5-1.5b")
        manager.search()
        wait_until(lambda: manager.repos.count() == 1 and "downloads" in
                   manager.repos.item(0).text())
        manager.repos.setCurrentRow(0)
        wait_until(lambda: manager.files.count() == 2)
        manager.files.setCurrentRow(0)
        manager.download_button.click()
        row = manager.findChildren(DownloadRow)[0]
        wait_until(lambda: row.bar.value() > 0 and row.bar.maximum() > 0)
        time.sleep(1.0)
        grab(out / "model-manager.png")
        manager.reject()
        window.downloads.shutdown()


# A brief in the writer's language: topic, keywords, audience.
BRIEFS = {"en": ("A walk along the river on a rainy night", "river, letter, rain",
                 "readers of short fiction"),
          "zh": ("雨夜沿河散步", "河岸，信，雨", "短篇小说的读者")}


def shoot_spelling(window: MainWindow, language: str, out: Path) -> None:
    """Misspellings underlined, one right-clicked: its suggestions on top of the menu."""
    editor = window.editor
    text = SPELLING["zh" if language.startswith("zh") else "en"]
    editor.setPlainText(text)
    wait_until(lambda: len(editor.marks(Marks.SPELLING)) == 2)
    cursor = QTextCursor(editor.document())
    cursor.setPosition(text.index("leter") + 2)
    point = editor.cursorRect(cursor).center()
    menu = window.assistant.context_menu(point)
    window.spelling.add_to_menu(menu, point)
    # Under the word rather than over it, so the picture shows the word and its underline.
    menu.popup(editor.viewport().mapToGlobal(editor.cursorRect(cursor).bottomLeft()))
    grab(out / "spelling.png")
    menu.close()
    menu.deleteLater()


def shoot_compose(window: MainWindow, language: str, out: Path) -> None:
    dialog = window.compose_from_brief()
    dialog.move(200, 70)
    topic, keywords, audience = BRIEFS.get(language[:2], BRIEFS["en"])
    dialog.topic.setText(topic)
    dialog.keywords.setText(keywords)
    dialog.audience.setText(audience)
    grab(out / "compose-brief.png")
    dialog.reject()


def shoot_notes(window: MainWindow, language: str, out: Path) -> None:
    """The Notes pane beside the document, its budget line against the loaded model."""
    window.notes.dock.show()
    window.notes.panel.editor.setPlainText(NOTES.get(language[:2], NOTES["en"]))
    grab(out / "notes.png")
    window.notes.dock.hide()


def shoot_export(window: MainWindow, out: Path) -> None:
    """File ▸ Export… over the draft, set to a PDF."""
    dialog = window.export.new_dialog()
    dialog.set_format(ExportFormat.PDF)
    dialog.show()
    dialog.move(380, 220)
    grab(out / "export.png")
    dialog.reject()


def shoot_compose_draft(window: MainWindow, language: str, out: Path) -> None:
    """New from Brief's third step: the draft grows in the new document, the progress in
    a strip under it."""
    window.editor.document().setModified(False)  # the draft replaces it without asking
    dialog = window.compose_from_brief()
    topic, keywords, audience = BRIEFS.get(language[:2], BRIEFS["en"])
    dialog.topic.setText(topic)
    dialog.keywords.setText(keywords)
    dialog.audience.setText(audience)
    dialog.sections.setValue(3)
    dialog.length.setValue(240)
    dialog.write_outline()
    wait_until(dialog.write_draft_button.isEnabled, 300)
    dialog.write_draft()
    wait_until(lambda: dialog.progress.value() >= 1 or not dialog.draft_stop.isEnabled(), 300)
    wait_until(lambda: not dialog.draft_stop.isEnabled(), 3)
    grab(out / "compose-draft.png")
    dialog.stop()
    wait_until(lambda: not dialog.draft_stop.isEnabled(), 60)
    dialog.close()


def shoot_preview(window: MainWindow, language: str, work: Path, out: Path) -> None:
    """A Markdown document, its marks highlighted, beside View ▸ Preview."""
    window.editor.document().setModified(False)
    notes = work / ("河边笔记.md" if language.startswith("zh") else "river-notes.md")
    notes.write_text(MARKDOWN.get(language[:2], MARKDOWN["en"]), encoding="utf-8")
    window.documents.open_path(notes)
    window.markdown.action_preview.setChecked(True)
    wait_until(window.markdown.preview.isVisible, 5)
    grab(out / "markdown-preview.png")
    window.markdown.action_preview.setChecked(False)


def test_server(dialog: ServersDialog, name: str, url: str, key: str) -> None:
    dialog.add_server()
    dialog.name_edit.setText(name)
    dialog.url_edit.setText(url)
    dialog.key_edit.setText(key)
    dialog.test_connection()
    wait_until(dialog.test_button.isEnabled)


def shoot_servers(window: MainWindow, service: EngineService, model: Path, out: Path) -> None:
    """The Servers dialog after a failed and a successful test, then drafting on a server:
    llama-cpp-python's own server, and a broken one of ours that wants another key."""
    with LlamaCppPythonServer(model) as server, \
            BrokenServer(BrokenState(api_key="the-right-key")) as locked:
        dialog = window.models.open_servers()
        dialog.move(200, 110)
        test_server(dialog, "Team server", locked.url, "an-old-key")
        grab(out / "servers-failed.png")
        test_server(dialog, "GPU box", server.url, "")
        grab(out / "servers-connected.png")
        dialog.use_selected_model()
        wait_until(lambda: service.model is not None and window.engines.server is not None)
        cursor = window.editor.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        window.editor.setTextCursor(cursor)
        window.assistant.continue_writing()
        wait_until(lambda: not window.assistant.action_stop.isEnabled())
        grab(out / "server-status-bar.png")
        window.editor.document().setModified(False)  # close without asking to save
        window.close()


def main() -> None:
    parser = argparse.ArgumentParser(description="Take the README's screenshots.")
    parser.add_argument("out", nargs="?", type=Path, default=Path("docs/images"))
    parser.add_argument("--language", default="", help="a locale such as zh_CN")
    parser.add_argument("--dark", action="store_true", help="the dark colour scheme")
    parser.add_argument("--model", type=Path, help="a GGUF to use instead of the tiny one")
    parser.add_argument("--only", default="", help="the pictures to take, by name: "
                        "rewrite, history, welcome, hardware, writing-settings, manager, "
                        "compose, notes, compose-draft, servers, export, spelling, preview "
                        "(all of them by default)")
    args = parser.parse_args()
    VARIANT["suffix"] = "".join(f"-{part}" for part in (args.language, "dark" if args.dark else "")
                     if part)
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp())
    os.environ["WRITER_APP_HOME"] = str(work / "home")
    model = args.model or write_tiny_model(work / "Tiny-Chat-Q8_0.gguf")
    draft = work / "river.md"
    draft.write_text(ZH_DRAFT if args.language.startswith("zh") else DRAFT, encoding="utf-8")

    app = QApplication(sys.argv[:1])
    QApplication.setStyle("Fusion")
    install_translations(app, args.language, resources_dir() / "translations")
    app.setFont(with_cjk_fallback(app.font()))
    if args.dark:
        ColorSchemeFollower(app).apply(Qt.ColorScheme.Dark)
    store = SettingsStore(work / "home" / "settings.json")
    service = EngineService(EngineClient())
    settings = Settings(sampling=SamplingSettings(temperature=0.0, max_tokens=40))
    window = MainWindow(service, store, settings, AppPaths.default())
    window.resize(1240, 760)
    window.move(20, 20)
    window.show()
    window.documents.open_path(draft)
    window.models.load_model(model)
    wait_until(lambda: service.model is not None)

    shots: dict[str, Callable[[], None]] = {
        "rewrite": lambda: shoot_rewrite(window, out),
        "history": lambda: shoot_history(window, out),
        "welcome": lambda: shoot_welcome(window, out),
        "hardware": lambda: shoot_settings(window, service, 2, out / "hardware.png"),
        "writing-settings": lambda: shoot_settings(window, service, 0,
                                                   out / "writing-settings.png"),
        "adapters": lambda: shoot_adapters(window, work, out),
        "manager": lambda: shoot_manager(window, model, out),
        "compose": lambda: shoot_compose(window, args.language, out),
        "notes": lambda: shoot_notes(window, args.language, out),
        "compose-draft": lambda: shoot_compose_draft(window, args.language, out),
        "servers": lambda: shoot_servers(window, service, model, out),
        "export": lambda: shoot_export(window, out),
        "spelling": lambda: shoot_spelling(window, args.language, out),
        "preview": lambda: shoot_preview(window, args.language, work, out),
    }
    wanted = [name.strip() for name in args.only.split(",") if name.strip()] or list(shots)
    for name in wanted:
        shots[name]()

    window.editor.document().setModified(False)
    window.close()
    app.processEvents()


if __name__ == "__main__":
    main()
