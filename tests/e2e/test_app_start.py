"""Starting the window where it cannot open."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 and Wayland sessions")
def test_without_a_display_the_app_says_so_instead_of_aborting(tmp_path: Path) -> None:
    env = {name: value for name, value in os.environ.items()
           if name not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, "-m", "writer_app.app"],
                            env={**env, "WRITER_APP_HOME": str(tmp_path)},
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1
    assert "no display was found" in result.stderr and "writer-app-cli" in result.stderr
    assert "xcb" not in result.stderr
