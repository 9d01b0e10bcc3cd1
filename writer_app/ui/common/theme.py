"""Light or dark, as the system says (Qt 6.5+ colour scheme), on every platform.

Where the platform's theme gives Qt a dark palette (Windows, macOS, GNOME and KDE with
their Qt integration) the app uses it as it is. Where it reports a dark scheme but leaves
the palette light (plain X11, some Wayland desktops), a dark Fusion palette is put in,
and taken out again when the scheme turns light. Widgets that draw their own colours
(diffs, warnings, status colours) read the palette when they draw, so they follow.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QWidget

_DARK_ROLES = {
    QPalette.ColorRole.Window: "#2b2b2b",
    QPalette.ColorRole.WindowText: "#e6e6e6",
    QPalette.ColorRole.Base: "#1e1e1e",
    QPalette.ColorRole.AlternateBase: "#262626",
    QPalette.ColorRole.ToolTipBase: "#3a3a3a",
    QPalette.ColorRole.ToolTipText: "#e6e6e6",
    QPalette.ColorRole.PlaceholderText: "#8c8c8c",
    QPalette.ColorRole.Text: "#e6e6e6",
    QPalette.ColorRole.Button: "#353535",
    QPalette.ColorRole.ButtonText: "#e6e6e6",
    QPalette.ColorRole.BrightText: "#ff6b6b",
    QPalette.ColorRole.Light: "#4a4a4a",
    QPalette.ColorRole.Midlight: "#404040",
    QPalette.ColorRole.Mid: "#303030",
    QPalette.ColorRole.Dark: "#1a1a1a",
    QPalette.ColorRole.Shadow: "#000000",
    QPalette.ColorRole.Highlight: "#3d7cc9",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#6cb4ff",
    QPalette.ColorRole.LinkVisited: "#b58cff",
}
_DARK_DISABLED = {
    QPalette.ColorRole.WindowText: "#7a7a7a",
    QPalette.ColorRole.Text: "#7a7a7a",
    QPalette.ColorRole.ButtonText: "#7a7a7a",
    QPalette.ColorRole.Highlight: "#505050",
}


def is_dark(palette: QPalette) -> bool:
    """True for a palette with a dark window background."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def dark_palette() -> QPalette:
    """A dark palette for the Fusion style, with readable disabled text."""
    palette = QPalette()
    for role, colour in _DARK_ROLES.items():
        palette.setColor(role, QColor(colour))
    for role, colour in _DARK_DISABLED.items():
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(colour))
    return palette


class ColorSchemeFollower(QObject):
    """Applies the system's colour scheme to the application's palette, now and on change."""

    def __init__(self, app: QGuiApplication) -> None:
        super().__init__(app)
        self._app = app
        self._platform_palette = app.palette()
        hints = app.styleHints()
        hints.colorSchemeChanged.connect(self.apply)
        self.apply(hints.colorScheme())

    @Slot(Qt.ColorScheme)
    def apply(self, scheme: Qt.ColorScheme) -> None:
        """Put the palette of ``scheme`` in (Unknown keeps the platform's)."""
        if scheme is Qt.ColorScheme.Dark and not is_dark(self._app.palette()):
            self._app.setPalette(dark_palette())
        elif scheme is not Qt.ColorScheme.Dark and is_dark(self._app.palette()) \
                and not is_dark(self._platform_palette):
            self._app.setPalette(self._platform_palette)


def follow_color_scheme(app: QGuiApplication) -> ColorSchemeFollower:
    """Keep ``app``'s palette in the system's light or dark scheme."""
    return ColorSchemeFollower(app)


def status_colours(widget: QWidget) -> tuple[str, str]:
    """Green and red that read well on the widget's light or dark background."""
    dark = widget.palette().color(QPalette.ColorRole.Window).lightness() < 128
    return ("#7fd98b", "#ff8a80") if dark else ("#1b7a2e", "#b3261e")


def mixed_colour(ink: QColor, page: QColor, strength: float) -> QColor:
    """``ink`` laid over ``page`` at ``strength`` (0 is the page, 1 the ink): a colour that
    keeps its place between them on light and dark pages alike."""
    return QColor.fromRgbF(*(strength * a + (1 - strength) * b for a, b in (
        (ink.redF(), page.redF()), (ink.greenF(), page.greenF()), (ink.blueF(), page.blueF()))))


def ai_tint(widget: QWidget) -> QColor:
    """The background of text the model wrote: a faint blue that the text stays readable on,
    light or dark, unlike the yellow of found text or the underline of uncertain words."""
    if is_dark(widget.palette()):
        return QColor(120, 150, 255, 70)
    return QColor(70, 110, 255, 46)
