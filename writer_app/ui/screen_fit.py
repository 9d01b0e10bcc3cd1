"""Dialog sizes that fit the screen they open on.

A dialog sized for a large monitor opens with its title bar above the top of a laptop's
screen, where it cannot be moved by it; its size is capped by the screen's free area.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

# Room left around a dialog for the window frame, title bar and the desktop's panels.
_SHARE = 0.85


def resize_to_fit(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to ``width`` × ``height``, or less where the screen is smaller."""
    available = (widget.parentWidget() or widget).screen().availableGeometry()
    widget.resize(min(width, int(available.width() * _SHARE)),
                  min(height, int(available.height() * _SHARE)))
