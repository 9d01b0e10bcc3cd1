"""Preferences: a typed, versioned structure with defaults, stored as JSON.

Only values that differ from the defaults are written. Keys this version does not know
(from a newer version) are kept and written back. A corrupt or partly written file is
backed up beside itself and replaced by defaults, with a warning for the user.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import logging
import os
import time
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from writer_app.core.documents.files import write_atomic
from writer_app.core.errors import WriterError
from writer_app.core.models.adapters import SavedAdapter
from writer_app.core.models.load_settings import FlashAttention, KvCacheType, LoadSettings
from writer_app.core.requests import ContinueLength, ContinueMode, SamplingSettings
from writer_app.core.sources.hub import HubSettings
from writer_app.core.sources.servers import ServerConfig
from writer_app.core.spelling import SPELLING_AUTO
from writer_app.core.text.units import CountRule
from writer_app.core.untrusted import UntrustedError, decode, parse_json, read_bytes

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
MAX_SETTINGS_BYTES = 1 << 20
MAX_RECENT_FILES = 10
# Where models come from (``Settings.model_source``): the Hub (or ``hub_endpoint``), a
# mirror of it, or ModelScope; chosen on the spot when the Hub cannot be reached.
SOURCE_HUB = "huggingface"
SOURCE_MIRROR = "mirror"
SOURCE_MODELSCOPE = "modelscope"


class FocusUnit(enum.Enum):
    """What Focus Mode keeps bright: the cursor's paragraph or its sentence."""

    PARAGRAPH = "paragraph"
    SENTENCE = "sentence"


@dataclass(frozen=True)
class RewritePreset:
    """A rewrite instruction the writer saved under a name for the Rewrite menu."""

    name: str = ""
    instruction: str = ""


def with_preset(presets: tuple[RewritePreset, ...], name: str,
                instruction: str) -> tuple[RewritePreset, ...]:
    """``presets`` with ``name`` saved (replacing one of the same name), sorted by name."""
    kept = [p for p in presets if p.name.casefold() != name.strip().casefold()]
    added = RewritePreset(name.strip(), instruction.strip())
    return tuple(sorted([*kept, added], key=lambda p: p.name.casefold()))


@dataclass(frozen=True)
class OpenDocument:
    """A document that was open when the app last closed, and where its cursor was (a
    position in the text as the editor counts it)."""

    path: str = ""
    cursor: int = 0


@dataclass(frozen=True)
class Settings:
    """Everything the Settings dialog edits, plus the model and recent files."""

    sampling: SamplingSettings = field(default_factory=SamplingSettings)
    n_ctx: int = 4096
    threads: int = 0
    gpu_layers: int = -1
    model_path: str = ""
    recent_files: tuple[str, ...] = ()
    font_size: int = 0
    imported_models: tuple[str, ...] = ()
    model_folders: tuple[str, ...] = ()
    """Folders the writer added, whose models are listed and used where they are."""
    download_folder: str = ""
    """Where downloads go; "" for the models folder in the data folder."""
    find_other_apps_models: bool = True
    """List the models LM Studio and Ollama keep on this computer, where they are."""
    hub_endpoint: str = ""
    hub_proxy: str = ""
    work_offline: bool = False
    model_source: str = SOURCE_HUB
    mirror_endpoint: str = "https://hf-mirror.com"
    modelscope_endpoint: str = "https://modelscope.cn"
    continue_length: ContinueLength = ContinueLength.PARAGRAPH
    continue_mode: ContinueMode = ContinueMode.AUTO
    servers: tuple[ServerConfig, ...] = ()
    active_server: str = ""  # the URL of the server in use; "" for the local model
    readable_line_length: bool = True
    markdown_preview: bool = False
    inline_suggestions: bool = False
    suggestion_pause_ms: int = 600
    language: str = ""  # "" follows the system; else a locale name such as "zh_CN"
    rewrite_presets: tuple[RewritePreset, ...] = ()
    rewrite_drafts: int = 3
    continue_drafts: int = 1
    record_alternatives: bool = False
    kv_cache: KvCacheType = KvCacheType.F16
    flash_attention: FlashAttention = FlashAttention.AUTO
    """Automatic: the faster of on and off, measured on this machine (``engine/flash.py``)."""
    draft_model: bool = False
    """Let the catalog's draft model for the model in use guess its tokens, where the
    catalog has one and the two fit in memory (``core/sources/drafts.py``)."""
    adapters: tuple[SavedAdapter, ...] = ()
    """The LoRA adapters added for each model file, on or off (see ``core/models/adapters.py``)."""
    underline_uncertain: bool = False
    spelling_language: str = SPELLING_AUTO
    """A dictionary's tag ("en_GB"), ``SPELLING_OFF``, or ``SPELLING_AUTO``: the one for
    the interface's language (see ``core/spelling.py``)."""
    reopen_documents: bool = True
    """Open the documents of the last session again on start, each at its cursor."""
    open_documents: tuple[OpenDocument, ...] = ()
    """The documents open when the app last closed (see ``reopen_documents``)."""
    count_rule: CountRule = CountRule.WITH_PUNCTUATION
    """Whether the writer's count (字数) takes in full-width punctuation (Word's way)."""
    focus_mode: bool = False
    focus_unit: FocusUnit = FocusUnit.PARAGRAPH
    typewriter_scrolling: bool = False
    show_ai_text: bool = False
    """View ▸ Show AI-Written Text: tint the characters the model wrote."""
    label_ai_content: bool = True
    """Put an implicit AI-content label in the metadata of exported files."""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def hub_settings(self, token: str = "") -> HubSettings:
        mirror = self.model_source == SOURCE_MIRROR
        endpoint = self.mirror_endpoint if mirror else self.hub_endpoint
        modelscope = self.modelscope_endpoint if self.model_source == SOURCE_MODELSCOPE else ""
        return HubSettings(endpoint=endpoint, token=token, proxy=self.hub_proxy,
                           offline=self.work_offline, modelscope=modelscope)

    def load_settings(self, model_path: str | None = None) -> LoadSettings:
        return LoadSettings(model_path=model_path or self.model_path, n_ctx=self.n_ctx,
                            threads=self.threads, gpu_layers=self.gpu_layers,
                            kv_cache=self.kv_cache, flash_attention=self.flash_attention)

    def download_dir(self, default: Path) -> Path:
        """Where downloads go: the chosen folder, else ``default`` (the data folder's)."""
        return Path(self.download_folder) if self.download_folder else default

    def with_download_folder(self, folder: str, default: Path) -> Settings:
        """Downloads go to ``folder`` ("" for ``default``) from now on. The models already
        downloaded into a folder chosen before stay listed: it becomes an added folder."""
        old = self.download_dir(default)
        new = Path(folder) if folder else default
        if new == old:
            return self
        kept = self.model_folders
        if old != default and str(old) not in kept:
            kept = (*kept, str(old))
        return self.replace(download_folder=str(new) if new != default else "",
                            model_folders=tuple(name for name in kept if Path(name) != new))

    def with_recent_file(self, path: str) -> Settings:
        recent = (path, *(p for p in self.recent_files if p != path))
        return dataclasses.replace(self, recent_files=recent[:MAX_RECENT_FILES])

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


