"""The flash attention measurements made on this machine, kept in the data folder.

One entry per model, llama.cpp version, device, GPU layers, threads, KV cache type and
batch size: a change of any of them measures again. The file is written atomically; a
damaged or unreadable one is ignored (and replaced by the next measurement), since it only
saves a second or two of measuring.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from writer_app.core.documents.files import write_atomic
from writer_app.core.errors import WriterError
from writer_app.core.models.flash import FlashMeasurement, FlashRates
from writer_app.core.untrusted import UntrustedError, read_json_object, real, whole

log = logging.getLogger(__name__)

RECORD_NAME = "flash-attention.json"
RECORD_VERSION = 3
"""2: the writing rates are projected to the working depth (a version 1 record's were
taken near the start of a document, and choose again); 3: what several drafts cost."""
MAX_RECORD_BYTES = 1 << 18
MAX_ENTRIES = 32
"""The most recent measurements kept; older ones are measured again if ever needed."""
_HIGHEST_RATE = 1e9
_MOST_DRAFTS_COST = 1e3


@dataclass(frozen=True)
class FlashKey:
    """What a measurement holds for: any change measures again."""

    model: str
    """The model file's path."""
    model_bytes: int
    llama_cpp: str
    """llama-cpp-python's version, which fixes the llama.cpp it vendors."""
    device: str
    """The GPU the layers go to, or the CPU."""
    gpu_layers: int
    threads: int
    kv_cache: str
    batch: int


def _rates(data: Mapping[str, Any]) -> FlashRates:
    return FlashRates(real(data, "reading", 0.0, _HIGHEST_RATE),
                      real(data, "writing", 0.0, _HIGHEST_RATE),
                      real(data, "drafts", 0.0, _MOST_DRAFTS_COST))


def _measurement(data: Mapping[str, Any]) -> FlashMeasurement:
    on, off = data.get("on"), data.get("off")
    if not isinstance(on, dict) or not isinstance(off, dict):
        raise UntrustedError("the rates are missing")
    return FlashMeasurement(on=_rates(on), off=_rates(off),
                            depth=whole(data, "depth", 0, 1 << 24),
                            steps=whole(data, "steps", 0, 1 << 16),
                            seconds=real(data, "seconds", 0.0, 3600.0))


class FlashRecord:
    """The measurements kept in one file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _entries(self) -> list[dict[str, Any]]:
        """The entries of the file; none when it is missing or damaged."""
        try:
            data = read_json_object(self.path, MAX_RECORD_BYTES)
        except FileNotFoundError:
            return []
        except (OSError, UntrustedError) as exc:
            log.warning("flash attention record %s ignored: %s", self.path, exc)
            return []
        entries = data.get("entries")
        if data.get("version") != RECORD_VERSION or not isinstance(entries, list):
            log.warning("flash attention record %s ignored: not a version %d record",
                        self.path, RECORD_VERSION)
            return []
        return [entry for entry in entries if isinstance(entry, dict)]

    def find(self, key: FlashKey) -> FlashMeasurement | None:
        """The measurement kept for ``key``; None when there is none or it is damaged."""
        wanted = dataclasses.asdict(key)
        for entry in self._entries():
            if entry.get("key") == wanted:
                measurement = entry.get("measurement")
                try:
                    if not isinstance(measurement, dict):
                        raise UntrustedError("the measurement is missing")
                    return _measurement(measurement)
                except UntrustedError as exc:
                    log.warning("flash attention record entry ignored: %s", exc)
                    return None
        return None

    def keep(self, key: FlashKey, measurement: FlashMeasurement) -> None:
        """Keep ``measurement`` for ``key`` (replacing an older one); a failure to write
        is logged, and the next load measures again."""
        wanted = dataclasses.asdict(key)
        entries = [entry for entry in self._entries() if entry.get("key") != wanted]
        entries.append({"key": wanted, "measurement": dataclasses.asdict(measurement)})
        data = {"version": RECORD_VERSION, "entries": entries[-MAX_ENTRIES:]}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, (json.dumps(data, indent=1) + "\n").encode("utf-8"))
        except (OSError, WriterError) as exc:
            log.warning("flash attention record %s not written: %s", self.path, exc)
