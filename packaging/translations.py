"""Qt Linguist catalogues: update the .ts files from the code, compile them to .qm.

Uses PySide6's own lupdate and lrelease. The .ts files in resources/translations are the
source of truth (kept in git); the .qm files are built from them by the wheel build
(setup.py) and the bundle build (packaging/bundle.py), and by hand for a checkout:

    python packaging/translations.py update     # after changing marked strings
    python packaging/translations.py release    # .qm beside the .ts, for a checkout
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
PACKAGE = ROOT / "writer_app"
# The language of the source texts; its catalogue holds only their plural forms.
SOURCE_LANGUAGE = "en"
# Test helpers show nothing to a writer; everything else may.
EXCLUDED = ("testing",)


def sources(package: Path = PACKAGE) -> list[Path]:
    """The Python files whose marked strings belong in the catalogues."""
    return sorted(path for path in package.rglob("*.py")
                  if not any(part in EXCLUDED for part in path.relative_to(package).parts))


def catalogues(folder: Path = TRANSLATIONS) -> list[Path]:
    """The .ts files, one per language (writer_app_<locale>.ts)."""
    return sorted(folder.glob("writer_app_*.ts"))


def _tool(name: str, arguments: Sequence[str]) -> None:
    # The tools are inside the PySide6 wheel; calling them through Python needs no PATH.
    code = f"import sys; from PySide6.scripts.pyside_tool import {name}; sys.exit({name}())"
    subprocess.run([sys.executable, "-c", code, *arguments], check=True,
                   stdout=subprocess.DEVNULL)


def update(ts_files: Sequence[Path], package: Path = PACKAGE) -> None:
    """Bring ``ts_files`` up to date with the marked strings; drop strings no longer used.

    The English catalogue (``writer_app_en.ts``) holds only the plurals: the source texts
    are English, but "%n section(s)" needs a catalogue to read "1 section", "2 sections".
    """
    files = [str(path) for path in sources(package)]
    for ts in ts_files:
        plurals = ["-pluralonly"] if ts.name == f"writer_app_{SOURCE_LANGUAGE}.ts" else []
        _tool("lupdate", [*files, "-no-obsolete", "-locations", "none", *plurals,
                          "-ts", str(ts)])


def release(ts_files: Sequence[Path], target: Path) -> list[Path]:
    """Compile ``ts_files`` to .qm files in ``target``; returns them."""
    target.mkdir(parents=True, exist_ok=True)
    built = []
    for ts in ts_files:
        qm = target / ts.with_suffix(".qm").name
        _tool("lrelease", ["-silent", str(ts), "-qm", str(qm)])
        built.append(qm)
    return built


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``update`` or ``release`` (into --target, default beside the .ts)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["update", "release"])
    parser.add_argument("--target", type=Path, default=TRANSLATIONS)
    args = parser.parse_args(argv)
    if args.command == "update":
        update(catalogues())
    else:
        for qm in release(catalogues(), args.target):
            print(qm)
    return 0


if __name__ == "__main__":
    sys.exit(main())