def _coerce(kind: Any, name: str, value: Any) -> Any:
    """``value`` as a ``kind`` (a scalar, a nested dataclass, or a tuple of either)."""
    if dataclasses.is_dataclass(kind):
        if not isinstance(value, dict):
            raise ValueError(f"{name} must be an object")
        return _load(kind, value)[0]
    if typing.get_origin(kind) is tuple and dataclasses.is_dataclass(typing.get_args(kind)[0]):
        if not isinstance(value, list):
            raise ValueError(f"{name} must be a list of objects")
        return tuple(_coerce(typing.get_args(kind)[0], name, item) for item in value)
    if typing.get_origin(kind) is tuple:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"{name} must be a list of strings")
        return tuple(value)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        try:
            return kind(value)
        except ValueError:
            choices = ", ".join(str(member.value) for member in kind)
            raise ValueError(f"{name} must be one of {choices}") from None
    if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if kind in (int, str, bool) and type(value) is kind:
        return value
    raise ValueError(f"{name} must be {kind.__name__}")


def _load(cls: Any, data: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    """An instance of dataclass ``cls`` from ``data``, and the keys it does not know."""
    hints = typing.get_type_hints(cls)
    known = {f.name for f in dataclasses.fields(cls) if f.name != "extra"}
    values = {key: _coerce(hints[key], key, value) for key, value in data.items()
              if key in known}
    unknown = {key: value for key, value in data.items() if key not in known}
    return cls(**values), unknown


def _dump(value: Any) -> dict[str, Any]:
    """The fields of a dataclass that differ from their defaults, as JSON values."""
    defaults = type(value)()
    data: dict[str, Any] = {}
    for item in dataclasses.fields(value):
        current = getattr(value, item.name)
        if item.name == "extra" or current == getattr(defaults, item.name):
            continue
        if dataclasses.is_dataclass(current):
            data[item.name] = _dump(current)
        elif isinstance(current, enum.Enum):
            data[item.name] = current.value
        elif isinstance(current, tuple) and current and dataclasses.is_dataclass(current[0]):
            data[item.name] = [_dump(element) for element in current]
        else:
            data[item.name] = list(current) if isinstance(current, tuple) else current
    return data


class SettingsStore:
    """Loads and saves ``Settings`` at one path."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> tuple[Settings, str | None]:
        """The stored settings, and a warning for the user when the file was unusable."""
        try:
            raw = read_bytes(self.path, MAX_SETTINGS_BYTES)
        except FileNotFoundError:
            return Settings(), None
        except UntrustedError as exc:
            return Settings(), f"The settings could not be read ({exc}); using defaults."
        try:
            data = parse_json(decode(raw))
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            return self._from_dict(data), None
        except ValueError as exc:
            backup = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time())}")
            try:
                self.path.replace(backup)
            except OSError as moved:
                log.warning("settings file unusable (%s) and not moved: %s", exc, moved)
                return Settings(), (f"The settings file was damaged ({exc}), so the "
                                    "defaults are in use.")
            log.warning("settings file unusable (%s); moved to %s", exc, backup)
            return Settings(), (
                f"The settings file was damaged ({exc}), so the defaults are in use. "
                f"The old file was kept as {backup.name}."
            )

    @staticmethod
    def _from_dict(data: dict[str, Any]) -> Settings:
        data = {key: value for key, value in data.items() if key != "schema_version"}
        settings, unknown = _load(Settings, data)
        loaded: Settings = dataclasses.replace(settings, extra=unknown)
        return loaded

    def save(self, settings: Settings) -> None:
        """Write the settings that differ from the defaults (and the unknown keys)."""
        data = {"schema_version": SCHEMA_VERSION, **settings.extra, **_dump(settings)}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            write_atomic(self.path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n")
                         .encode("utf-8"))
        except WriterError as exc:
            log.error("settings not saved: %s", exc)
            raise


def read_token(path: Path) -> str:
    """The Hub access token kept in its own owner-only file ("" when there is none)."""
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def write_token(path: Path, token: str) -> None:
    """Keep the token readable by this user only; an empty token removes the file."""
    if not token:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(token)
    os.chmod(path, 0o600)
