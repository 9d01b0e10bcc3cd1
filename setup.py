"""The wheel's build step: ship resources/ inside the package, translations compiled.

Everything else about the package is in pyproject.toml. The .qm files are compiled from
resources/translations/*.ts with PySide6's lrelease (packaging/translations.py), so only
the .ts sources are kept in git.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def _translations_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "translations", ROOT / "packaging" / "translations.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BuildWithResources(build_py):
    """build_py, then resources/ copied to writer_app/resources with the .qm files built."""

    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "writer_app" / "resources"
        shutil.copytree(ROOT / "resources", target, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("*.ts", "*.qm"))
        translations = _translations_module()
        translations.release(translations.catalogues(), target / "translations")


setup(cmdclass={"build_py": BuildWithResources})
