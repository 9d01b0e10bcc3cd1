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
    ("core", ("writer_app.qt", "writer_app.ui", "writer_app.engine")),
    ("engine", ("writer_app.qt", "writer_app.ui")),
    ("qt", ("writer_app.ui",)),
])
def test_dependencies_point_one_way(folder: str, forbidden: tuple[str, ...]) -> None:
    for path, names in _modules(PACKAGE / folder).items():
        for name in names:
            assert not name.startswith(forbidden), f"{path} imports {name}"


def test_llama_cpp_is_imported_only_by_the_engine_process_modules() -> None:
    allowed = {"engine/runtime.py", "engine/devices.py", "engine/state_cache.py"}
    for path, names in _imports(PACKAGE).items():
        if "llama_cpp" in names:
            assert path in allowed, f"{path} imports llama_cpp"


def test_importing_the_app_side_loads_neither_qt_nor_llama() -> None:
    code = (
        "import sys, writer_app.cli.main, writer_app.engine.client,"
        " writer_app.core.writing.prompts;"
        "bad = [m for m in ('PySide6', 'llama_cpp') if m in sys.modules];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr
