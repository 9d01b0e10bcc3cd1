"""Files that tests need from outside the repository: a trained model, a llama-server binary.

Each is named by an environment variable (``.ci/run`` sets them). Without it a test is
skipped, except in CI, where a missing file fails it: CI must never pass by skipping.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def external_file(variable: str, hint: str) -> Path:
    """The file ``variable`` names, or a skip (a failure under CI=true) that says how to
    get it (``hint``)."""
    path = os.environ.get(variable, "")
    if path and Path(path).is_file():
        return Path(path)
    reason = f"Set {variable} to run these tests (it is now {path!r}); {hint}"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)
