"""Dialog sizes and places that fit the screen they open on.

A dialog sized for a large monitor opens with its title bar at or above the top of a
laptop's screen, where it cannot be moved by it: its size is capped by the screen's free
area, and it is centred over its parent with room left above it for the title bar.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QWidget

# The share of the screen's free area a dialog may take; the rest is room for the window
# frame, the title bar and the desktop's panels.
_SHARE = 0.8


def fit_to_screen(widget: QWidget, width: int, height: int, *, share: float = _SHARE) -> None:
    """Size ``widget`` to ``width`` × ``height`` or less (at most ``share`` of the screen's
    free area), and place it on its screen: centred over its parent, or on the screen."""
    parent = widget.parentWidget()
    available = (parent or widget).screen().availableGeometry()
    widget.resize(min(width, int(available.width() * share)),
                  min(height, int(available.height() * share)))
    if parent is None:
        widget.move(available.center() - QPoint(widget.width() // 2, widget.height() // 2))
        return
    # The size is at most 80% of the free area, so a 5% margin on each side always fits.
    size = widget.size()
    margin = QPoint(available.width() // 20, available.height() // 20)
    lowest = available.topLeft() + margin
    highest = available.bottomRight() - margin - QPoint(size.width(), size.height())
    wanted = parent.window().frameGeometry().center() - QPoint(size.width() // 2,
                                                               size.height() // 2)
    # A dialog whose content needs more than the cap keeps its top left corner on screen.
    widget.move(max(min(max(wanted.x(), lowest.x()), highest.x()), available.left()),
                max(min(max(wanted.y(), lowest.y()), highest.y()), available.top()))
