"""Preferences: a typed, versioned structure with defaults, stored as JSON.

Only values that differ from the defaults are written. Keys this version does not know
(from a newer version) are kept and written back. A corrupt or partly written file is
backed up beside itself and replaced by defaults, with a warning for the user.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import time
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from writer_app.core.actions import LoadSettings, SamplingSettings
from writer_app.core.errors import WriterError
from writer_app.core.files import write_atomic

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
MAX_RECENT_FILES = 10


@dataclass(frozen=True)
class Settings:
    """Everything the Settings dialog edits, plus the model and recent files."""

    temperature: float = 0.7
    top_p: float = 0.95
    top_k: int = 40
    min_p: float = 0.05
    repeat_penalty: float = 1.1
    seed: int = -1
    max_tokens: int = 256
    stop: tuple[str, ...] = ()
    n_ctx: int = 4096
    threads: int = 0
    gpu_layers: int = -1
    model_path: str = ""
    recent_files: tuple[str, ...] = ()
    font_size: int = 0
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def sampling(self) -> SamplingSettings:
        return SamplingSettings(
            temperature=self.temperature, top_p=self.top_p, top_k=self.top_k,
            min_p=self.min_p, repeat_penalty=self.repeat_penalty, seed=self.seed,
            max_tokens=self.max_tokens, stop=self.stop,
        )

    def load_settings(self, model_path: str | None = None) -> LoadSettings:
        return LoadSettings(model_path=model_path or self.model_path, n_ctx=self.n_ctx,
                            threads=self.threads, gpu_layers=self.gpu_layers)

    def with_recent_file(self, path: str) -> Settings:
        recent = (path, *(p for p in self.recent_files if p != path))
        return dataclasses.replace(self, recent_files=recent[:MAX_RECENT_FILES])

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


_FIELDS = {f.name: f for f in dataclasses.fields(Settings) if f.name != "extra"}
_TYPES = typing.get_type_hints(Settings)
_DEFAULTS = Settings()


def _coerce(name: str, value: Any) -> Any:
    """``value`` as the type of field ``name``, or raise ``ValueError``."""
    kind = _TYPES[name]
    if typing.get_origin(kind) is tuple:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"{name} must be a list of strings")
        return tuple(value)
    if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if kind is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind is str and isinstance(value, str):
        return value
    raise ValueError(f"{name} must be {kind.__name__}")


class SettingsStore:
    """Loads and saves ``Settings`` at one path."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> tuple[Settings, str | None]:
        """The stored settings, and a warning for the user when the file was unusable."""
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return Settings(), None
        except OSError as exc:
            return Settings(), f"The settings could not be read ({exc.strerror}); using defaults."
        try:
            data = json.loads(raw)
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            return self._from_dict(data), None
        except ValueError as exc:
            backup = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time())}")
            self.path.replace(backup)
            log.warning("settings file unusable (%s); moved to %s", exc, backup)
            return Settings(), (
                f"The settings file was damaged ({exc}), so the defaults are in use. "
                f"The old file was kept as {backup.name}."
            )

    @staticmethod
    def _from_dict(data: dict[str, Any]) -> Settings:
        values: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for key, value in data.items():
            if key == "schema_version":
                continue
            if key in _FIELDS:
                values[key] = _coerce(key, value)
            else:
                extra[key] = value
        return Settings(**values, extra=extra)

    def save(self, settings: Settings) -> None:
        """Write the settings that differ from the defaults (and the unknown keys)."""
        data: dict[str, Any] = {"schema_version": SCHEMA_VERSION, **settings.extra}
        for name in _FIELDS:
            value = getattr(settings, name)
            if value != getattr(_DEFAULTS, name):
                data[name] = list(value) if isinstance(value, tuple) else value
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            write_atomic(self.path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n")
                         .encode("utf-8"))
        except WriterError as exc:
            log.error("settings not saved: %s", exc)
            raise
