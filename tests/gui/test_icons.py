"""Icons are drawn from the SVG at the screen's density, so they are sharp at 200%."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QImage
from pytestqt.qtbot import QtBot

from writer_app.app import APP_ID
from writer_app.core.sources.catalog import resources_dir

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))

import bundle  # noqa: E402


def test_the_app_icon_is_drawn_from_the_svg_at_twice_the_pixels(qtbot: QtBot) -> None:
    icon = QIcon(str(resources_dir() / "icons" / f"{APP_ID}.svg"))
    sharp = icon.pixmap(QSize(32, 32), 2.0).toImage()
    assert (sharp.width(), sharp.height(), sharp.devicePixelRatio()) == (64, 64, 2.0)
    blurred = icon.pixmap(QSize(32, 32), 1.0).toImage().scaled(
        64, 64, Qt.AspectRatioMode.IgnoreAspectRatio,
        Qt.TransformationMode.SmoothTransformation)
    assert sharp.convertToFormat(QImage.Format.Format_ARGB32) != \
        blurred.convertToFormat(QImage.Format.Format_ARGB32)


def test_every_bundle_icon_size_is_rendered_from_the_svg(tmp_path: Path) -> None:
    assert {size * 2 for size in bundle.MAC_ICON_SIZES} <= set(bundle.ICON_SIZES), \
        "a Retina (@2x) size of the macOS icon is not rendered"
    subprocess.run([sys.executable, ROOT / "packaging" / "icons.py", tmp_path,
                    *map(str, bundle.ICON_SIZES)], check=True,
                   env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""})
    for size in bundle.ICON_SIZES:
        image = QImage(str(tmp_path / f"{size}.png"))
        assert (image.width(), image.height()) == (size, size)
        assert image.pixelColor(size // 2, size // 2).alpha() == 255
