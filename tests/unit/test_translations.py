"""Every string a writer sees is marked for translation, and zh_CN translates all of them."""

from __future__ import annotations

import ast
import importlib
import json
import re
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))

import translations  # noqa: E402

from writer_app.core.errors import WriterError  # noqa: E402
from writer_app.core.sources.catalog import TRANSLATED_FIELDS, resources_dir  # noqa: E402

PACKAGE = ROOT / "writer_app"
CHECKED = sorted([*PACKAGE.glob("ui/**/*.py"), *PACKAGE.glob("qt/*.py"), PACKAGE / "app.py"])

# Qt calls whose string arguments a writer reads (methods and constructors).
TEXT_APIS = {
    "setText", "setWindowTitle", "setToolTip", "setStatusTip", "setWhatsThis",
    "setPlaceholderText", "showMessage", "addMenu", "addAction", "addItem", "addItems",
    "insertItem", "setItemText", "addTab", "insertTab", "setTabText", "addRow",
    "setHeaderLabels", "setLabelText", "setTitle", "setSpecialValueText", "setSuffix",
    "setPrefix", "setInformativeText", "setDetailedText", "setWindowIconText",
    "setCancelButtonText", "setFormat", "setHtml", "addButton", "setOption",
    "information", "warning", "critical", "question", "about", "getText", "getItem",
    "getOpenFileName", "getSaveFileName", "getExistingDirectory",
    "QAction", "QMenu", "QLabel", "QPushButton", "QCheckBox", "QRadioButton",
    "QGroupBox", "QToolButton", "QMessageBox", "QProgressDialog", "QInputDialog",
    "QDockWidget",
    # Ours: what a signal or the core's error description carries reaches the status bar,
    # and what the message bridge and the message boxes show.
    "emit", "describe_failure", "info", "error", "progress", "alert", "show_alert",
    "show_about", "ask", "confirm", "ask_to_save",
}
TRANSLATING = {"tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP"}
# Words, after markup, placeholders and escapes are taken out.
_MARKUP = re.compile(r"<[^>]*>|\{[^}]*\}|%L?n|%\d|&(?=\w)|&\w+;|\w+://\S+")
_WORDS = re.compile(r"[^\W\d_]{2,}")


def _literals(node: ast.AST) -> list[str]:
    """The literal text in an argument: plain, f-string, + and conditional parts."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return ["".join(part.value if isinstance(part, ast.Constant) else "{}"
                        for part in node.values)]
    if isinstance(node, ast.BinOp):
        return _literals(node.left) + _literals(node.right)
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    if isinstance(node, ast.List | ast.Tuple):
        return [text for item in node.elts for text in _literals(item)]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
            and node.func.attr == "format":
        return _literals(node.func.value)  # "Loading {name}".format(...): still unmarked
    return []


def _name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        logger = isinstance(func.value, ast.Name) and func.value.id in ("log", "logging")
        return "" if logger else func.attr
    return getattr(func, "id", "")


def unmarked_strings(source: str) -> list[tuple[int, str]]:
    """(line, text) of each literal a writer would read that is not marked for translation,
    and of each translated text that lupdate cannot read (not a plain literal)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node)
        arguments = [*node.args, *(keyword.value for keyword in node.keywords)]
        if name in TRANSLATING:
            # A variable may hold a marked string; built text can never be in a catalogue.
            found += [(node.lineno, "not a plain literal: " + ast.unparse(argument))
                      for argument in node.args[:2]
                      if isinstance(argument, ast.JoinedStr | ast.BinOp | ast.Call)]
        elif name in TEXT_APIS:
            found += [(node.lineno, text) for argument in arguments
                      for text in _literals(argument) if _WORDS.search(_MARKUP.sub("", text))]
    return found


def test_the_check_finds_unmarked_strings() -> None:
    source = '''
label.setText("Ready")
self.setWindowTitle(f"Open {name}")
box.addRow("Seed:", spin)
QMessageBox.critical(self, "Something went wrong", message)
menu.addAction("Save " + "as")
label.setText("Loading {name}".format(name=name))
self.tr(f"Hello {name}")
'''
    assert sorted({line for line, _ in unmarked_strings(source)}) == [2, 3, 4, 5, 6, 7, 8]


def test_the_check_accepts_marked_strings_and_symbols() -> None:
    source = '''
label.setText(self.tr("Ready"))
self.setWindowTitle(self.tr("Open {name}").format(name=name))
box.addRow(QCoreApplication.translate("Settings", "Seed:"), spin)
button.setText("◀")
label.setText(f"<b>{title}</b>")
label.setText("")
label.setText(self.tr("%n word(s)", "", count))
'''
    assert unmarked_strings(source) == []


