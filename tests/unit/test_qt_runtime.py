"""The Qt binding survives a long session: PySide6 6.12.0 did not (see pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys

EMITS = 300_000  # a long writing session's worth of streamed chunks

SCRIPT = f"""
from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

class Source(QObject):
    chunk = Signal(int, str, int)

class Sink(QObject):
    count = 0

    @Slot(int, str, int)
    def take(self, job, text, tokens):
        self.count += 1

app = QCoreApplication([])
source, sink = Source(), Sink()
source.chunk.connect(sink.take)
for i in range({EMITS}):
    source.chunk.emit(i, "word ", 1)
print(sink.count)
"""


def test_hundreds_of_thousands_of_signal_emits_do_not_abort_the_interpreter() -> None:
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == str(EMITS)
