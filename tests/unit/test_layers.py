"""The layers keep their promises: no Qt in core and engine, no llama_cpp in the app, and
dependencies that point one way (ui -> qt -> core)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import writer_app

PACKAGE = Path(writer_app.__file__).parent


def _modules(folder: Path) -> dict[str, set[str]]:
    """The full names of the modules each file imports."""
    found: dict[str, set[str]] = {}
    for path in folder.rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
        found[str(path.relative_to(PACKAGE))] = names
    return found


def _imports(folder: Path) -> dict[str, set[str]]:
    return {path: {name.split(".")[0] for name in names}
            for path, names in _modules(folder).items()}


def test_core_and_engine_never_import_qt() -> None:
    for folder in ("core", "engine"):
        for path, names in _imports(PACKAGE / folder).items():
            assert "PySide6" not in names, f"{path} imports PySide6"
            assert "shiboken6" not in names, f"{path} imports shiboken6"


@pytest.mark.parametrize(("folder", "forbidden"), [
    ("core", ("writer_app.qt", "writer_app.ui", "writer_app.engine", "writer_app.cli")),
    ("engine", ("writer_app.qt", "writer_app.ui", "writer_app.cli")),
    ("qt", ("writer_app.ui", "writer_app.cli")),
])
def test_dependencies_point_one_way(folder: str, forbidden: tuple[str, ...]) -> None:
    for path, names in _modules(PACKAGE / folder).items():
        for name in names:
            assert not name.startswith(forbidden), f"{path} imports {name}"


# The core's parts, each of which may import only the ones before it (and itself).
CORE_ORDER = ("i18n", "errors", "paths", "privacy", "untrusted", "text", "models", "sources",
              "requests", "protocol", "writing", "documents", "spelling", "plans", "settings")
# The widgets' parts: the common ones first; the window and the settings dialog last.
UI_ORDER = ("common", "editor", "document", "model", "assistant", "compose", "settings_dialog",
            "menu_bar", "main_window", "workspace")


def _part(name: str, package: str) -> str | None:
    """The first name below ``package`` in a module name (``writer_app.core.text.units``
    is in the part ``text`` of ``writer_app.core``)."""
    prefix = f"writer_app.{package}."
    return name[len(prefix):].split(".", 1)[0] if name.startswith(prefix) else None


@pytest.mark.parametrize(("package", "order"), [("core", CORE_ORDER), ("ui", UI_ORDER)])
def test_each_part_imports_only_the_parts_before_it(package: str,
                                                     order: tuple[str, ...]) -> None:
    parts = {path.stem for path in (PACKAGE / package).iterdir()
             if path.name != "__init__.py" and (path.suffix == ".py" or path.is_dir())
             and path.name != "__pycache__"}
    assert parts <= set(order), f"not in the order of {package}: {parts - set(order)}"
    for path, names in _modules(PACKAGE / package).items():
        part = Path(path).parts[1].removesuffix(".py")
        if part == "__init__":
            continue
        own = order.index(part)
        for name in names:
            used = _part(name, package)
            assert used is None or order.index(used) <= own, \
                f"{path} imports {name}, which comes after it"


def test_llama_cpp_is_imported_only_by_the_engine_process_modules() -> None:
    allowed = {"engine/runtime.py", "engine/devices.py", "engine/state_cache.py",
               "engine/flash.py", "engine/speculative.py"}
    for path, names in _imports(PACKAGE).items():
        if "llama_cpp" in names:
            assert path in allowed, f"{path} imports llama_cpp"


def test_importing_the_app_side_loads_neither_qt_nor_llama() -> None:
    code = (
        "import sys, writer_app.cli.main, writer_app.engine.client;"
        "bad = [m for m in ('PySide6', 'llama_cpp') if m in sys.modules];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_only_the_message_boxes_module_speaks_to_qmessagebox() -> None:
    allowed = {"ui/common/message_boxes.py"}
    for path in PACKAGE.rglob("*.py"):
        name = str(path.relative_to(PACKAGE))
        if name not in allowed:
            assert "QMessageBox" not in path.read_text(encoding="utf-8"), (
                f"{name} shows a message box itself: use writer_app.ui.common.message_boxes")