@pytest.mark.parametrize("path", CHECKED, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_every_user_visible_string_is_marked(path: Path) -> None:
    unmarked = unmarked_strings(path.read_text(encoding="utf-8"))
    assert unmarked == [], "\n".join(f"{path.name}:{line}: {text!r}" for line, text in unmarked)


def _unfinished(ts: Path) -> list[str]:
    missing = []
    for context in ET.parse(ts).getroot().iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            forms = [form.text or "" for form in translation.iter("numerusform")]
            texts = forms if message.get("numerus") == "yes" else [translation.text or ""]
            if translation.get("type") in ("unfinished", "vanished", "obsolete") \
                    or not all(text.strip() for text in texts):
                missing.append(f"{context.findtext('name')}: {message.findtext('source')}")
    return missing


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{\w*\}|%L?n|%\d", text))


@pytest.fixture(scope="module")
def updated_zh_cn(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed zh_CN catalogue, brought up to date with the code in a copy."""
    copy = tmp_path_factory.mktemp("ts") / "writer_app_zh_CN.ts"
    shutil.copy(translations.TRANSLATIONS / "writer_app_zh_CN.ts", copy)
    translations.update([copy])
    return copy


def test_zh_cn_translates_every_marked_string(updated_zh_cn: Path) -> None:
    missing = _unfinished(updated_zh_cn)
    assert missing == [], "untranslated in zh_CN:\n" + "\n".join(missing)


def test_zh_cn_keeps_every_placeholder(updated_zh_cn: Path) -> None:
    wrong = []
    for message in ET.parse(updated_zh_cn).getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        forms = [form.text or "" for form in translation.iter("numerusform")] or \
            [translation.text or ""]
        wrong += [f"{source!r} -> {form!r}" for form in forms
                  if _placeholders(form) != _placeholders(source)]
    assert wrong == []


def test_english_gives_both_forms_of_every_plural(tmp_path: Path) -> None:
    copy = tmp_path / "writer_app_en.ts"
    shutil.copy(translations.TRANSLATIONS / "writer_app_en.ts", copy)
    translations.update([copy])
    messages = list(ET.parse(copy).getroot().iter("message"))
    assert messages and all(message.get("numerus") == "yes" for message in messages)
    missing = _unfinished(copy)
    assert missing == [], "plurals without their English forms:\n" + "\n".join(missing)


def test_the_catalogues_compile(tmp_path: Path) -> None:
    built = translations.release(translations.catalogues(), tmp_path)
    assert {qm.name for qm in built} == {"writer_app_en.qm", "writer_app_zh_CN.qm"}
    assert all(qm.stat().st_size > 0 for qm in built)


def untranslated_catalog_texts(entries: list[dict[str, Any]], locale: str) -> list[str]:
    """What a catalog entry lacks in ``locale``: each of its translated fields, given and
    not empty, and as many languages as the English list names."""
    missing = []
    for entry in entries:
        texts = entry.get("translations", {}).get(locale, {})
        for key in TRANSLATED_FIELDS:
            value = texts.get(key)
            if not value or (key == "languages"
                             and (len(value) != len(entry[key]) or not all(value))):
                missing.append(f"{entry['id']}: {key}")
    return missing


def _catalog_entries() -> list[dict[str, Any]]:
    data = json.loads((resources_dir() / "catalog.json").read_text(encoding="utf-8"))
    entries: list[dict[str, Any]] = data["models"]
    return entries


def test_the_catalog_check_finds_an_entry_without_chinese() -> None:
    entry = {**_catalog_entries()[0], "id": "new-model"}
    del entry["translations"]
    half = {**entry, "id": "half", "translations": {"zh_CN": {"summary": "一个新模型。"}}}
    assert untranslated_catalog_texts([entry, half], "zh_CN") == [
        "new-model: summary", "new-model: languages", "new-model: licence",
        "half: languages", "half: licence"]


def test_zh_cn_translates_every_catalog_entry() -> None:
    assert untranslated_catalog_texts(_catalog_entries(), "zh_CN") == []


def _writer_error_names() -> set[str]:
    """The names of ``WriterError`` and its kin, found by importing the core and the
    engine's app side (the engine process's own modules load llama.cpp and define none)."""
    for path in [*PACKAGE.glob("core/**/*.py"), PACKAGE / "engine" / "client.py",
                 PACKAGE / "engine" / "remote.py"]:
        importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
    names, kinds = set(), [WriterError]
    while kinds:
        kind = kinds.pop()
        names.add(kind.__name__)
        kinds += kind.__subclasses__()
    return names


def _plain_writer_errors(path: Path) -> list[tuple[int, str]]:
    """Errors a writer reads (``WriterError`` and its kin) raised with a plain string."""
    errors = _writer_error_names()
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args
                and _literals(node.args[0]) and node.func.id in errors):
            found.append((node.lineno, _literals(node.args[0])[0]))
    return found


@pytest.mark.parametrize("path", sorted([*PACKAGE.glob("core/**/*.py"),
                                         *PACKAGE.glob("engine/*.py")]),
                         ids=lambda path: str(path.relative_to(PACKAGE)))
def test_errors_a_writer_reads_are_core_messages(path: Path) -> None:
    assert _plain_writer_errors(path) == [], (
        "raise these with message(QT_TRANSLATE_NOOP(\"core\", ...))")
