"""Where writer-app keeps its files. ``WRITER_APP_HOME`` moves them all (tests use it),
and the home folder where other apps' models are looked for (``home/``) with them."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

APP_NAME = "writer-app"
HOME_ENV = "WRITER_APP_HOME"


@dataclass(frozen=True)
class AppPaths:
    """The folders of one installation: created on first use."""

    config: Path
    data: Path
    cache: Path
    state: Path
    logs: Path
    home: Path = field(default_factory=Path.home)
    """The writer's home folder, where LM Studio and Ollama keep their models."""

    @classmethod
    def default(cls) -> AppPaths:
        root = os.environ.get(HOME_ENV)
        if root:
            base = Path(root)
            return cls(base / "config", base / "data", base / "cache", base / "state",
                       base / "logs", base / "home")
        dirs = platformdirs.PlatformDirs(APP_NAME, appauthor=False)
        return cls(Path(dirs.user_config_dir), Path(dirs.user_data_dir),
                   Path(dirs.user_cache_dir), Path(dirs.user_state_dir),
                   Path(dirs.user_log_dir))

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    @property
    def window_state_file(self) -> Path:
        return self.state / "window.ini"

    @property
    def recovery_dir(self) -> Path:
        return self.state / "recovery"

    @property
    def locks_dir(self) -> Path:
        """Which document each running window has open (never beside the documents)."""
        return self.data / "locks"

    @property
    def history_dir(self) -> Path:
        """What the assistant produced for each document (never beside the documents)."""
        return self.data / "history"

    @property
    def notes_dir(self) -> Path:
        """The writer's notes for each document, beside the history."""
        return self.data / "notes"

    @property
    def personal_words_file(self) -> Path:
        """The words the writer added to the spelling dictionary: UTF-8, one a line."""
        return self.data / "personal-words.txt"

    @property
    def goals_file(self) -> Path:
        """How long the writer means each document to be, beside the notes."""
        return self.data / "goals.json"

    @property
    def provenance_dir(self) -> Path:
        """Which characters of each document the model wrote, beside the history."""
        return self.data / "provenance"

    @property
    def token_file(self) -> Path:
        return self.config / "hub-token"

    @property
    def models_dir(self) -> Path:
        """The default models folder (downloads go here unless another is chosen)."""
        return self.data / "models"

    @property
    def real_home(self) -> bool:
        """True unless ``WRITER_APP_HOME`` keeps the app away from the writer's files."""
        return self.home == Path.home()

    @property
    def log_file(self) -> Path:
        return self.logs / "writer-app.log"
