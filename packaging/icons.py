"""Render the app icon (resources/icons/*.svg) to PNG files of the given sizes.

    python packaging/icons.py OUT_FOLDER 16 32 48 ...   ->  OUT_FOLDER/16.png, ...

Uses Qt's SVG renderer, so the icons need nothing beyond writer-app's own dependencies.
"""

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SVG = ICONS / "org.writer_app.WriterApp.svg"


def main() -> None:
    out, sizes = Path(sys.argv[1]), [int(size) for size in sys.argv[2:]]
    app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"{SVG} is not a valid SVG")
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        if not image.save(str(out / f"{size}.png")):
            raise SystemExit(f"could not write {out / f'{size}.png'}")
    del app


if __name__ == "__main__":
    main()
