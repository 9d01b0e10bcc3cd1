"""The build backend: setuptools', with resources/ shipped inside the package.

pyproject.toml names this module as its backend (from packaging/, its ``backend-path``)
so that ``BuildWithResources`` can replace setuptools' build_py: after the Python files it
copies resources/ to writer_app/resources and compiles the Qt Linguist translations
(resources/translations/*.ts) into .qm files with PySide6's lrelease
(packaging/translations.py), so only the .ts sources are kept in git. An editable install
(the README's) runs from the checkout, so there the .qm files go beside their sources.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import translations
from setuptools.build_meta import (
    build_editable,
    build_sdist,
    build_wheel,
    get_requires_for_build_editable,
    get_requires_for_build_sdist,
    get_requires_for_build_wheel,
    prepare_metadata_for_build_editable,
    prepare_metadata_for_build_wheel,
)
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent.parent

__all__ = [
    "BuildWithResources",
    "build_editable",
    "build_sdist",
    "build_wheel",
    "get_requires_for_build_editable",
    "get_requires_for_build_sdist",
    "get_requires_for_build_wheel",
    "prepare_metadata_for_build_editable",
    "prepare_metadata_for_build_wheel",
]


class BuildWithResources(build_py):
    """build_py, then resources/ copied to writer_app/resources with the .qm files built."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # the package runs from this checkout, with its resources/
            translations.release(translations.catalogues(), ROOT / "resources" / "translations")
            return
        target = Path(self.build_lib) / "writer_app" / "resources"
        shutil.copytree(ROOT / "resources", target, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("*.ts", "*.qm"))
        translations.release(translations.catalogues(), target / "translations")
