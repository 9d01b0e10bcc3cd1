"""Preferences: the settings in use, shared by the controllers, saved as they change."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from writer_app.core.documents.files import DocumentError
from writer_app.core.settings import Settings, SettingsStore
from writer_app.qt.messages import MessageBridge


class Preferences(QObject):
    """The one copy of the settings; ``change()`` keeps it and writes it to disk."""

    changed = Signal(object)

    def __init__(self, store: SettingsStore, settings: Settings, messages: MessageBridge,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._messages = messages
        self.settings = settings

    def change(self, settings: Settings) -> None:
        """Use ``settings`` from now on; a file that cannot be written is said, not fatal."""
        self.settings = settings
        try:
            self._store.save(settings)
        except DocumentError as exc:
            self._messages.error(self.tr("Settings not saved: {reason}").format(reason=exc))
        self.changed.emit(settings)
